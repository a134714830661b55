# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dedicated servers and VPS: batched reads, host variables, reinstallation.

Lists answer service names only (``GET /dedicated/server``, ``GET /vps``); objects, IPs and
task ids are then read in batches of 50 (``X-Ovh-Batch``), see ``OvhClient.get_many``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import json
import re
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_name
from ansible_collections.signet.ovh.plugins.module_utils.names import system_host_name_problem
from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS

PRODUCTS = {
    # product: (collection route, key fields of an object)
    "dedicated_server": ("/dedicated/server", ("name", "ip", "os", "state")),
    "vps": ("/vps", ("name", "state", "model")),
}
TAG_OPERATORS = ("EQ", "NEQ", "LIKE", "ILIKE", "EXISTS", "NEXISTS")
IP_LIST = Shape("names", what="a list of IP addresses or blocks")
DEDICATED_TASK = Shape("object", ("taskId", "function", "status"))
INSTALL_STATUS = Shape("object", ("elapsedTime", "progress"))
REINSTALL_FUNCTION = "reinstallServer"

# Module option (snake_case) -> API field of dedicated.server.reinstall.Customizations.
CUSTOMIZATION_FIELDS = (
    ("config_drive_user_data", "configDriveUserData"),
    ("efi_bootloader_path", "efiBootloaderPath"),
    ("hostname", "hostname"),
    ("http_headers", "httpHeaders"),
    ("image_check_sum", "imageCheckSum"),
    ("image_check_sum_type", "imageCheckSumType"),
    ("image_type", "imageType"),
    ("image_url", "imageURL"),
    ("language", "language"),
    ("post_installation_script", "postInstallationScript"),
    ("post_installation_script_extension", "postInstallationScriptExtension"),
    ("ssh_key", "sshKey"),
)


class ServerInputError(InputError):
    """Input refused before any request."""


def iam_tags_filter(iam_tags):
    """The ``iamTags`` query value (JSON) from a filter given as {tag: value}, {tag: null} (the tag
    exists) or {tag: [conditions]}, each a value (equal) or {operator, value}: the API's list of
    TagFilter for that tag (how the API combines several conditions on one tag is not documented)."""
    if not iam_tags:
        return None
    if not isinstance(iam_tags, dict):
        raise ServerInputError("iam_tags must be a mapping of tag names to values, got %s" % type(iam_tags).__name__)
    result = {}
    for tag, wanted in sorted(iam_tags.items()):
        if wanted is None:
            conditions = [{"operator": "EXISTS"}]
        elif isinstance(wanted, (str, int, float)) and not isinstance(wanted, bool):
            conditions = [{"operator": "EQ", "value": str(wanted)}]
        elif isinstance(wanted, list):
            conditions = []
            for item in wanted:
                if isinstance(item, dict):
                    operator = str(item.get("operator", "EQ")).upper()
                    if operator not in TAG_OPERATORS:
                        raise ServerInputError("iam_tags.%s: operator %r is not one of %s" % (tag, item.get("operator"), ", ".join(TAG_OPERATORS)))
                    condition = {"operator": operator}
                    if operator not in ("EXISTS", "NEXISTS"):
                        if item.get("value") is None:
                            raise ServerInputError("iam_tags.%s: operator %s needs a value" % (tag, operator))
                        condition["value"] = str(item["value"])
                    conditions.append(condition)
                else:
                    conditions.append({"operator": "EQ", "value": str(item)})
        else:
            raise ServerInputError("iam_tags.%s: give a value, a list of values or of {operator, value}, or null" % tag)
        result[str(tag)] = conditions
    return json.dumps(result, separators=(",", ":"), sort_keys=True)


def list_names(client, product, iam_tags=None):
    """Service names of a product, optionally filtered by IAM tags on the API side."""
    collection = PRODUCTS[product][0]
    query = {"iamTags": iam_tags_filter(iam_tags)} if iam_tags else None
    return client.get(collection, query=query, shape=NAMES)


def read_objects(client, product, names, with_ips=True):
    """{name: (object, ips)} for the services named, in batches; services gone meanwhile are left out."""
    collection, keys = PRODUCTS[product]
    objects = client.get_many(collection, names, shape=Shape("object", keys))
    ips = client.get_many(collection, list(objects), suffix="ips", shape=IP_LIST) if with_ips and objects else {}
    return dict((name, (objects[name], ips.get(name, []))) for name in names if name in objects)


def _first_network(addresses, version):
    """The first address or block of ``addresses`` of IP ``version``, as an ip_network; None without one."""
    for address in addresses or ():
        try:
            network = ipaddress.ip_network(address, strict=False)
        except ValueError:
            continue
        if network.version == version:
            return network
    return None


def first_ipv4(addresses):
    network = _first_network(addresses, 4)
    return str(network.network_address) if network else None


