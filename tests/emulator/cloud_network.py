"""Public Cloud private networks (``/cloud/project/{serviceName}/network/private``, schemas/cloud.json).

The networks live on the project (``Project.networks``: "pn-…" id -> cloud.network.Network fields with
``subnets``), because managed Kubernetes reads them too; this file serves their routes and moves their
statuses on the emulator clock. A network's id is ``pn-{vrack number}_{vlanId}`` (``pn-12345_100``
in the vRack ``pn-12345``), as on the real API, and is not an OpenStack id: each region of the network
gets its own OpenStack network UUID (``regions[].openstackId``), the one OpenStack tools and
Kubernetes need. A region is ``BUILDING`` for ``NETWORK_SECONDS`` of emulator time after it is asked
for, then ``ACTIVE``; the network is ``BUILDING`` while one of its regions is. A DELETE makes the network
``DELETING`` for ``DELETE_SECONDS``, then it is gone (its read answers 404).

Routes: ``GET``/``POST …/network/private`` (cloud.ProjectNetworkPrivateCreation ``name``, ``vlanId``,
``regions``; ``regions`` unset means every region of the project running ``network``, ``vlanId`` unset
means 0), ``GET``/``PUT``/``DELETE …/network/private/{networkId}`` (PUT changes ``name`` only),
``POST …/{networkId}/region`` (adds a region; the schema has no route that removes one),
``GET``/``POST …/{networkId}/subnet`` (cloud.ProjectNetworkPrivateSubnetCreation ``region``, ``start``,
``end``, ``network``, ``dhcp``, ``noGateway``; answers a cloud.network.Subnet whose ``id`` is an
OpenStack UUID, one subnet per region) and ``DELETE …/subnet/{subnetId}``; ``GET
/cloud/project/{serviceName}/vrack`` (cloud.Vrack: the vRack the project is in, 404 when in none).

Refusals: a project in no vRack is refused with the real API's "Can not get vrack_id and
segmentation_id value from DB!" (quoted in the issue; its status, 400, is inferred). The other
wordings are inferred: a vlanId already used in the project, a vlanId outside 0-4000, a region that
does not run ``network`` or is already in the network, a second subnet in one region, a range outside
its block's host addresses, a range holding the gateway (the block's first host address, unless
``noGateway``).
"""

import ipaddress
import uuid

from .cloud import project_of
from .errors import ApiError, bad_request, object_not_found
from .product import Product, only_keys

NO_VRACK = "Can not get vrack_id and segmentation_id value from DB!"
VLAN_MAX = 4000
# Seconds of emulator time a new region spends BUILDING, and a deleted network DELETING.
NETWORK_SECONDS = 4
DELETE_SECONDS = 2


def _openstack_id(*parts):
    """A reproducible UUID for an OpenStack object of the emulator (a network in a region, a subnet)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "openstack/" + "/".join(str(part) for part in parts)))


def _product(call):
    return call.state.cloud_network


def _project(call):
    project = project_of(call)
    _product(call).settle(project, call.state.now())
    return project


def _network(call, project):
    network = project.networks.get(call.params["networkId"])
    if network is None:
        raise object_not_found(call.params["networkId"], "networkId")
    return network


def _vrack_number(call, project):
    """The vRack the project is attached to (its ended vRack tasks applied), or the API's refusal."""
    vracks = call.state.vrack
    vracks.settle(call.state.now())
    holder = vracks.holder(project.account, "cloudProject", project.project_id)
    if holder is None:
        raise bad_request(NO_VRACK)
    return holder.service_name[len("pn-"):] if holder.service_name.startswith("pn-") else holder.service_name


def project_vrack(call):
    """GET /cloud/project/{serviceName}/vrack (cloud.Vrack): the vRack the project is in (its ended vRack
    tasks applied); a project in none is a 404 (status and wording inferred)."""
    project = _project(call)
    vracks = call.state.vrack
    vracks.settle(call.state.now())
    holder = vracks.holder(project.account, "cloudProject", project.project_id)
    if holder is None:
        raise ApiError(404, "NOT_FOUND", f"Project {project.project_id} is not attached to any vRack")  # inferred
    return {"id": holder.service_name, "name": holder.name, "description": holder.description}


