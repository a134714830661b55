"""module_utils/cloud_users.py: input checks, the role names of the schema, users listed with their
roles, role ids read only to write, waits on the emulator clock, and files written 0600 only when
their bytes differ (a lock, an atomic replace, nothing in check mode)."""

import json
import os
import stat

import pytest

from api_log import sent
from emulator.cloud_users import role_id
from module_runner import EmulatorTime

from ansible_collections.signet.ovh.plugins.module_utils import cloud_users
from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError
from ansible_collections.signet.ovh.plugins.module_utils.cloud_users import (
    CloudFileError, check_file_regions, description_of, file_spec, list_users, role_names, set_roles, sync_file,
    user_result, wait_gone, wait_ready)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import WaitTimeout

PROJECT = "0123456789abcdef0123456789abcdef"
SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "emulator", "schemas", "cloud.json")


def test_the_enums_are_the_schemas():
    with open(SCHEMA, encoding="utf-8") as handle:
        models = json.load(handle)["models"]
    assert list(cloud_users.ROLE_NAMES) == models["cloud.user.RoleEnum"]["enum"]
    assert list(cloud_users.OPENRC_VERSIONS) == models["cloud.user.OpenrcVersionEnum"]["enum"]
    assert list(cloud_users.RCLONE_SERVICES) == models["cloud.user.RCloneServiceEnum"]["enum"]


def test_input_checks():
    assert role_names(["admin", "volume_operator", "admin"]) == ["admin", "volume_operator"]
    with pytest.raises(CloudInputError, match=r'^roles: "root" is not a Public Cloud role; the roles are admin, '):
        role_names(["root"])
    assert description_of("ci runner") == "ci runner"
    for bad in ("", "   ", "x" * 256, "a\x1bb", None):
        with pytest.raises(CloudInputError, match="description must be 1 to 255 printable characters"):
            description_of(bad)


def test_file_spec_refuses_a_missing_directory_and_a_directory(tmp_path):
    spec = file_spec("openrc", {"path": str(tmp_path / "a.openrc"), "region": "GRA11", "version": "v3"})
    assert spec["path"] == str(tmp_path / "a.openrc")
    with pytest.raises(CloudInputError, match="does not exist"):
        file_spec("openrc", {"path": str(tmp_path / "no" / "a"), "region": "GRA11"})
    with pytest.raises(CloudInputError, match="is a directory"):
        file_spec("rclone", {"path": str(tmp_path), "region": "GRA", "service": "storage"})
    with pytest.raises(CloudInputError, match="rclone.region must be a region name"):
        file_spec("rclone", {"path": str(tmp_path / "r"), "region": "G/RA", "service": "storage"})


def test_file_regions_are_read_once_per_kind_of_region(client, emulator, tmp_path):
    files = [("openrc", {"path": "a", "region": "sbg5", "version": "v3"}),
             ("rclone", {"path": "b", "region": "gra11", "service": "storage"}),
             ("rclone", {"path": "c", "region": "gra", "service": "storage-s3"})]
    checked = check_file_regions(client, PROJECT, files)
    assert [spec["region"] for _kind, spec in checked] == ["SBG5", "GRA11", "GRA"]
    assert len(sent(emulator)) == 6  # the region list and one batch, per kind of region
    with pytest.raises(CloudInputError, match=r'openrc.region "GRA" is not a region where the project runs OpenStack'):
        check_file_regions(client, PROJECT, [("openrc", {"path": "a", "region": "GRA", "version": "v3"})])


def test_users_with_roles_never_a_password(client, emulator):
    [user] = list_users(client, PROJECT)
    assert user["roles"] == ["objectstore_operator"] and user["project"] == PROJECT and "password" not in user
    assert user_result({"id": 1, "password": "x", "roles": ["admin"], "openstackId": "o"}) == {
        "id": 1, "openstack_id": "o", "roles": ["admin"], "role_details": []}
    assert sent(emulator) == [("GET", "/cloud/project/%s/user" % PROJECT)]


def test_roles_in_one_put_with_the_ids_of_the_project(client, emulator):
    answer = set_roles(client, PROJECT, 401001, ["volume_operator", "admin"])
    assert [role["name"] for role in answer["roles"]] == ["volume_operator", "admin"]
    assert sent(emulator) == [("GET", "/cloud/project/%s/role" % PROJECT), ("PUT", "/cloud/project/%s/user/401001/role" % PROJECT)]
    assert [json.loads(entry["body"]) for entry in emulator.writes()] == [
        {"rolesIds": [role_id("volume_operator"), role_id("admin")]}]


def test_waits_on_the_emulator_clock(client, emulator):
    emulator.clock_frozen = True
    created = client.post("/cloud/project/%s/user" % PROJECT, body={"description": "w"})
    time = EmulatorTime(emulator)
    assert wait_ready(client, PROJECT, created["id"], 60, sleep=time.sleep, clock=time.clock)["status"] == "ok"
    assert sum(time.sleeps) >= 2
    client.delete("/cloud/project/%s/user/%d" % (PROJECT, created["id"]))
    with pytest.raises(WaitTimeout) as late:
        wait_gone(client, PROJECT, created["id"], 0, sleep=time.sleep, clock=time.clock)
    assert late.value.status == "deleting"
    wait_gone(client, PROJECT, created["id"], 60, sleep=time.sleep, clock=time.clock)
    assert created["id"] not in emulator.state.cloud.projects[PROJECT].users


def test_sync_file_writes_0600_only_when_the_bytes_differ(tmp_path):
    path = str(tmp_path / "f")
    assert sync_file(path, "one", check_mode=True)[0] is True and not os.path.exists(path)
    assert not os.path.exists(path + ".lock")
    changed, before, after = sync_file(path, "one", check_mode=False)
    assert changed and before is None and len(after) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and open(path).read() == "one"
    assert sync_file(path, "one", check_mode=False) == (False, after, after)
    os.chmod(path, 0o640)
    assert sync_file(path, "one", check_mode=True)[0] is True and stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sync_file(path, "one", check_mode=False)[0] is True and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sync_file(path, "two", check_mode=False)[0] is True and open(path).read() == "two"
    # A path it cannot write (its "directory" is a file): the error names the file, never the content.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(CloudFileError, match="^cannot lock .*blocker/x: ") as failed:
        sync_file(str(blocker / "x"), "three", check_mode=False)
    assert "three" not in str(failed.value)
