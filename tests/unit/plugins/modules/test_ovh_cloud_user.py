"""ovh_cloud_user in-process: the exact requests of a creation, a role change, a new password and a
deletion; reruns that send no write; check mode and diff (never the password); one user per
description; the openrc and rclone files (0600, written only when they differ, never printed); bad
input refused before any request; API errors with their QueryID. The emulator's clock is frozen: a
user's status moves only while the module waits."""

import json
import os
import stat

import pytest

from emulator.cloud_users import role_id
from tamper import replaced, tamper

PROJECT = "0123456789abcdef0123456789abcdef"
USERS = "/cloud/project/%s/user" % PROJECT
SEEDED = USERS + "/401001"  # "backup", objectstore_operator
SEEDED_PASSWORD = "DemoCloudUserPwQxZkVbNmLpRtYwHsJg"
REGIONS = ("/cloud/project/%s/region" % PROJECT, "/cloud/project/%s/region/BHS5,GRA,GRA11,SBG,SBG5" % PROJECT)


def requests(emulator):
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""))
            for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def project_users(emulator):
    return emulator.state.cloud.projects[PROJECT].users


def run(modules, emulator, args, *options):
    emulator.clear_log()
    return modules.run("ovh_cloud_user", dict({"project": PROJECT}, **args), *options)


def test_a_user_is_created_once_with_its_roles_and_its_password_comes_back_once(modules, frozen):
    args = {"description": "ci", "roles": ["compute_operator", "image_operator"]}
    rc, result, output = run(modules, frozen, args)
    assert rc == 0 and result["changed"], output
    user = project_users(frozen)[401002]
    assert result["password"] == user["password"] and len(user["password"]) == 32
    assert result["user"]["id"] == 401002 and result["user"]["status"] == "ok"
    assert result["user"]["roles"] == ["compute_operator", "image_operator"]
    assert writes(frozen) == [("POST", USERS, {"description": "ci", "roles": ["compute_operator", "image_operator"]})]
    log = requests(frozen)
    assert log[:2] == [("GET", USERS), ("POST", USERS)]
    # Waited on the clock until it was ok (2 s of creating), reading the user only.
    assert log[2:] and set(log[2:]) == {("GET", USERS + "/401002")}
    assert modules.clock.sleeps and sum(modules.clock.sleeps) >= 2
    # The rerun: one read, no write, no password, nothing changed.
    rc, result, output = run(modules, frozen, dict(args, roles=["image_operator", "compute_operator"]))
    assert rc == 0 and not result["changed"] and "password" not in result, output
    assert requests(frozen) == [("GET", USERS)]
    assert user["password"] not in output


def test_without_wait_the_new_user_is_returned_creating(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "ci", "wait": False})
    assert rc == 0 and result["changed"] and result["user"]["status"] == "creating" and result["user"]["roles"] == [], output
    assert requests(frozen) == [("GET", USERS), ("POST", USERS)]
    assert writes(frozen) == [("POST", USERS, {"description": "ci"})]


def test_roles_are_brought_to_the_list_in_one_put(modules, frozen):
    args = {"description": "backup", "roles": ["volume_operator", "objectstore_operator"]}
    rc, result, output = run(modules, frozen, args, "--diff")
    assert rc == 0 and result["changed"] and "password" not in result, output
    assert requests(frozen) == [("GET", USERS), ("GET", "/cloud/project/%s/role" % PROJECT), ("PUT", SEEDED + "/role")]
    assert writes(frozen) == [("PUT", SEEDED + "/role", {"rolesIds": [role_id("volume_operator"), role_id("objectstore_operator")]})]
    assert result["diff"] == {"before": {"description": "backup", "roles": ["objectstore_operator"]},
                              "after": {"description": "backup", "roles": ["objectstore_operator", "volume_operator"]}}
    assert result["user"]["roles"] == ["volume_operator", "objectstore_operator"]
    assert project_users(frozen)[401001]["roles"] == ["volume_operator", "objectstore_operator"]
    rc, result, output = run(modules, frozen, args)
    assert rc == 0 and not result["changed"] and requests(frozen) == [("GET", USERS)], output
    # Unset roles: an existing user keeps its own.
    rc, result, output = run(modules, frozen, {"description": "backup"})
    assert rc == 0 and not result["changed"] and frozen.writes() == [], output
    # An empty list removes them all.
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": []})
    assert rc == 0 and result["changed"] and writes(frozen) == [("PUT", SEEDED + "/role", {"rolesIds": []})], output


