# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public Cloud private networks (``/cloud/project/{serviceName}/network/private``) and their subnets.

A private network is named ``pn-{vrack}_{vlan}`` by the API: that id is OVHcloud's, not OpenStack's.
Each region of the network has its own OpenStack network UUID (``regions[].openstackId``), the one
OpenStack tools and Kubernetes need; ``network_result`` returns both, and ``openstack_ids`` maps each
region to its UUID. The modules find a network by its name (their stable name for it) and refuse a name
that two networks share. Before a creation ``project_vrack`` reads the project's vRack (a 404 when it is in
none); a project in no vRack also gets the API's "Can not get vrack_id and segmentation_id value from DB!"
on creation (credentials that may not read the vRack); ``is_vrack_refusal`` recognises it, so that the
module says what to do either way.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, project_path
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.shapes import Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import FIRST_DELAY, MAX_DELAY, TaskFailed, WaitTimeout, poll

# Each region of a network is an object with its name (a string: it is compared and quoted) and status.
NETWORK_REGIONS = Shape("objects", ("region", "status"), "a list of a network's regions (cloud.network.NetworkRegion)",
                        fields={"region": Shape("text", what="a region name")})
NETWORK = Shape("object", ("id", "name", "vlanId", "regions", "status"), "a Public Cloud private network",
                fields={"regions": NETWORK_REGIONS})
NETWORKS = Shape("objects", ("id", "name", "vlanId", "regions", "status"), "a list of Public Cloud private networks",
                 fields={"regions": NETWORK_REGIONS})
# The statuses a wait for ACTIVE goes on through (cloud.network.NetworkStatusEnum and NetworkRegionStatusEnum):
# any other (ERROR, DELETING, one the schema does not list) would never turn ACTIVE, so it ends the wait at once.
WAITABLE = ("ACTIVE", "BUILDING")
VRACK = Shape("object", ("id",), "the project's vRack (cloud.Vrack)")
# A subnet's region is its first IP pool's: each pool an object with its region (a string: it is compared).
IP_POOLS = Shape("objects", ("region",), "a list of a subnet's IP pools (cloud.network.IPPool)",
                 fields={"region": Shape("text", what="a region name")})
SUBNET = Shape("object", ("id", "cidr", "ipPools"), "a private network's subnet", fields={"ipPools": IP_POOLS})
SUBNETS = Shape("objects", ("id", "cidr", "ipPools"), "a list of a private network's subnets", fields={"ipPools": IP_POOLS})
VLAN_MAX = 4000
# The component a region must run for private networks (cloud.Region ``services``).
NETWORK_SERVICES = ("network",)
# What the API answers when the project is in no vRack (NOTES, issue 25).
VRACK_REFUSAL = "vrack_id and segmentation_id"


def networks_path(project, *parts):
    return project_path(project, "network", "private", *parts)


def delete_gone(client, path):
    """DELETE ``path``; a 404 means it is gone already (a DELETE sent again after a lost answer, or another
    deletion in between), which is what was asked."""
    client.call("DELETE", path, expected=(200, 204, 404))


def network_name(value, option="name"):
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise CloudInputError("%s must be the private network's name, a non-empty string" % option)
    return text


