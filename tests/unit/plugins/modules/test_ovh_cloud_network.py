"""ovh_cloud_network in-process: the exact requests of a creation waited for until ACTIVE, the rerun that
sends nothing, check mode and diff, a region added, the refusals (a region not running network, a
region the API cannot remove, another VLAN, a project in no vRack: no write), deletion waited for until
404, bad input before any request, an API error with its QueryID. The emulator's clock is frozen: the
network builds only while the module waits."""

import json

import pytest

from api_log import sent, writes
from tamper import tamper

PROJECT = "0123456789abcdef0123456789abcdef"  # in vRack pn-12345, network "backend" pn-12345_100 in GRA11
STAGING = "fedcba9876543210fedcba9876543210"  # in no vRack
BASE = "/cloud/project/%s/network/private" % PROJECT
VRACK = [("GET", "/cloud/project/%s/vrack" % PROJECT)]  # read before a creation: a project in no vRack fails there
REGIONS = [("GET", "/cloud/project/%s/region" % PROJECT),
           ("GET", "/cloud/project/%s/region/BHS5,GRA,GRA11,SBG,SBG5" % PROJECT)]


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def bodies(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in writes(emulator)]


def test_a_network_is_created_waited_for_and_a_rerun_sends_nothing(modules, frozen):
    args = {"project": PROJECT, "name": "front", "vlan_id": 200, "regions": ["gra11", "SBG5"]}
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and result["changed"], output
    network = result["network"]
    assert network["id"] == "pn-12345_200" and network["status"] == "ACTIVE" and network["vlan_id"] == 200
    assert [(region["region"], region["status"]) for region in network["regions"]] == [("GRA11", "ACTIVE"), ("SBG5", "ACTIVE")]
    assert result["openstack_ids"] == dict((region["region"], region["openstack_id"]) for region in network["regions"])
    assert len(set(result["openstack_ids"].values())) == 2
    log = sent(frozen)
    assert log[:5] == [("GET", BASE)] + VRACK + REGIONS + [("POST", BASE)]
    assert log[5:] and all(entry == ("GET", BASE + "/pn-12345_200") for entry in log[5:])
    assert modules.clock.sleeps  # it waited: BUILDING first
    assert bodies(frozen) == [("POST", BASE, {"name": "front", "vlanId": 200, "regions": ["GRA11", "SBG5"]})]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and not result["changed"] and result["network"]["id"] == "pn-12345_200", output
    assert sent(frozen) == [("GET", BASE)]


def test_check_mode_predicts_sends_no_write_and_diff_shows_the_network(modules, frozen):
    args = {"project": PROJECT, "name": "front", "vlan_id": 300, "regions": ["BHS5"]}
    rc, result, output = modules.run("ovh_cloud_network", args, "--check", "--diff")
    assert rc == 0 and result["changed"], output
    assert result["diff"] == {"before": {}, "after": {"name": "front", "vlan_id": 300, "regions": ["BHS5"]}}
    assert result["network"]["id"] is None and result["openstack_ids"] == {}
    assert sent(frozen) == [("GET", BASE)] + VRACK + REGIONS and modules.clock.sleeps == []
    rc, result, output = modules.run("ovh_cloud_network", dict(args, wait=False), "--diff")
    assert rc == 0 and result["changed"] and result["network"]["status"] == "BUILDING", output
    assert result["diff"]["after"] == {"name": "front", "vlan_id": 300, "regions": ["BHS5"]}


def test_a_region_is_added_to_an_existing_network(modules, frozen):
    args = {"project": PROJECT, "name": "backend", "regions": ["GRA11", "BHS5"]}
    rc, result, output = modules.run("ovh_cloud_network", args, "--diff")
    assert rc == 0 and result["changed"], output
    assert result["diff"]["before"]["regions"] == ["GRA11"] and result["diff"]["after"]["regions"] == ["BHS5", "GRA11"]
    assert result["openstack_ids"]["GRA11"] == "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e" and "BHS5" in result["openstack_ids"]
    assert sent(frozen)[:4] == [("GET", BASE)] + REGIONS + [("POST", BASE + "/pn-12345_100/region")]
    assert bodies(frozen) == [("POST", BASE + "/pn-12345_100/region", {"region": "BHS5"})]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and not result["changed"] and sent(frozen) == [("GET", BASE)], output