def test_check_mode_predicts_sends_no_write_and_the_diff_holds_no_password(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "ci", "roles": ["admin"]}, "--check", "--diff")
    assert rc == 0 and result["changed"] and "password" not in result, output
    assert result["diff"] == {"before": None, "after": {"description": "ci", "roles": ["admin"]}}
    assert requests(frozen) == [("GET", USERS)] and modules.clock.sleeps == []
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"]}, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"]["roles"] == ["admin"], output
    assert requests(frozen) == [("GET", USERS)]
    rc, result, output = run(modules, frozen, {"description": "backup", "regenerate_password": True}, "--check")
    assert rc == 0 and result["changed"] and "password" not in result, output
    rc, result, output = run(modules, frozen, {"description": "backup", "state": "absent"}, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"] is None and result["user"] is None, output
    assert frozen.writes() == [] and 401001 in project_users(frozen)
    assert SEEDED_PASSWORD not in output


def test_regenerate_password_returns_the_new_one_only(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "backup", "regenerate_password": True})
    assert rc == 0 and result["changed"], output
    new = project_users(frozen)[401001]["password"]
    assert result["password"] == new and new != SEEDED_PASSWORD
    assert requests(frozen) == [("GET", USERS), ("POST", SEEDED + "/regeneratePassword")]
    assert writes(frozen) == [("POST", SEEDED + "/regeneratePassword", None)]


def test_absent_deletes_and_waits_until_gone_then_reruns_without_write(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "backup", "state": "absent"})
    assert rc == 0 and result["changed"] and result["user"] is None, output
    log = requests(frozen)
    assert log[:2] == [("GET", USERS), ("DELETE", SEEDED)] and set(log[2:]) == {("GET", SEEDED)}
    assert [entry["status"] for entry in frozen.log if entry["path"] == SEEDED][-1] == 404
    assert 401001 not in project_users(frozen)
    rc, result, output = run(modules, frozen, {"description": "backup", "state": "absent"})
    assert rc == 0 and not result["changed"] and requests(frozen) == [("GET", USERS)], output


def test_a_user_being_deleted_is_not_deleted_twice_nor_recreated(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "backup", "state": "absent", "wait": False})
    assert rc == 0 and result["changed"] and writes(frozen) == [("DELETE", SEEDED, None)], output
    rc, result, output = run(modules, frozen, {"description": "backup", "state": "absent", "wait": False})
    assert rc == 0 and not result["changed"] and frozen.writes() == [], output
    rc, result, output = run(modules, frozen, {"description": "backup"})
    assert rc == 1 and result["msg"].startswith('description "backup": user 401001 is being deleted') and frozen.writes() == [], output


def test_two_users_with_the_description_fail_before_any_write(modules, frozen):
    with frozen.state.lock:
        frozen.state.cloud.projects[PROJECT].add_user({"description": "backup", "roles": []})
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"]})
    assert rc == 1 and not result["changed"], output
    assert result["msg"] == ('description "backup" matches 2 users of the project (ids 401001, 401002): '
                             "give each user its own description")
    assert requests(frozen) == [("GET", USERS)]