def vlan_id(value, option="vlan_id"):
    """A VLAN id of the vRack, 0 to 4000 (None stays None: the API's default, 0)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= VLAN_MAX:
        raise CloudInputError("%s must be a VLAN id from 0 to %d, got %s" % (option, VLAN_MAX, value))
    return value


def list_networks(client, project):
    """The project's private networks (one request). The schema lets type be null: only a network typed
    otherwise (public) is left out."""
    return [network for network in client.get(networks_path(project), shape=NETWORKS)
            if network.get("type") in (None, "private")]


def vlan_holder(networks, vlan):
    """The network of ``networks`` on VLAN ``vlan`` (None: the API's default, 0), or None. Each network of a
    project has its own VLAN (its id is ``pn-{vrack}_{vlan}``): the API refuses a second one."""
    vlan = 0 if vlan is None else vlan
    for network in networks:
        if network.get("vlanId") == vlan and not isinstance(network.get("vlanId"), bool):
            return network
    return None


def find_network(client, project, reference, option="name", by_id=False, networks=None):
    """The private network named ``reference`` (or, with ``by_id``, whose ``pn-`` id it is), from one
    request (none when ``networks`` is the list already read); None when there is none; two networks of
    that name is an error naming their ids."""
    if networks is None:
        networks = list_networks(client, project)
    if by_id:
        for network in networks:
            if network["id"] == reference:
                return network
    named = [network for network in networks if network["name"] == reference]
    if len(named) > 1:
        raise CloudInputError("%s %s matches %d private networks of the project (%s): give each network its own name, "
                              "or give its pn- id" % (option, printable(reference), len(named),
                                                      ", ".join(printable(network["id"]) for network in named)))
    return named[0] if named else None


def region_list(network):
    """The network's region names, in the API's order."""
    return [region.get("region") for region in network.get("regions") or ()]


def regions_plan(network_regions, wanted):
    """(regions to add, regions the network has that are not wanted), compared without case."""
    have = set(name.lower() for name in network_regions)
    want = set(name.lower() for name in wanted)
    return ([name for name in wanted if name.lower() not in have],
            [name for name in network_regions if name.lower() not in want])


def is_active(network):
    regions = network.get("regions") or ()
    return network.get("status") == "ACTIVE" and all(region.get("status") == "ACTIVE" for region in regions)


def network_result(network):
    """The network in snake_case, with ``openstack_ids`` (region -> OpenStack network UUID)."""
    result = snake_keys(network)
    result["openstack_ids"] = dict((region.get("region"), region.get("openstackId"))
                                   for region in network.get("regions") or () if region.get("openstackId"))
    return result


def project_vrack(client, project):
    """The vRack the project is in (cloud.Vrack, ``GET /cloud/project/{serviceName}/vrack``), None when it is in none
    (404); ``True`` when the credentials may not read it (403): the creation's refusal will tell then."""
    try:
        return client.get(project_path(project, "vrack"), shape=VRACK)
    except OvhApiError as exc:
        if exc.status == 404:
            raise NoVrack(exc)
        if exc.status == 403:
            return True
        raise


class NoVrack(Exception):
    """The project is in no vRack (``error`` is the API's 404)."""

    def __init__(self, error):
        Exception.__init__(self, error.message)
        self.error = error


def is_vrack_refusal(error):
    return VRACK_REFUSAL in (error.message or "")


class NetworkFailed(TaskFailed):
    """The network or one of its regions is in a status the wait does not end on (``task`` is its last read)."""

    def __init__(self, network, problem):  # pylint: disable=super-init-not-called
        self.kind = None
        self.service = None
        self.task = network
        Exception.__init__(self, "private network %s will not become ACTIVE: %s" % (  # pylint: disable=non-parent-init-called
            printable(str(network.get("id"))), problem))


def unwaitable(network):
    """Why waiting for the network to be ACTIVE would never end (a region or the network in a status other than
    ACTIVE or BUILDING, named with the status), or None."""
    for region in network.get("regions") or ():
        if region.get("status") not in WAITABLE:
            return "region %s is %s" % (printable(str(region.get("region"))), printable(str(region.get("status"))))
    if network.get("status") not in WAITABLE:
        return "the network is %s" % printable(str(network.get("status")))
    return None


def region_statuses(network):
    """The network's status and its regions', quoted for a message."""
    regions = ", ".join("%s: %s" % (printable(str(region.get("region"))), printable(str(region.get("status"))))
                        for region in network.get("regions") or ())
    return "%s (regions: %s)" % (printable(str(network.get("status"))), regions or "none")


def wait_active(client, project, network_id, timeout, poll_interval=MAX_DELAY, sleep=None, clock=None):
    """Read the network until it and each of its regions are ACTIVE (BUILDING before); NetworkFailed at once
    when it or a region is in another status."""
    path = networks_path(project, network_id)
    what = "private network %s" % printable(network_id)
    try:
        network = poll(lambda: client.get(path, shape=NETWORK), lambda answer: is_active(answer) or bool(unwaitable(answer)),
                       timeout, what=what, sleep=sleep, clock=clock, first_delay=min(FIRST_DELAY, poll_interval),
                       max_delay=poll_interval)
    except WaitTimeout as exc:
        last = exc.last if isinstance(exc.last, dict) else {}
        raise WaitTimeout(exc.what, exc.timeout, exc.last, path=path, status=region_statuses(last))
    if not is_active(network):
        raise NetworkFailed(network, unwaitable(network))
    return network


# Subnets


def subnet_spec(cidr, start=None, end=None, gateway=False):
    """The subnet's block and range, checked: an IPv4 block written without host bits, a range inside it
    (by default from its third address to the one before its broadcast: the first is the network's, the
    second the gateway's); with ``gateway``, a range that does not hold the gateway (OpenStack refuses an
    allocation pool holding the subnet's gateway)."""
    try:
        block = ipaddress.ip_network(str(cidr), strict=True)
    except ValueError as exc:
        raise CloudInputError("cidr must be an IPv4 block such as 10.0.0.0/24, got %s (%s)" % (printable(str(cidr)), exc))
    if block.version != 4 or block.prefixlen > 29:
        raise CloudInputError("cidr must be an IPv4 block of /29 or larger, got %s" % block)
    addresses = {}
    for option, value, default in (("start", start, block.network_address + 2), ("end", end, block.broadcast_address - 1)):
        if value is None:
            addresses[option] = default
            continue
        try:
            addresses[option] = ipaddress.ip_address(str(value))
        except ValueError:
            raise CloudInputError("%s must be an IPv4 address inside cidr %s, got %s" % (option, block, printable(str(value))))
        if addresses[option] not in block or addresses[option] in (block.network_address, block.broadcast_address):
            raise CloudInputError("%s %s is not a host address of cidr %s" % (option, addresses[option], block))
    if addresses["start"] > addresses["end"]:
        raise CloudInputError("start %s comes after end %s" % (addresses["start"], addresses["end"]))
    if gateway and addresses["start"] <= block.network_address + 1 <= addresses["end"]:
        raise CloudInputError("the range %s-%s holds the gateway %s (the block's first host address): start the range "
                              "after it, or set no_gateway=true" % (addresses["start"], addresses["end"],
                                                                    block.network_address + 1))
    return {"network": str(block), "start": str(addresses["start"]), "end": str(addresses["end"])}


def subnet_region(subnet):
    """The region of a subnet (its first IP pool's)."""
    pools = subnet.get("ipPools") or []
    return pools[0].get("region") if pools and isinstance(pools[0], dict) else None


def subnet_in_region(subnets, region):
    """The subnet of the network in ``region`` (the API keeps one per region), or None."""
    for subnet in subnets:
        if (subnet_region(subnet) or "").lower() == region.lower():
            return subnet
    return None


def subnet_differences(subnet, spec, dhcp, no_gateway, range_given=(True, True)):
    """What differs between a subnet and the one asked (names of options), compared on the block, the
    range (only the ends given: ``range_given`` says whether start and end are; an existing subnet made
    elsewhere with another range is not replaced for a default), DHCP and whether it has a gateway."""
    pool = (subnet.get("ipPools") or [{}])[0]
    differences = []
    if subnet.get("cidr") != spec["network"]:
        differences.append("cidr")
    if any(given and pool.get(key) != spec[key] for key, given in zip(("start", "end"), range_given)):
        differences.append("start/end")
    if bool(subnet.get("dhcpEnabled")) != dhcp:
        differences.append("dhcp")
    if (subnet.get("gatewayIp") is None) != no_gateway:
        differences.append("no_gateway")
    return differences
