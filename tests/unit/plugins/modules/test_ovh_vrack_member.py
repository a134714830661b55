"""ovh_vrack_member in-process: the exact requests of each member kind, check mode, diff, a rerun that
sends nothing, a task that answers 404 once done, a task already running, and bad input refused
before any request. The emulator's clock is frozen: its tasks move only when the module waits."""

import json

import pytest

VRACK = "pn-12345"
WEB = "ns3001234.ip-203-0-113.eu"  # has a vrack-mode interface, in no vRack
OLD = "ns3005678.ip-198-51-100.eu"  # older server, in pn-12345 as a whole
INTERFACE = "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"
PROJECT_IN = "0123456789abcdef0123456789abcdef"
PROJECT_FREE = "fedcba9876543210fedcba9876543210"
BLOCK_IN = "192.0.2.128/28"
BLOCK_FREE = "198.51.100.128/28"


def requests(emulator):
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""))
            for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def test_a_server_with_a_vrack_interface_joins_through_it_and_the_task_404_is_done(modules, frozen):
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "dedicated_server": WEB})
    assert rc == 0 and result["changed"], output
    assert result["member"] == {"kind": "dedicated_server_interface", "id": INTERFACE, "dedicated_server": WEB}
    assert result["present"] is True and result["already_running"] is False
    # The task ended and disappeared: its last read answered 404, which is "done".
    assert result["task"]["status"] == "done" and result["task"]["function"] == "addDedicatedServerInterfaceToVrack"
    task_path = "/vrack/%s/task/%d" % (VRACK, result["task"]["id"])
    log = requests(frozen)
    assert log[:5] == [
        ("GET", "/dedicated/server/%s/virtualNetworkInterface?mode=vrack" % WEB),
        ("GET", "/vrack/%s/dedicatedServerInterface" % VRACK),
        ("GET", "/vrack/%s/task" % VRACK),
        ("GET", "/dedicated/server/%s/virtualNetworkInterface/%s" % (WEB, INTERFACE)),
        ("POST", "/vrack/%s/dedicatedServerInterface" % VRACK),
    ]
    assert log[5:] and all(entry == ("GET", task_path) for entry in log[5:])
    assert [entry["status"] for entry in frozen.log if entry["path"] == task_path][-1] == 404
    assert writes(frozen) == [("POST", "/vrack/%s/dedicatedServerInterface" % VRACK, {"dedicatedServerInterface": INTERFACE})]
    # The rerun: two reads, no write.
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "dedicated_server": WEB})
    assert rc == 0 and not result["changed"] and result["task"] is None, output
    assert requests(frozen) == [("GET", "/dedicated/server/%s/virtualNetworkInterface?mode=vrack" % WEB),
                                ("GET", "/vrack/%s/dedicatedServerInterface" % VRACK)]


def test_an_older_server_is_attached_as_a_whole(modules, frozen):
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "dedicated_server": OLD, "state": "absent"})
    assert rc == 0 and result["changed"] and result["present"] is False, output
    assert result["member"] == {"kind": "dedicated_server", "id": OLD, "dedicated_server": OLD}
    assert writes(frozen) == [("DELETE", "/vrack/%s/dedicatedServer/%s" % (VRACK, OLD), None)]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "dedicated_server": OLD.upper()})
    assert rc == 0 and result["changed"] and result["task"]["status"] == "done", output
    assert writes(frozen) == [("POST", "/vrack/%s/dedicatedServer" % VRACK, {"dedicatedServer": OLD})]
    assert requests(frozen)[:3] == [("GET", "/dedicated/server/%s/virtualNetworkInterface?mode=vrack" % OLD),
                                    ("GET", "/vrack/%s/dedicatedServer" % VRACK), ("GET", "/vrack/%s/task" % VRACK)]


