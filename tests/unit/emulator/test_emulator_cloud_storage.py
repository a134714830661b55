"""The emulator's S3 storage (cloud_storage.py): write answers inside cloud.json, the secret only from the
creation and the secret route, buckets with their refusals (name rules, taken name, non-empty delete, versioning
back to disabled), objects paged, user roles on a bucket, the user's policy, another account's project."""

import json

import pytest
from answer_checks import assert_error, check_answer

from emulator.errors import ApiError
from emulator.routes import match_route
from emulator.seed import DEMO_S3_ACCESS, DEMO_S3_SECRET

PROJECT = "/cloud/project/0123456789abcdef0123456789abcdef"
USER = PROJECT + "/user/401001"
BUCKETS = PROJECT + "/region/GRA/storage"


def test_credentials_secret_once_then_by_the_secret_route(api):
    created = api.post(USER + "/s3Credentials")
    assert created.status_code == 200, created.text
    check_answer("POST", "/cloud/project/{serviceName}/user/{userId}/s3Credentials", created.json(), "POST s3Credentials")
    access = created.json()["access"]
    assert created.json()["tenantId"] == "0123456789abcdef0123456789abcdef" and len(access) == 32
    listed = api.get(USER + "/s3Credentials").json()
    assert [key["access"] for key in listed] == [DEMO_S3_ACCESS, access]
    assert all("secret" not in key for key in listed) and "secret" not in api.get(USER + "/s3Credentials/" + access).json()
    secret = api.post(USER + "/s3Credentials/%s/secret" % DEMO_S3_ACCESS)
    check_answer("POST", "/cloud/project/{serviceName}/user/{userId}/s3Credentials/{access}/secret", secret.json(), "secret")
    assert secret.json() == {"secret": DEMO_S3_SECRET}
    assert api.delete(USER + "/s3Credentials/" + access).status_code == 200
    assert_error(api.get(USER + "/s3Credentials/" + access), 404, "Client::NotFound", "NOT_FOUND",
                 "The requested object (access = %s) does not exist" % access)
    assert_error(api.get(PROJECT + "/user/499999/s3Credentials"), 404, "Client::NotFound", "NOT_FOUND")