def test_openrc_and_rclone_files_are_written_0600_once_and_never_printed(modules, frozen, tmp_path):
    openrc, rclone = tmp_path / "backup.openrc", tmp_path / "rclone.conf"
    args = {"description": "backup", "openrc": {"path": str(openrc), "region": "gra11"},
            "rclone": {"path": str(rclone), "region": "GRA", "service": "storage-s3"}}
    rc, result, output = run(modules, frozen, args, "--diff")
    assert rc == 0 and result["changed"], output
    assert result["openrc"] == {"path": str(openrc), "region": "GRA11", "version": "v3", "changed": True}
    assert result["rclone"] == {"path": str(rclone), "region": "GRA", "service": "storage-s3", "changed": True}
    assert requests(frozen) == [("GET", USERS), ("GET", REGIONS[0]), ("GET", REGIONS[1]),
                                ("GET", REGIONS[0]), ("GET", REGIONS[1]),
                                ("GET", SEEDED + "/openrc?region=GRA11&version=v3"),
                                ("GET", SEEDED + "/rclone?region=GRA&service=storage-s3")]
    assert frozen.writes() == []
    content = openrc.read_text()
    assert 'OS_USERNAME="user-DemoBackup01"' in content and "type = s3" in rclone.read_text()
    for path in (openrc, rclone):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "OS_USERNAME" not in output and "secret_access_key" not in output
    assert result["diff"]["before"]["openrc"]["sha256"] is None and len(result["diff"]["after"]["openrc"]["sha256"]) == 64
    # Rerun: the same bytes, nothing written.
    mtime = os.stat(openrc).st_mtime_ns
    rc, result, output = run(modules, frozen, args)
    assert rc == 0 and not result["changed"] and not result["openrc"]["changed"] and os.stat(openrc).st_mtime_ns == mtime, output
    # Edited by hand: rewritten; a wider mode alone is brought back to 0600.
    openrc.write_text("edited\n")
    os.chmod(rclone, 0o644)
    rc, result, output = run(modules, frozen, args)
    assert rc == 0 and result["changed"] and result["openrc"]["changed"] and result["rclone"]["changed"], output
    assert openrc.read_text() == content and stat.S_IMODE(os.stat(rclone).st_mode) == 0o600
    assert "edited" not in output


def test_files_in_check_mode_are_predicted_not_written(modules, frozen, tmp_path):
    path = tmp_path / "new.openrc"
    rc, result, output = run(modules, frozen, {"description": "backup", "openrc": {"path": str(path), "region": "SBG5"}},
                             "--check")
    assert rc == 0 and result["changed"] and result["openrc"]["changed"], output
    assert not path.exists() and not (tmp_path / "new.openrc.lock").exists()
    # A user still to be created: its file is predicted to change, nothing read but the users and regions.
    rc, result, output = run(modules, frozen, {"description": "new", "openrc": {"path": str(path), "region": "SBG5"}},
                             "--check")
    assert rc == 0 and result["changed"] and result["openrc"]["changed"] and not path.exists(), output
    assert requests(frozen) == [("GET", USERS), ("GET", REGIONS[0]), ("GET", REGIONS[1])]


def test_a_region_the_project_does_not_run_fails_before_any_write(modules, frozen, tmp_path):
    rc, result, output = run(modules, frozen, {"description": "new", "rclone": {"path": str(tmp_path / "r"), "region": "GRA11",
                                                                                "service": "storage-s3"}})
    assert rc == 1 and not result["changed"], output
    assert result["msg"] == ('rclone.region "GRA11" is not a region where the project runs S3 object storage (rclone); '
                             "its regions for it: GRA, SBG")
    assert frozen.writes() == [] and not (tmp_path / "r").exists()


