"""ovh_vps in-process: the exact requests of a rerun (no write), check mode and diff, each pending state of a
VPS task seen while waiting, a task already pending waited for and never doubled, a failed task's state in
the failure, the display name, bad input refused before any request."""

import json

from emulator import tasks as emulator_tasks

WEB = "vps-1a2b3c4d.vps.ovh.net"  # running, "web-vps"
DEV = "vps-5e6f7a8b.vps.ovh.net"  # stopped, "dev-vps"
PENDING_LISTS = [("GET", "/vps/%s/tasks" % WEB, "state=%s" % state) for state in ("todo", "doing", "waitingAck", "paused", "blocked")]


def calls(emulator):
    return [(entry["method"], entry["path"], entry["query"] or "") for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_a_rerun_reads_and_writes_nothing(modules, emulator):
    rc, result, output = modules.run("ovh_vps", {"service_name": WEB, "state": "running", "display_name": "web-vps"}, "--diff")
    assert rc == 0 and not result["changed"], output
    assert calls(emulator) == [("GET", "/vps/%s" % WEB, "")] + PENDING_LISTS
    assert result["diff"]["before"] == result["diff"]["after"] == {"status": "running", "display_name": "web-vps"}
    assert (result["status"], result["previous_status"], result["task"], result["already_running"]) == ("running", "running", None, [])


def test_stop_in_check_mode_then_for_real_seeing_every_pending_state(modules, emulator, monkeypatch):
    emulator.state.vps.step_seconds = 10  # polls 1, 2, 4, 8, 10 s apart meet each state (55 s in all)
    args = {"service_name": WEB, "state": "stopped", "display_name": "front"}
    rc, result, output = modules.run("ovh_vps", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"] == {"before": {"status": "running", "display_name": "web-vps"},
                              "after": {"status": "stopped", "display_name": "front"}}
    seen = []
    original = emulator_tasks.Task.to_vps_api

    def recording(task, now):
        answer = original(task, now)
        seen.append(answer["state"])
        return answer

    monkeypatch.setattr(emulator_tasks.Task, "to_vps_api", recording)
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps", args)
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "/vps/%s" % WEB, {"displayName": "front"}), ("POST", "/vps/%s/stop" % WEB, None)]
    assert [state for index, state in enumerate(seen) if index == 0 or seen[index - 1] != state] == [
        "todo", "waitingAck", "blocked", "paused", "doing", "done"]
    assert result["task"]["state"] == "done" and result["task"]["type"] == "stopVm" and result["status"] == "stopped"
    task_reads = [call for call in calls(emulator) if call[1] == "/vps/%s/tasks/%d" % (WEB, result["task"]["id"])]
    assert len(task_reads) == len(seen) - 1  # the POST answered the first
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps", args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_restarted_always_reboots(modules, emulator):
    for _run in range(2):
        emulator.clear_log()
        rc, result, output = modules.run("ovh_vps", {"service_name": WEB, "state": "restarted"})
        assert rc == 0 and result["changed"] and result["task"]["type"] == "rebootVm", output
        assert writes(emulator) == [("POST", "/vps/%s/reboot" % WEB, None)]


def test_a_pending_task_is_waited_for_and_never_doubled(modules, emulator):
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running", "wait": False})
    assert rc == 0 and result["changed"] and result["task"]["state"] == "todo", output
    started = result["task"]["id"]
    # While the start runs: check mode predicts from it, a real run waits for it and starts nothing.
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running"}, "--check")
    assert rc == 0 and not result["changed"] and result["status"] == "running", output
    assert [task["id"] for task in result["already_running"]] == [started] and emulator.writes() == []
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running"})
    assert rc == 0 and not result["changed"] and result["status"] == "running", output
    assert [task["id"] for task in result["already_running"]] == [started] and emulator.writes() == []
    # A pending reboot is the reboot asked for.
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "restarted", "wait": False})
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "restarted"})
    assert rc == 0 and not result["changed"] and result["already_running"][0]["type"] == "rebootVm", output
    assert emulator.writes() == []


def test_a_failed_task_fails_with_its_type_and_state(modules, emulator):
    emulator.state.vps.next_outcome = ("error", "doing")
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running"})
    assert rc == 1 and result["changed"], output
    assert result["msg"].startswith("the start of %s failed: VPS task %d of %s ended error: \"startVm\", progress"
                                    % (DEV, result["task"]["id"], DEV))
    assert result["task"]["state"] == "error"


def test_a_wait_that_runs_out_says_it_goes_on(modules, emulator):
    emulator.state.vps.step_seconds = 100
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running", "wait_timeout": 20})
    assert rc == 1 and result["changed"] and "still pending after 20 seconds" in result["msg"], output
    assert "nothing is started twice" in result["msg"] and result["task"]["state"] == "todo"


def test_bad_input_fails_before_any_request(modules, emulator):
    for args, message in (({"service_name": WEB, "display_name": "x" * 51}, "display_name is 51 characters long"),
                          ({"service_name": "a/b"}, "service_name must be the VPS's service name"),
                          ({"service_name": WEB, "state": "stopped", "wait_timeout": -5}, "wait_timeout must be")):
        rc, result, output = modules.run("ovh_vps", args)
        assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_an_unknown_vps_fails_with_the_api_error(modules, emulator):
    rc, result, output = modules.run("ovh_vps", {"service_name": "vps-unknown.vps.ovh.net", "state": "running"})
    assert rc == 1 and result["http_status"] == 404 and "This service does not exist" in result["msg"], output
    assert emulator.writes() == []


def test_ovh_api_call_waits_for_a_vps_task(modules, emulator):
    rc, result, output = modules.run("ovh_api_call", {"path": "/vps/%s/reboot" % WEB, "method": "POST", "wait": True})
    assert rc == 0 and result["changed"], output
    assert result["task"]["type"] == "rebootVm" and result["task"]["state"] == "done"
    assert writes(emulator) == [("POST", "/vps/%s/reboot" % WEB, None)]


def test_a_pending_task_that_fails_is_reported_as_such_and_nothing_starts(modules, emulator):
    emulator.state.vps.next_outcome = ("error", "doing")
    rc, result, output = modules.run("ovh_vps", {"service_name": WEB, "state": "stopped", "wait": False})
    assert rc == 0 and result["changed"], output
    stop = result["task"]["id"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps", {"service_name": WEB, "state": "restarted"})
    assert rc == 1 and not result["changed"] and emulator.writes() == [], output
    assert result["msg"].startswith("a task already pending on %s failed, so nothing was started: VPS task %d of %s "
                                    'ended error: "stopVm"' % (WEB, stop, WEB))


def test_an_empty_display_name_where_the_vps_has_none_writes_nothing(modules, emulator):
    # displayName is nullable: "" asked where the API reports null is no change (it was a PUT on every run).
    with emulator.state.lock:
        emulator.state.vps.services[("demo-ovh", WEB)].display_name = None
    rc, result, output = modules.run("ovh_vps", {"service_name": WEB, "display_name": ""})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