def _network_region(call, project, name, network=None):
    if not isinstance(name, str) or name not in project.region_names("network"):
        raise bad_request(f"[region] Given data ({name}) is not a region of the project running network")  # inferred
    if network is not None and any(region["region"] == name for region in network["regions"]):
        raise bad_request(f"Network {network['id']} is already in region {name}")  # inferred
    return name


def _to_api(network):
    return {key: value for key, value in network.items() if key != "subnets"}


def network_list(call):
    """GET /cloud/project/{serviceName}/network/private (cloud.network.Network[])"""
    project = _project(call)
    return [_to_api(network) for _id, network in sorted(project.networks.items())]


def network_create(call):
    """POST /cloud/project/{serviceName}/network/private (cloud.network.Network)"""
    project = _project(call)
    data = call.json_body()
    only_keys(data, ("name", "regions", "vlanId"))
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise bad_request("[name] Property is mandatory")
    vlan = data.get("vlanId")
    vlan = 0 if vlan is None else vlan
    if isinstance(vlan, bool) or not isinstance(vlan, int) or not 0 <= vlan <= VLAN_MAX:
        raise bad_request(f"[vlanId] Given data ({vlan}) is not a vlan id between 0 and {VLAN_MAX}")  # inferred
    number = _vrack_number(call, project)
    if any(network["vlanId"] == vlan for network in project.networks.values()):
        raise bad_request(f"Vlan id {vlan} is already used in this project")  # inferred
    regions = data.get("regions")
    if regions is None:
        regions = project.region_names("network")
    if not isinstance(regions, list) or len(set(regions)) != len(regions):
        raise bad_request("[regions] Given data is not a list of distinct regions")  # inferred
    for name in regions:
        _network_region(call, project, name)
    network_id = f"pn-{number}_{vlan}"
    network = {"id": network_id, "name": data["name"], "vlanId": vlan, "type": "private", "status": "BUILDING",
               "regions": [], "subnets": []}
    project.networks[network_id] = network
    for name in regions:
        _product(call).add_region(project, network, name)
    _product(call).settle(project, call.state.now())
    return _to_api(network)


def network_get(call):
    """GET /cloud/project/{serviceName}/network/private/{networkId} (cloud.network.Network)"""
    project = _project(call)
    return _to_api(_network(call, project))


def network_update(call):
    """PUT /cloud/project/{serviceName}/network/private/{networkId} (cloud.ProjectNetworkPrivateUpdate: name)"""
    project = _project(call)
    network = _network(call, project)
    data = call.json_body()
    only_keys(data, ("name",))
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise bad_request("[name] Property is mandatory")
    network["name"] = data["name"]


def network_delete(call):
    """DELETE /cloud/project/{serviceName}/network/private/{networkId}: DELETING, then gone."""
    project = _project(call)
    network = _network(call, project)
    network["status"] = "DELETING"
    _product(call).deleting[(project.project_id, network["id"])] = call.state.now() + DELETE_SECONDS


def region_add(call):
    """POST /cloud/project/{serviceName}/network/private/{networkId}/region (cloud.network.Network)"""
    project = _project(call)
    network = _network(call, project)
    data = call.json_body()
    only_keys(data, ("region",))
    name = _network_region(call, project, data.get("region"), network)
    _product(call).add_region(project, network, name)
    _product(call).settle(project, call.state.now())
    return _to_api(network)


def subnet_list(call):
    """GET /cloud/project/{serviceName}/network/private/{networkId}/subnet (cloud.network.Subnet[])"""
    project = _project(call)
    return list(_network(call, project)["subnets"])


def _address(data, field):
    try:
        return ipaddress.ip_address(data.get(field))
    except ValueError:
        raise bad_request(f"[{field}] Given data ({data.get(field)}) is not valid for type ip") from None


