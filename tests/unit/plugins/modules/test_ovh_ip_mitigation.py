"""ovh_ip_mitigation in-process: on and off with the exact requests, the automatic entry made
permanent and back, an entry being removed, reruns without writes, check mode, diff, bad input."""

import json

import pytest

WEB = "/ip/203.0.113.100%2F32/mitigation"  # seeded: automatic mitigation, not permanent
SPARE = "/ip/203.0.113.101%2F32/mitigation"  # seeded: none


def requests(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


@pytest.fixture(autouse=True)
def frozen(emulator):
    emulator.clock_frozen = True


def test_on_then_off_for_an_address_without_an_entry(modules, emulator):
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101"}, "--diff")
    assert rc == 0 and result["changed"] and result["permanent"] and result["status"] == "ok", output
    assert result["diff"] == {"before": {"permanent": False}, "after": {"permanent": True}}
    address = SPARE + "/203.0.113.101"
    assert requests(emulator) == [("GET", SPARE, 200), ("POST", SPARE, 200), ("GET", address, 200), ("GET", address, 200),
                                  ("GET", address, 200)]
    assert writes(emulator) == [("POST", SPARE, {"ipOnMitigation": "203.0.113.101"})]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101/32"})
    assert rc == 0 and not result["changed"], output
    assert requests(emulator) == [("GET", SPARE, 200), ("GET", address, 200)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101", "state": "disabled"})
    assert rc == 0 and result["changed"] and not result["permanent"] and result["status"] is None, output
    assert writes(emulator) == [("DELETE", address, None)]
    assert requests(emulator)[-1] == ("GET", address, 404)
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101", "state": "disabled"})
    assert rc == 0 and not result["changed"] and requests(emulator) == [("GET", SPARE, 200)], output


def test_the_automatic_entry_is_made_permanent_and_back_never_deleted(modules, emulator):
    address = WEB + "/203.0.113.100"
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.100", "state": "disabled"})
    assert rc == 0 and not result["changed"] and result["auto"] is True, output
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.100"}, "--check")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.100"})
    assert rc == 0 and result["changed"] and result["permanent"], output
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.100", "state": "disabled"})
    assert rc == 0 and result["changed"] and not result["permanent"] and result["auto"] is True, output
    assert writes(emulator) == [("PUT", address, {"permanent": True}), ("PUT", address, {"permanent": False})]


def test_an_entry_being_removed_is_off_and_is_waited_for_before_it_is_added_again(modules, emulator):
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101", "wait": False})
    assert rc == 0 and result["changed"] and result["status"] == "creationPending", output
    emulator.clock_offset += 5
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101", "state": "disabled", "wait": False})
    assert rc == 0 and result["changed"] and result["status"] == "removalPending", output
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101", "state": "disabled"})
    assert rc == 0 and not result["changed"] and result["status"] == "removalPending" and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_ip_mitigation", {"ip": "203.0.113.101"})
    assert rc == 0 and result["changed"], output
    assert [write[0] for write in writes(emulator)] == ["POST"]
    assert ("GET", SPARE + "/203.0.113.101", 404) in requests(emulator)


@pytest.mark.parametrize("args, message", [
    ({"ip": "198.51.100.128/30"}, "ip_on_mitigation is required when ip is a block"),
    ({"ip": "203.0.113.100", "ip_on_mitigation": "203.0.113.1"}, "is not in ip 203.0.113.100/32"),
    ({"ip": "not-an-ip"}, "is not an IP address or CIDR block"),
    ({"ip": "203.0.113.100", "poll_interval": 0}, "poll_interval must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_ip_mitigation", args)
    assert rc == 1 and message in result["msg"], output
    assert requests(emulator) == []
