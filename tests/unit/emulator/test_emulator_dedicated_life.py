"""A dedicated server's life in the emulator: task states, editable properties, boots, reboots, the
display name (an inferred route) and the systems a server can install."""

import os

import pytest

from emulator.servers import DEFAULT_BOOTS

SERVER = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"
OTHER = "ns3100000.ip-198-51-100.eu"  # customer-ovh's
HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = (os.path.join(HERE, "..", "..", "emulator", "README.md"),
        os.path.join(HERE, "..", "..", "..", "docs", "docsite", "rst", "guide_emulator.rst"))


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def statuses_over_time(api, emulator, path, seconds):
    seen = []
    for _second in range(seconds):
        seen.append(api.get(path).json()["status"])
        emulator.clock_offset += 1
    return seen


@pytest.mark.parametrize("start", ["reinstall", "reboot"])
def test_server_tasks_pass_through_every_pending_state_of_the_schema(api, frozen, start):
    frozen.state.servers.step_seconds = 1
    frozen.state.servers.reboot_seconds = 5
    body = {"operatingSystem": "rocky9_64"} if start == "reinstall" else None
    answer = api.post(f"/dedicated/server/{SERVER}/{start}", body).json()
    assert answer["status"] == "init"
    seen = statuses_over_time(api, frozen, f"/dedicated/server/{SERVER}/task/{answer['taskId']}", 7)
    # init, todo, doing in that order (the schema's pending states), then done, each read at least once.
    assert [status for index, status in enumerate(seen) if index == 0 or seen[index - 1] != status] == [
        "init", "todo", "doing", "done"]
    assert api.get(f"/dedicated/server/{SERVER}/task", query="status=init").json() == []


def test_pending_tasks_are_listed_by_each_pending_state(api, frozen):
    task_id = api.post(f"/dedicated/server/{SERVER}/reboot").json()["taskId"]
    for status in ("init", "todo", "doing"):
        assert api.get(f"/dedicated/server/{SERVER}/task", query=f"status={status}").json() == [task_id]
        frozen.clock_offset += 1
    assert api.get(f"/dedicated/server/{SERVER}/task", query="function=hardReboot").json() == [task_id]


def test_editable_properties_are_written_and_read_back(api):
    body = {"monitoring": False, "noIntervention": True, "rescueMail": "ops@example.com", "rootDevice": "/dev/nvme0n1",
            "rescueSshKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo4 ops", "efiBootloaderPath": "\\efi\\debian\\grubx64.efi",
            "bootId": 22, "bootScript": None, "state": "ok"}
    assert api.put(f"/dedicated/server/{SERVER}", body).status_code == 200
    server = api.get(f"/dedicated/server/{SERVER}").json()
    assert {key: server[key] for key in body} == body
    assert api.put(f"/dedicated/server/{SERVER}", {"rescueMail": None}).status_code == 200
    assert api.get(f"/dedicated/server/{SERVER}").json()["rescueMail"] is None


