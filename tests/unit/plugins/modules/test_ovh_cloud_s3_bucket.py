"""ovh_cloud_s3_bucket in-process against the emulator: the region checked against the project's S3 regions and
the name against S3's rules before any write; creation with encryption, versioning and user roles (sent on
creation only by default: the API cannot read them back); updates; absent refusing a non-empty bucket unless
forced; check mode, diff, reruns that send nothing, API errors."""

import pytest

from api_log import write_bodies
from tamper import replaced, tamper

PROJECT = "0123456789abcdef0123456789abcdef"
REGIONS = [("GET", "/cloud/project/%s/region" % PROJECT), ("GET", "/cloud/project/%s/region/BHS5,GRA,GRA11,SBG,SBG5" % PROJECT)]
STORAGE = "/cloud/project/%s/region/GRA/storage" % PROJECT
MODULE = "ovh_cloud_s3_bucket"


def bucket(emulator, name, region="GRA"):
    return emulator.state.cloud_storage.buckets.get((PROJECT, region, name))


def test_create_update_rerun(logged_run, emulator):
    args = {"project": PROJECT, "region": "gra", "name": "example-archive", "encryption": "AES256", "versioning": "enabled",
            "user_policies": [{"user_id": 401001, "role": "readWrite"}]}
    path = STORAGE + "/example-archive"
    rc, result, output, requests = logged_run(MODULE, args, "--check", "--diff")
    assert (rc, result["changed"], requests) == (0, True, REGIONS + [("GET", path)]), result
    assert result["diff"]["before"] == {"bucket": None} and result["diff"]["after"]["bucket"]["encryption"] == "AES256"
    assert result["user_policies"] == [{"user_id": 401001, "role": "readWrite"}] and bucket(emulator, "example-archive") is None
    emulator.clear_log()
    rc, result, output, requests = logged_run(MODULE, args, "--diff")
    assert (rc, result["changed"]) == (0, True), result
    assert requests == REGIONS + [("GET", path), ("POST", STORAGE), ("POST", path + "/policy/401001")]
    assert write_bodies(emulator) == [
        ("POST", STORAGE, {"name": "example-archive", "encryption": {"sseAlgorithm": "AES256"}, "versioning": {"status": "enabled"}}),
        ("POST", path + "/policy/401001", {"roleName": "readWrite"})]
    assert result["bucket"]["region"] == "GRA" and result["bucket"]["versioning"] == "enabled"
    assert result["bucket"]["objects_count"] == 0 and result["bucket"]["owner_id"] == 401001
    assert bucket(emulator, "example-archive").roles == {401001: ("readWrite", None)}
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], result["user_policies"], requests) == (0, False, [], REGIONS + [("GET", path)])
    # The roles again on demand: sent, reported as a change (the API cannot say whether they differ).
    rc, result, output, requests = logged_run(MODULE, dict(args, user_policies_update="always"))
    assert (rc, result["changed"]) == (0, True) and requests[-1] == ("POST", path + "/policy/401001")
    emulator.clear_log()
    rc, result, output, requests = logged_run(MODULE, dict(args, versioning="suspended"), "--diff")
    assert (rc, result["changed"]) == (0, True)
    assert write_bodies(emulator) == [("PUT", path, {"versioning": {"status": "suspended"}})]
    assert result["diff"]["before"]["bucket"]["versioning"] == "enabled" and result["diff"]["after"]["bucket"]["versioning"] == "suspended"
    rc, result, output, requests = logged_run(MODULE, dict(args, versioning="disabled"))
    assert rc == 1 and result["msg"] == ("versioning: the bucket's versioning is suspended; once enabled it can be suspended, "
                                         "not disabled again") and requests == REGIONS + [("GET", path)]


