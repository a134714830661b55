"""Service names checked before they become inventory host names, and names shown in messages."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.names import host_name_problem, printable
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
    (None, "it is empty"),
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
    assert location("dedicated_server", {"datacenter": "gra3"}) == "gra3"
    assert location("vps", {"zone": "Region OpenStack: os-gra7"}) == "gra7"
    assert location("vps", {"zone": "os-BHS5"}) == "bhs5"
    assert location("vps", {"zone": "somewhere else"}) == "somewhere else"
    assert location("vps", {}) is None
