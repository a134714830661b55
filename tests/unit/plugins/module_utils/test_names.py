"""module_utils/names.py: service names checked before they become inventory host names, names shown in
messages, and the host names, domain names, addresses and blocks users give."""

import ipaddress

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.names import (
    block_holding, domain_name, host_name_problem, normalize_ip, normalize_ip_blocks, parse_address, printable,
    service_name, system_host_name_problem)
from ansible_collections.signet.ovh.plugins.module_utils.servers import first_ipv6, location


@pytest.mark.parametrize("name", ["ns3001234.ip-203-0-113.eu", "vps-1a2b3c4d.vps.ovh.net", "web-vps", "db_1", "a",
                                  "x" * 63 + ".eu", "NS1.EXAMPLE.COM"])
def test_valid_host_names(name):
    assert host_name_problem(name) is None


@pytest.mark.parametrize("name, problem", [
    ("../../../escaped", "it holds a slash"),
    ("a/b", "it holds a slash"),
    ("a\\b", "it holds a slash"),
    ("..", "it holds '..'"),
    ("a..b", "it holds '..'"),
    ("vps\x1b[31m", "it holds control characters"),
    ("vps\nnext", "it holds control characters"),
    ("vps\x7f", "it holds control characters"),
    ("vps 1", "it holds spaces"),
    ("vps\u00a01", "it holds spaces"),
    ("", "it is empty"),
    (None, "it is null"),
    (42, "it is not text"),
    ("a" * 254, "it is longer than 253 characters"),
    ("vps-{{7*7}}", "characters not valid"),
    ("{{ lookup('pipe', 'id') }}", "it holds spaces"),
    ("-rf", "characters not valid"),
    ("web-", "characters not valid"),
    (".hidden", "characters not valid"),
    ("trailing.", "characters not valid"),
    ("x" * 64, "characters not valid"),
    ("café", "characters not valid"),
    ("a:b", "characters not valid"),
    ("a;b", "characters not valid"),
])
def test_names_refused_say_why(name, problem):
    assert problem in host_name_problem(name)


def test_printable_escapes_control_and_non_ascii_characters_and_cuts_long_text():
    assert printable("vps-\x1b[31mred") == '"vps-\\u001b[31mred"'
    assert printable("café") == '"caf\\u00e9"'
    assert printable("{{ 7*7 }}") == '"{{ 7*7 }}"'
    long = printable("x" * 500)
    assert len(long) == 120 and long.endswith('..."')


def test_first_ipv6_and_location():
    assert first_ipv6(["203.0.113.10/32", "2001:db8:10::/64"]) == "2001:db8:10::1"
    assert first_ipv6(["garbage", "2001:db8:50::1"]) == "2001:db8:50::1"
    assert first_ipv6(["2001:db8:60::7/128"]) == "2001:db8:60::7"
    assert first_ipv6(["203.0.113.10"]) is None and first_ipv6(None) is None
    # A zone index (ipaddress takes any text after "%") is no address to reach: never ansible_host.
    assert first_ipv6(["2001:db8::1% -oProxyCommand=id", "2001:db8:70::/64"]) == "2001:db8:70::1"
    assert first_ipv6(["2001:db8::% x/64"]) is None
    assert location("dedicated_server", {"datacenter": "gra3"}) == "gra3"
    assert location("vps", {"zone": "Region OpenStack: os-gra7"}) == "gra7"
    assert location("vps", {"zone": "os-BHS5"}) == "bhs5"
    assert location("vps", {"zone": "somewhere else"}) == "somewhere else"
    assert location("vps", {}) is None


@pytest.mark.parametrize("name", ["web1", "web1.example.com", "a" * 63, "a-b.c" + ".d" * 120])
def test_system_host_names(name):
    assert system_host_name_problem(name) is None


@pytest.mark.parametrize("name", ["1web", "web-", "-web", "we_b", "web..example", "a" * 64, "a" + ".b" * 127, "", "web 1"])
def test_system_host_names_refused(name):
    assert "RFC 1035" in system_host_name_problem(name)


