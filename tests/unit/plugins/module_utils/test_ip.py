"""module_utils/ip.py: reverse names, blocks, paths and the reverse read, IP objects, moves, firewall and
mitigation, on scripted answers and against the emulator. Pins what hand mutants of the file changed
unnoticed (tests/MUTATION.md)."""

import ipaddress

import pytest

from api_log import sent

from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils import ip as ip_utils
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.names import parse_address
from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    ReverseInputError, address_block, is_unresolved_refusal, normalize_name, read_reverse, reverse_path)


def test_address_block():
    address = ipaddress.ip_address("203.0.113.10")
    assert str(address_block(address)) == "203.0.113.10/32"
    assert str(address_block(address, "203.0.113.8/29")) == "203.0.113.8/29"
    with pytest.raises(InputError, match="is not in ip_block"):
        address_block(address, "198.51.100.0/24")


def test_normalize_name():
    assert normalize_name(" Web1.Example.COM ") == "web1.example.com."
    for name in ("localhost", "localhost.", "", "a..b", "-a.example.com", "a" * 64 + ".example.com"):
        with pytest.raises(ReverseInputError, match="is not a fully qualified host name"):
            normalize_name(name)


def test_reverse_paths_are_quoted():
    block = ipaddress.ip_network("2001:db8::/64")
    assert reverse_path(block) == "/ip/2001%3Adb8%3A%3A%2F64/reverse"
    assert reverse_path(ipaddress.ip_network("203.0.113.0/24"), ipaddress.ip_address("203.0.113.7")) == "/ip/203.0.113.0%2F24/reverse/203.0.113.7"


class ScriptedClient(object):
    def __init__(self, answers):
        self.answers = answers
        self.paths = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.paths.append(path)
        answer = self.answers[path]
        if isinstance(answer, Exception):
            raise answer
        return answer


BLOCK = ipaddress.ip_network("203.0.113.0/24")
ADDRESS = ipaddress.ip_address("203.0.113.7")
LIST = "/ip/203.0.113.0%2F24/reverse"
ONE = LIST + "/203.0.113.7"


def test_a_reverse_that_is_no_name_fails_clearly():
    client = ScriptedClient({LIST: ["203.0.113.7"], ONE: {"ipReverse": "203.0.113.7", "reverse": ["a.example.com."]}})
    with pytest.raises(ValueError, match="reverse"):
        read_reverse(client, BLOCK, ADDRESS)


def test_read_reverse_asks_for_the_address_only_when_listed():
    client = ScriptedClient({LIST: ["203.0.113.8"]})
    assert read_reverse(client, BLOCK, ADDRESS) is None
    assert client.paths == [LIST]
    client = ScriptedClient({LIST: ["203.0.113.7"], ONE: {"ipReverse": "203.0.113.7", "reverse": "a.example.com."}})
    assert read_reverse(client, BLOCK, ADDRESS) == "a.example.com."
    assert client.paths == [LIST, ONE]


def test_read_reverse_of_an_address_removed_meanwhile():
    client = ScriptedClient({LIST: ["203.0.113.7"], ONE: OvhApiError("GET", ONE, status=404, message="gone")})
    assert read_reverse(client, BLOCK, ADDRESS) is None
    client = ScriptedClient({LIST: ["203.0.113.7"], ONE: OvhApiError("GET", ONE, status=400, message="bad")})
    with pytest.raises(OvhApiError):
        read_reverse(client, BLOCK, ADDRESS)


def test_unresolved_refusal():
    assert is_unresolved_refusal(OvhApiError("POST", LIST, status=400, message="Reverse a.example.com. does not resolve to 203.0.113.7"))
    assert not is_unresolved_refusal(OvhApiError("POST", LIST, status=404, message="does not resolve"))
    assert not is_unresolved_refusal(OvhApiError("POST", LIST, status=400, message="invalid reverse"))


# --- IP objects, moves, firewall and mitigation (issue 24) -------------------------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK  # noqa: E402
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS  # noqa: E402

SCHEMA = json.loads((Path(__file__).resolve().parents[4] / "tests" / "emulator" / "schemas" / "openapi3-ip.json").read_text())
ENUMS = SCHEMA["components"]["schemas"]