def test_check_mode_predicts_and_sends_no_write_and_diff_shows_the_membership(modules, frozen):
    args = {"vrack": VRACK, "cloud_project": PROJECT_FREE}
    rc, result, output = modules.run("ovh_vrack_member", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["present"] is True, output
    assert result["diff"]["before"]["present"] is False and result["diff"]["after"]["present"] is True
    assert result["diff"]["before"]["member"] == {"kind": "cloud_project", "id": PROJECT_FREE}
    assert frozen.writes() == [] and modules.clock.sleeps == []
    rc, result, output = modules.run("ovh_vrack_member", args, "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"]["present"] is True, output
    assert writes(frozen) == [("POST", "/vrack/%s/cloudProject" % VRACK, {"project": PROJECT_FREE})]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", args, "--diff")
    assert rc == 0 and not result["changed"] and result["diff"]["before"] == result["diff"]["after"], output
    assert requests(frozen) == [("GET", "/vrack/%s/cloudProject" % VRACK)]


def test_an_ip_block_is_added_with_its_region_and_its_region_is_compared(modules, frozen):
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "ip_block": BLOCK_FREE, "region": "eu-west-rbx"})
    assert rc == 0 and result["changed"], output
    assert result["member"] == {"kind": "ip", "id": BLOCK_FREE, "region": "eu-west-rbx"}
    assert writes(frozen) == [("POST", "/vrack/%s/ip" % VRACK, {"block": BLOCK_FREE, "region": "eu-west-rbx"})]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "ip_block": BLOCK_FREE, "region": "eu-west-rbx"})
    assert rc == 0 and not result["changed"], output
    assert requests(frozen) == [("GET", "/vrack/%s/ip" % VRACK), ("GET", "/vrack/%s/ip/%s" % (VRACK, BLOCK_FREE.replace("/", "%2F")))]
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "ip_block": BLOCK_IN, "region": "eu-west-sbg"})
    assert rc == 1 and "with region \"eu-west-gra\", not eu-west-sbg" in result["msg"] and not result["changed"], output
    assert frozen.writes() == []
    # Removing a block needs no region.
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "ip_block": BLOCK_IN, "state": "absent"})
    assert rc == 0 and result["changed"], output
    assert writes(frozen)[-1] == ("DELETE", "/vrack/%s/ip/%s" % (VRACK, BLOCK_IN.replace("/", "%2F")), None)


def test_a_task_already_running_for_the_member_is_waited_for_not_started_twice(modules, frozen):
    args = {"vrack": VRACK, "cloud_project": PROJECT_FREE}
    rc, result, output = modules.run("ovh_vrack_member", dict(args, wait=False))
    assert rc == 0 and result["changed"] and result["task"]["status"] == "init", output
    task_id = result["task"]["id"]
    # Without wait, and in check mode: reported, nothing sent.
    for options in ((), ("--check",)):
        rc, result, output = modules.run("ovh_vrack_member", dict(args, wait=False), *options)
        assert rc == 0 and not result["changed"] and result["already_running"] and result["task"]["id"] == task_id, output
    assert len(frozen.writes()) == 1
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", args)
    assert rc == 0 and not result["changed"] and result["already_running"] and result["present"], output
    assert result["task"]["status"] == "done" and result["task"]["id"] == task_id
    assert frozen.writes() == []
    log = requests(frozen)
    assert log[:3] == [("GET", "/vrack/%s/cloudProject" % VRACK), ("GET", "/vrack/%s/task" % VRACK),
                       ("GET", "/vrack/%s/task/%d" % (VRACK, task_id))]
    assert log[-1] == ("GET", "/vrack/%s/cloudProject" % VRACK)  # read again once the task is over


def test_the_task_passes_through_each_pending_state_on_the_emulator_clock(modules, frozen):
    frozen.state.vrack.task_seconds = (2, 2, 2)
    args = {"vrack": VRACK, "cloud_project": PROJECT_FREE, "wait": False}
    statuses = []
    for _step in range(4):
        rc, result, output = modules.run("ovh_vrack_member", args)
        assert rc == 0, output
        statuses.append((result["changed"], result["already_running"], result["task"] and result["task"]["status"]))
        frozen.clock_offset += 2
    assert statuses == [(True, False, "init"), (False, True, "todo"), (False, True, "doing"), (False, False, None)]
    assert len(frozen.writes()) == 1


