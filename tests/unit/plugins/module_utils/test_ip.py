"""module_utils/ip.py: addresses, names, paths and the reverse read, on scripted answers and against the
emulator. Pins what hand mutants of the file changed unnoticed (tests/MUTATION.md)."""

import ipaddress

import pytest

from api_log import sent

from ansible_collections.signet.ovh.plugins.module_utils import ip as ip_utils
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.ip import (
    ReverseInputError, is_unresolved_refusal, normalize_name, parse_address, read_reverse, reverse_path)


def test_parse_address_forms():
    assert parse_address("203.0.113.7") == (ipaddress.ip_address("203.0.113.7"), ipaddress.ip_network("203.0.113.7/32"))
    assert parse_address(" 2001:db8::1/128 ")[1] == ipaddress.ip_network("2001:db8::1/128")


@pytest.mark.parametrize("value", ["203.0.113.7/24", "203.0.113.7/31", "2001:db8::1/64", "203.0.113.7/33", "x", "", None])
def test_parse_address_refuses_blocks_and_junk(value):
    with pytest.raises(ReverseInputError):
        parse_address(value)


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


@pytest.mark.parametrize("value, address, block", [
    ("203.0.113.7", "203.0.113.7", "203.0.113.7/32"), (" 203.0.113.7/32 ", "203.0.113.7", "203.0.113.7/32"),
    ("2001:db8::1", "2001:db8::1", "2001:db8::1/128")])
def test_parse_address(value, address, block):
    parsed = ip_utils.parse_address(value)
    assert (str(parsed[0]), str(parsed[1])) == (address, block)


@pytest.mark.parametrize("value", ["", "203.0.113.300", "203.0.113.0/29", "host"])
def test_parse_address_refuses(value):
    with pytest.raises(ip_utils.ReverseInputError):
        ip_utils.parse_address(value)


def test_read_reverse_requests(client, emulator):
    address, block = ip_utils.parse_address("203.0.113.10")
    assert ip_utils.read_reverse(client, block, address) == "ns3001234.ip-203-0-113.eu."
    address, block = ip_utils.parse_address("203.0.113.60")
    assert ip_utils.read_reverse(client, block, address) is None
    assert sent(emulator) == [("GET", "/ip/203.0.113.10%2F32/reverse"), ("GET", "/ip/203.0.113.10%2F32/reverse/203.0.113.10"),
                              ("GET", "/ip/203.0.113.60%2F32/reverse")]
    with pytest.raises(OvhApiError) as error:  # not the account's block: an error, not "no reverse"
        ip_utils.read_reverse(client, *reversed(ip_utils.parse_address("192.0.2.1")))
    assert error.value.status == 404


def test_unresolved_refusal_is_recognised(client):
    address, block = ip_utils.parse_address("203.0.113.10")
    with pytest.raises(OvhApiError) as error:
        client.post(ip_utils.reverse_path(block), body={"ipReverse": str(address), "reverse": "nowhere.example.com."})
    assert ip_utils.is_unresolved_refusal(error.value)
    assert "create the A record nowhere.example.com. -> 203.0.113.10" in ip_utils.unresolved_hint("nowhere.example.com.", address)
