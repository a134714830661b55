"""Public Cloud private networks and instances in the emulator: the pn- id from the vRack and the vlan,
region statuses on the clock, each region's OpenStack id, subnets, the refusals (no vRack, vlan in use,
a region without network), DELETING then 404; the instance list and its region filter."""

import pytest

PROJECT = "0123456789abcdef0123456789abcdef"  # in the vRack pn-12345, network pn-12345_100 in GRA11
STAGING = "fedcba9876543210fedcba9876543210"  # in no vRack
BASE = "/cloud/project/%s/network/private" % PROJECT


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def test_the_seeded_network(api):
    assert [network["id"] for network in api.get(BASE).json()] == ["pn-12345_100"]
    network = api.get(BASE + "/pn-12345_100").json()
    assert network == {"id": "pn-12345_100", "name": "backend", "vlanId": 100, "status": "ACTIVE", "type": "private",
                       "regions": [{"region": "GRA11", "status": "ACTIVE",
                                    "openstackId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"}]}
    assert api.get(BASE + "/pn-12345_999").status_code == 404


def test_a_network_builds_on_the_clock_and_each_region_has_its_openstack_id(api, frozen):
    response = api.post(BASE, {"name": "front", "vlanId": 200, "regions": ["GRA11", "SBG5"]})
    assert response.status_code == 200, response.text
    network = response.json()
    assert network["id"] == "pn-12345_200" and network["status"] == "BUILDING"
    assert [(region["region"], region["status"]) for region in network["regions"]] == [("GRA11", "BUILDING"), ("SBG5", "BUILDING")]
    ids = [region["openstackId"] for region in network["regions"]]
    assert len(set(ids)) == 2 and all(len(value) == 36 for value in ids)
    frozen.clock_offset += 10
    network = api.get(BASE + "/pn-12345_200").json()
    assert network["status"] == "ACTIVE" and {region["status"] for region in network["regions"]} == {"ACTIVE"}
    # A region added later builds in turn; a region already there, or without network, is refused.
    network = api.post(BASE + "/pn-12345_200/region", {"region": "BHS5"}).json()
    assert network["status"] == "BUILDING" and network["regions"][-1]["region"] == "BHS5"
    for region in ("BHS5", "GRA"):
        response = api.post(BASE + "/pn-12345_200/region", {"region": region})
        assert response.status_code == 400, response.text
    assert api.put(BASE + "/pn-12345_200", {"name": "front-2"}).status_code == 200
    assert api.get(BASE + "/pn-12345_200").json()["name"] == "front-2"
    # DELETE: DELETING, then gone.
    assert api.delete(BASE + "/pn-12345_200").status_code == 200
    assert api.get(BASE + "/pn-12345_200").json()["status"] == "DELETING"
    frozen.clock_offset += 10
    assert api.get(BASE + "/pn-12345_200").status_code == 404


def test_regions_unset_means_every_network_region(api):
    network = api.post(BASE, {"name": "all"}).json()
    assert network["vlanId"] == 0 and network["id"] == "pn-12345_0"
    assert [region["region"] for region in network["regions"]] == ["BHS5", "GRA11", "SBG5"]


def test_refusals(api):
    response = api.post("/cloud/project/%s/network/private" % STAGING, {"name": "x", "vlanId": 5, "regions": ["GRA11"]})
    assert response.status_code == 400 and response.json()["message"] == "Can not get vrack_id and segmentation_id value from DB!"
    response = api.post(BASE, {"name": "again", "vlanId": 100, "regions": ["GRA11"]})
    assert response.status_code == 400 and "already used" in response.json()["message"]
    for body in ({"name": "x", "vlanId": 4001}, {"name": "x", "vlanId": 7, "regions": ["GRA"]}, {"vlanId": 7}):
        assert api.post(BASE, body).status_code == 400
    assert api.get(BASE).json()[0]["id"] == "pn-12345_100" and len(api.get(BASE).json()) == 1


def test_the_vrack_of_a_project(api, emulator):
    # GET /cloud/project/{serviceName}/vrack (cloud.Vrack): the vRack the project is in, a 404 when it is in none.
    vrack = api.get("/cloud/project/%s/vrack" % PROJECT).json()
    assert vrack["id"] == "pn-12345" and set(vrack) == {"id", "name", "description"}
    assert api.get("/cloud/project/%s/vrack" % STAGING).status_code == 404


def test_subnets_one_per_region_inside_their_block(api):
    path = BASE + "/pn-12345_100/subnet"
    assert api.get(path).json() == []
    body = {"region": "GRA11", "network": "10.0.0.0/24", "start": "10.0.0.10", "end": "10.0.0.200", "dhcp": True,
            "noGateway": False}
    subnet = api.post(path, body).json()
    assert subnet["cidr"] == "10.0.0.0/24" and subnet["gatewayIp"] == "10.0.0.1" and subnet["dhcpEnabled"] is True
    assert subnet["ipPools"] == [{"region": "GRA11", "network": "10.0.0.0/24", "start": "10.0.0.10", "end": "10.0.0.200",
                                  "dhcp": True}]
    assert api.get(path).json() == [subnet]
    assert api.post(path, body).status_code == 400  # one subnet per region
    assert api.delete(path + "/" + subnet["id"]).status_code == 200
    assert api.get(path).json() == []
    # With no subnet in the region: a region the network is not in, a range outside the block, on its network or
    # broadcast address, or holding the gateway (OpenStack's refusal), a body field missing.
    for change in ({"region": "SBG5"}, {"start": "10.0.1.1"}, {"network": "10.0.0.0/33"}, {"dhcp": None},
                   {"start": "10.0.0.0"}, {"end": "10.0.0.255"}, {"start": "10.0.0.1"}):
        assert api.post(path, dict(body, **change)).status_code == 400, change
    assert api.get(path).json() == []
    assert api.delete(path + "/" + subnet["id"]).status_code == 404
    subnet = api.post(path, dict(body, noGateway=True, start="10.0.0.1")).json()
    assert subnet["gatewayIp"] is None and subnet["ipPools"][0]["start"] == "10.0.0.1"


def test_the_instances_and_the_region_filter(api):
    instances = api.get("/cloud/project/%s/instance" % PROJECT).json()
    assert [instance["name"] for instance in instances] == ["web-1", "{{ lookup('pipe', 'id') }}", "db 1/../etc"]
    assert instances[0]["ipAddresses"][2] == {"ip": "10.0.0.21", "type": "private", "version": 4, "gatewayIp": None,
                                              "networkId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"}
    assert [i["name"] for i in api.get("/cloud/project/%s/instance" % PROJECT, query="region=SBG5").json()] == ["db 1/../etc"]
    assert api.get("/cloud/project/%s/instance" % PROJECT, query="region=XX1").status_code == 400
    assert [i["name"] for i in api.get("/cloud/project/%s/instance" % STAGING).json()] == ["staging-1"]
