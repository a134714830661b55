"""ovh_dedicated_server_install in-process: a running reinstallation is never doubled, force, the wait
on a running one and its warning, the steps read while waiting (tests/MUTATION.md, mutants IN1-IN6);
check mode reads only, bad input writes nothing, the wait and its idempotent rerun, failures and
refusals, a malformed task, progress that cannot be read."""

import json

import pytest

from api_log import sent, write_statuses, writes as write_entries
from tamper import but_the_first, tamper, without

WEB = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"  # reinstalling ubuntu2404-server_64 in the seed


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


@pytest.fixture
def fast(emulator):
    """Short installation steps: waits end after a few polls of the simulated clock."""
    emulator.state.servers.step_seconds = 2
    return emulator


def test_a_running_reinstallation_is_not_doubled_even_with_force(modules, emulator):
    for force in (False, True):
        rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": BUSY, "operating_system": "debian12_64",
                                                                          "force": force})
        assert rc == 0 and not result["changed"] and not result["started"], output
        assert result["already_running"] and result["task"]["function"] == "reinstallServer"
    assert emulator.writes() == []


def test_force_reinstalls_the_same_system(modules, emulator):
    args = {"service_name": WEB, "operating_system": "debian12_64"}
    rc, result, output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0 and not result["changed"] and emulator.writes() == []
    rc, result, output = modules.run("ovh_dedicated_server_install", dict(args, force=True), "--check")
    assert rc == 0 and result["changed"] and result["started"] and emulator.writes() == []
    rc, result, output = modules.run("ovh_dedicated_server_install", dict(args, force=True))
    assert rc == 0 and result["changed"] and result["started"], output
    assert writes(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, {"operatingSystem": "debian12_64"})]


def test_waiting_on_the_running_reinstallation_warns_when_it_installs_another_system(modules, fast):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64"})
    assert rc == 0 and result["started"], output
    fast.clear_log()
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "alma9_64",
                                                                      "wait": True, "poll_interval": 5})
    assert rc == 0 and not result["changed"] and result["already_running"], output
    assert result["task"]["status"] == "done" and result["operating_system"] == "rocky9_64"
    assert fast.writes() == []
    assert any('installed "rocky9_64", not alma9_64' in warning for warning in result.get("warnings", []))


def test_no_warning_after_a_reinstallation_of_the_system_asked(modules, fast):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                      "wait": True, "poll_interval": 5})
    assert rc == 0 and result["changed"] and result["operating_system"] == "rocky9_64", output
    assert not result.get("warnings")
    assert result["steps"], "the installation steps read while waiting"
    progress = [entry["path"] for entry in fast.log if entry["path"].endswith("/install/status")]
    tasks = [entry["path"] for entry in fast.log if "/task/" in entry["path"]]
    assert len(progress) == len(tasks) - 1  # read with every pending read of the task, not after the final one


# Issue 23: config-drive metadata, storage checked against the schema, customizations not listed yet,
# properties documented as without effect, and a reinstallation read in init is pending.

STORAGE = [{"disk_group_id": 1, "hardware_raid": [{"raid_level": 1, "disks": 2}],
            "partitioning": {"scheme_name": "custom", "layout": [
                {"file_system": "ext4", "mount_point": "/boot", "size": 1024, "raid_level": 1},
                {"fileSystem": "ext4", "mountPoint": "/", "extras": {"lv": {"name": "root"}}},
                {"file_system": "swap", "mount_point": "swap", "size": "4096"}]}}]


def test_config_drive_metadata_and_storage_go_in_the_api_spelling(modules, emulator):
    args = {"service_name": WEB, "operating_system": "rocky9_64", "storage": STORAGE,
            "customizations": {"hostname": "web1", "config_drive_metadata": {"role": "web", "replicas": 3, "canary": False}}}
    rc, result, output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0 and result["started"] and not result.get("warnings"), output
    assert writes(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, {
        "operatingSystem": "rocky9_64",
        "customizations": {"hostname": "web1", "configDriveMetadata": {"role": "web", "replicas": "3", "canary": "false"}},
        "storage": [{"diskGroupId": 1, "hardwareRaid": [{"raidLevel": 1, "disks": 2}], "partitioning": {"schemeName": "custom", "layout": [
            {"fileSystem": "ext4", "mountPoint": "/boot", "size": 1024, "raidLevel": 1},
            {"fileSystem": "ext4", "mountPoint": "/", "extras": {"lv": {"name": "root"}}},
            {"fileSystem": "swap", "mountPoint": "swap", "size": 4096}]}}]})]


