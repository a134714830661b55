"""Public Cloud users in the emulator (cloud_users.py): creating then ok, deleting then gone, on the
clock; the password only on creation and regeneration; roles by id; openrc and rclone per region."""

import json

import pytest

from answer_checks import MODELS, OPERATIONS, assert_error, check_value
from emulator import cloud_users

PROJECT = "0123456789abcdef0123456789abcdef"
USERS = "/cloud/project/%s/user" % PROJECT


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def test_enums_are_the_schemas():
    assert list(cloud_users.ROLE_NAMES) == MODELS["cloud.user.RoleEnum"]["enum"]
    assert list(cloud_users.USER_STATUSES) == MODELS["cloud.user.UserStatusEnum"]["enum"]
    assert list(cloud_users.OPENRC_VERSIONS) == MODELS["cloud.user.OpenrcVersionEnum"]["enum"]
    assert list(cloud_users.RCLONE_SERVICES) == MODELS["cloud.user.RCloneServiceEnum"]["enum"]


def test_a_user_is_creating_then_ok_and_its_password_comes_once(api, frozen):
    answer = api.post(USERS, {"description": "ci", "roles": ["compute_operator", "image_operator"]})
    assert answer.status_code == 200, answer.text
    user = answer.json()
    check_value(user, OPERATIONS[("POST", "/cloud/project/{serviceName}/user")]["responseType"], "POST user")
    assert user["status"] == "creating" and len(user["password"]) == 32 and user["id"] == 401002
    assert [role["name"] for role in user["roles"]] == ["compute_operator", "image_operator"]
    path = "%s/%d" % (USERS, user["id"])
    read = api.get(path).json()
    assert "password" not in read and read["status"] == "creating"
    assert user["password"] not in json.dumps(api.get(USERS).json())
    # Not ready: role writes and a new password are refused until it is ok.
    assert_error(api.post(path + "/regeneratePassword"), 409, "Client::Conflict", "CONFLICT",
                 "The user is not ready: its status is creating")
    frozen.clock_offset += 2
    assert api.get(path).json()["status"] == "ok"
    again = api.post(path + "/regeneratePassword").json()
    assert again["password"] != user["password"] and len(again["password"]) == 32
    check_value(again, "cloud.user.UserDetail", "regeneratePassword")


def test_roles_by_id_add_replace_remove(api, frozen):
    path = USERS + "/401001/role"
    roles = api.get("/cloud/project/%s/role" % PROJECT).json()
    check_value(roles, "cloud.role.Roles", "roles")
    ids = {role["name"]: role["id"] for role in roles["roles"]}
    assert [role["name"] for role in api.get(path).json()] == ["objectstore_operator"]
    added = api.post(path, {"roleId": ids["volume_operator"]}).json()
    assert added["password"] == "" and [role["name"] for role in added["roles"]] == ["objectstore_operator", "volume_operator"]
    assert_error(api.post(path, {"roleId": ids["volume_operator"]}), 409, "Client::Conflict", "CONFLICT",
                 "Role volume_operator is already granted to the user")
    assert_error(api.post(path, {"roleId": "nope"}), 404, "Client::NotFound", "NOT_FOUND",
                 "The requested object (roleId = nope) does not exist")
    replaced = api.put(path, {"rolesIds": [ids["compute_operator"]]}).json()
    check_value(added, OPERATIONS[("POST", "/cloud/project/{serviceName}/user/{userId}/role")]["responseType"], "POST role")
    check_value(replaced, OPERATIONS[("PUT", "/cloud/project/{serviceName}/user/{userId}/role")]["responseType"], "PUT role")
    assert [role["name"] for role in replaced["roles"]] == ["compute_operator"]
    assert api.get(path + "/" + ids["compute_operator"]).json()["name"] == "compute_operator"
    assert api.get(path + "/" + ids["volume_operator"]).status_code == 404
    assert api.delete(path + "/" + ids["compute_operator"]).status_code == 200
    assert api.get(path).json() == []
    assert api.put(path, {"rolesIds": [ids["admin"], "x"]}).status_code == 404
    assert api.put(path, {"roles": []}).status_code == 400


def test_deleting_then_gone(api, frozen):
    path = USERS + "/401001"
    assert api.delete(path).status_code == 200
    assert api.get(path).json()["status"] == "deleting"
    assert_error(api.delete(path), 409, "Client::Conflict", "CONFLICT", "The user is already being deleted")
    frozen.clock_offset += 2
    assert_error(api.get(path), 404, "Client::NotFound", "NOT_FOUND", "The requested object (userId = 401001) does not exist")
    assert api.get(USERS).json() == []


def test_openrc_and_rclone_per_region(api):
    path = USERS + "/401001"
    openrc = api.get(path + "/openrc", query="region=GRA11&version=v3").json()
    assert 'export OS_REGION_NAME="GRA11"' in openrc["content"] and "OS_IDENTITY_API_VERSION=3" in openrc["content"]
    assert "DemoCloudUserPassword" not in openrc["content"]
    assert "/v2.0/" in api.get(path + "/openrc", query="region=SBG5&version=v2.0").json()["content"]
    assert_error(api.get(path + "/openrc", query="region=GRA"), 400, "Client::BadRequest", "INVALID_PARAMETER",
                 "[region] Given data (GRA) is not a valid region")
    assert_error(api.get(path + "/openrc"), 400, "Client::BadRequest", "INVALID_PARAMETER", "[region] Missing parameter")
    assert api.get(path + "/openrc", query="region=GRA11&version=v4").status_code == 400
    s3 = api.get(path + "/rclone", query="region=GRA&service=storage-s3").json()
    assert "type = s3" in s3["content"] and "region = gra" in s3["content"]
    swift = api.get(path + "/rclone", query="region=GRA11&service=storage").json()
    assert "type = swift" in swift["content"] and "user = user-DemoBackup01" in swift["content"]
    assert api.get(path + "/rclone", query="region=GRA11&service=storage-s3").status_code == 400


def test_refusals_of_the_creation(api):
    assert_error(api.post(USERS, {"description": "x", "roles": ["root"]}), 400, "Client::BadRequest", "INVALID_PARAMETER",
                 "[roles] Given data (root) does not belong to the RoleEnum enumeration")
    assert api.post(USERS, {"description": "x", "password": "p"}).status_code == 400
    assert api.post("/cloud/project/%s/user" % ("0" * 32), {"description": "x"}).status_code == 404
    one = api.post(USERS, {"description": "x", "role": "admin", "roles": ["admin", "authentication"]}).json()
    assert [role["name"] for role in one["roles"]] == ["admin", "authentication"]
