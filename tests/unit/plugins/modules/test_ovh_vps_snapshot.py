"""ovh_vps_snapshot in-process: present, absent and restored with their exact writes, check mode and diff, reruns
without a write (restored included: the revert task of this snapshot is the trace), force, a pending task waited
for, restored without a snapshot refused before any write."""

import json

WEB = "vps-1a2b3c4d.vps.ovh.net"  # with the snapshot "before upgrade"
DEV = "vps-5e6f7a8b.vps.ovh.net"  # without a snapshot
PENDING = ("todo", "doing", "waitingAck", "paused", "blocked")


def calls(emulator):
    return [(entry["method"], entry["path"], entry["query"] or "") for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_present_takes_one_snapshot_then_only_its_description(modules, emulator):
    args = {"service_name": DEV, "description": "first"}
    rc, result, output = modules.run("ovh_vps_snapshot", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"] is None and result["diff"]["after"]["description"] == "first"
    rc, result, output = modules.run("ovh_vps_snapshot", args)
    assert rc == 0 and result["changed"] and result["task"]["type"] == "createSnapshot", output
    assert result["task"]["state"] == "done" and result["snapshot"]["description"] == "first"
    assert writes(emulator) == [("POST", "/vps/%s/createSnapshot" % DEV, {"description": "first"})]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", args)
    assert rc == 0 and not result["changed"], output
    assert calls(emulator) == ([("GET", "/vps/%s" % DEV, "")] + [("GET", "/vps/%s/tasks" % DEV, "state=" + state)
                                                                 for state in PENDING] + [("GET", "/vps/%s/snapshot" % DEV, "")])
    rc, result, output = modules.run("ovh_vps_snapshot", dict(args, description="renamed"), "--diff")
    assert rc == 0 and result["changed"] and result["task"] is None, output
    assert writes(emulator) == [("PUT", "/vps/%s/snapshot" % DEV, {"description": "renamed"})]
    assert result["diff"]["after"]["description"] == "renamed" and result["snapshot"]["description"] == "renamed"
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV})  # no description: kept
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_absent(modules, emulator):
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": "absent"}, "--check")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": "absent"}, "--diff")
    assert rc == 0 and result["changed"] and result["snapshot"] is None, output
    assert result["diff"]["before"]["description"] == "before upgrade" and result["diff"]["after"] is None
    assert writes(emulator) == [("DELETE", "/vps/%s/snapshot" % WEB, None)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": "absent"})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_restored_reverts_once_then_needs_force(modules, emulator):
    args = {"service_name": WEB, "state": "restored"}
    rc, result, output = modules.run("ovh_vps_snapshot", args, "--check")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_vps_snapshot", args)
    assert rc == 0 and result["changed"] and result["task"]["type"] == "revertSnapshot", output
    assert writes(emulator) == [("POST", "/vps/%s/snapshot/revert" % WEB, None)]
    revert = result["task"]["id"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", args)
    assert rc == 0 and not result["changed"] and result["restored_by"]["id"] == revert, output
    assert calls(emulator)[-2:] == [("GET", "/vps/%s/tasks" % WEB, "type=revertSnapshot&state=done"),
                                    ("GET", "/vps/%s/tasks/%d" % (WEB, revert), "")]
    assert emulator.writes() == []
    rc, result, output = modules.run("ovh_vps_snapshot", dict(args, force=True))
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("POST", "/vps/%s/snapshot/revert" % WEB, None)]


def test_a_new_snapshot_after_a_revert_is_restored_again(modules, emulator):
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": "restored"})
    assert rc == 0 and result["changed"], output
    for state in ("absent", "present"):
        rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": state})
        assert rc == 0 and result["changed"], output
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": WEB, "state": "restored"})
    assert rc == 0 and result["changed"] and result["restored_by"] is None, output  # the revert was of the old one
    assert writes(emulator) == [("POST", "/vps/%s/snapshot/revert" % WEB, None)]


def test_restored_without_a_snapshot_fails_before_any_write(modules, emulator):
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV, "state": "restored"})
    assert rc == 1 and result["msg"] == "state=restored: %s has no snapshot to restore" % DEV, output
    assert emulator.writes() == []


def test_a_pending_task_is_waited_for(modules, emulator):
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV, "wait": False})
    assert rc == 0 and result["changed"] and result["task"]["state"] == "todo", output
    creation = result["task"]["id"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV}, "--check")
    assert rc == 0 and not result["changed"], output  # the pending creation counts
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV, "state": "absent"}, "--check")
    assert rc == 0 and result["changed"], output
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV})
    assert rc == 0 and not result["changed"] and result["task"]["id"] == creation, output
    assert result["task"]["state"] == "done" and result["snapshot"] is not None
    assert emulator.writes() == []


def test_a_failed_snapshot_task_fails_with_its_state(modules, emulator):
    emulator.state.vps.next_outcome = ("cancelled", "blocked")
    rc, result, output = modules.run("ovh_vps_snapshot", {"service_name": DEV})
    assert rc == 1 and result["changed"] and "the snapshot task of %s failed" % DEV in result["msg"], output
    assert 'ended cancelled: "createSnapshot"' in result["msg"] and result["task"]["state"] == "cancelled"


def test_bad_input_fails_before_any_request(modules, emulator):
    for args, message in (({"service_name": ""}, "service_name must be"),
                          ({"service_name": DEV, "wait_timeout": -1}, "wait_timeout must be")):
        rc, result, output = modules.run("ovh_vps_snapshot", args)
        assert rc == 1 and message in result["msg"], output
    assert emulator.log == []