@pytest.mark.parametrize("storage, message", [
    ([{"partitioning": {"layout": [{"file_system": "ext4", "mount_point": "/"}, {"file_system": "fat32", "mount_point": "/efi"}]}}],
     "storage[0].partitioning.layout[1].file_system must be one of btrfs, ext3, ext4, fat16"),
    ([{}, {"partitioning": {"layout": [{"file_system": "ext4"}]}}], "storage[1].partitioning.layout[0].mount_point is required"),
    ([{"hardware_raid": [{"raid_level": 7}]}], "storage[0].hardware_raid[0].raid_level must be one of 0, 1, 5, 6, 10, 50, 60, got 7"),
    ([{"partitioning": {"layout": [{"file_system": "ext4", "mount_point": "/", "raid_level": 50}]}}],
     "storage[0].partitioning.layout[0].raid_level must be one of 0, 1, 5, 6, 7, 10, got 50"),
    ([{"disk_group_id": "first"}], "storage[0].disk_group_id must be an integer of 0 or more, got 'first'"),
    ([{"partitioning": {"layout": [{"file_system": "ext4", "mount_point": "/", "size": -1}]}}],
     "storage[0].partitioning.layout[0].size must be an integer of 0 or more, got -1"),
    ([{"partitioning": {"layouts": []}}], "storage[0].partitioning.layouts is not a field of dedicated.server.reinstall.storage.Partitioning"),
    ([{"diskGroupId": 1, "disk_group_id": 2}], "storage[0].disk_group_id is given twice"),
    ([{"partitioning": {"layout": {"file_system": "ext4"}}}], "storage[0].partitioning.layout must be a list"),
    ([{"partitioning": {"layout": [{"file_system": "ext4", "mount_point": "/", "extras": {"lvm": {}}}]}}],
     "storage[0].partitioning.layout[0].extras.lvm is not a field"),
])
def test_a_storage_the_schema_refuses_fails_before_any_request(modules, emulator, storage, message):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                      "storage": storage})
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_an_unlisted_customization_is_sent_as_given_with_a_warning(modules, emulator):
    args = {"service_name": WEB, "operating_system": "rocky9_64", "customizations": {"hostname": "web1"},
            "extra_customizations": {"futureOption": "on"}}
    rc, result, output = modules.run("ovh_dedicated_server_install", args)
    # The emulator, like the API, refuses a customization it does not know: the body went as given.
    assert rc == 1 and "Customization futureOption doesn't exist" in result["msg"] and "[QueryID: EU." in result["msg"], output
    assert result["changed"] is False
    assert any("extra_customizations: futureOption sent as given" in warning for warning in result["warnings"])
    assert [body for _method, _path, body in writes(emulator)] == [
        {"operatingSystem": "rocky9_64", "customizations": {"hostname": "web1", "futureOption": "on"}}]


@pytest.mark.parametrize("extra, message", [
    ({"sshKey": "ssh-ed25519 AAAA"}, "extra_customizations.sshKey is an option of customizations: set customizations.ssh_key"),
    ({"config_drive_metadata": {}}, "extra_customizations.config_drive_metadata is an option of customizations"),
    ({"bad-name": "x"}, "'bad-name' is not a customization name"),
])
def test_extra_customizations_refused_before_any_request(modules, emulator, extra, message):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                      "extra_customizations": extra})
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_properties_warn_that_they_have_no_effect(modules, emulator):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                      "properties": {"x": "y"}})
    assert rc == 0 and result["started"], output
    assert any("properties has no effect" in warning for warning in result["warnings"])


def test_a_reinstallation_read_in_init_is_pending_not_failed(modules, emulator):
    """The task starts in init: were init not a pending state (tasks.TASK_KINDS), the first read would end
    the wait as a failure."""
    emulator.clock_frozen = True
    emulator.state.servers.step_seconds = 2
    seen = []

    def status_read_next():
        with emulator.state.lock:
            tasks = emulator.state.servers.dedicated[("demo-ovh", WEB)].tasks
            seen.append(tasks[max(tasks)].status(emulator.state.now()))

    with modules.clock.during_waits(status_read_next):
        rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                          "wait": True, "poll_interval": 2})
    assert rc == 0 and result["task"]["status"] == "done" and result["operating_system"] == "rocky9_64", output
    with emulator.state.lock:
        task = emulator.state.servers.dedicated[("demo-ovh", WEB)].tasks[result["task"]["task_id"]]
        first = task.status(task.start)
    assert first == "init"
    distinct = []
    for status in [first] + seen:
        if not distinct or distinct[-1] != status:
            distinct.append(status)
    assert distinct == ["init", "todo", "doing", "done"]


def test_install_check_mode_reads_only(modules, emulator):
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64"},
                                      "--check", "--diff")
    assert rc == 0 and result["changed"] and result["started"]
    assert result["diff"] == {"before": {"operating_system": "debian12_64"}, "after": {"operating_system": "rocky9_64"}}
    assert sent(emulator) == [("GET", f"/dedicated/server/{WEB}"),
                              ("GET", f"/dedicated/server/{WEB}/task?function=reinstallServer")]


