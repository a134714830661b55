"""module_utils/ip.py: reverse names, blocks, paths and the reverse read. Pins what hand mutants of the file
changed unnoticed (tests/MUTATION.md)."""

import ipaddress

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
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
