"""ovh_dedicated_server_boot in-process: the exact requests for each way of naming a boot, the reboot
task waited for through every pending state, a rerun that sends nothing, a running reboot never
doubled, check mode, diff, failures with the task's comment, bad input, API errors."""

import json

import pytest

WEB = "ns3001234.ip-203-0-113.eu"
SERVER = "/dedicated/server/" + WEB
MODULE = "ovh_dedicated_server_boot"
REBOOT_TASKS = SERVER + "/task?function=hardReboot"


def requests(emulator):
    return [(entry["method"], entry["path"] + ("?" + entry["query"] if entry["query"] else ""),
             json.loads(entry["body"]) if entry["body"] else None)
            for entry in emulator.log if entry["path"] != "/auth/time"]


def task_reads(emulator, task_id):
    return [entry for entry in emulator.log if entry["path"] == "%s/task/%d" % (SERVER, task_id)]


@pytest.fixture
def frozen(emulator):
    """The emulator's clock moves only with the module's waits (module_runner's simulated clock)."""
    emulator.clock_frozen = True
    emulator.state.servers.reboot_seconds = 5
    return emulator


def booted(emulator):
    with emulator.state.lock:
        return emulator.state.servers.dedicated[("demo-ovh", WEB)].booted(emulator.state.now())


def test_rescue_sets_the_boot_reboots_and_waits_through_every_pending_state(modules, frozen):
    seen = []

    def status_read_next():
        # After each wait, with the clock frozen, the status the module's next read gets.
        with frozen.state.lock:
            tasks = frozen.state.servers.dedicated[("demo-ovh", WEB)].tasks
            seen.append(tasks[max(tasks)].status(frozen.state.now()))

    with modules.clock.during_waits(status_read_next):
        rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 0 and result["changed"] and result["rebooted"] and not result["already_running"], output
    assert result["boot"] == {"boot_id": 22, "boot_type": "rescue", "kernel": "rescue64-pro",
                              "description": "Rescue64-pro (Customer rescue system (Linux))"}
    assert result["previous_boot_id"] == 1
    task_id = result["task"]["task_id"]
    assert (result["task"]["function"], result["task"]["status"], result["task"]["comment"]) == ("hardReboot", "done", "Reboot done")
    assert requests(frozen)[:7] == [
        ("GET", SERVER, None),
        ("GET", SERVER + "/boot?bootType=rescue", None),
        ("GET", SERVER + "/boot/22", None),
        ("GET", REBOOT_TASKS, None),
        ("PUT", SERVER, {"bootId": 22}),
        ("POST", SERVER + "/reboot", None),
        ("GET", "%s/task/%d" % (SERVER, task_id), None),
    ]
    # Read at 0 s (init, as started: a failure if init were not pending), then after waits of 1, 2 and 4 s.
    assert modules.clock.sleeps == [1.0, 2.0, 4.0]
    assert len(task_reads(frozen, task_id)) == 4
    with frozen.state.lock:
        task = frozen.state.servers.dedicated[("demo-ovh", WEB)].tasks[task_id]
        first = task.status(task.start)
    assert [first] + seen == ["init", "todo", "doing", "done"]
    assert booted(frozen) == 22


def test_a_rerun_with_the_boot_set_sends_no_write(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 0 and result["changed"], output
    frozen.clear_log()
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 0 and not result["changed"] and not result["rebooted"] and not result["already_running"], output
    assert result["task"] is None and result["boot"]["boot_id"] == 22
    finished = max(frozen.state.servers.dedicated[("demo-ovh", WEB)].tasks)
    assert requests(frozen) == [
        ("GET", SERVER, None), ("GET", SERVER + "/boot?bootType=rescue", None), ("GET", SERVER + "/boot/22", None),
        ("GET", REBOOT_TASKS, None), ("GET", "%s/task/%d" % (SERVER, finished), None)]
    assert frozen.writes() == []


def test_check_mode_and_diff_predict_without_writing_or_waiting(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "harddisk", "reboot": "always"}, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["rebooted"], output  # the boot is already harddisk: the reboot changes
    assert result["diff"] == {"before": {"boot_id": 1, "rebooted": False}, "after": {"boot_id": 1, "rebooted": True}}
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "41"}, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["rebooted"] and result["task"] is None, output
    assert result["diff"] == {"before": {"boot_id": 1, "rebooted": False}, "after": {"boot_id": 41, "rebooted": True}}
    assert frozen.writes() == [] and modules.clock.sleeps == []


