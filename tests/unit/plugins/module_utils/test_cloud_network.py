"""module_utils/cloud_network.py: VLAN ids, subnet blocks and ranges checked before any request, networks found
by name or pn- id (a shared name refused), the region plan, results with each region's OpenStack id, the wait
until every region is ACTIVE on the emulator clock."""

import pytest

from api_log import sent
from module_runner import EmulatorTime

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError
from ansible_collections.signet.ovh.plugins.module_utils.cloud_network import (
    find_network, network_result, regions_plan, subnet_differences, subnet_in_region, subnet_spec, vlan_id, wait_active)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import WaitTimeout

PROJECT = "0123456789abcdef0123456789abcdef"
BASE = "/cloud/project/%s/network/private" % PROJECT


def test_vlan_ids():
    assert vlan_id(None) is None and vlan_id(0) == 0 and vlan_id(4000) == 4000
    for bad in (-1, 4001, True):
        with pytest.raises(CloudInputError, match="vlan_id must be a VLAN id from 0 to 4000"):
            vlan_id(bad)


def test_subnet_blocks_and_ranges():
    assert subnet_spec("10.0.0.0/24") == {"network": "10.0.0.0/24", "start": "10.0.0.2", "end": "10.0.0.254"}
    assert subnet_spec("10.0.0.0/24", "10.0.0.10", "10.0.0.20") == {"network": "10.0.0.0/24", "start": "10.0.0.10",
                                                                    "end": "10.0.0.20"}
    for args, message in ((("10.0.0.1/24",), "has host bits set"), (("2001:db8::/64",), "IPv4 block of /29 or larger"),
                          (("10.0.0.0/30",), "/29 or larger"), (("10.0.0.0/24", "10.0.1.5"), "start 10.0.1.5 is not a host"),
                          (("10.0.0.0/24", None, "10.0.0.255"), "end 10.0.0.255 is not a host"),
                          (("10.0.0.0/24", "10.0.0.50", "10.0.0.40"), "start 10.0.0.50 comes after end 10.0.0.40"),
                          (("10.0.0.0/24", "x"), "start must be an IPv4 address inside cidr 10.0.0.0/24")):
        with pytest.raises(CloudInputError, match=message.replace(".", r"\.").replace("/", "/")):
            subnet_spec(*args)
    # The gateway (the first host address) inside the range: refused when the subnet has one.
    assert subnet_spec("10.0.0.0/29", "10.0.0.1")["start"] == "10.0.0.1"
    with pytest.raises(CloudInputError, match=r"the range 10\.0\.0\.1-10\.0\.0\.6 holds the gateway 10\.0\.0\.1"):
        subnet_spec("10.0.0.0/29", "10.0.0.1", gateway=True)
    assert subnet_spec("10.0.0.0/29", gateway=True) == {"network": "10.0.0.0/29", "start": "10.0.0.2", "end": "10.0.0.6"}


def test_a_network_by_name_or_id_and_a_shared_name_refused(client, emulator):
    assert find_network(client, PROJECT, "backend")["id"] == "pn-12345_100"
    assert find_network(client, PROJECT, "pn-12345_100") is None
    assert find_network(client, PROJECT, "pn-12345_100", by_id=True)["name"] == "backend"
    assert sent(emulator) == [("GET", BASE)] * 3
    with emulator.state.lock:
        networks = emulator.state.cloud.projects[PROJECT].networks
        networks["pn-12345_101"] = dict(networks["pn-12345_100"], id="pn-12345_101", vlanId=101, subnets=[])
    with pytest.raises(CloudInputError, match=r'network "backend" matches 2 private networks of the project '
                                              r'\("pn-12345_100", "pn-12345_101"\)'):
        find_network(client, PROJECT, "backend", option="network")


def test_region_plan_and_result():
    assert regions_plan(["GRA11", "SBG5"], ["gra11", "BHS5"]) == (["BHS5"], ["SBG5"])
    regions = [{"region": "GRA11", "status": "ACTIVE", "openstackId": "u-1"},
               {"region": "SBG5", "status": "BUILDING", "openstackId": None}]
    result = network_result({"id": "pn-1_2", "vlanId": 2, "regions": regions})
    assert result["vlan_id"] == 2 and result["regions"][0]["openstack_id"] == "u-1" and result["openstack_ids"] == {"GRA11": "u-1"}


def test_subnets_per_region_and_their_differences():
    subnet = {"id": "s", "cidr": "10.0.0.0/24", "dhcpEnabled": True, "gatewayIp": "10.0.0.1",
              "ipPools": [{"region": "GRA11", "start": "10.0.0.2", "end": "10.0.0.254"}]}
    assert subnet_in_region([subnet], "gra11") is subnet and subnet_in_region([subnet], "SBG5") is None
    assert subnet_differences(subnet, subnet_spec("10.0.0.0/24"), True, False) == []
    assert subnet_differences(subnet, subnet_spec("10.0.1.0/24"), False, True) == ["cidr", "start/end", "dhcp", "no_gateway"]
    assert subnet_differences(subnet, subnet_spec("10.0.1.0/24"), False, True, (False, False)) == ["cidr", "dhcp", "no_gateway"]


def test_the_wait_until_every_region_is_active_names_their_statuses(client, emulator):
    emulator.clock_frozen = True
    time = EmulatorTime(emulator)
    network = client.post(BASE, {"name": "w", "vlanId": 9, "regions": ["GRA11", "SBG5"]})
    with pytest.raises(WaitTimeout) as late:
        wait_active(client, PROJECT, network["id"], 1, sleep=time.sleep, clock=time.clock)
    assert late.value.status == '"BUILDING" (regions: "GRA11": "BUILDING", "SBG5": "BUILDING")'
    done = wait_active(client, PROJECT, network["id"], 60, sleep=time.sleep, clock=time.clock)
    assert done["status"] == "ACTIVE" and [region["status"] for region in done["regions"]] == ["ACTIVE", "ACTIVE"]