@pytest.mark.parametrize("args, message, reads", [
    ({"regions": ["GRA11", "GRA"]},
     "regions \"GRA\" is not a region where the project runs private networks; its regions for it: BHS5, GRA11, SBG5",
     [("GET", BASE)] + REGIONS),
    ({"regions": ["SBG5"]}, "is also in \"GRA11\", not in regions: the API has no route that removes a region", [("GET", BASE)]),
    ({"vlan_id": 101}, "is on VLAN \"100\", not 101: the API cannot change a network's VLAN", [("GET", BASE)]),
])
def test_what_the_api_cannot_do_is_refused_before_any_write(modules, frozen, args, message, reads):
    rc, result, output = modules.run("ovh_cloud_network", dict({"project": PROJECT, "name": "backend"}, **args))
    assert rc == 1 and message in result["msg"] and not result["changed"], output
    assert sent(frozen) == reads


def test_a_project_in_no_vrack_gets_what_to_do(modules, frozen):
    # Its vRack read first (GET /cloud/project/{serviceName}/vrack answers 404): no write, and check mode sees it too.
    reads = [("GET", "/cloud/project/%s/network/private" % STAGING), ("GET", "/cloud/project/%s/vrack" % STAGING)]
    for check in ((), ("--check",)):
        frozen.clear_log()
        rc, result, output = modules.run("ovh_cloud_network", {"project": STAGING, "name": "x", "vlan_id": 5}, *check)
        assert rc == 1 and not result["changed"], output
        assert result["msg"].startswith("project %s is in no vRack, and a private network lives on the project's vRack: "
                                        "attach the project with signet.ovh.ovh_vrack_member (cloud_project: %s)"
                                        % (STAGING, STAGING)), result["msg"]
        assert result["http_status"] == 404 and result["query_id"]
        assert sent(frozen) == reads and writes(frozen) == []


def test_the_api_refusal_of_a_project_in_no_vrack_still_says_what_to_do(modules, frozen):
    # Credentials that may not read the project's vRack (403): the API's own refusal of the creation says it then.
    frozen.add_fault(status=403, method="GET", path="/cloud/project/*/vrack")
    rc, result, output = modules.run("ovh_cloud_network", {"project": STAGING, "name": "x", "vlan_id": 5})
    assert rc == 1 and not result["changed"], output
    assert "attach the project with signet.ovh.ovh_vrack_member (cloud_project: %s)" % STAGING in result["msg"]
    assert "Can not get vrack_id and segmentation_id value from DB!" in result["msg"]
    assert result["http_status"] == 400 and result["query_id"]
    assert [entry["status"] for entry in writes(frozen)] == [400]


def test_a_network_is_deleted_and_waited_for_until_gone(modules, frozen):
    args = {"project": PROJECT, "name": "backend", "state": "absent"}
    rc, result, output = modules.run("ovh_cloud_network", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"] == {} and writes(frozen) == [], output
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and result["changed"] and result["network"] is None, output
    path = BASE + "/pn-12345_100"
    assert [entry for entry in sent(frozen) if entry[0] == "DELETE"] == [("DELETE", path)]
    assert [entry["status"] for entry in frozen.log if entry["path"] == path][-1] == 404
    frozen.clear_log()
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and not result["changed"] and sent(frozen) == [("GET", BASE)], output


@pytest.mark.parametrize("args, message", [
    ({"project": "demo"}, "project must be a Public Cloud project id"),
    ({"vlan_id": 4001}, "vlan_id must be a VLAN id from 0 to 4000, got 4001"),
    ({"regions": ["GRA 11"]}, "regions must be a region name"),
    ({"name": " "}, "name must be the private network's name"),
    ({"wait_timeout": -1}, "wait_timeout must be 0 or more seconds"),
])
def test_bad_input_is_refused_before_any_request(modules, frozen, args, message):
    rc, result, output = modules.run("ovh_cloud_network", dict({"project": PROJECT, "name": "front"}, **args))
    assert rc == 1 and message in result["msg"], output
    assert sent(frozen) == []


def test_an_api_error_fails_with_its_query_id_and_nothing_written(modules, frozen):
    frozen.add_fault(status=500, method="GET", path=BASE)
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front"})
    assert rc == 1 and result["http_status"] == 500 and "QueryID" in result["msg"] and result["query_id"], output
    assert writes(frozen) == []


def test_a_wait_that_runs_out_names_the_region_statuses(modules, frozen):
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front", "vlan_id": 7,
                                                           "regions": ["GRA11"], "wait_timeout": 1})
    assert rc == 1 and result["changed"], output
    assert 'status: "BUILDING" (regions: "GRA11": "BUILDING")' in result["msg"] and "run the task again" in result["msg"]
    assert result["network"]["id"] == "pn-12345_7"


