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
    assert any("installed rocky9_64, not alma9_64" in warning for warning in result.get("warnings", []))


def test_no_warning_after_a_reinstallation_of_the_system_asked(modules, fast):
    rc, result, output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "rocky9_64",
                                                                      "wait": True, "poll_interval": 5})
    assert rc == 0 and result["changed"] and result["operating_system"] == "rocky9_64", output
    assert not result.get("warnings")
    assert result["steps"], "the installation steps read while waiting"
    progress = [entry["path"] for entry in fast.log if entry["path"].endswith("/install/status")]
    tasks = [entry["path"] for entry in fast.log if "/task/" in entry["path"]]
    assert len(progress) == len(tasks) - 1  # read with every pending read of the task, not after the final one


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
    assert result["msg"].endswith("ended cancelled: Cancelled by the customer")
    rc, result, _output = modules.run("ovh_dedicated_server_install", {"service_name": WEB, "operating_system": "beos_64"})
    assert rc == 1 and not result["changed"] and result["status"] == 404
    assert "Operating system beos_64 could not be found" in result["msg"] and result["query_id"]


SERVER_TASK = "/dedicated/server/{serviceName}/task/{taskId}"


def test_install_waits_for_the_running_reinstallation_of_another_system(modules, emulator):
    rc, result, _output = modules.run("signet.ovh.ovh_dedicated_server_install", {
        "service_name": BUSY, "operating_system": "debian12_64", "wait": True, "poll_interval": 60})
    assert rc == 0, result
    assert (result["changed"], result["started"], result["already_running"]) == (False, False, True)
    assert (result["task"]["status"], result["operating_system"]) == ("done", "ubuntu2404-server_64")
    assert result["warnings"] == ["the reinstallation that was running installed ubuntu2404-server_64, not debian12_64; "
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
    assert (rc, result["changed"], result["started"], result["status"]) == (1, True, True, 500), result
    assert result["msg"].startswith("GET /dedicated/server/%s/install/status failed: HTTP 500, Server::InternalServerError" % WEB)
    assert "[QueryID: EU." in result["msg"] and result["task"]["status"] in ("todo", "doing")
    assert write_statuses(emulator) == [("POST", "/dedicated/server/%s/reinstall" % WEB, 200)]
