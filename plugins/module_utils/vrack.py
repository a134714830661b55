# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""vRack members (``/vrack/{serviceName}/…``): dedicated servers, Public Cloud projects, IP blocks.

Each kind of member is a collection of ids (``GET`` lists them, ``POST`` adds one, ``DELETE
…/{id}`` removes one); every add and remove answers a ``vrack.Task``, which disappears (404) once
done (tasks.TASK_KINDS["vrack"]). A dedicated server joins through its vrack-mode virtual network
interface (``dedicatedServerInterface``) where it has one, else as a whole (``dedicatedServer``, the
older attachment).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re

from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
from ansible_collections.signet.ovh.plugins.module_utils.names import host_name_problem, normalize_ip_blocks
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_name
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS

VRACK_TASK = Shape("object", ("id", "function", "status"), "a vRack task")
INTERFACE = Shape("object", ("uuid", "mode", "vrack"), "a virtual network interface")
IP_MEMBER = Shape("object", ("ip", "region"), "an IP block of a vRack")
# The member options of ovh_vrack_member, in the order they are documented.
MEMBER_OPTIONS = ("dedicated_server", "cloud_project", "ip_block")
# Each collection's body field on POST.
BODY_FIELDS = {"dedicatedServer": "dedicatedServer", "dedicatedServerInterface": "dedicatedServerInterface",
               "cloudProject": "project", "ip": "block"}
_VRACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_PROJECT = re.compile(r"^[0-9a-f]{32}$")
_REGION = re.compile(r"^[a-z]{2}-[a-z]+-[a-z0-9]+$")


class VrackInputError(InputError):
    """Input refused before any request."""


class Member(object):
    """One member of a vRack: ``collection`` (the API's: dedicatedServer, dedicatedServerInterface,
    cloudProject, ip) and ``member_id`` (the id that collection lists), with the server it belongs
    to (``server``) and the region of a block (``region``)."""

    def __init__(self, collection, member_id, server=None, region=None):
        self.collection = collection
        self.member_id = member_id
        self.server = server
        self.region = region

    def same_id(self, value):
        """Whether ``value`` (from a list or a task) names this member."""
        if self.collection == "ip":
            try:
                return ipaddress.ip_network(str(value), strict=False) == ipaddress.ip_network(self.member_id)
            except ValueError:
                return False
        if self.collection == "dedicatedServer":
            return str(value).lower() == self.member_id.lower()
        return str(value) == self.member_id

    def as_result(self):
        result = {"kind": snake_name(self.collection), "id": self.member_id}
        if self.server is not None:
            result["dedicated_server"] = self.server
        if self.collection == "ip":
            result["region"] = self.region
        return result


def normalize_vrack(name):
    text = str(name or "").strip()
    if not _VRACK_NAME.match(text):
        raise VrackInputError("vrack %r is not a vRack service name (e.g. pn-12345)" % (name,))
    return text


def wanted_member(params):
    """(option, value, region) of the member the options name, checked: exactly one of
    dedicated_server, cloud_project and ip_block (AnsibleModule checks that too), region with an
    IP block to add."""
    given = [option for option in MEMBER_OPTIONS if params.get(option) is not None]
    if len(given) != 1:
        raise VrackInputError("give exactly one member: one of %s (got %s)" % (", ".join(MEMBER_OPTIONS), ", ".join(given) or "none"))
    option = given[0]
    value = str(params[option]).strip()
    region = params.get("region")
    if region is not None and option != "ip_block":
        raise VrackInputError("region is the region an ip_block is routed in; it does not go with %s" % option)
    if option == "dedicated_server":
        problem = host_name_problem(value)
        if problem:
            raise VrackInputError("dedicated_server %r is not a server's service name: %s" % (params[option], problem))
        return option, value.lower(), None
    if option == "cloud_project":
        if not _PROJECT.match(value.lower()):
            raise VrackInputError("cloud_project %r is not a Public Cloud project id (32 hexadecimal digits)" % params[option])
        return option, value.lower(), None
    block = normalize_ip_blocks([value], "ip_block")[0]
    if ipaddress.ip_network(block).version != 4:
        raise VrackInputError("ip_block %s: IPv6 blocks join a vRack through /vrack/{serviceName}/ipv6, which this module "
                              "does not manage; give an IPv4 block (e.g. 192.0.2.128/28)" % block)
    if region is None and params.get("state", "present") == "present":
        raise VrackInputError("ip_block needs region, the region the block is routed in (e.g. eu-west-gra)")
    if region is not None and not _REGION.match(str(region)):
        raise VrackInputError("region %r is not a region name (e.g. eu-west-gra)" % (region,))
    return option, block, region


def vrack_path(vrack, *parts):
    return path_join("/vrack", vrack, *parts)


def server_interfaces_path(server, *parts):
    return path_join("/dedicated/server", server, "virtualNetworkInterface", *parts)


def resolve_member(client, vrack, option, value, region=None):
    """The Member the options name. A dedicated server is its vrack-mode interface when it has one
    (one GET; with several, the one already in this vRack, else one in none), else the server itself."""
    if option == "cloud_project":
        return Member("cloudProject", value)
    if option == "ip_block":
        return Member("ip", value, region=region)
    uuids = client.get(server_interfaces_path(value), query={"mode": "vrack"}, shape=NAMES)
    if not uuids:
        return Member("dedicatedServer", value, server=value)
    if len(uuids) == 1:
        return Member("dedicatedServerInterface", uuids[0], server=value)
    found = client.get_many(server_interfaces_path(value), uuids, shape=INTERFACE)
    interfaces = [found[uuid] for uuid in uuids if uuid in found]
    chosen = next((item for item in interfaces if item.get("vrack") == vrack), None) or \
        next((item for item in interfaces if not item.get("vrack")), None) or (interfaces or [{"uuid": uuids[0]}])[0]
    return Member("dedicatedServerInterface", chosen["uuid"], server=value)


def is_member(client, vrack, member):
    """Whether the vRack lists the member (one GET of its collection)."""
    shape = Shape("names", what="a list of IP blocks") if member.collection == "ip" else NAMES
    return any(member.same_id(item) for item in client.get(vrack_path(vrack, member.collection), shape=shape))


def read_ip_member(client, vrack, member):
    """The block as the vRack holds it (vrack.ip: region, zone, gateway)."""
    return client.get(vrack_path(vrack, "ip", member.member_id), shape=IP_MEMBER)


def interface_vrack(client, member):
    """The vRack the member's server interface is in (None: in none)."""
    return client.get(server_interfaces_path(member.server, member.member_id), shape=INTERFACE).get("vrack")


def running_task(client, vrack, member):
    """The vRack's pending task on this member (its ``targetDomain``), or None. Ended tasks are gone
    from the list; the tasks are read in one batch."""
    ids = client.get(vrack_path(vrack, "task"), shape=IDS)
    if not ids:
        return None
    found = client.get_many(vrack_path(vrack, "task"), sorted(ids), shape=VRACK_TASK)
    pending = TASK_KINDS["vrack"].pending
    for task_id in sorted(found):
        task = found[task_id]
        if task.get("status") in pending and task.get("targetDomain") is not None and member.same_id(task["targetDomain"]):
            return task
    return None


def add_member(client, vrack, member):
    body = {BODY_FIELDS[member.collection]: member.member_id}
    if member.collection == "ip" and member.region is not None:
        body["region"] = member.region
    return client.post(vrack_path(vrack, member.collection), body=body, shape=VRACK_TASK)


def remove_member(client, vrack, member):
    return client.delete(vrack_path(vrack, member.collection, member.member_id), shape=VRACK_TASK)