def test_enums_are_the_schemas():
    assert list(ip_utils.IP_TYPES) == ENUMS["ip.IpTypeEnum"]["enum"]
    assert list(ip_utils.FIREWALL_ACTIONS) == ENUMS["ip.FirewallActionEnum"]["enum"]
    assert list(ip_utils.FIREWALL_PROTOCOLS) == ENUMS["ip.FirewallProtocolEnum"]["enum"]
    assert list(ip_utils.FIREWALL_TCP_OPTIONS) == ENUMS["ip.FirewallTCPOptionEnum"]["enum"]
    assert list(ip_utils.FIREWALL_SEQUENCES) == ENUMS["ip.FirewallSequenceRangeEnum"]["enum"]
    kind = TASK_KINDS["ip"]
    assert sorted(kind.pending + kind.done + kind.failed) == sorted(ENUMS["ip.TaskStatusEnum"]["enum"])
    assert set(kind.pending) == {"init", "todo", "doing"}


def test_blocks_services_and_paths():
    assert ip_utils.normalize_block(" 203.0.113.7 ") == "203.0.113.7/32"
    assert ip_utils.normalize_block("2001:db8::/64") == "2001:db8::/64"
    for bad, message in (("203.0.113.0/23", "has host bits set"), ("x", "not an IP address or CIDR block"), ("", "must be")):
        with pytest.raises(ip_utils.IpInputError, match=message):
            ip_utils.normalize_block(bad)
    assert ip_utils.normalize_service("NS1.Example.EU") == "ns1.example.eu" and ip_utils.normalize_service(None) is None
    with pytest.raises(ip_utils.IpInputError, match="to \"a b\" is not a service name"):
        ip_utils.normalize_service("a b")
    assert ip_utils.ip_path("203.0.113.0/30", "task", 7) == "/ip/203.0.113.0%2F30/task/7"
    assert ip_utils.firewall_path("203.0.113.7/32", "203.0.113.7", "rule", 0) == "/ip/203.0.113.7%2F32/firewall/203.0.113.7/rule/0"
    assert ip_utils.routed_to({"routedTo": {"serviceName": "NS1.example.eu"}}) == "ns1.example.eu"
    assert ip_utils.routed_to({"routedTo": None}) is None and ip_utils.routed_to({"routedTo": {"serviceName": None}}) is None
    assert sorted(["2001:db8::/64", "203.0.113.8/32", "198.51.100.0/30"], key=ip_utils.block_order) == [
        "198.51.100.0/30", "203.0.113.8/32", "2001:db8::/64"]


def test_address_on_a_block():
    assert ip_utils.address_on("203.0.113.7/32", None, "ip_on_firewall") == "203.0.113.7"
    assert ip_utils.address_on("203.0.113.4/30", "203.0.113.6", "x") == "203.0.113.6"
    with pytest.raises(ip_utils.IpInputError, match="x is required when ip is a block"):
        ip_utils.address_on("203.0.113.4/30", None, "x")
    with pytest.raises(ip_utils.IpInputError, match="x 203.0.113.9 is not in ip 203.0.113.4/30"):
        ip_utils.address_on("203.0.113.4/30", "203.0.113.9", "x")