def test_a_refused_creation_is_not_a_change(modules, frozen):
    frozen.add_fault(status=403, method="POST", path=BASE)
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front", "vlan_id": 8})
    assert rc == 1 and result["http_status"] == 403 and result["query_id"] and not result["changed"], output
    assert "attach the project" not in result["msg"]


NETWORK_ROUTE = "/cloud/project/{serviceName}/network/private/{networkId}"


def _region_status(status, region="SBG5"):
    def edit(network):
        return dict(network, regions=[dict(item, status=status) if item["region"] == region else item
                                      for item in network["regions"]])
    return edit


@pytest.mark.parametrize("edit, message", [
    (_region_status("ERROR"), 'private network "pn-12345_200" will not become ACTIVE: region "SBG5" is "ERROR"'),
    (_region_status("DOWN\n\u202e"), 'region "SBG5" is "DOWN\\n\\u202e"'),  # a status the schema does not list, quoted
    (lambda network: dict(network, status="DELETING"), 'will not become ACTIVE: the network is "DELETING"'),
])
def test_a_region_or_network_in_a_status_that_never_ends_fails_the_wait_at_once(modules, frozen, monkeypatch, edit, message):
    tamper(monkeypatch, "GET", NETWORK_ROUTE, edit)
    args = {"project": PROJECT, "name": "front", "vlan_id": 200, "regions": ["GRA11", "SBG5"], "wait_timeout": 600}
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 1 and result["changed"] and message in result["msg"], output
    assert sent(frozen) == [("GET", BASE)] + VRACK + REGIONS + [("POST", BASE), ("GET", BASE + "/pn-12345_200")]
    assert modules.clock.sleeps == []  # not one poll more: the first read ends the wait
    assert result["network"]["id"] == "pn-12345_200"  # the last read


@pytest.mark.parametrize("method, template, path", [
    ("GET", "/cloud/project/{serviceName}/network/private", BASE),
    ("GET", NETWORK_ROUTE, BASE + "/pn-12345_200"),
])
def test_a_region_that_is_not_an_object_fails_with_what_is_wrong(modules, frozen, monkeypatch, method, template, path):
    def edit(answer):
        if isinstance(answer, list):
            return [dict(network, regions=["GRA11"]) for network in answer]
        return dict(answer, regions=["GRA11", None])
    tamper(monkeypatch, method, template, edit)
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front", "vlan_id": 200,
                                                           "regions": ["GRA11"]})
    assert rc == 1 and "Traceback" not in output, output
    assert "unexpected answer" in result["msg"] and "whose regions is wrong: item 0 is a string instead of" in result["msg"]
    log = sent(frozen)
    assert log[-1] == ("GET", path) and log == ([("GET", BASE)] if path == BASE else
                                                [("GET", BASE)] + VRACK + REGIONS + [("POST", BASE), ("GET", path)])
    assert result["changed"] == (path != BASE)  # the POST before the failed read was carried out


def test_a_creation_answered_2xx_but_unusable_is_a_change(modules, frozen, monkeypatch):
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/network/private", lambda answer: {"unexpected": True})
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front", "vlan_id": 200,
                                                           "regions": ["GRA11"]})
    assert rc == 1 and "unexpected answer" in result["msg"] and "Traceback" not in output, output
    assert result["changed"] and result["http_status"] == 200 and sent(frozen)[-1] == ("POST", BASE)


def test_a_deletion_wait_that_runs_out_quotes_a_status_that_is_not_a_plain_word(modules, frozen, monkeypatch):
    tamper(monkeypatch, "GET", NETWORK_ROUTE, lambda network: dict(network, status="DELETING\x1b[31m"))
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "backend", "state": "absent",
                                                           "wait_timeout": 1})
    assert rc == 1 and result["changed"], output
    assert 'private network "pn-12345_100" still pending after 1 seconds (status: "DELETING\\u001b[31m")' in result["msg"]
    path = BASE + "/pn-12345_100"
    log = sent(frozen)
    assert log[:3] == [("GET", BASE), ("DELETE", path), ("GET", path)] and set(log[2:]) == {("GET", path)}