def first_ipv6(addresses):
    """The first IPv6 address listed; of a block (a dedicated server's /64), its first host address (::1)."""
    network = _first_network(addresses, 6)
    if network is None:
        return None
    return str(network.network_address if network.prefixlen == 128 else network.network_address + 1)


# A VPS zone reads "Region OpenStack: os-gra7"; its datacenter is what follows "os-".
_VPS_ZONE = re.compile(r"(?:^|[\s:])os-([a-z0-9]+)\s*$", re.IGNORECASE)


def location(product, obj):
    """A short datacenter code for both products: a dedicated server's ``datacenter`` (gra3), the
    datacenter of a VPS's ``zone`` (gra7), else the zone as given."""
    if product == "dedicated_server":
        return obj.get("datacenter")
    zone = obj.get("zone")
    if not isinstance(zone, str):
        return None
    found = _VPS_ZONE.search(zone)
    return found.group(1).lower() if found else zone


def host_variables(product, obj, ips):
    """The inventory variables of a service: every API field as ``ovh_<snake_case>``, plus
    ``ovh_product``, ``ovh_ips``, ``ovh_tags`` (IAM tags), ``ovh_main_ipv4``, ``ovh_main_ipv6``
    and ``ovh_location``."""
    variables = dict(("ovh_" + snake_name(key), value) for key, value in obj.items())
    iam = obj.get("iam") or {}
    variables["ovh_tags"] = dict(iam.get("tags") or {})
    variables["ovh_product"] = product
    variables["ovh_ips"] = list(ips)
    main = obj.get("ip") if product == "dedicated_server" else None
    variables["ovh_main_ipv4"] = main or first_ipv4(ips)
    variables["ovh_main_ipv6"] = first_ipv6(ips)
    variables["ovh_location"] = location(product, obj)
    return variables


def pending_tasks(client, names):
    """{name: [task objects]} of the servers' pending tasks (init, todo, doing), in batches."""
    ids = dict((name, []) for name in names)
    for status in TASK_KINDS["dedicated_server"].pending:
        found = client.get_many("/dedicated/server", names, suffix="task?status=%s" % status, shape=Shape("ids"))
        for name, task_ids in found.items():
            ids[name].extend(task_ids)
    result = {}
    for name, task_ids in ids.items():
        tasks = client.get_many(path_join("/dedicated/server", name, "task"), sorted(set(task_ids)), shape=DEDICATED_TASK) if task_ids else {}
        result[name] = [tasks[task_id] for task_id in sorted(tasks)]
    return result


# Reinstallation


def customizations_body(customizations):
    """The API's customizations object from the module's snake_case suboptions (unset ones left out)."""
    body = {}
    for option, field in CUSTOMIZATION_FIELDS:
        value = (customizations or {}).get(option)
        if value is not None and value != {}:
            body[field] = value
    hostname = body.get("hostname")
    problem = system_host_name_problem(hostname) if hostname is not None else None
    if problem:
        raise ServerInputError("customizations.hostname %r is not a valid host name: %s" % (hostname, problem))
    return body


def reinstall_body(operating_system, customizations=None, storage=None, properties=None):
    if not operating_system or not operating_system.strip():
        raise ServerInputError("operating_system must name a system, e.g. debian12_64")
    body = {"operatingSystem": operating_system.strip()}
    custom = customizations_body(customizations)
    if custom:
        body["customizations"] = custom
    if storage:
        if not all(isinstance(item, dict) for item in storage):
            raise ServerInputError("storage must be a list of storage configurations (mappings with diskGroupId, partitioning...)")
        body["storage"] = storage
    if properties:
        body["properties"] = dict((str(key), str(value)) for key, value in properties.items())
    return body


def server_path(name, *parts):
    return "/dedicated/server/" + quote(name, safe="") + "".join("/" + part for part in parts)


def read_server(client, name):
    return client.get(server_path(name), shape=Shape("object", PRODUCTS["dedicated_server"][1]))


def running_reinstall(client, name):
    """The newest reinstallServer task if it is still pending, else None (2 requests at most)."""
    ids = client.get(server_path(name, "task"), query={"function": REINSTALL_FUNCTION}, shape=Shape("ids"))
    if not ids:
        return None
    task = client.get(server_path(name, "task", str(max(ids))), shape=DEDICATED_TASK)
    return task if task["status"] in TASK_KINDS["dedicated_server"].pending else None


def start_reinstall(client, name, body):
    return client.post(server_path(name, "reinstall"), body=body, shape=Shape("object", ("taskId", "status")))


def install_progress(client, name):
    """The installation steps while one runs, or None once none does (the route answers 404)."""
    try:
        status = client.get(server_path(name, "install", "status"), shape=INSTALL_STATUS)
    except OvhApiError as exc:
        if exc.status == 404:
            return None
        raise
    return status.get("progress") or []