@pytest.mark.parametrize("args, message", [
    ({"roles": ["root"]}, "value of roles must be one or more of"),
    ({"description": ""}, "description must be 1 to 255 printable characters"),
    ({"description": "a\nb"}, "description must be 1 to 255 printable characters"),
    ({"project": "my-project"}, "project must be a Public Cloud project id"),
    ({"openrc": {"path": "/nonexistent-dir/x.openrc", "region": "GRA11"}}, 'the directory "/nonexistent-dir" does not exist'),
    ({"openrc": {"path": "/", "region": "GRA11"}}, "is a directory"),
    ({"openrc": {"path": "/nonexistent-file.openrc", "region": "GRA 11"}}, "openrc.region must be a region name"),
    ({"openrc": {"path": "/nonexistent-dir/x", "region": "GRA11"}, "state": "absent"}, "openrc is only for state=present"),
    ({"rclone": {"path": "/nonexistent-dir/x", "region": "GRA"}}, "missing required arguments: service"),
    ({"regenerate_password": True, "state": "absent"}, "regenerate_password is only for state=present"),
    ({"wait_timeout": -1}, "wait_timeout must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_cloud_user", dict({"project": PROJECT, "description": "backup"}, **args))
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_an_unknown_project_fails_with_the_api_error_and_its_query_id(modules, frozen):
    rc, result, output = run(modules, frozen, {"project": "f" * 32, "description": "ci"})
    assert rc == 1 and not result["changed"], output
    assert result["http_status"] == 404 and "This service does not exist" in result["msg"] and result["query_id"]


def test_a_refused_role_change_fails_with_nothing_changed(modules, frozen):
    with frozen.state.lock:
        project_users(frozen)[401001]["status"] = "creating"  # not ready: the API refuses role writes
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"], "wait": False})
    assert rc == 1 and not result["changed"] and result["http_status"] == 409, output
    assert "The user is not ready: its status is creating" in result["msg"]
    assert [entry["status"] for entry in frozen.writes()] == [409]


def test_a_user_still_creating_is_waited_for_before_its_roles_and_password_change(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "ci", "roles": ["admin"], "wait": False})
    assert rc == 0 and result["user"]["status"] == "creating", output
    first = result["password"]
    rc, result, output = run(modules, frozen, {"description": "ci", "roles": ["authentication"], "regenerate_password": True})
    assert rc == 0 and result["changed"] and result["password"] != first, output
    assert result["password"] == project_users(frozen)[401002]["password"]
    user = USERS + "/401002"
    log = requests(frozen)
    assert log[0] == ("GET", USERS) and log[-3:] == [("GET", "/cloud/project/%s/role" % PROJECT), ("PUT", user + "/role"),
                                                     ("POST", user + "/regeneratePassword")]
    assert log[1:-3] and set(log[1:-3]) == {("GET", user)}
    assert writes(frozen) == [("PUT", user + "/role", {"rolesIds": [role_id("authentication")]}),
                              ("POST", user + "/regeneratePassword", None)]


def test_a_user_found_creating_is_waited_for_without_any_write(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "ci", "wait": False})
    assert rc == 0 and result["user"]["status"] == "creating", output
    rc, result, output = run(modules, frozen, {"description": "ci"})
    assert rc == 0 and not result["changed"] and result["user"]["status"] == "ok", output
    log = requests(frozen)
    assert log[0] == ("GET", USERS) and log[1:] and set(log[1:]) == {("GET", USERS + "/401002")}
    assert frozen.writes() == []


def test_a_creation_whose_wait_runs_out_still_returns_the_password(modules, frozen):
    rc, result, output = run(modules, frozen, {"description": "ci", "wait_timeout": 0})
    assert rc == 1 and result["changed"], output
    assert result["password"] == project_users(frozen)[401002]["password"]  # the only chance to get it
    assert result["task"]["status"] == "creating" and "password" not in result["task"]
    assert "user 401002" in result["msg"] and "creating" in result["msg"]


def test_an_unusable_role_change_answer_never_quotes_the_password_it_may_hold(modules, frozen, monkeypatch):
    # PUT …/role answers a cloud.user.UserDetail, which has a password field: an answer the module cannot use fails
    # without quoting its text (as the creation's and the regeneration's), and says the write was probably done.
    leaked = "LeakedRolePasswordXq7Vb2Nm9Kp4Rt"
    tamper(monkeypatch, "PUT", "/cloud/project/{serviceName}/user/{userId}/role",
           lambda answer: {"password": leaked, "roles": answer["roles"]})
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"]})
    assert rc == 1 and leaked not in output, output
    assert "its text is not shown: it may hold the password" in result["msg"] and "probably carried out" in result["msg"]
    assert writes(frozen) == [("PUT", SEEDED + "/role", {"rolesIds": [role_id("admin")]})]
    assert result["changed"], result  # probably carried out: a change, as CONTRIBUTING asks


def test_roles_the_api_lists_twice_are_no_change(modules, frozen, monkeypatch):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/user",
           lambda answer: [dict(user, roles=user["roles"] * 2) for user in answer])
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["objectstore_operator"]}, "--diff")
    assert rc == 0 and not result["changed"] and frozen.writes() == [], output
    assert result["diff"]["before"]["roles"] == result["diff"]["after"]["roles"] == ["objectstore_operator"]


@pytest.mark.parametrize("description", [" backup", "backup ", "\u00a0backup"])
def test_a_description_with_surrounding_spaces_is_refused_before_any_request(modules, emulator, description):
    # The user's only stable name: an API that trims it would leave a user the next run cannot find, and create another.
    for module in ("ovh_cloud_user", "ovh_cloud_user_info"):
        rc, result, output = modules.run(module, {"project": PROJECT, "description": description})
        assert rc == 1 and "description must not begin or end with white space" in result["msg"], output
    assert emulator.log == []


