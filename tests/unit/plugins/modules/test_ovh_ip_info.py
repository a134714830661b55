"""ovh_ip_info in-process: the filters go to the API, the objects come in one batch, the result's
shape (routed_to a service name, IAM tags as given), bad input before any request."""

import json
from urllib.parse import parse_qs

import pytest

WEB = "ns3001234.ip-203-0-113.eu"
DB = "ns3005678.ip-198-51-100.eu"


def requests(emulator):
    return [(entry["method"], entry["path"], parse_qs(entry["query"]), entry["batch"]) for entry in emulator.log
            if entry["path"] != "/auth/time"]


def test_every_ip_of_the_account_in_two_requests(modules, emulator):
    rc, result, output = modules.run("ovh_ip_info", {})
    assert rc == 0 and not result["changed"], output
    assert [(item["ip"], item["type"], item["routed_to"]) for item in result["ips"]] == [
        ("198.51.100.20/32", "dedicated", DB),
        ("198.51.100.128/30", "failover", DB),
        ("203.0.113.10/32", "dedicated", WEB),
        ("203.0.113.50/32", "vps", "vps-1a2b3c4d.vps.ovh.net"),
        ("203.0.113.60/32", "vps", "vps-5e6f7a8b.vps.ovh.net"),
        ("203.0.113.100/32", "failover", WEB),
        ("203.0.113.101/32", "failover", None),
        ("2001:db8:10::/64", "dedicated", WEB),
        ("2001:db8:20::/64", "dedicated", DB),
        ("2001:db8:50::1/128", "vps", "vps-1a2b3c4d.vps.ovh.net"),
    ]
    made = requests(emulator)
    assert [(method, path, batch) for method, path, _query, batch in made][0] == ("GET", "/ip", False)
    assert len(made) == 2 and made[1][3] is True and made[1][1].startswith("/ip/")


def test_filters_are_the_apis(modules, emulator):
    rc, result, output = modules.run("ovh_ip_info", {"type": "failover", "routed_to": WEB, "iam_tags": {"env": "prod"}})
    assert rc == 0, output
    assert result["ips"] == [dict(result["ips"][0], ip="203.0.113.100/32", type="failover", routed_to=WEB,
                                  description="web VIP", is_additional_ip=True, version=4)]
    assert result["ips"][0]["iam"]["tags"] == {"env": "prod", "role": "vip"}
    (method, path, query, _batch), (_m, one, _q, batch) = requests(emulator)
    assert (method, path) == ("GET", "/ip") and one == "/ip/203.0.113.100%2F32" and not batch
    assert query["type"] == ["failover"] and query["routedTo.serviceName"] == [WEB]
    assert json.loads(query["iamTags"][0]) == {"env": [{"operator": "EQ", "value": "prod"}]}


def test_version_and_an_empty_answer(modules, emulator):
    rc, result, output = modules.run("ovh_ip_info", {"version": 6, "type": "failover"})
    assert rc == 0 and result["ips"] == [], output
    assert [entry["path"] for entry in emulator.log if entry["path"] != "/auth/time"] == ["/ip"]


def test_one_ip_is_one_request(modules, emulator):
    rc, result, output = modules.run("ovh_ip_info", {"ip": "203.0.113.101", "type": "vps"})
    assert rc == 0 and [item["ip"] for item in result["ips"]] == ["203.0.113.101/32"], output
    assert result["ips"][0]["routed_to"] is None and result["ips"][0]["description"] == "spare"
    assert [(method, path) for method, path, _q, _b in requests(emulator)] == [("GET", "/ip/203.0.113.101%2F32")]


def test_an_ip_of_another_account_fails(modules, emulator):
    rc, result, output = modules.run("ovh_ip_info", {"ip": "198.51.100.99"})
    assert rc == 1 and "no IP 198.51.100.99/32 in this account" in result["msg"], output


@pytest.mark.parametrize("args, message", [
    ({"ip": "nope"}, "is not an IP address or CIDR block"),
    ({"routed_to": "not a name"}, "routed_to \"not a name\" is not a service name"),
    ({"type": "floating"}, "value of type must be one of"),
    ({"iam_tags": {"env": [{"operator": "BOGUS", "value": "x"}]}}, "iam_tags.env: operator"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_ip_info", args)
    assert rc == 1 and message in result["msg"], output
    assert [entry for entry in emulator.log if entry["path"] != "/auth/time"] == []
