"""ovh_dns_dnssec in-process: a change in progress is not asked again, check mode never waits, a
refused request changed nothing, an end other than asked fails, a timeout says the request was sent
(tests/MUTATION.md, mutants DS1-DS6)."""


ZONE = "example.com"
PATH = "/domain/zone/example.com/dnssec"


def zone_extras(emulator):
    return emulator.state.zones[("demo-ovh", ZONE)].extras  # the zone itself, which holds its DNSSEC state


def writes(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.writes()]


def test_a_change_in_progress_is_neither_asked_again_nor_waited_for_without_wait(modules, emulator):
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "wait": False})
    assert rc == 0 and result["changed"] and result["status"] == "enableInProgress", output
    emulator.clear_log()
    for options in ((), ("--check",)):
        rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "wait": False}, *options)
        assert rc == 0 and not result["changed"] and result["status"] == "enableInProgress", output
    assert emulator.writes() == [] and modules.clock.sleeps == []


def test_check_mode_against_the_opposite_change_in_progress_predicts_without_waiting(modules, emulator):
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "state": "disabled", "wait": False})
    assert rc == 0 and not result["changed"], output  # already disabled
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "wait": False})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "state": "disabled"}, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["status"] == "disableInProgress", output
    assert result["diff"] == {"before": {"status": "enableInProgress"}, "after": {"status": "disableInProgress"}}
    assert emulator.writes() == [] and modules.clock.sleeps == []


def test_a_refused_request_changed_nothing(modules, emulator):
    emulator.add_fault(status=403, method="POST", path=PATH)
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE})
    assert rc == 1 and result["changed"] is False, output
    assert writes(emulator) == [("POST", PATH, 403)]


def test_an_end_other_than_asked_fails(modules, emulator):
    def undo():
        zone_extras(emulator).dnssec, zone_extras(emulator).dnssec_task = "disabled", None

    with modules.clock.during_waits(undo):
        rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE})
    assert rc == 1, output
    assert result["msg"] == "DNSSEC of example.com ended disabled instead of enabled"
    assert result["changed"] and result["status"] == "disabled"


def test_a_timeout_after_the_request_says_it_was_sent(modules, emulator):
    rc, result, output = modules.run("ovh_dns_dnssec", {"zone": ZONE, "wait_timeout": 1})
    assert rc == 1 and result["changed"], output
    assert "the request was sent, run the task again to wait more" in result["msg"]
    assert result["status"] == "enableInProgress"
    assert writes(emulator) == [("POST", PATH, 200)]
