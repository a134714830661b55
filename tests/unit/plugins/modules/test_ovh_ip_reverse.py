"""ovh_ip_reverse in-process: the exact requests, a reverse the API spells differently is the same
reverse, and a refused write reports nothing changed (tests/MUTATION.md, mutants I3, I7, I8); a name
that does not resolve yet is tried again on the emulator's clock until it does or wait_for_resolution
runs out; an IPv6 address in its block, bad input that sends nothing, errors while reading."""

import json

import pytest

from api_log import sent, writes

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
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "nowhere.example.com.", "wait_for_resolution": 0})
    assert rc == 1, output
    assert "the API sets a reverse only when the name resolves to the address" in result["msg"]
    assert result["changed"] is False
    assert result["reverse"] == result["previous_reverse"] == "vps-1a2b3c4d.vps.ovh.net."
    assert [(entry["method"], entry["path"], json.loads(entry["body"]), entry["status"]) for entry in emulator.writes()] == [
        ("POST", LIST, {"ipReverse": ADDRESS, "reverse": "nowhere.example.com."}, 400)]


def propagating(emulator, seconds):
    """The A record of web2.example.com -> ADDRESS, published now but seen by the reverse check only
    ``seconds`` of emulator time later (DNS propagation)."""
    emulator.clock_frozen = True
    emulator.state.ips.propagation_seconds = seconds
    with emulator.state.lock:
        zone = emulator.state.zones[("demo-ovh", "example.com")]
        zone.pending[999] = {"id": 999, "zone": "example.com", "fieldType": "A", "subDomain": "web2", "target": ADDRESS, "ttl": 0}
        zone.publish(int(emulator.state.now()))


def test_a_name_still_propagating_is_tried_again_until_it_resolves(modules, emulator):
    propagating(emulator, 12)
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "web2.example.com"})
    assert rc == 0 and result["changed"] and result["reverse"] == "web2.example.com.", output
    # Tries at 0, 5, 10 (refused: not resolving yet) and 15 seconds of the emulator clock.
    assert [(entry["method"], entry["status"]) for entry in emulator.log if entry["method"] == "POST"] == [
        ("POST", 400), ("POST", 400), ("POST", 400), ("POST", 200)]
    assert modules.clock.sleeps == [5.0, 5.0, 5.0]


def test_wait_for_resolution_zero_fails_at_the_first_refusal(modules, emulator):
    propagating(emulator, 12)
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "web2.example.com", "wait_for_resolution": 0})
    assert rc == 1 and not result["changed"], output
    assert "does not resolve to" in result["msg"] and "still refused after" not in result["msg"]
    assert [entry["status"] for entry in emulator.log if entry["method"] == "POST"] == [400]
    assert modules.clock.sleeps == []


def test_a_name_that_never_resolves_fails_once_the_wait_runs_out(modules, emulator):
    propagating(emulator, 600)
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "web2.example.com", "wait_for_resolution": 12})
    assert rc == 1 and not result["changed"], output
    assert "(still refused after 12 seconds); the API sets a reverse only when the name resolves" in result["msg"]
    assert result["http_status"] == 400 and result["reverse"] == result["previous_reverse"] == "vps-1a2b3c4d.vps.ovh.net."
    assert [entry["status"] for entry in emulator.log if entry["method"] == "POST"] == [400, 400, 400, 400]
    # Never past the deadline: the last wait is what is left of the 12 seconds (less the machine's own time).
    assert modules.clock.sleeps[:2] == [5.0, 5.0] and 1.5 < modules.clock.sleeps[2] <= 2.0


def test_other_refusals_are_not_tried_again(modules, emulator):
    emulator.add_fault(status=403, method="POST", path="/ip/*/reverse")
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "web2.example.com"})
    assert rc == 1 and result["http_status"] == 403, output
    assert len([entry for entry in emulator.log if entry["method"] == "POST"]) == 1 and modules.clock.sleeps == []


def test_a_negative_wait_for_resolution_is_refused_before_any_request(modules, emulator):
    rc, result, output = modules.run("ovh_ip_reverse", {"ip": ADDRESS, "reverse": "web2.example.com", "wait_for_resolution": -1})
    assert rc == 1 and "wait_for_resolution must be 0 or more seconds" in result["msg"], output
    assert requests(emulator) == []