def subnet_create(call):
    """POST /cloud/project/{serviceName}/network/private/{networkId}/subnet (cloud.network.Subnet)"""
    project = _project(call)
    network = _network(call, project)
    data = call.json_body()
    only_keys(data, ("dhcp", "end", "network", "noGateway", "region", "start"))
    for field in ("dhcp", "noGateway"):
        if not isinstance(data.get(field), bool):
            raise bad_request(f"[{field}] Property is mandatory")
    try:
        block = ipaddress.ip_network(data.get("network"))
    except (TypeError, ValueError):
        raise bad_request(f"[network] Given data ({data.get('network')}) is not valid for type ipBlock") from None
    start, end = _address(data, "start"), _address(data, "end")
    region = data.get("region")
    if not any(item["region"] == region for item in network["regions"]):
        raise bad_request(f"Network {network['id']} is not in region {region}")  # inferred
    if start not in block or end not in block or start > end or \
            {start, end} & {block.network_address, block.broadcast_address}:
        raise bad_request(f"The range {start}-{end} is not inside {block}")  # inferred
    gateway = block.network_address + 1
    if not data["noGateway"] and start <= gateway <= end:
        # OpenStack's refusal (Neutron's GatewayConflictWithAllocationPools), as the API passes it on: inferred.
        raise bad_request(f"Gateway ip {gateway} conflicts with allocation pool {start}-{end}")
    if any(pool["region"] == region for subnet in network["subnets"] for pool in subnet["ipPools"]):
        raise bad_request(f"Network {network['id']} already has a subnet in region {region}")  # inferred
    number = len(network["subnets"]) + len(project.networks)
    subnet = {"id": _openstack_id(project.project_id, network["id"], region, "subnet", number, str(block)),
              "cidr": str(block), "dhcpEnabled": data["dhcp"],
              "gatewayIp": None if data["noGateway"] else str(block.network_address + 1),
              "ipPools": [{"region": region, "network": str(block), "start": str(start), "end": str(end),
                           "dhcp": data["dhcp"]}]}
    network["subnets"].append(subnet)
    return subnet


def subnet_delete(call):
    """DELETE /cloud/project/{serviceName}/network/private/{networkId}/subnet/{subnetId}"""
    project = _project(call)
    network = _network(call, project)
    for subnet in network["subnets"]:
        if subnet["id"] == call.params["subnetId"]:
            network["subnets"].remove(subnet)
            return None
    raise ApiError(404, "NOT_FOUND", f"The requested object (subnetId = {call.params['subnetId']}) does not exist")


class CloudNetworks(Product):
    """The private networks' routes and clock; the networks themselves are on each ``Project``."""

    name = "cloud_network"
    base = "/cloud/project/{serviceName}/network/private"
    routes = (
        ("GET", base, network_list),
        ("POST", base, network_create),
        ("GET", base + "/{networkId}", network_get),
        ("PUT", base + "/{networkId}", network_update),
        ("DELETE", base + "/{networkId}", network_delete),
        ("POST", base + "/{networkId}/region", region_add),
        ("GET", base + "/{networkId}/subnet", subnet_list),
        ("POST", base + "/{networkId}/subnet", subnet_create),
        ("DELETE", base + "/{networkId}/subnet/{subnetId}", subnet_delete),
        ("GET", "/cloud/project/{serviceName}/vrack", project_vrack),
    )

    def __init__(self, state):
        super().__init__(state)
        self.building = {}  # (project id, network id, region) -> when the region becomes ACTIVE
        self.deleting = {}  # (project id, network id) -> when the network is gone

    def add_region(self, project, network, name):
        network["regions"].append({"region": name, "status": "BUILDING",
                                   "openstackId": _openstack_id(project.project_id, network["id"], name)})
        network["status"] = "BUILDING"
        self.building[(project.project_id, network["id"], name)] = self.state.now() + NETWORK_SECONDS

    def settle(self, project, now):
        """Regions whose time has come are ACTIVE (and the network when all are); deleted networks go."""
        for key, ready in list(self.building.items()):
            if key[0] != project.project_id or ready > now:
                continue
            del self.building[key]
            network = project.networks.get(key[1])
            for region in (network or {}).get("regions", ()):
                if region["region"] == key[2]:
                    region["status"] = "ACTIVE"
        for network in project.networks.values():
            if network["status"] == "BUILDING" and all(region["status"] == "ACTIVE" for region in network["regions"]):
                network["status"] = "ACTIVE"
        for key, gone in list(self.deleting.items()):
            if key[0] == project.project_id and gone <= now:
                del self.deleting[key]
                project.networks.pop(key[1], None)
                for building in [item for item in self.building if item[:2] == key]:
                    del self.building[building]