@pytest.mark.parametrize("args, message", [
    ({"operating_system": " "}, "operating_system must name a system"),
    ({"customizations": {"hostname": "web_1"}}, "not a valid host name"),
    ({"customizations": {"hostname": "a." * 130 + "b"}}, "not a valid host name"),
    ({"storage": ["raid1"]}, "'storage' is of type str"),
    ({"customizations": {"image_type": "iso"}}, "image_type"),
    ({"wait_timeout": -1}, "wait_timeout must be 0 or more"),
    ({"poll_interval": 0}, "poll_interval must be more than 0"),
    ({"service_name": ""}, "service_name must be the server's service name"),
    ({"service_name": "ns1/task"}, "service_name must be the server's service name"),
])
def test_install_bad_input_writes_nothing(modules, emulator, args, message):
    rc, result, _output = modules.run("ovh_dedicated_server_install", dict({"service_name": WEB, "operating_system": "rocky9_64"}, **args))
    assert rc == 1 and message in result["msg"]
    assert write_entries(emulator) == [] and sent(emulator) == []


def test_install_waits_then_is_idempotent(modules, fast):
    args = {"service_name": WEB, "operating_system": "rocky9_64", "wait": True, "poll_interval": 0.01,
            "customizations": {"hostname": "web1", "http_headers": {"Authorization": "Bearer NeverInTheResult99"}}}
    rc, result, output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0, result
    assert result["changed"] and result["task"]["status"] == "done" and result["operating_system"] == "rocky9_64"
    assert "NeverInTheResult99" not in output
    (post,) = write_entries(fast)
    assert json.loads(post["body"]) == {"operatingSystem": "rocky9_64", "customizations": {
        "hostname": "web1", "httpHeaders": {"Authorization": "Bearer NeverInTheResult99"}}}
    fast.clear_log()
    rc, result, _output = modules.run("ovh_dedicated_server_install", args)
    assert rc == 0 and not result["changed"] and write_entries(fast) == []
    assert len(sent(fast)) == 3  # the server, its reinstall task ids, the newest one


def test_install_failure_and_api_refusal(modules, fast):
    fast.state.servers.next_outcome = ("cancelled", "Cancelled by the customer", 1)
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                       "wait": True, "poll_interval": 0.01})
    assert rc == 1 and result["changed"]
    assert result["msg"].endswith('ended cancelled: "Cancelled by the customer"')
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "beos_64"})
    assert rc == 1 and not result["changed"] and result["http_status"] == 404
    assert "Operating system beos_64 could not be found" in result["msg"] and result["query_id"]


SERVER_TASK = "/dedicated/server/{serviceName}/task/{taskId}"


def test_install_waits_for_the_running_reinstallation_of_another_system(modules, emulator):
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": BUSY, "operating_system": "debian12_64", "wait": True, "poll_interval": 60})
    assert rc == 0, result
    assert (result["changed"], result["started"], result["already_running"]) == (False, False, True)
    assert (result["task"]["status"], result["operating_system"]) == ("done", "ubuntu2404-server_64")
    assert result["warnings"] == ["the reinstallation that was running installed \"ubuntu2404-server_64\", not debian12_64; "
                                  "run the task again to install debian12_64"]
    assert emulator.writes() == []


def test_malformed_reinstall_task(modules, emulator, monkeypatch):
    # The reinstallation already running is found (a first, whole read), then read without its status.
    tamper(monkeypatch, "GET", SERVER_TASK, but_the_first(without("status")))
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": BUSY, "operating_system": "debian12_64", "wait": True, "poll_interval": 60})
    assert (rc, result["changed"], result["started"], result["already_running"]) == (1, False, False, True), result
    task_path = "/dedicated/server/%s/task/%d" % (BUSY, result["task"]["task_id"])
    assert result["msg"].startswith("GET %s answered {" % task_path) and result["msg"].endswith("}, not a dedicated server task")
    assert "'function': 'reinstallServer'" in result["msg"] and "'status'" not in result["msg"]
    assert emulator.writes() == []
    # ovh_api_call's wait: the call's answer is kept, without a task.
    tamper(monkeypatch, "GET", SERVER_TASK, without("status"))
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"method": "POST", "path": "/dedicated/server/%s/reinstall" % WEB,
                                                                  "body": {"operatingSystem": "alma9_64"}, "wait": True})
    assert (rc, result["changed"], result["status"]) == (1, True, 200) and "task" not in result, result
    task_path = "/dedicated/server/%s/task/%d" % (WEB, result["json"]["taskId"])
    assert result["msg"].startswith("GET %s answered {" % task_path) and result["msg"].endswith("}, not a dedicated server task")
    assert write_statuses(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, 200)]


def test_install_progress_unreadable(modules, emulator):
    # Not the route's 404 once the installation is over: an error, with the reinstallation started.
    emulator.add_fault(status=500, method="GET", path="/dedicated/server/%s/install/status" % WEB)
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": WEB, "operating_system": "alma9_64", "wait": True, "poll_interval": 60})
    assert (rc, result["changed"], result["started"], result["http_status"]) == (1, True, True, 500), result
    assert result["msg"].startswith("GET /dedicated/server/%s/install/status failed: HTTP 500, Server::InternalServerError" % WEB)
    assert "[QueryID: EU." in result["msg"] and result["task"]["status"] in ("init", "todo", "doing")
    assert write_statuses(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, 200)]
