"""ovh_ip_reverse in-process: the exact requests, a reverse the API spells differently is the same
reverse, and a refused write reports nothing changed (tests/MUTATION.md, mutants I3, I7, I8)."""

import json

ADDRESS = "203.0.113.50"
LIST = "/ip/203.0.113.50%2F32/reverse"


def requests(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def test_an_address_without_a_reverse_is_read_in_one_request(modules, emulator):
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": "203.0.113.60", "state": "absent"})
    assert rc == 0 and not result["changed"], output
    assert requests(emulator) == [("GET", "/ip/203.0.113.60%2F32/reverse")]


def test_a_reverse_spelt_otherwise_by_the_api_is_unchanged(modules, emulator):
    with emulator.state.lock:
        emulator.state.servers.reverses[("demo-ovh", ADDRESS)] = "VPS-1a2b3c4d.VPS.ovh.net"
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "vps-1a2b3c4d.vps.ovh.net"})
    assert rc == 0 and not result["changed"], output
    assert result["reverse"] == result["previous_reverse"]
    assert requests(emulator) == [("GET", LIST), ("GET", LIST + "/" + ADDRESS)]


def test_a_refused_write_changed_nothing(modules, emulator):
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "nowhere.example.com."})
    assert rc == 1, output
    assert "the API sets a reverse only when the name resolves to the address" in result["msg"]
    assert result["changed"] is False
    assert result["reverse"] == result["previous_reverse"] == "vps-1a2b3c4d.vps.ovh.net."
    assert [(entry["method"], entry["path"], json.loads(entry["body"]), entry["status"]) for entry in emulator.writes()] == [
        ("POST", LIST, {"ipReverse": ADDRESS, "reverse": "nowhere.example.com."}, 400)]