def test_absent_refuses_a_non_empty_bucket_unless_forced(logged_run, emulator):
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups", "state": "absent"}
    path = STORAGE + "/demo-backups"
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 1 and result["msg"] == ("bucket demo-backups holds 3 objects: it is kept. Set force: true to delete its "
                                         "objects and the bucket") and requests == REGIONS + [("GET", path)]
    assert result["bucket"]["objects_count"] == 3 and not result["changed"]
    rc, result, output, requests = logged_run(MODULE, dict(args, force=True), "--check")
    assert (rc, result["changed"], requests) == (0, True, REGIONS + [("GET", path)]) and bucket(emulator, "demo-backups")
    rc, result, output, requests = logged_run(MODULE, dict(args, force=True), "--diff")
    assert (rc, result["changed"], result["deleted_objects"], result["bucket"]) == (0, True, 3, None)
    assert requests == REGIONS + [("GET", path), ("GET", path + "?limit=1000"), ("DELETE", path + "/object/db%2F2026-12-01.sql.gz"),
                                  ("DELETE", path + "/object/db%2F2026-12-02.sql.gz"), ("DELETE", path + "/object/etc.tar.gz"),
                                  ("DELETE", path)]
    assert result["diff"]["after"] == {"bucket": None} and result["diff"]["before"]["bucket"]["name"] == "demo-backups"
    assert bucket(emulator, "demo-backups") is None
    rc, result, output, requests = logged_run(MODULE, dict(args, force=True))
    assert (rc, result["changed"], requests) == (0, False, REGIONS + [("GET", path)])


def test_an_empty_bucket_is_deleted_without_force(logged_run, emulator):
    emulator.state.cloud_storage.buckets[(PROJECT, "GRA", "demo-backups")].objects.clear()
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "region": "GRA", "name": "demo-backups", "state": "absent"})
    assert (rc, result["changed"]) == (0, True) and requests[-1] == ("DELETE", STORAGE + "/demo-backups")


def test_bad_input_before_any_request_and_api_errors(logged_run, emulator):
    base = {"project": PROJECT, "region": "GRA", "name": "example-archive"}
    for args, message in (
            (dict(base, name="Example_Archive"), 'name "Example_Archive" is not a valid S3 bucket name'),
            (dict(base, region="GRA 11"), "region must be a region name"),
            (dict(base, user_policies=[{"role": "readOnly"}]), "user_policies[0]: give one of user and user_id"),
            (dict(base, user_policies=[{"user_id": 1, "role": "owner"}]), "value of role must be one of")):
        rc, result, output, requests = logged_run(MODULE, args)
        assert rc == 1 and message in result["msg"] and requests == [], (args, result)
    # A compute region is not an S3 region: refused after the region reads, before any write.
    rc, result, output, requests = logged_run(MODULE, dict(base, region="GRA11"))
    assert rc == 1 and result["msg"] == ('region "GRA11" is not a region where the project runs S3 object storage; '
                                         "its regions for it: GRA, SBG") and requests == REGIONS
    emulator.add_fault(status=500, method="POST", path=STORAGE)
    rc, result, output, requests = logged_run(MODULE, base)
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("POST %s failed: HTTP 500" % STORAGE) and "[QueryID: EU." in result["msg"]
    # Another project's bucket name is taken: the API's conflict, reported with its message.
    rc, result, output, requests = logged_run(MODULE, dict(base, name="demo-backups", region="SBG"))
    assert (rc, result["http_status"]) == (1, 409) and "Container demo-backups already exists" in result["msg"], result


def test_user_policies_by_description(logged_run, emulator, monkeypatch):
    # The users' route is served by ovh_cloud_user's emulator product; the lookup is replaced here. A user
    # that is not found fails the task before the bucket is created.
    from ansible_collections.signet.ovh.plugins.module_utils import cloud_storage
    monkeypatch.setattr(cloud_storage, "find_user", lambda client, project, description, option="user":
                        {"id": 401001} if description == "backup" else None)
    args = {"project": PROJECT, "region": "GRA", "name": "by-description", "user_policies": [{"user": "ghost", "role": "admin"}]}
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 1 and result["msg"] == ('user_policies user "ghost": no user of the project %s has this description' % PROJECT)
    assert emulator.writes() == []
    rc, result, output, requests = logged_run(MODULE, dict(args, user_policies=[{"user": "backup", "role": "deny"}]))
    assert (rc, result["changed"], result["user_policies"]) == (0, True, [{"user_id": 401001, "role": "deny"}])
    assert bucket(emulator, "by-description").roles == {401001: ("deny", None)}