@pytest.mark.parametrize("roles", ["objectstore_operator", [{"name": None}, {"name": "admin"}], ["admin"]])
def test_roles_answered_in_another_shape_fail_clearly_before_any_write(modules, frozen, monkeypatch, roles):
    # The roles decide the PUT: a text (read letter by letter), a null name (unsortable) or a bare name is refused.
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/user",
           lambda answer: [dict(user, roles=roles) for user in answer])
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["objectstore_operator"]})
    assert rc == 1 and "unexpected answer" in result["msg"] and "roles" in result["msg"], output
    assert "Traceback" not in output and frozen.writes() == []


def test_a_role_the_api_adds_itself_is_named_in_a_warning(modules, frozen, monkeypatch):
    # An API that adds a role to what was written would make every run write again: the task says which, and how not to.
    def add_authentication(answer):
        extra = {"id": role_id("authentication"), "name": "authentication", "description": "Authentication", "permissions": []}
        return dict(answer, roles=answer["roles"] + [extra])
    tamper(monkeypatch, "PUT", "/cloud/project/{serviceName}/user/{userId}/role", add_authentication)
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"]})
    assert rc == 0 and result["changed"] and result["user"]["roles"] == ["admin", "authentication"], output
    assert result["warnings"] == ["the API gave the user roles that were not asked (authentication): list them in roles, "
                                  "or each run will report a change"]
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/user", add_authentication)
    rc, result, output = run(modules, frozen, {"description": "ci", "roles": ["admin"], "wait": False})
    assert rc == 0 and result["changed"] and len(result["warnings"]) == 1 and "(authentication)" in result["warnings"][0], output
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin", "authentication"]})
    assert rc == 0 and "warnings" not in result, output


@pytest.mark.parametrize("content", [123, None, {"a": 1}, ["line"]])
def test_a_file_answered_in_another_shape_fails_clearly_and_writes_nothing(modules, frozen, monkeypatch, tmp_path, content):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/user/{userId}/openrc", replaced("content", content))
    path = tmp_path / "backup.openrc"
    rc, result, output = run(modules, frozen, {"description": "backup", "openrc": {"path": str(path), "region": "GRA11"}})
    assert (rc, result["changed"]) == (1, False) and "Traceback" not in output, output
    assert "its text is not shown: it may hold the openrc file" in result["msg"] and not path.exists(), result


@pytest.mark.parametrize("password", [123, None, "", {"a": 1}])
def test_a_new_user_answered_without_a_usable_password_fails_clearly_saying_it_was_created(
        modules, frozen, monkeypatch, password):
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/user", replaced("password", password))
    rc, result, output = run(modules, frozen, {"description": "ci", "wait": False})
    assert (rc, result["changed"]) == (1, True) and "Traceback" not in output and "password" not in result, output
    assert "password" in result["msg"] and requests(frozen) == [("GET", USERS), ("POST", USERS)], result
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/user/{userId}/regeneratePassword", replaced("password", password))
    rc, result, output = run(modules, frozen, {"description": "backup", "regenerate_password": True})
    assert (rc, result["changed"]) == (1, True) and "Traceback" not in output and "password" not in result, output
    assert requests(frozen) == [("GET", USERS), ("POST", SEEDED + "/regeneratePassword")]


@pytest.mark.parametrize("user_id", ["..", ".", "401001", None, 401001.5, True])
def test_a_user_whose_id_is_not_an_integer_is_never_written(modules, frozen, monkeypatch, user_id):
    # The id becomes a path segment: ".." would send the DELETE to another route.
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/user", lambda answer: [dict(user, id=user_id) for user in answer])
    for args in ({"state": "absent"}, {"roles": ["admin"]}, {"regenerate_password": True}):
        rc, result, output = run(modules, frozen, dict(args, description="backup"))
        assert (rc, result["changed"]) == (1, False) and "Traceback" not in output, output
        assert "whose id is not an integer" in result["msg"] and requests(frozen) == [("GET", USERS)], result


@pytest.mark.parametrize("roles", [5, "admin", [{"id": 5, "name": "admin"}], [{"name": "admin"}]])
def test_project_roles_answered_in_another_shape_fail_before_the_role_write(modules, frozen, monkeypatch, roles):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/role", lambda answer: dict(answer, roles=roles))
    rc, result, output = run(modules, frozen, {"description": "backup", "roles": ["admin"]})
    assert (rc, result["changed"]) == (1, False) and "Traceback" not in output, output
    assert "unexpected answer" in result["msg"] and frozen.writes() == [], result