RULE = {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.0/24", "destination_port": 22}


def test_rules_normalized_and_sent_in_the_apis_form():
    rule = ip_utils.normalize_rule(dict(RULE, source="198.51.100.7", tcp_option="syn"), 0)
    assert rule == {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.7/32", "source_port": None,
                    "destination_port": 22, "tcp_option": "syn", "fragments": False}
    assert ip_utils.rule_body(rule) == {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.7/32",
                                        "destinationPort": 22, "tcpOption": {"option": "syn"}}
    assert ip_utils.normalize_rule(dict(RULE, source="any"), 0)["source"] is None
    assert ip_utils.rule_body(ip_utils.normalize_rule({"sequence": "5", "action": "deny", "protocol": "udp", "source_port": "53"}, 0)) == {
        "sequence": 5, "action": "deny", "protocol": "udp", "sourcePort": 53}
    for bad, message in ((dict(RULE, sequence=True), "sequence \"True\" must be"), (dict(RULE, color="red"), "unknown key \"color\""),
                         (dict(RULE, protocol="sctp"), "protocol \"sctp\" must be one of"), ("x", "must be a mapping"),
                         (dict(RULE, fragments="yes"), "fragments must be true or false"),
                         (dict(RULE, destination_port=True), "is not a port number")):
        with pytest.raises(ip_utils.IpInputError, match=message):
            ip_utils.normalize_rule(bad, 0)


def api_rule(**fields):
    rule = {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.0/24", "sourcePort": None,
            "destinationPort": "eq 22", "tcpOption": None, "fragments": None, "state": "ok"}
    rule.update(fields)
    return rule


def test_the_api_rule_compares_with_the_wanted_one():
    wanted = ip_utils.normalize_rules([RULE])
    assert ip_utils.rule_from_api(api_rule()) == wanted[0]
    assert ip_utils.rule_from_api(api_rule(source="any", destinationPort="range 20-22"))["destination_port"] == "range 20-22"
    assert ip_utils.plan_rules({0: api_rule()}, wanted, purge=True) == []
    assert ip_utils.plan_rules({0: api_rule(destinationPort="eq 2222")}, wanted, purge=False) == [(0, "replace")]
    assert ip_utils.plan_rules({0: api_rule(state="removalPending")}, wanted, purge=False) == [(0, "wait_create")]
    assert ip_utils.plan_rules({}, wanted, purge=False) == [(0, "create")]
    current = {0: api_rule(), 4: api_rule(sequence=4), 5: api_rule(sequence=5, state="removalPending")}
    assert ip_utils.plan_rules(current, wanted, purge=True) == [(4, "delete")]
    assert ip_utils.plan_rules(current, wanted, purge=False) == []
    with pytest.raises(ip_utils.IpInputError, match="sequence 0 is given twice"):
        ip_utils.normalize_rules([RULE, RULE])


class Script(object):
    """GET answers by path (an exception is raised), POST answers in order; keeps the calls."""

    def __init__(self, gets=None, posts=()):
        self.gets = gets or {}
        self.posts = list(posts)
        self.calls = []

    get_or_none = OvhClient.get_or_none  # the client's 404 handling over this fake's get

    def get(self, path, query=None, shape=None):
        self.calls.append(("GET", path))
        answer = self.gets[path]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def post(self, path, body=None, shape=None):
        self.calls.append(("POST", path, body))
        answer = self.posts.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_running_task_reads_the_newest_only():
    path = "/ip/203.0.113.7%2F32/task"
    assert ip_utils.running_task(Script({path: []}), "203.0.113.7/32") is None
    client = Script({path: [3, 9, 5], path + "/9": {"taskId": 9, "function": "genericMoveFloatingIp", "status": "todo"}})
    assert ip_utils.running_task(client, "203.0.113.7/32")["taskId"] == 9
    assert client.calls == [("GET", path), ("GET", path + "/9")]
    client = Script({path: [3], path + "/3": {"taskId": 3, "function": "genericMoveFloatingIp", "status": "cancelled"}})
    assert ip_utils.running_task(client, "203.0.113.7/32") is None


def test_moves_and_destinations():
    client = Script(posts=[{"taskId": 1, "function": "genericMoveFloatingIp", "status": "init"}] * 2)
    ip_utils.start_move(client, "203.0.113.7/32", "ns1.example.eu")
    ip_utils.start_move(client, "203.0.113.7/32", "ns1.example.eu", "203.0.113.1")
    assert [call[2] for call in client.calls] == [{"to": "ns1.example.eu"}, {"to": "ns1.example.eu", "nexthop": "203.0.113.1"}]
    client = Script({"/ip/203.0.113.7%2F32/move": {"dedicatedServer": [{"service": "ns1.example.eu", "nexthop": ["203.0.113.1"]}],
                                                   "vps": [{"service": "vps-1.vps.ovh.net", "nexthop": None}], "cloudProject": None}})
    assert ip_utils.destination_names(client, "203.0.113.7/32") == [
        "ns1.example.eu (dedicatedServer, nexthop 203.0.113.1)", "vps-1.vps.ovh.net (vps)"]
    assert ip_utils.task_destination({"destination": {"serviceName": "NS1.example.eu"}}) == "ns1.example.eu"
    assert ip_utils.task_destination({"destination": None}) is None


def test_hostile_routes_fail_clearly():
    for answer in ({"routedTo": "ns1.example.eu"}, {"routedTo": {"serviceName": ["ns1"]}}):
        with pytest.raises(ValueError, match="routedTo"):
            ip_utils.routed_to(answer)
    with pytest.raises(ValueError, match="destination"):
        ip_utils.task_destination({"function": "genericMoveFloatingIp", "destination": "ns1.example.eu"})


def test_mitigation_entries():
    assert ip_utils.is_permanent({"permanent": True, "state": "ok"})
    assert ip_utils.is_permanent({"permanent": True, "state": "creationPending"})
    assert not ip_utils.is_permanent({"permanent": True, "state": "removalPending"})
    assert not ip_utils.is_permanent({"permanent": False, "state": "ok"}) and not ip_utils.is_permanent(None)
    path = "/ip/203.0.113.7%2F32/mitigation"
    assert ip_utils.read_mitigation(Script({path: []}), "203.0.113.7/32", "203.0.113.7") is None
    gone = OvhApiError("GET", path + "/203.0.113.7", 404, message="gone")
    assert ip_utils.read_mitigation(Script({path: ["203.0.113.7"], path + "/203.0.113.7": gone}), "203.0.113.7/32", "203.0.113.7") is None


def refusal():
    return OvhApiError("POST", LIST, 400, message="Cannot check if web.example.com. resolves to 203.0.113.7: "
                       "web.example.com. does not resolve to 203.0.113.7")


def test_set_reverse_tries_a_not_resolving_name_again_on_the_collections_clock(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(CLOCK, "monotonic", lambda: now[0])
    monkeypatch.setattr(CLOCK, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    client = Script(posts=[refusal(), refusal(), {"ipReverse": "203.0.113.7", "reverse": "web.example.com."}])
    assert ip_utils.set_reverse(client, BLOCK, ADDRESS, "web.example.com.", 60)["reverse"] == "web.example.com."
    assert now[0] == 10.0 and len(client.calls) == 3
    client = Script(posts=[refusal()] * 5)
    with pytest.raises(OvhApiError, match="does not resolve"):
        ip_utils.set_reverse(client, BLOCK, ADDRESS, "web.example.com.", 0)
    assert len(client.calls) == 1
    client = Script(posts=[OvhApiError("POST", LIST, 403, message="This call has not been granted")])
    with pytest.raises(OvhApiError, match="not been granted"):
        ip_utils.set_reverse(client, BLOCK, ADDRESS, "web.example.com.", 60)


def test_read_reverse_requests(client, emulator):
    address, block = parse_address("203.0.113.10")
    assert ip_utils.read_reverse(client, block, address) == "ns3001234.ip-203-0-113.eu."
    address, block = parse_address("203.0.113.60")
    assert ip_utils.read_reverse(client, block, address) is None
    assert sent(emulator) == [("GET", "/ip/203.0.113.10%2F32/reverse"), ("GET", "/ip/203.0.113.10%2F32/reverse/203.0.113.10"),
                              ("GET", "/ip/203.0.113.60%2F32/reverse")]
    with pytest.raises(OvhApiError) as error:  # not the account's block: an error, not "no reverse"
        ip_utils.read_reverse(client, *reversed(parse_address("192.0.2.1")))
    assert error.value.status == 404


def test_unresolved_refusal_is_recognised(client):
    address, block = parse_address("203.0.113.10")
    with pytest.raises(OvhApiError) as error:
        client.post(ip_utils.reverse_path(block), body={"ipReverse": str(address), "reverse": "nowhere.example.com."})
    assert ip_utils.is_unresolved_refusal(error.value)
    assert "create the A record nowhere.example.com. -> 203.0.113.10" in ip_utils.unresolved_hint("nowhere.example.com.", address)