def _add_objects(emulator, keys, only=False):
    objects = bucket(emulator, "demo-backups")
    with emulator.state.lock:
        if only:
            objects.objects.clear()
        for key in keys:
            objects.add_object(key, 1, emulator.state.now())
    return objects


def test_force_deletes_each_key_as_one_quoted_segment(logged_run, emulator):
    # A slash, dots, '%', '?' and '#' inside a key stay in its one segment: each DELETE reaches that object only.
    _add_objects(emulator, ("a/../../x", "%2e%2e", "x?y#z"), only=True)
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups", "state": "absent", "force": True}
    path = STORAGE + "/demo-backups"
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], result["deleted_objects"]) == (0, True, 3), output
    assert requests == REGIONS + [("GET", path), ("GET", path + "?limit=1000"), ("DELETE", path + "/object/%252e%252e"),
                                  ("DELETE", path + "/object/a%2F..%2F..%2Fx"), ("DELETE", path + "/object/x%3Fy%23z"),
                                  ("DELETE", path)]
    assert [entry["status"] for entry in emulator.log if entry["method"] == "DELETE"] == [200] * 4
    assert bucket(emulator, "demo-backups") is None


def test_force_refuses_a_dot_key_before_deleting_anything(logged_run, emulator):
    # '..' cannot be a path segment (a front end resolves it, quoted or not): nothing is deleted, the key is named.
    objects = _add_objects(emulator, ("..", "a/../../x"))
    kept = set(objects.objects)
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups", "state": "absent", "force": True}
    path = STORAGE + "/demo-backups"
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 1 and not result["changed"] and result["deleted_objects"] == 0, output
    assert result["msg"] == ('bucket demo-backups holds objects whose key cannot be a path segment of the API (".."): '
                             "nothing was deleted; delete these objects with an S3 client, then run the task again")
    assert requests == REGIONS + [("GET", path), ("GET", path + "?limit=1000")]
    assert set(objects.objects) == kept and result["bucket"]["objects_count"] == 5


@pytest.mark.parametrize("count", ["3", 2.5, None, True])
def test_an_objects_count_that_is_not_an_integer_fails_clearly(logged_run, emulator, monkeypatch, count):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}",
           lambda answer: dict(answer, objectsCount=count))
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups", "state": "absent"}
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 1 and not result["changed"] and "Traceback" not in output, output
    assert "unexpected answer: an object whose objectsCount is wrong: %s instead of an integer count" % (
        {str: "a string", float: "a number", type(None): "null", bool: "a boolean"}[type(count)]) in result["msg"]
    assert requests == REGIONS + [("GET", STORAGE + "/demo-backups")]
    assert len(bucket(emulator, "demo-backups").objects) == 3


@pytest.mark.parametrize("field", ["encryption", "versioning"])
def test_an_encryption_or_versioning_that_is_not_an_object_fails_clearly_and_null_is_none(logged_run, monkeypatch, field):
    route = "/cloud/project/{serviceName}/region/{regionName}/storage/{name}"
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups"}
    tamper(monkeypatch, "GET", route, replaced(field, "AES256"))
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 1 and not result["changed"] and "Traceback" not in output, output
    article = {"encryption": "an", "versioning": "a"}[field]
    assert "an object whose %s is wrong: a string instead of %s %s object or null" % (field, article, field) in result["msg"]
    assert requests == REGIONS + [("GET", STORAGE + "/demo-backups")]
    # Null, as the schema allows: no setting, read as such (here a rerun that changes nothing else fails nowhere).
    tamper(monkeypatch, "GET", route, replaced(field, None))
    rc, result, output, requests = logged_run(MODULE, args)
    assert rc == 0 and "Traceback" not in output, output
    assert result["bucket"][field] is None