def test_an_interface_in_another_vrack_is_reported_before_any_write(modules, frozen):
    with frozen.state.lock:
        other = frozen.state.vrack.add_vrack("demo-ovh", {"serviceName": "pn-67890"})
        other.members["dedicatedServerInterface"][INTERFACE] = {}
        frozen.state.vrack.interfaces[("demo-ovh", INTERFACE)].vrack = "pn-67890"
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": VRACK, "dedicated_server": WEB})
    assert rc == 1 and "is in vRack \"pn-67890\"" in result["msg"] and not result["changed"], output
    assert frozen.writes() == []


def test_the_api_refusal_of_a_server_in_another_vrack_fails_with_nothing_changed(modules, frozen):
    with frozen.state.lock:
        frozen.state.vrack.add_vrack("demo-ovh", {"serviceName": "pn-67890"})
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": "pn-67890", "dedicated_server": OLD})
    assert rc == 1 and not result["changed"], output
    assert "Server is already on vRack pn-12345" in result["msg"] and result["http_status"] == 400
    assert [entry["status"] for entry in frozen.writes()] == [400]


@pytest.mark.parametrize("args, message", [
    ({"cloud_project": PROJECT_FREE, "ip_block": BLOCK_FREE, "region": "eu-west-gra"}, "mutually exclusive"),
    ({}, "one of the following is required"),
    ({"ip_block": BLOCK_FREE}, "ip_block needs region"),
    ({"ip_block": "198.51.100.129/28", "region": "eu-west-gra"}, "has host bits set"),
    ({"ip_block": "not-a-block", "region": "eu-west-gra"}, "is not an IP address or CIDR block"),
    ({"ip_block": "2001:db8::/56", "region": "eu-west-gra"}, "IPv6 blocks"),
    ({"ip_block": BLOCK_FREE, "region": "Gravelines!"}, "is not a region name"),
    ({"cloud_project": "my-project"}, "32 hexadecimal digits"),
    ({"cloud_project": PROJECT_FREE, "region": "eu-west-gra"}, "does not go with cloud_project"),
    ({"dedicated_server": "../etc"}, "is not a server's service name"),
    ({"dedicated_server": WEB, "wait_timeout": -1}, "wait_timeout must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_vrack_member", dict({"vrack": VRACK}, **args))
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_a_bad_vrack_name_fails_before_any_request(modules, emulator):
    rc, result, output = modules.run("ovh_vrack_member", {"vrack": "pn-1/../x", "cloud_project": PROJECT_FREE})
    assert rc == 1 and "is not a vRack service name" in result["msg"], output
    assert emulator.log == []


def test_ovh_api_call_waits_for_a_vrack_task_until_its_404(modules, frozen):
    rc, result, output = modules.run("ovh_api_call", {"method": "POST", "path": "/vrack/%s/cloudProject" % VRACK,
                                                      "body": {"project": PROJECT_FREE}, "wait": True})
    assert rc == 0 and result["changed"], output
    assert result["json"]["status"] == "init" and result["task"]["status"] == "done"
    task_reads = [entry["status"] for entry in frozen.log if entry["path"] == "/vrack/%s/task/%d" % (VRACK, result["json"]["id"])]
    assert task_reads[-1] == 404 and task_reads[:-1] and set(task_reads[:-1]) == {200}


def test_someone_elses_task_that_ends_cancelled_is_reported_and_the_change_is_made_all_the_same(modules, frozen):
    args = {"vrack": VRACK, "cloud_project": PROJECT_FREE}
    rc, result, output = modules.run("ovh_vrack_member", dict(args, wait=False))
    theirs = result["task"]["id"]
    product = frozen.state.vrack
    product.cancel(product.vracks[("demo-ovh", VRACK)], theirs, after=1)  # while the module waits for it
    frozen.clear_log()
    rc, result, output = modules.run("ovh_vrack_member", args)
    assert rc == 0 and result["changed"] and result["already_running"] and result["present"], output
    assert result["task"]["id"] != theirs and result["task"]["status"] == "done"
    assert any("task already running on this member failed" in warning and "ended cancelled" in warning
               for warning in result["warnings"]), result
    assert writes(frozen) == [("POST", "/vrack/%s/cloudProject" % VRACK, {"project": PROJECT_FREE})]
    assert PROJECT_FREE in product.vracks[("demo-ovh", VRACK)].members["cloudProject"]