def test_a_boot_by_id_reads_that_boot_only(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "41", "reboot": "never"})
    assert rc == 0 and result["changed"] and not result["rebooted"], output
    assert result["boot"]["kernel"] == "bzImage-6.1.55-xxxx-std-ipv6-64"
    assert requests(frozen) == [("GET", SERVER, None), ("GET", SERVER + "/boot/41", None), ("PUT", SERVER, {"bootId": 41})]
    assert booted(frozen) == 1  # set for the next reboot only


def test_a_boot_by_kernel_reads_the_boots_in_one_batch(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "bzImage-6.6.8-xxxx-grs-ipv6-64", "reboot": "never"})
    assert rc == 0 and result["changed"] and result["boot"]["boot_id"] == 42, output
    assert requests(frozen) == [("GET", SERVER, None), ("GET", SERVER + "/boot", None), ("GET", SERVER + "/boot/1,22,41,42", None),
                                ("PUT", SERVER, {"bootId": 42})]
    batch = [entry for entry in frozen.log if entry["path"].endswith("/boot/1,22,41,42")]
    assert batch[0]["batch"]


def test_a_plain_reboot_keeps_the_current_boot(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "reboot": "always", "wait": False})
    assert rc == 0 and result["changed"] and result["rebooted"], output
    assert result["boot"]["boot_id"] == 1 and result["task"]["status"] == "init"
    assert requests(frozen) == [("GET", SERVER, None), ("GET", SERVER + "/boot/1", None), ("GET", REBOOT_TASKS, None),
                                ("POST", SERVER + "/reboot", None)]
    assert modules.clock.sleeps == []


def test_a_running_reboot_is_waited_for_never_started_twice(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "reboot": "always", "wait": False})
    assert rc == 0 and result["rebooted"], output
    first = result["task"]["task_id"]
    frozen.clear_log()
    for options in (("--check",), ()):
        rc, result, output = modules.run(MODULE, {"service_name": WEB, "reboot": "always"}, *options)
        assert rc == 0 and not result["changed"] and not result["rebooted"] and result["already_running"], output
        assert result["task"]["task_id"] == first
    assert result["task"]["status"] == "done"
    assert frozen.writes() == []


def test_a_boot_change_while_a_reboot_runs_waits_for_it_then_reboots_again(modules, frozen):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "reboot": "always", "wait": False})
    first = result["task"]["task_id"]
    frozen.clear_log()
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue", "wait": False})
    assert rc == 0 and result["changed"] and result["rebooted"] and result["already_running"], output
    assert result["task"]["task_id"] != first
    assert [(method, path) for method, path, _body in requests(frozen) if method != "GET"] == [
        ("PUT", SERVER), ("POST", SERVER + "/reboot")]
    assert len(task_reads(frozen, first)) > 1  # waited for the first one to end before the new reboot
    with frozen.state.lock:
        assert frozen.state.servers.dedicated[("demo-ovh", WEB)].tasks[first].is_final(frozen.state.now())


def test_a_failed_reboot_fails_with_the_task_comment(modules, frozen):
    frozen.state.servers.next_reboot_outcome = ("ovhError", "The server did not answer the power cycle")
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 1 and result["changed"], output
    assert result["msg"].startswith("the reboot of %s failed: dedicated server task" % WEB)
    assert result["msg"].endswith('ended ovhError: "The server did not answer the power cycle"')
    assert result["task"]["status"] == "ovhError"