@pytest.mark.parametrize("answered", [None, {"sseAlgorithm": None}])
def test_a_null_setting_is_the_default_a_rerun_asking_the_default_sends_nothing(logged_run, emulator, monkeypatch, answered):
    # The schema lets both objects and their fields be null: a bucket that never had them set reads as plaintext and
    # disabled, so asking for those values is no change (it was a PUT on every run).
    route = "/cloud/project/{serviceName}/region/{regionName}/storage/{name}"
    versioning = None if answered is None else {"status": None}
    held = bucket(emulator, "demo-backups")
    held.encryption, held.versioning = "plaintext", "disabled"
    tamper(monkeypatch, "GET", route, lambda answer: dict(answer, encryption=answered, versioning=versioning))
    args = {"project": PROJECT, "region": "GRA", "name": "demo-backups", "encryption": "plaintext", "versioning": "disabled"}
    for options in ((), ("--check", "--diff")):
        rc, result, output, requests = logged_run(MODULE, args, *options)
        assert (rc, result["changed"], requests) == (0, False, REGIONS + [("GET", STORAGE + "/demo-backups")]), output
    # Another value is still a change, sent as asked.
    emulator.clear_log()
    rc, result, output, requests = logged_run(MODULE, dict(args, encryption="AES256"))
    assert (rc, result["changed"]) == (0, True), output
    assert write_bodies(emulator) == [("PUT", STORAGE + "/demo-backups", {"encryption": {"sseAlgorithm": "AES256"}})]


@pytest.mark.parametrize("name", ["example-archive\n", "\nexample-archive", "example-archive\r"])
def test_a_bucket_name_with_a_line_break_is_refused_before_any_request(logged_run, name):
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "region": "GRA", "name": name})
    assert rc == 1 and "is not a valid S3 bucket name" in result["msg"] and requests == [], (result, requests)


def test_a_role_refused_after_the_creation_says_the_next_run_will_not_send_it(logged_run, emulator):
    # on_create sends the roles with the creation only: when one fails, a plain rerun finds the bucket and sends none,
    # so the failure says so (and what to run) instead of leaving a bucket without its roles silently.
    path = STORAGE + "/example-archive"
    emulator.add_fault(status=500, method="POST", path=path + "/policy/401001")
    args = {"project": PROJECT, "region": "GRA", "name": "example-archive",
            "user_policies": [{"user_id": 401001, "role": "readWrite"}]}
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], result["http_status"]) == (1, True, 500), result
    assert result["msg"].startswith("POST %s/policy/401001 failed: HTTP 500" % path)
    assert ("the bucket was created, but not every user role was given: run the task again with "
            "user_policies_update=always") in result["msg"]
    assert result["bucket"]["name"] == "example-archive" and result["user_policies"] == []
    assert bucket(emulator, "example-archive") is not None and bucket(emulator, "example-archive").roles == {}


@pytest.mark.parametrize("method, route, args", [
    ("POST", "/cloud/project/{serviceName}/region/{regionName}/storage", {"name": "new-bucket"}),
    ("PUT", "/cloud/project/{serviceName}/region/{regionName}/storage/{name}", {"name": "demo-backups", "versioning": "suspended"})])
def test_a_write_accepted_with_an_unusable_answer_reports_a_change(logged_run, emulator, monkeypatch, method, route, args):
    tamper(monkeypatch, method, route, lambda answer: "accepted")
    rc, result, output, requests = logged_run(MODULE, dict({"project": PROJECT, "region": "GRA"}, **args))
    assert (rc, result["changed"], result["http_status"]) == (1, True, 200) and "Traceback" not in output, result
    assert "unexpected answer" in result["msg"] and [entry[0] for entry in requests].count(method) == 1
