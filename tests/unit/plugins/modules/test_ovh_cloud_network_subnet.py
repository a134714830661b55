"""ovh_cloud_network_subnet in-process: the exact requests of a creation, the rerun that sends nothing, check mode
and diff, a different subnet refused (what differs named) or replaced with replace=true, deletion, a region the
network is not in, bad blocks and ranges refused before any request, an API error with its QueryID."""

import json

import pytest

from api_log import sent, writes
from tamper import tamper

PROJECT = "0123456789abcdef0123456789abcdef"
BASE = "/cloud/project/%s/network/private" % PROJECT
SUBNETS = BASE + "/pn-12345_100/subnet"
ARGS = {"project": PROJECT, "network": "backend", "region": "gra11", "cidr": "10.0.0.0/24", "start": "10.0.0.10",
        "end": "10.0.0.200"}


def bodies(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in writes(emulator)]


def test_a_subnet_is_created_and_a_rerun_sends_nothing(modules, emulator):
    rc, result, output = modules.run("ovh_cloud_network_subnet", ARGS)
    assert rc == 0 and result["changed"] and not result["replaced"], output
    assert result["subnet"]["cidr"] == "10.0.0.0/24" and result["subnet"]["gateway_ip"] == "10.0.0.1"
    assert result["subnet"]["ip_pools"] == [{"region": "GRA11", "network": "10.0.0.0/24", "start": "10.0.0.10",
                                             "end": "10.0.0.200", "dhcp": True}]
    assert result["network_id"] == "pn-12345_100" and result["openstack_network_id"] == "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"
    assert sent(emulator) == [("GET", BASE), ("GET", SUBNETS), ("POST", SUBNETS)]
    assert bodies(emulator) == [("POST", SUBNETS, {"region": "GRA11", "network": "10.0.0.0/24", "start": "10.0.0.10",
                                                   "end": "10.0.0.200", "dhcp": True, "noGateway": False})]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, network="pn-12345_100"))
    assert rc == 0 and not result["changed"] and result["subnet"]["id"], output
    assert sent(emulator) == [("GET", BASE), ("GET", SUBNETS)]


def test_check_mode_and_diff(modules, emulator):
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, no_gateway=True), "--check", "--diff")
    assert rc == 0 and result["changed"] and result["subnet"]["id"] is None and result["subnet"]["gateway_ip"] is None, output
    assert result["diff"] == {"before": {}, "after": {"cidr": "10.0.0.0/24", "start": "10.0.0.10", "end": "10.0.0.200",
                                                      "dhcp": True, "gateway_ip": None}}
    assert writes(emulator) == []


def test_a_different_subnet_is_refused_or_replaced(modules, emulator):
    assert modules.run("ovh_cloud_network_subnet", ARGS)[0] == 0
    first = emulator.state.cloud.projects[PROJECT].networks["pn-12345_100"]["subnets"][0]["id"]
    emulator.clear_log()
    other = dict(ARGS, cidr="10.1.0.0/16", start=None, end=None, dhcp=False)
    rc, result, output = modules.run("ovh_cloud_network_subnet", other)
    assert rc == 1 and not result["changed"], output
    assert "already has a subnet in \"GRA11\" (\"10.0.0.0/24\") that differs in cidr, dhcp; the API cannot change" in result["msg"]
    assert writes(emulator) == []
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(other, replace=True), "--diff")
    assert rc == 0 and result["changed"] and result["replaced"], output
    assert result["diff"]["before"]["cidr"] == "10.0.0.0/24" and result["diff"]["after"]["start"] == "10.1.0.2"
    assert bodies(emulator) == [("DELETE", SUBNETS + "/" + first, None),
                                ("POST", SUBNETS, {"region": "GRA11", "network": "10.1.0.0/16", "start": "10.1.0.2",
                                                   "end": "10.1.255.254", "dhcp": False, "noGateway": False})]


def test_deletion_only_of_the_block_given(modules, emulator):
    assert modules.run("ovh_cloud_network_subnet", ARGS)[0] == 0
    emulator.clear_log()
    rc, result, output = modules.run("ovh_cloud_network_subnet", {"project": PROJECT, "network": "backend", "region": "GRA11",
                                                                  "cidr": "10.9.0.0/24", "state": "absent"})
    assert rc == 0 and not result["changed"] and writes(emulator) == [], output
    rc, result, output = modules.run("ovh_cloud_network_subnet", {"project": PROJECT, "network": "backend", "region": "GRA11",
                                                                  "state": "absent"})
    assert rc == 0 and result["changed"] and result["subnet"] is None, output
    assert [entry[0] for entry in bodies(emulator)] == ["DELETE"]


@pytest.mark.parametrize("args, message, requests", [
    ({"region": "SBG5"}, 'region "SBG5" is not a region where the project runs network \"pn-12345_100\"; its regions for it: GRA11',
     [("GET", BASE)]),
    ({"network": "nope"}, "network \"nope\" is not a private network of project", [("GET", BASE)]),
    ({"cidr": "10.0.0.1/24"}, "cidr must be an IPv4 block", []),
    ({"end": "10.0.1.1"}, "end 10.0.1.1 is not a host address of cidr 10.0.0.0/24", []),
    ({"cidr": None}, "cidr is required with state=present", []),
    ({"region": "GRA 11"}, "region must be a region name", []),
])
def test_refusals(modules, emulator, args, message, requests):
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, **args))
    assert rc == 1 and message in result["msg"], output
    assert sent(emulator) == requests