@pytest.mark.parametrize("value, name", [("Example.COM.", "example.com"), (" ns1.example.com ", "ns1.example.com"),
                                         ("xn--bcher-kva.example", "xn--bcher-kva.example")])
def test_domain_names(value, name):
    assert domain_name(value) == name


@pytest.mark.parametrize("value", ["example", "example.123", "-a.example.com", "a..example.com", "exa mple.com", "", None,
                                   "a" * 64 + ".com", "a." * 126 + "com"])
def test_domain_names_refused(value):
    assert domain_name(value) is None


def test_normalize_ip():
    assert normalize_ip(" 2001:DB8::0:1 ") == "2001:db8::1"
    assert normalize_ip("192.0.2.1") == "192.0.2.1"
    with pytest.raises(InputError, match="name_servers\\[0\\]: ip '192.0.2.300' is not an IP address"):
        normalize_ip("192.0.2.300", "name_servers[0]: ip")


@pytest.mark.parametrize("value, address, block", [
    ("203.0.113.7", "203.0.113.7", "203.0.113.7/32"), (" 203.0.113.7/32 ", "203.0.113.7", "203.0.113.7/32"),
    ("2001:db8::1", "2001:db8::1", "2001:db8::1/128"), (" 2001:db8::1/128 ", "2001:db8::1", "2001:db8::1/128")])
def test_parse_address(value, address, block):
    parsed = parse_address(value)
    assert (str(parsed[0]), str(parsed[1])) == (address, block)


@pytest.mark.parametrize("value, message", [
    ("203.0.113.7/24", "give one address, e.g. 203.0.113.7"), ("203.0.113.7/31", "give one address"),
    ("2001:db8::1/64", "give one address"), ("203.0.113.7/33", "is not an IPv4 or IPv6 address"),
    ("203.0.113.300", "is not an IPv4 or IPv6 address"), ("host", "is not an IPv4 or IPv6 address"),
    ("", "is not an IPv4 or IPv6 address"), (None, "is not an IPv4 or IPv6 address")])
def test_parse_address_refuses_blocks_and_junk(value, message):
    with pytest.raises(InputError, match=message):
        parse_address(value)


def test_block_holding():
    address = ipaddress.ip_address("203.0.113.10")
    assert str(block_holding(address, " 203.0.113.8/29")) == "203.0.113.8/29"
    assert str(block_holding(address, "203.0.113.9/29")) == "203.0.113.8/29"  # host bits are the user's shorthand
    with pytest.raises(InputError, match="ip 203.0.113.10 is not in ip_block 203.0.113.16/29"):
        block_holding(address, "203.0.113.16/29")
    with pytest.raises(InputError, match="is not in ip_block"):
        block_holding(address, "2001:db8::/32")
    with pytest.raises(InputError, match="'nope' is not an IP block"):
        block_holding(address, "nope")


def test_ip_blocks():
    assert normalize_ip_blocks(["192.0.2.1", "2001:db8::/32", "192.0.2.1/32", " 10.0.0.0/8"], "allowed_ips") == [
        "10.0.0.0/8", "192.0.2.1/32", "2001:db8::/32"]
    assert normalize_ip_blocks(None, "allowed_ips") is None
    with pytest.raises(InputError, match="allowed_ips: '192.0.2.1/24' has host bits set; the network is 192.0.2.0/24"):
        normalize_ip_blocks(["192.0.2.1/24"], "allowed_ips")
    with pytest.raises(InputError, match="allowed_ips: 'example.com' is not an IP address or CIDR block"):
        normalize_ip_blocks(["example.com"], "allowed_ips")


def test_service_names():
    assert service_name(" ns3001234.ip-203-0-113.eu ", "a server's") == "ns3001234.ip-203-0-113.eu"
    for bad in ("", "  ", None, 7, "ns1/task", "ns1?x=1", "ns1#a", "ns 1", "ns1\\x", "ns1\x00", "ns1\u2028x", "ns1\u200bx"):
        with pytest.raises(InputError, match="service_name must be a server's, got "):
            service_name(bad, "a server's")