def test_user_policy_kept_as_text(api):
    text = json.dumps({"Statement": [{"Effect": "Deny", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::*"]}]})
    assert api.post(USER + "/policy", {"policy": text}).status_code == 200
    assert api.get(USER + "/policy").json() == {"policy": text}
    assert_error(api.post(USER + "/policy", {"policy": "{nope"}), 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert api.get(PROJECT + "/user/401001/policy").json()["policy"] == text


def test_bucket_life(api, emulator):
    created = api.post(BUCKETS, {"name": "new-bucket", "encryption": {"sseAlgorithm": "AES256"}})
    assert created.status_code == 200, created.text
    check_answer("POST", "/cloud/project/{serviceName}/region/{regionName}/storage", created.json(), "POST storage")
    assert created.json()["versioning"] == {"status": "disabled"} and created.json()["ownerId"] == 401001
    assert [bucket["name"] for bucket in api.get(BUCKETS).json()] == ["demo-backups", "new-bucket"]
    assert api.get(PROJECT + "/region/SBG/storage").json() == []
    updated = api.put(BUCKETS + "/new-bucket", {"versioning": {"status": "enabled"}})
    check_answer("PUT", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}", updated.json(), "PUT storage")
    assert updated.json()["versioning"] == {"status": "enabled"} and updated.json()["encryption"] == {"sseAlgorithm": "AES256"}
    assert_error(api.put(BUCKETS + "/new-bucket", {"versioning": {"status": "disabled"}}), 400, "Client::BadRequest",
                 "INVALID_PARAMETER", "Versioning cannot be disabled once enabled, suspend it instead")
    assert_error(api.put(BUCKETS + "/new-bucket", {"name": "other"}), 400, "Client::BadRequest", "INVALID_PARAMETER",
                 "[name] Unknown or read-only property")
    assert api.post(BUCKETS + "/new-bucket/policy/401001", {"roleName": "readOnly"}).status_code == 200
    assert emulator.state.cloud_storage.buckets[("0123456789abcdef0123456789abcdef", "GRA", "new-bucket")].roles == {
        401001: ("readOnly", None)}
    assert_error(api.post(BUCKETS + "/new-bucket/policy/401001", {"roleName": "owner"}), 400, "Client::BadRequest",
                 "INVALID_PARAMETER")
    assert api.delete(BUCKETS + "/new-bucket").status_code == 200
    assert_error(api.get(BUCKETS + "/new-bucket"), 404, "Client::NotFound", "NOT_FOUND",
                 "The requested object (name = new-bucket) does not exist")


@pytest.mark.parametrize("name", ["ab", "Upper", "a..b", "10.0.0.1", "under_score", "-dash"])
def test_bucket_name_rules(api, name):
    response = api.post(BUCKETS, {"name": name})
    assert_error(response, 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert response.json()["message"].startswith("Invalid container name: %s" % name)


def test_refusals_and_regions(api):
    assert_error(api.post(PROJECT + "/region/SBG/storage", {"name": "demo-backups"}), 409, "Client::Conflict", "CONFLICT",
                 "Container demo-backups already exists")
    assert_error(api.delete(BUCKETS + "/demo-backups"), 409, "Client::Conflict", "CONFLICT",
                 "The bucket you tried to delete is not empty")
    # A compute region runs no S3 storage; an unknown region is not found.
    assert_error(api.get(PROJECT + "/region/GRA11/storage"), 404, "Client::NotFound", "NOT_FOUND",
                 "The requested object (regionName = GRA11) does not exist")
    assert_error(api.get(PROJECT + "/region/XYZ/storage"), 404, "Client::NotFound", "NOT_FOUND")


def test_objects_paged_and_deleted(api):
    page = api.get(BUCKETS + "/demo-backups", query="limit=2").json()
    assert [item["key"] for item in page["objects"]] == ["db/2026-12-01.sql.gz", "db/2026-12-02.sql.gz"]
    assert page["objectsCount"] == 3 and page["objectsSize"] == 52428800 + 52531200 + 1048576
    rest = api.get(BUCKETS + "/demo-backups", query="limit=2&marker=db%2F2026-12-02.sql.gz").json()
    assert [item["key"] for item in rest["objects"]] == ["etc.tar.gz"]
    assert [item["key"] for item in api.get(BUCKETS + "/demo-backups", query="prefix=db%2F").json()["objects"]] == [
        "db/2026-12-01.sql.gz", "db/2026-12-02.sql.gz"]
    for key in ("db%2F2026-12-01.sql.gz", "db%2F2026-12-02.sql.gz", "etc.tar.gz"):
        assert api.delete(BUCKETS + "/demo-backups/object/" + key).status_code == 200
    assert_error(api.delete(BUCKETS + "/demo-backups/object/etc.tar.gz"), 404, "Client::NotFound", "NOT_FOUND")
    assert api.delete(BUCKETS + "/demo-backups").status_code == 200


def test_another_accounts_project_is_not_found(client_factory, emulator):
    app = emulator.add_application(name="customer-app", account="customer-ovh")
    customer = client_factory(ak=app["application_key"], secret=app["application_secret"],
                              ck=emulator.add_consumer_key(app["application_key"], [{"method": "GET", "path": "/*"}],
                                                           account="customer-ovh"))
    assert_error(customer.get(USER + "/s3Credentials"), 404, "Client::NotFound", "NOT_FOUND", "This service does not exist")
    assert_error(customer.get(BUCKETS), 404, "Client::NotFound", "NOT_FOUND", "This service does not exist")


ODD_KEYS = ("a/../../x", "%2e%2e", "x?y#z", "..")


def test_an_object_key_is_one_opaque_segment(api, emulator):
    # Each key quoted as one segment reaches the object route with the key as it is, and deletes only it.
    bucket = emulator.state.cloud_storage.buckets[("0123456789abcdef0123456789abcdef", "GRA", "demo-backups")]
    with emulator.state.lock:
        for key in ODD_KEYS:
            bucket.add_object(key, 1, emulator.state.now())
    listed = [item["key"] for item in api.get(BUCKETS + "/demo-backups").json()["objects"]]
    assert set(ODD_KEYS) <= set(listed)
    for quoted, key in (("a%2F..%2F..%2Fx", "a/../../x"), ("%252e%252e", "%2e%2e"), ("x%3Fy%23z", "x?y#z")):
        assert api.delete(BUCKETS + "/demo-backups/object/" + quoted).status_code == 200
        assert key not in bucket.objects
    assert set(bucket.objects) == {"..", "db/2026-12-01.sql.gz", "db/2026-12-02.sql.gz", "etc.tar.gz"}


def test_literal_dot_segments_are_resolved_before_routing():
    # As a front end does: a literal '..' moves up (so '…/object/..' is not the object '..'), a quoted one stays a name.
    template, _handler, params = match_route("DELETE", BUCKETS + "/demo-backups/object/a%2F..%2F..%2Fx")
    assert template.endswith("/object/{objectKey}") and params["objectKey"] == "a/../../x"
    template, _handler, params = match_route("GET", BUCKETS + "/demo-backups/object/../../other-bucket")
    assert template == "/cloud/project/{serviceName}/region/{regionName}/storage/{name}" and params["name"] == "other-bucket"
    with pytest.raises(ApiError) as refused:
        match_route("DELETE", BUCKETS + "/demo-backups/object/..")
    assert refused.value.status == 404