def test_a_delete_answered_404_is_gone(modules, emulator):
    # Deleted in between (or a DELETE sent again after a lost answer): what was asked, not a failure.
    emulator.add_fault(status=404, count=1, method="DELETE", path="*/network/private/pn-12345_100")
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "backend", "state": "absent",
                                                           "wait": False})
    assert rc == 0 and result["changed"] and result["network"] is None, output
    assert [entry["status"] for entry in writes(emulator)] == [404]


def test_absent_rerun_while_the_network_is_still_deleting(modules, emulator):
    args = {"project": PROJECT, "name": "backend", "state": "absent"}
    rc, result, output = modules.run("ovh_cloud_network", dict(args, wait=False))
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    # DELETING: no second DELETE (which would start the deletion again), nothing reported changed, check mode alike.
    rc, result, output = modules.run("ovh_cloud_network", args, "--check")
    assert rc == 0 and not result["changed"] and writes(emulator) == [], output
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and not result["changed"] and writes(emulator) == [], output
    assert [entry["status"] for entry in emulator.log if entry["path"] == BASE + "/pn-12345_100"][-1] == 404


def test_a_network_whose_type_is_null_is_still_found(modules, frozen, monkeypatch):
    # cloud.network.Network's type can be null (the schema): such a network of the name is the one asked, never one
    # to create again (a second network, or the API's refusal of its VLAN).
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/network/private",
           lambda networks: [dict(network, type=None) for network in networks])
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "backend"})
    assert rc == 0 and not result["changed"] and result["network"]["id"] == "pn-12345_100", output
    assert sent(frozen) == [("GET", BASE)]


def test_a_region_given_twice_is_asked_once(modules, frozen):
    # Compared without case: GRA11 and gra11 are one region; the API would refuse a list with a region twice.
    args = {"project": PROJECT, "name": "front", "vlan_id": 210, "regions": ["GRA11", "gra11", "SBG5"], "wait": False}
    rc, result, output = modules.run("ovh_cloud_network", args)
    assert rc == 0 and result["changed"], output
    assert bodies(frozen) == [("POST", BASE, {"name": "front", "vlanId": 210, "regions": ["GRA11", "SBG5"]})]
    frozen.clear_log()
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "backend", "wait": False,
                                                           "regions": ["GRA11", "BHS5", "bhs5"]})
    assert rc == 0 and result["changed"], output
    assert bodies(frozen) == [("POST", BASE + "/pn-12345_100/region", {"region": "BHS5"})]


def test_an_empty_region_list_is_refused_before_any_request(modules, frozen):
    # [] is not "unset" (every region): a network in no region, or every region of an existing one refused.
    rc, result, output = modules.run("ovh_cloud_network", {"project": PROJECT, "name": "front", "regions": []})
    assert rc == 1 and "regions must list at least one region" in result["msg"], output
    assert sent(frozen) == []


@pytest.mark.parametrize("args, message", [
    ({"name": "front", "vlan_id": 100}, 'vlan_id 100 is the VLAN of private network "backend" ("pn-12345_100") of the project'),
    ({"name": "front", "vlan_id": 0, "regions": ["GRA11"]}, 'vlan_id 0 is the VLAN of private network "all"'),
    ({"name": "front", "regions": ["GRA11"]}, 'vlan_id unset (0) is the VLAN of private network "all"'),
])
def test_a_vlan_another_network_has_is_refused_before_any_write(modules, frozen, args, message):
    # Each network of a project has its own VLAN (its id is pn-{vrack}_{vlan}): known from the list already read, so
    # check mode predicts the refusal too, and nothing is written.
    if "all" in message:
        assert modules.run("ovh_cloud_network", {"project": PROJECT, "name": "all", "vlan_id": 0, "regions": ["SBG5"],
                                                 "wait": False})[0] == 0
    for check in ((), ("--check",)):
        frozen.clear_log()
        rc, result, output = modules.run("ovh_cloud_network", dict({"project": PROJECT}, **args), *check)
        assert rc == 1 and message in result["msg"] and not result["changed"], output
        assert "choose another vlan_id" in result["msg"] and sent(frozen) == [("GET", BASE)]