def test_an_api_error_fails_with_its_query_id(modules, emulator):
    emulator.add_fault(status=403, method="POST", path="/cloud/project/*/network/private/*/subnet")
    rc, result, output = modules.run("ovh_cloud_network_subnet", ARGS)
    assert rc == 1 and result["http_status"] == 403 and result["query_id"] and not result["changed"], output


def test_api_text_in_messages_is_quoted(modules, emulator, monkeypatch):
    # A subnet whose block the API writes with a control character, in a network whose other region has one too:
    # both messages quote the API's text (escaped), never print it raw.
    assert modules.run("ovh_cloud_network_subnet", ARGS)[0] == 0
    emulator.clear_log()
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/network/private/{networkId}/subnet",
           lambda subnets: [dict(subnet, cidr=subnet["cidr"] + "\n\u202e") for subnet in subnets])
    rc, result, output = modules.run("ovh_cloud_network_subnet", ARGS)
    assert rc == 1 and not result["changed"], output
    assert 'already has a subnet in "GRA11" ("10.0.0.0/24\\n\\u202e") that differs in cidr' in result["msg"]
    assert sent(emulator) == [("GET", BASE), ("GET", SUBNETS)] and writes(emulator) == []
    emulator.clear_log()
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/network/private",
           lambda networks: [dict(network, regions=network["regions"] + [{"region": "SBG5\r\n", "status": "ACTIVE"}])
                             for network in networks])
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, region="BHS5"))
    assert rc == 1 and not result["changed"], output
    assert result["msg"] == ('region "BHS5" is not a region where the project runs network "pn-12345_100"; its regions '
                             'for it: GRA11, "SBG5\\r\\n"')
    assert sent(emulator) == [("GET", BASE)]


def test_a_delete_answered_404_is_gone(modules, emulator):
    rc, result, output = modules.run("ovh_cloud_network_subnet", ARGS)
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    emulator.add_fault(status=404, count=1, method="DELETE", path="*/subnet/*")
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, state="absent"))
    assert rc == 0 and result["changed"] and result["subnet"] is None, output
    assert [(entry["method"], entry["status"]) for entry in writes(emulator)] == [("DELETE", 404)]


def test_a_range_left_unset_is_not_compared_on_an_existing_subnet(modules, emulator):
    # Made elsewhere with the range .10-.200: the same block without start/end is that subnet, not one to replace.
    assert modules.run("ovh_cloud_network_subnet", ARGS)[0] == 0
    emulator.clear_log()
    for args in (dict(ARGS, start=None, end=None), dict(ARGS, end=None), dict(ARGS, start=None)):
        rc, result, output = modules.run("ovh_cloud_network_subnet", dict(args, replace=True), "--check")
        assert rc == 0 and not result["changed"] and not result["replaced"], output
        rc, result, output = modules.run("ovh_cloud_network_subnet", dict(args, replace=True))
        assert rc == 0 and not result["changed"] and writes(emulator) == [], output
    # A range given is still compared.
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, end="10.0.0.100"))
    assert rc == 1 and "differs in start/end" in result["msg"] and writes(emulator) == [], output


def test_absent_when_the_network_or_its_region_is_not_there_is_no_change(modules, emulator):
    # A teardown run again (the network deleted after its subnet), or a region the network is not in: no subnet there,
    # which is what state=absent asks; check mode alike.
    for args in ({"network": "gone"}, {"network": "pn-12345_999"}, {"region": "SBG5"}):
        for check in ((), ("--check",)):
            emulator.clear_log()
            rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, state="absent", **args), *check)
            assert rc == 0 and not result["changed"] and result["subnet"] is None, output
            assert sent(emulator) == [("GET", BASE)]


@pytest.mark.parametrize("edit, wrong", [
    (lambda subnet: dict(subnet, ipPools=["GRA11"]), "ipPools is wrong: item 0 is a string"),
    (lambda subnet: dict(subnet, ipPools={"region": "GRA11"}), "ipPools is wrong: an object instead of"),
    (lambda subnet: dict(subnet, ipPools=[dict(subnet["ipPools"][0], region=11)]), "region is wrong: a number instead of"),
    (lambda subnet: dict(subnet, ipPools=None), "ipPools is wrong: null instead of"),
])
def test_a_subnet_answer_of_the_wrong_shape_fails_with_what_is_wrong(modules, emulator, monkeypatch, edit, wrong):
    assert modules.run("ovh_cloud_network_subnet", ARGS)[0] == 0
    emulator.clear_log()
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/network/private/{networkId}/subnet",
           lambda subnets: [edit(subnet) for subnet in subnets])
    for state in ("present", "absent"):
        rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, state=state))
        assert rc == 1 and "Traceback" not in output and "unexpected answer" in result["msg"] and wrong in result["msg"], output
    assert writes(emulator) == []


@pytest.mark.parametrize("args, message", [
    ({"start": "10.0.0.1"}, "the range 10.0.0.1-10.0.0.200 holds the gateway 10.0.0.1 (the block's first host address): "
                            "start the range after it, or set no_gateway=true"),
    ({"start": "10.0.0.1", "end": None}, "the range 10.0.0.1-10.0.0.254 holds the gateway 10.0.0.1"),
])
def test_a_range_holding_the_gateway_is_refused_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, **args))
    assert rc == 1 and message in result["msg"], output
    assert sent(emulator) == []
    rc, result, output = modules.run("ovh_cloud_network_subnet", dict(ARGS, no_gateway=True, **args))
    assert rc == 0 and result["changed"] and result["subnet"]["ip_pools"][0]["start"] == "10.0.0.1", output
