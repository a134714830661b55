"""ovh_dns_dnssec in-process: a change in progress is not asked again, check mode never waits, a
refused request changed nothing, an end other than asked fails, a timeout says the request was sent
(tests/MUTATION.md, mutants DS1-DS6); the opposite change waited for before its own, an error while
waiting, the exact requests."""

from api_log import sent, write_statuses


ZONE = "example.com"
PATH = "/domain/zone/example.com/dnssec"
ZONE_PATH = "/domain/zone/example.com"


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


def test_dnssec_waits_for_the_opposite_change_before_its_own(modules, emulator):
    emulator.state.task_seconds = (5, 10)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (0, True, "enabled"), result
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com", "state": "disabled", "wait": False})
    assert (rc, result["changed"], result["status"]) == (0, True, "disableInProgress"), result
    emulator.clear_log()
    # The API takes no request while the disable runs: the wait runs out before anything is sent.
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": 0})
    assert (rc, result["changed"], result["status"]) == (1, False, "disableInProgress"), result
    assert result["msg"] == ("the DNSSEC change of example.com in progress (disableInProgress) still pending after 0 seconds "
                             "(last read: disableInProgress)")
    assert sent(emulator) == [("GET", ZONE_PATH + "/dnssec")] * 2
    emulator.clear_log()
    sleeps = len(modules.clock.sleeps)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (0, True, "enabled"), result
    # Waited for the disable (15 s), then for its own enable: one POST, which the API took.
    assert sent(emulator) == [("GET", ZONE_PATH + "/dnssec")] * 6 + [("POST", ZONE_PATH + "/dnssec")] + [("GET", ZONE_PATH + "/dnssec")] * 5
    assert write_statuses(emulator) == [("POST", ZONE_PATH + "/dnssec", 200)]
    assert modules.clock.sleeps[sleeps:] == [1.0, 2.0, 4.0, 8.0] * 2


def test_dnssec_ending_otherwise_and_error_while_waiting(modules, emulator):
    emulator.state.task_seconds = (1, 2)
    extras = emulator.zone("demo-ovh", "example.com").extras

    def disabled_elsewhere():
        # Another client disables DNSSEC as soon as the enable is over (done at once, for brevity).
        with emulator.state.lock:
            if extras.dnssec_status(emulator.state.now()) == "enabled":
                extras.dnssec, extras.dnssec_task = "disabled", None
    with modules.clock.during_waits(disabled_elsewhere):
        rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["status"]) == (1, True, "disabled"), result
    assert result["msg"] == "DNSSEC of example.com ended disabled instead of enabled"
    assert write_statuses(emulator) == [("POST", ZONE_PATH + "/dnssec", 200)]
    emulator.clear_log()

    def failing_read():
        emulator.add_fault(status=500, method="GET", path=ZONE_PATH + "/dnssec")
    with modules.clock.during_waits(failing_read):
        rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    emulator.clear_faults()
    # The request was taken before the read failed: changed.
    assert (rc, result["changed"], result["http_status"]) == (1, True, 500), result
    assert result["msg"].startswith("GET /domain/zone/example.com/dnssec failed: HTTP 500, Server::InternalServerError "
                                    "(INTERNAL_SERVER_ERROR): Internal server error [QueryID: EU.ext-1."), result["msg"]
    assert result["query_id"] and result["query_id"] in result["msg"]
    assert write_statuses(emulator) == [("POST", ZONE_PATH + "/dnssec", 200)]
    assert [entry["status"] for entry in emulator.log if entry["method"] == "GET" and entry["path"] == ZONE_PATH + "/dnssec"] == [200, 200, 500]


def test_refused_writes_report_no_change(modules, emulator):
    # A write the API refuses changed nothing: changed is false and the result shows the state as it is.
    emulator.add_fault(status=500, method="POST", path=ZONE_PATH + "/dnssec")
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dnssec", {"zone": "example.com"})
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("POST /domain/zone/example.com/dnssec failed: HTTP 500"), result["msg"]
    emulator.clear_faults()
    single = "/ip/203.0.113.50%2F32/reverse/203.0.113.50"
    for method, args in (("DELETE", {"state": "absent"}), ("POST", {"reverse": "other.example.com"})):
        emulator.add_fault(status=500, method=method, path=single if method == "DELETE" else "/ip/203.0.113.50%2F32/reverse")
        rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", dict({"ip": "203.0.113.50"}, **args), "--diff")
        emulator.clear_faults()
        assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
        assert result["reverse"] == result["previous_reverse"] and result["previous_reverse"], result
        assert "diff" not in result and result["msg"].startswith("%s /ip/203.0.113.50%%2F32/reverse" % method), result["msg"]


def test_dnssec(logged_run, emulator):
    emulator.state.task_seconds = (5, 3600)
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com"}, "--check", "--diff")
    assert (rc, result["changed"], result["status"], requests) == (0, True, "enableInProgress", [("GET", ZONE_PATH + "/dnssec")])
    assert result["diff"] == {"before": {"status": "disabled"}, "after": {"status": "enableInProgress"}}
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com", "wait": False})
    assert (rc, result["changed"], requests) == (0, True, [("GET", ZONE_PATH + "/dnssec"), ("POST", ZONE_PATH + "/dnssec")])
    # In progress: no second request; a wait that runs out says so.
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com", "wait": False})
    assert (rc, result["changed"], requests) == (0, False, [("GET", ZONE_PATH + "/dnssec")])
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": 0})
    assert rc == 1 and "still pending after 0 seconds" in result["msg"] and result["status"] == "enableInProgress"
    assert requests == [("GET", ZONE_PATH + "/dnssec")] * 2
    emulator.clock_offset += 3605
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com"})
    # The clock jump makes the cached server-time offset stale: the client resyncs and sends the GET again.
    assert [(e["path"], e["status"]) for e in emulator.log] == [
        (ZONE_PATH + "/dnssec", 400), ("/auth/time", 200), (ZONE_PATH + "/dnssec", 200)]
    assert (rc, result["changed"], result["status"]) == (0, False, "enabled")
    rc, result, _output, requests = logged_run("ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": -1})
    assert rc == 1 and "wait_timeout" in result["msg"] and requests == []