def test_reverse_exact_requests_and_normalised_idempotence(modules, emulator):
    api = emulator
    with api.state.lock:
        zone = api.state.zones[("demo-ovh", "example.com")]
        zone.live[1] = {"id": 1, "zone": "example.com", "subDomain": "web1", "fieldType": "A", "target": "203.0.113.10", "ttl": 0}
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "203.0.113.10", "reverse": "Web1.Example.com"})
    assert rc == 0 and result["changed"] and result["reverse"] == "web1.example.com."
    assert sent(emulator) == [
        ("GET", "/ip/203.0.113.10%2F32/reverse"), ("GET", "/ip/203.0.113.10%2F32/reverse/203.0.113.10"),
        ("POST", "/ip/203.0.113.10%2F32/reverse")]
    emulator.clear_log()
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "203.0.113.10/32", "reverse": "web1.example.com."})
    assert rc == 0 and not result["changed"] and writes(emulator) == []


@pytest.mark.parametrize("args, message", [
    ({"ip": "203.0.113.300", "reverse": "a.example.com"}, "not an IPv4 or IPv6 address"),
    ({"ip": "203.0.113.0/29", "reverse": "a.example.com"}, "give one address"),
    ({"ip": "203.0.113.10", "reverse": "a b.example.com"}, "not a fully qualified host name"),
    ({"ip": "203.0.113.10", "reverse": "localhost"}, "not a fully qualified host name"),
    ({"ip": "203.0.113.10", "ip_block": "198.51.100.0/24", "reverse": "a.example.com"}, "is not in ip_block"),
    ({"ip": "203.0.113.10", "ip_block": "nonsense", "reverse": "a.example.com"}, "is not an IP block"),
    ({"ip": "203.0.113.10"}, "reverse"),
])
def test_reverse_bad_input_sends_nothing(modules, emulator, args, message):
    rc, result, _output = modules.run("ovh_ip_reverse", args)
    assert rc == 1 and message in result["msg"]
    assert sent(emulator) == []


def test_reverse_of_an_ipv6_address_in_its_block(modules, emulator):
    with emulator.state.lock:
        zone = emulator.state.zones[("demo-ovh", "example.com")]
        zone.live[2] = {"id": 2, "zone": "example.com", "subDomain": "v6", "fieldType": "AAAA", "target": "2001:db8:10::5", "ttl": 0}
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "2001:db8:10::5", "reverse": "v6.example.com"})
    assert rc == 1 and "name the block with ip_block" in result["msg"]
    rc, result, _output = modules.run("ovh_ip_reverse", {"ip": "2001:db8:10::5", "ip_block": "2001:db8:10::/64",
                                                         "reverse": "v6.example.com"})
    assert rc == 0 and result["changed"] and result["ip_block"] == "2001:db8:10::/64"
    assert emulator.state.servers.reverses[("demo-ovh", "2001:db8:10::5")] == "v6.example.com."


def test_reverse_read_errors(modules, emulator):
    single = "/ip/203.0.113.50%2F32/reverse/203.0.113.50"
    # Listed, then gone before it is read (404): no reverse, nothing to delete.
    emulator.add_fault(status=404, method="GET", path=single)
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "203.0.113.50", "state": "absent"})
    assert (rc, result["changed"], result["previous_reverse"]) == (0, False, None), result
    assert sent(emulator) == [("GET", "/ip/203.0.113.50%2F32/reverse"), ("GET", single)] and emulator.writes() == []
    emulator.clear_log()
    emulator.add_fault(status=500, method="GET", path=single)
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "203.0.113.50", "state": "absent"})
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET %s failed: HTTP 500, Server::InternalServerError" % single) and "[QueryID: EU." in result["msg"]
    assert emulator.writes() == []
    # A block given that is not the account's: the API's 404 as is, without the hint to name a block.
    emulator.clear_log()
    rc, result, _output = modules.run("signet.ovh.ovh_ip_reverse", {"ip": "192.0.2.1", "ip_block": "192.0.2.0/24", "reverse": "a.example.com"})
    assert (rc, result["changed"], result["http_status"], result["ip_block"]) == (1, False, 404, "192.0.2.0/24"), result
    assert result["msg"].startswith("GET /ip/192.0.2.0%2F24/reverse failed: HTTP 404, Client::NotFound (NOT_FOUND): "
                                    "The requested object (ip = 192.0.2.0/24) does not exist [QueryID: EU."), result["msg"]
    assert "ip_block" not in result["msg"]
    assert sent(emulator) == [("GET", "/ip/192.0.2.0%2F24/reverse")]
