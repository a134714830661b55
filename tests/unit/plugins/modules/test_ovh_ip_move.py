"""ovh_ip_move in-process: the exact requests of a fail-over, no write when already there, a running
move waited for and never started twice, check mode, diff, park, failures, bad input."""

import json

import pytest

IP = "203.0.113.100/32"
PATH = "/ip/203.0.113.100%2F32"
WEB = "ns3001234.ip-203-0-113.eu"  # where the seed routes the address
DB = "ns3005678.ip-198-51-100.eu"
SEEDED_TASK = 7000001  # the seeded move history of the address


def requests(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None)
            for entry in emulator.writes()]


@pytest.fixture(autouse=True)
def frozen(emulator):
    # Task states follow the emulator clock only, which moves with the module's waits.
    emulator.clock_frozen = True


def test_already_routed_there_is_one_request_and_no_write(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": "203.0.113.100", "to": WEB})
    assert rc == 0 and not result["changed"], output
    assert (result["ip"], result["from"], result["to"]) == (IP, WEB, WEB)
    assert "task" not in result
    assert requests(emulator) == [("GET", PATH)]


def test_a_move_sees_each_pending_state_and_reports_from_and_to(modules, emulator):
    seen = []

    def record():  # the task's state on the emulator clock at each of the module's waits (then it reads)
        with emulator.state.lock:
            for ip_task in emulator.state.ips.failover[("demo-ovh", IP)].tasks.values():
                if ip_task.task.task_id != SEEDED_TASK:
                    seen.append(ip_task.to_api(emulator.state.now())["status"])

    with modules.clock.during_waits(record):
        rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB}, "--diff")
    assert rc == 0 and result["changed"], output
    assert (result["from"], result["to"]) == (WEB, DB)
    assert result["diff"] == {"before": {"routed_to": WEB}, "after": {"routed_to": DB}}
    task_id = result["task"]["task_id"]
    assert result["task"]["status"] == "done" and result["task"]["function"] == "genericMoveFloatingIp"
    assert result["task"]["destination"] == {"service_name": DB}
    task = "%s/task/%d" % (PATH, task_id)
    assert requests(emulator) == [("GET", PATH), ("GET", PATH + "/task"), ("GET", "%s/task/%d" % (PATH, SEEDED_TASK)),
                                  ("POST", PATH + "/move")] + [("GET", task)] * 4
    assert writes(emulator) == [("POST", PATH + "/move", {"to": DB})]
    # The first read (at once) found init; the emulator clock moved only with the waits: 1, 2, then 4 seconds.
    assert modules.clock.sleeps == [1.0, 2.0, 4.0]
    assert seen == ["todo", "doing", "done"]
    with emulator.state.lock:
        ip_task = emulator.state.ips.failover[("demo-ovh", IP)].tasks[task_id]
        assert ip_task.to_api(ip_task.task.start)["status"] == "init"


def test_a_rerun_and_check_mode_send_no_write(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and result["changed"], output
    moved = result["task"]["task_id"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and not result["changed"] and result["from"] == result["to"] == DB, output
    assert requests(emulator) == [("GET", PATH)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": WEB}, "--check", "--diff")
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (DB, WEB), output
    assert result["diff"] == {"before": {"routed_to": DB}, "after": {"routed_to": WEB}}
    # A move to predict: the newest task is read too (a move running there would be no change).
    assert requests(emulator) == [("GET", PATH), ("GET", PATH + "/task"), ("GET", "%s/task/%d" % (PATH, moved))]
    assert modules.clock.sleeps == [1.0, 2.0, 4.0]


def test_a_move_already_running_is_waited_for_not_started_again(modules, emulator):
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        running = emulator.state.ips.start_task(failover, DB, emulator.state.now())
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and not result["changed"], output
    assert result["task"]["task_id"] == running.task.task_id and result["task"]["status"] == "done"
    assert (result["from"], result["to"]) == (WEB, DB)
    assert emulator.writes() == []
    task = "%s/task/%d" % (PATH, running.task.task_id)
    assert requests(emulator) == [("GET", PATH), ("GET", PATH + "/task"), ("GET", task)] + [("GET", task)] * 4 + [("GET", PATH)]


def test_a_running_move_elsewhere_is_waited_for_then_one_move(modules, emulator):
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        emulator.state.ips.start_task(failover, None, emulator.state.now())  # being parked
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (WEB, DB), output
    assert writes(emulator) == [("POST", PATH + "/move", {"to": DB})]


def test_without_wait_a_running_move_elsewhere_fails_and_starts_nothing(modules, emulator):
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        emulator.state.ips.start_task(failover, None, emulator.state.now())
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB, "wait": False})
    assert rc == 1 and not result["changed"], output
    assert "is running on 203.0.113.100/32: run again with wait=true" in result["msg"]
    assert emulator.writes() == []


def running_task_of_another_kind(emulator):
    """A task on the address that is no move nor park (checkAndReleaseIp): it routes nothing."""
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        ip_task = emulator.state.ips.start_task(failover, None, emulator.state.now())
        ip_task.task.function = "checkAndReleaseIp"
        ip_task.applied = False
    return ip_task


def test_without_wait_a_running_task_that_is_no_park_is_not_taken_for_one(modules, emulator):
    running_task_of_another_kind(emulator)
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "state": "parked", "wait": False})
    assert rc == 1 and not result["changed"], output
    assert "(\"checkAndReleaseIp\", \"init\") is running on 203.0.113.100/32" in result["msg"]
    assert emulator.writes() == []


def test_a_running_task_that_is_no_park_is_waited_for_then_the_park(modules, emulator):
    running_task_of_another_kind(emulator)
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "state": "parked"})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (WEB, None), output
    assert writes(emulator) == [("POST", PATH + "/park", None)]