@pytest.mark.parametrize("body, text", [
    ({"os": "debian12_64"}, "[os] Unknown or read-only property"),
    ({"displayName": "web"}, "[displayName] Unknown or read-only property"),
    ({"monitoring": "yes"}, "[monitoring] Given data"),
    ({"monitoring": None}, "[monitoring] Given data"),
    ({"bootId": True}, "[bootId] Given data"),
    ({"state": "running"}, "dedicated.server.StateEnum"),
    ({"bootId": 99}, "[bootId] Given data (99) is not a boot of this server"),
])
def test_put_refusals_change_nothing(api, check_error, body, text):
    before = api.get(f"/dedicated/server/{SERVER}").json()
    body_of_error = check_error(api.put(f"/dedicated/server/{SERVER}", body), 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert text in body_of_error["message"]
    assert api.get(f"/dedicated/server/{SERVER}").json() == before


def test_boots_listed_filtered_read_and_batched(api, check_error):
    assert api.get(f"/dedicated/server/{SERVER}/boot").json() == [1, 22, 41, 42]
    assert api.get(f"/dedicated/server/{SERVER}/boot", query="bootType=network").json() == [41, 42]
    assert api.get(f"/dedicated/server/{SERVER}/boot", query="bootType=rescue").json() == [22]
    assert api.get(f"/dedicated/server/{SERVER}/boot/22").json() == {
        "bootId": 22, "bootType": "rescue", "kernel": "rescue64-pro", "description": "Rescue64-pro (Customer rescue system (Linux))"}
    batch = api.get(f"/dedicated/server/{SERVER}/boot/41,42,7", headers={"X-Ovh-Batch": ","}).json()
    assert [(item["key"], (item["value"] or {}).get("kernel")) for item in batch] == [
        ("41", "bzImage-6.1.55-xxxx-std-ipv6-64"), ("42", "bzImage-6.6.8-xxxx-grs-ipv6-64"), ("7", None)]
    check_error(api.get(f"/dedicated/server/{SERVER}/boot/7"), 404, "Client::NotFound", "NOT_FOUND",
                "The requested object (bootId = 7) does not exist")
    check_error(api.get(f"/dedicated/server/{SERVER}/boot", query="bootType=floppy"), 400, "Client::BadRequest",
                "INVALID_PARAMETER")
    check_error(api.get(f"/dedicated/server/{OTHER}/boot"), 404, "Client::NotFound", "NOT_FOUND", "This service does not exist")


def test_a_reboot_runs_the_boot_set_when_it_started(api, frozen):
    frozen.state.servers.reboot_seconds = 10
    server = frozen.state.servers.dedicated[("demo-ovh", SERVER)]
    api.put(f"/dedicated/server/{SERVER}", {"bootId": 22})
    assert server.booted(frozen.state.now()) == 1  # set, not yet rebooted
    task_id = api.post(f"/dedicated/server/{SERVER}/reboot").json()["taskId"]
    api.put(f"/dedicated/server/{SERVER}", {"bootId": 41})  # too late for this reboot
    frozen.clock_offset += 5
    assert server.booted(frozen.state.now()) == 1
    frozen.clock_offset += 5
    task = api.get(f"/dedicated/server/{SERVER}/task/{task_id}").json()
    assert (task["function"], task["status"], task["comment"]) == ("hardReboot", "done", "Reboot done")
    assert server.booted(frozen.state.now()) == 22


def test_a_failed_reboot_carries_its_comment_and_changes_no_boot(api, frozen):
    servers = frozen.state.servers
    servers.reboot_seconds = 4
    servers.next_reboot_outcome = ("ovhError", "The server did not answer the power cycle")
    api.put(f"/dedicated/server/{SERVER}", {"bootId": 22})
    task_id = api.post(f"/dedicated/server/{SERVER}/reboot").json()["taskId"]
    frozen.clock_offset += 4
    task = api.get(f"/dedicated/server/{SERVER}/task/{task_id}").json()
    assert (task["status"], task["comment"]) == ("ovhError", "The server did not answer the power cycle")
    assert servers.dedicated[("demo-ovh", SERVER)].booted(frozen.state.now()) == 1
    assert servers.next_reboot_outcome is None  # the next one succeeds


def test_display_name_through_the_service_route(api, check_error):
    infos = api.get(f"/dedicated/server/{SERVER}/serviceInfos").json()
    assert infos["domain"] == SERVER and infos["status"] == "ok"
    assert api.get(f"/dedicated/server/{SERVER}").json()["iam"]["displayName"] == SERVER
    assert api.put(f"/service/{infos['serviceId']}", {"displayName": "web 1 (gra3)"}).status_code == 200
    assert api.get(f"/dedicated/server/{SERVER}").json()["iam"]["displayName"] == "web 1 (gra3)"
    check_error(api.put(f"/service/{infos['serviceId']}", {"displayName": "x", "renew": {}}), 400, "Client::BadRequest",
                "INVALID_PARAMETER", "[renew] Unknown or read-only property")
    check_error(api.put(f"/service/{infos['serviceId']}", {"displayName": ""}), 400, "Client::BadRequest", "INVALID_PARAMETER")
    other_id = api.get(f"/dedicated/server/{BUSY}/serviceInfos").json()["serviceId"]
    assert other_id != infos["serviceId"]
    # Another account's service is not this account's to name.
    with api.emu.state.lock:
        foreign = api.emu.state.servers.dedicated[("customer-ovh", OTHER)].service_id
    check_error(api.put(f"/service/{foreign}", {"displayName": "mine"}), 404, "Client::NotFound", "NOT_FOUND",
                "This service does not exist")


def test_compatible_systems_and_config_drive_metadata(api):
    templates = api.get(f"/dedicated/server/{SERVER}/install/compatibleTemplates").json()
    assert "debian12_64" in templates["ovh"] and templates["personal"] == []
    body = {"operatingSystem": "debian12_64", "customizations": {"configDriveMetadata": {"role": "web"}}}
    assert api.post(f"/dedicated/server/{SERVER}/reinstall", body).status_code == 200


def test_the_docs_list_the_seeded_boots():
    kernels = [boot["kernel"] for boot in DEFAULT_BOOTS]
    for path in DOCS:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert all(kernel in text for kernel in kernels), path


@pytest.mark.parametrize("storage, message", [
    ("raid1", "[storage] Given data is not an array"),
    ([{"partitioning": {"layout": [{"mountPoint": "/"}]}}], "[storage[0].partitioning.layout[0].fileSystem] Property is mandatory"),
    ([{"partitioning": {"layout": [{"mountPoint": "/", "fileSystem": "ext5"}]}}], "(ext5) does not belong to the enumeration"),
    ([{"hardwareRaid": [{"raidLevel": 7}]}], "[storage[0].hardwareRaid[0].raidLevel] Given data (7)"),
    ([{"diskGroupId": "one"}], "[storage[0].diskGroupId] Given data (one) is not valid for type long"),
    ([{"disk_group_id": 1}], "[storage[0].disk_group_id] is not a valid property name"),
])
def test_a_reinstall_storage_the_schema_refuses_is_refused(api, emulator, storage, message):
    # Like the real API, never lenient: a storage outside dedicated.server.reinstall.Storage starts nothing.
    answer = api.post(f"/dedicated/server/{SERVER}/reinstall", {"operatingSystem": "rocky9_64", "storage": storage})
    assert answer.status_code == 400 and message in answer.json()["message"], answer.json()
    assert api.get(f"/dedicated/server/{SERVER}/install/status").status_code == 404  # no installation started


def test_a_reinstall_storage_inside_the_schema_is_accepted(api, emulator):
    storage = [{"diskGroupId": 0, "hardwareRaid": [{"arrays": 1, "disks": 2, "raidLevel": 1, "spares": 0}],
                "partitioning": {"disks": 2, "schemeName": "default", "layout": [
                    {"fileSystem": "ext4", "mountPoint": "/", "raidLevel": 1, "size": 0, "extras": {"lv": {"name": "root"}}}]}}]
    answer = api.post(f"/dedicated/server/{SERVER}/reinstall", {"operatingSystem": "rocky9_64", "storage": storage})
    assert answer.status_code == 200, answer.json()