def test_a_wait_that_runs_out_says_the_reboot_goes_on(modules, frozen):
    frozen.state.servers.reboot_seconds = 600
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "reboot": "always", "wait_timeout": 3})
    assert rc == 1 and result["changed"] and result["rebooted"], output
    assert "still pending after 3 seconds" in result["msg"] and "nothing is started twice" in result["msg"]
    assert result["task"]["status"] in ("todo", "doing")


@pytest.mark.parametrize("args, message", [
    ({"boot": "rescue boot"}, "boot must be harddisk, rescue, a boot id"),
    ({"boot": ""}, "boot must be harddisk, rescue, a boot id"),
    ({"boot": "rescue", "wait_timeout": -1}, "wait_timeout must be 0 or more seconds, got -1"),
    ({"boot": "rescue", "reboot": "sometimes"}, "value of reboot must be one of: on_change, always, never"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run(MODULE, dict(args, service_name=WEB))
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


@pytest.mark.parametrize("boot, message", [
    ("99", "boot 99 is not a boot of %s" % WEB),
    ("vmlinuz-none", "boot 'vmlinuz-none' is not a kernel of %s's boots; its kernels: \"bzImage-6.1.55" % WEB),
])
def test_a_boot_the_server_does_not_list_fails_without_a_write(modules, emulator, boot, message):
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": boot})
    assert rc == 1 and message in result["msg"] and not result["changed"], output
    assert emulator.writes() == []


def test_a_refused_reboot_fails_with_the_query_id_after_the_boot_was_set(modules, frozen):
    frozen.add_fault(status=403, method="POST", path="/dedicated/server/*/reboot")
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 1 and result["changed"] is True, output  # the boot was written
    assert result["http_status"] == 403 and result["query_id"].startswith("EU.") and "[QueryID: EU." in result["msg"]
    assert frozen.state.servers.dedicated[("demo-ovh", WEB)].properties["bootId"] == 22
    assert result["warnings"] == ["the boot of %s is now 22 but the reboot was refused: run the task again with "
                                  "reboot=always to boot on it" % WEB]


@pytest.mark.parametrize("service_name", ["", "ns1/task"])
def test_a_service_name_that_cannot_be_one_fails_before_any_request(modules, emulator, service_name):
    rc, result, output = modules.run(MODULE, {"service_name": service_name, "boot": "rescue"})
    assert rc == 1 and "service_name must be the server's service name" in result["msg"], output
    assert emulator.log == []


def test_a_server_already_on_another_boot_of_that_type_keeps_it_and_is_not_rebooted(modules, frozen):
    # Real servers list several rescue systems; one already booted (here the higher id) satisfies boot=rescue.
    with frozen.state.lock:
        server = frozen.state.servers.dedicated[("demo-ovh", WEB)]
        server.boots[1122] = {"bootId": 1122, "bootType": "rescue", "kernel": "rescue-customer",
                              "description": "Rescue-customer (Customer rescue system (Linux))"}
        server.properties["bootId"] = 1122
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue"})
    assert rc == 0 and not result["changed"] and not result["rebooted"], output
    assert result["boot"]["boot_id"] == 1122 and result["previous_boot_id"] == 1122
    assert requests(frozen) == [
        ("GET", SERVER, None),
        ("GET", SERVER + "/boot?bootType=rescue", None),
        ("GET", SERVER + "/boot/1122", None),
        ("GET", REBOOT_TASKS, None),
    ]


def test_a_kernel_two_boots_share_keeps_the_current_one(modules, frozen):
    with frozen.state.lock:
        server = frozen.state.servers.dedicated[("demo-ovh", WEB)]
        server.boots[1122] = {"bootId": 1122, "bootType": "rescue", "kernel": "rescue64-pro", "description": "A second entry"}
        server.properties["bootId"] = 1122
    rc, result, output = modules.run(MODULE, {"service_name": WEB, "boot": "rescue64-pro"})
    assert rc == 0 and not result["changed"] and not result["rebooted"] and result["boot"]["boot_id"] == 1122, output
    assert frozen.writes() == []