def test_a_running_move_that_fails_is_waited_for_then_the_move_is_made(modules, emulator):
    # An earlier fail-over that failed (the other node's): this run's move is still made, once.
    emulator.state.ips.next_outcome = ("ovhError", "Routing could not be updated")
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        failed = emulator.state.ips.start_task(failover, None, emulator.state.now())
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (WEB, DB), output
    assert result["task"]["status"] == "done" and result["task"]["task_id"] != failed.task.task_id
    assert writes(emulator) == [("POST", PATH + "/move", {"to": DB})]
    assert any("task %d" % failed.task.task_id in warning and "Routing could not be updated" in warning
               for warning in result["warnings"]), output


def test_check_mode_sees_a_move_already_running_there(modules, emulator):
    with emulator.state.lock:
        failover = emulator.state.ips.failover[("demo-ovh", IP)]
        running = emulator.state.ips.start_task(failover, DB, emulator.state.now())
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB}, "--check", "--diff")
    # The run would wait for that move and start nothing: no change to predict.
    assert rc == 0 and not result["changed"] and (result["from"], result["to"]) == (WEB, DB), output
    assert result["task"]["task_id"] == running.task.task_id
    task = "%s/task/%d" % (PATH, running.task.task_id)
    assert requests(emulator) == [("GET", PATH), ("GET", PATH + "/task"), ("GET", task)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "state": "parked"}, "--check")
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (WEB, None), output
    assert emulator.writes() == [] and modules.clock.sleeps == []


def test_without_wait_the_task_is_started_and_reported(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB, "wait": False})
    assert rc == 0 and result["changed"] and result["task"]["status"] == "init" and result["to"] == DB, output
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB, "wait": False})
    assert rc == 0 and not result["changed"] and result["task"]["status"] == "init", output
    assert emulator.writes() == []


def test_park_and_back(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "state": "parked"})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (WEB, None), output
    assert writes(emulator) == [("POST", PATH + "/park", None)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "state": "parked"})
    assert rc == 0 and not result["changed"] and requests(emulator) == [("GET", PATH)], output
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": WEB, "nexthop": "203.0.113.10"})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (None, WEB), output
    assert writes(emulator)[-1] == ("POST", PATH + "/move", {"to": WEB, "nexthop": "203.0.113.10"})


def test_a_failed_move_fails_with_the_task_and_says_a_write_was_made(modules, emulator):
    emulator.state.ips.next_outcome = ("ovhError", "Routing could not be updated")
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 1 and result["changed"], output
    assert result["msg"].startswith("the move of 203.0.113.100/32 to %s failed: IP task" % DB)
    assert "Routing could not be updated" in result["msg"] and result["task"]["status"] == "ovhError"
    assert result["to"] == WEB  # still where it was


def test_a_timeout_says_the_move_goes_on(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB, "wait_timeout": 2})
    assert rc == 1 and result["changed"], output
    assert "nothing is started twice" in result["msg"] and result["task"]["status"] == "todo"


def test_a_refused_destination_lists_where_the_ip_may_go(modules, emulator):
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": "ns3100000.ip-198-51-100.eu"})
    assert rc == 1 and not result["changed"], output
    assert "is not a valid destination" in result["msg"] and result["http_status"] == 400
    assert "may go to: %s (dedicatedServer, nexthop 198.51.100.20)" % DB in result["msg"]
    assert "vps-1a2b3c4d.vps.ovh.net (vps)" in result["msg"]
    assert requests(emulator)[-1] == ("GET", PATH + "/move")


@pytest.mark.parametrize("args, message", [
    ({"ip": "203.0.113.300", "to": DB}, "is not an IP address or CIDR block"),
    ({"ip": "203.0.113.0/23", "to": DB}, "has host bits set"),
    ({"ip": IP, "to": "bad name!"}, "to \"bad name!\" is not a service name"),
    ({"ip": IP}, "state is routed but all of the following are missing: to"),
    ({"ip": IP, "state": "parked", "to": DB}, "to and nexthop go with state=routed"),
    ({"ip": IP, "to": DB, "wait_timeout": -1}, "wait_timeout must be"),
    ({"ip": IP, "to": DB, "nexthop": "gw {{ x }}"}, "nexthop 'gw {{ x }}' is not an IP address (GET /ip/{ip}/move lists"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_ip_move", args)
    assert rc == 1 and message in result["msg"], output
    assert requests(emulator) == []


def test_its_own_task_gone_before_the_move_happened_fails_and_says_so(modules, emulator):
    emulator.add_fault(status=404, method="GET", path="/ip/203.0.113.100%%2F32/task/%d" % (SEEDED_TASK + 1), count=1)
    rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 1 and result["changed"], output
    assert result["http_status"] == 404 and result["to"] == WEB
    assert "is gone (404) and 203.0.113.100/32 is routed to %s, not %s: the move did not happen" % (WEB, DB) in result["msg"]
    assert requests(emulator)[-1] == ("GET", PATH)  # the IP read that decided


def test_its_own_task_gone_after_the_move_is_a_warning(modules, emulator):
    waits = []

    def vanish():  # after the task is done on the emulator clock (1 + 2 + 4 s), its next read answers 404
        waits.append(1)
        if len(waits) == 3:
            emulator.add_fault(status=404, method="GET", path="/ip/203.0.113.100%%2F32/task/%d" % (SEEDED_TASK + 1), count=1)

    with modules.clock.during_waits(vanish):
        rc, result, output = modules.run("ovh_ip_move", {"ip": IP, "to": DB})
    assert rc == 0 and result["changed"] and result["to"] == DB, output
    assert any("is gone (404) before it was seen done" in warning for warning in result["warnings"])
