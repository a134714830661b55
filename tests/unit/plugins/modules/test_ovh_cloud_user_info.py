"""ovh_cloud_user_info in-process: the users of one project in one request, of every project in a batch
read, the filter by description, roles by name and as the API gives them, never a password; bad input
before any request; an API error with its QueryID."""

import pytest

from emulator.cloud_users import role_id

PROJECT = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


def requests(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def test_the_users_of_one_project_in_one_request_without_password(modules, emulator):
    rc, result, output = modules.run("ovh_cloud_user_info", {"project": PROJECT})
    assert rc == 0 and not result["changed"], output
    assert requests(emulator) == [("GET", "/cloud/project/%s/user" % PROJECT)]
    [user] = result["users"]
    assert {key: user[key] for key in ("project", "id", "username", "description", "status", "roles")} == {
        "project": PROJECT, "id": 401001, "username": "user-DemoBackup01", "description": "backup", "status": "ok",
        "roles": ["objectstore_operator"]}
    assert user["role_details"] == [{"id": role_id("objectstore_operator"), "name": "objectstore_operator",
                                     "description": "Objectstore operator", "permissions": ["object-store:operate"]}]
    assert "password" not in user and "DemoCloudUserPassword" not in output


def test_every_project_in_one_batch_read_and_the_description_filter(modules, emulator):
    with emulator.state.lock:
        emulator.state.cloud.projects[OTHER].add_user({"description": "backup", "roles": ["admin", "authentication"]})
        emulator.state.cloud.projects[OTHER].add_user({"description": "ci", "roles": []})
    rc, result, output = modules.run("ovh_cloud_user_info", {"description": "backup"})
    assert rc == 0, output
    assert requests(emulator) == [("GET", "/cloud/project"), ("GET", "/cloud/project/%s,%s/user" % (PROJECT, OTHER))]
    assert [(user["project"], user["id"], user["roles"]) for user in result["users"]] == [
        (PROJECT, 401001, ["objectstore_operator"]), (OTHER, 401002, ["admin", "authentication"])]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_cloud_user_info", {"project": OTHER.upper()})
    assert rc == 0 and [user["description"] for user in result["users"]] == ["backup", "ci"], output
    assert requests(emulator) == [("GET", "/cloud/project/%s/user" % OTHER)]


@pytest.mark.parametrize("args, message", [
    ({"project": "demo-project"}, "project must be a Public Cloud project id"),
    ({"description": "a\tb"}, "description must be 1 to 255 printable characters"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_cloud_user_info", args)
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_an_unknown_project_fails_with_the_api_error_and_its_query_id(modules, emulator):
    rc, result, output = modules.run("ovh_cloud_user_info", {"project": "a" * 32})
    assert rc == 1 and result["http_status"] == 404 and result["query_id"], output
    assert "This service does not exist" in result["msg"]
