# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dedicated servers and VPS: batched reads, host variables; a dedicated server's editable
properties and display name, its boot and reboots, its reinstallation (body, storage layout).

Lists answer service names only (``GET /dedicated/server``, ``GET /vps``); objects, IPs and
task ids are then read in batches of 50 (``X-Ovh-Batch``), see ``OvhClient.get_many``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import json
import re
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_name, variable_fields
from ansible_collections.signet.ovh.plugins.module_utils.names import printable, service_name, system_host_name_problem
from ansible_collections.signet.ovh.plugins.module_utils.ssh_keys import parse_key
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
REBOOT_FUNCTION = "hardReboot"
NETBOOT = Shape("object", ("bootId", "bootType", "kernel"), what="a boot (dedicated.server.Netboot)")
SERVICE_INFOS = Shape("object", ("serviceId",), what="service information with a serviceId")
INSTALL_TEMPLATES = Shape("object", what="the compatible systems (dedicated.server.InstallTemplate)")
SERVER_STATES = ("error", "hacked", "hackedBlocked", "ok")  # dedicated.server.StateEnum
BOOT_TYPES = ("harddisk", "rescue")  # the boot types the boot option names; a network boot goes by id or kernel

# Module option -> API field of the editable properties of dedicated.server.Dedicated (PUT /dedicated/server/{sn}).
PROPERTY_FIELDS = (
    ("monitoring", "monitoring"),
    ("no_intervention", "noIntervention"),
    ("rescue_mail", "rescueMail"),
    ("rescue_ssh_key", "rescueSshKey"),
    ("root_device", "rootDevice"),
    ("efi_bootloader_path", "efiBootloaderPath"),
    ("state", "state"),
)
# Of those, the text fields the API lets be null: an empty string removes the value.
NULLABLE_PROPERTIES = ("rescue_mail", "rescue_ssh_key", "root_device", "efi_bootloader_path")

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
    ("config_drive_metadata", "configDriveMetadata"),
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
        if not isinstance(address, str) or "%" in address:
            continue  # an IPv6 zone index, which ipaddress takes with any text but a slash: no address to reach
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
    and ``ovh_location``. A field whose name is not an identifier is left out (no variable name)."""
    variables = variable_fields(obj)
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


def customizations_body(customizations, extra=None):
    """The API's customizations object from the module's snake_case suboptions (unset ones left out),
    and ``extra``: keys this module does not list yet, as given (the API's camelCase)."""
    body = {}
    for option, field in CUSTOMIZATION_FIELDS:
        value = (customizations or {}).get(option)
        if value is not None and value != {}:
            body[field] = value
    hostname = body.get("hostname")
    problem = system_host_name_problem(hostname) if hostname is not None else None
    if problem:
        raise ServerInputError("customizations.hostname %r is not a valid host name: %s" % (hostname, problem))
    if "configDriveMetadata" in body:
        body["configDriveMetadata"] = _string_map(body["configDriveMetadata"], "customizations.config_drive_metadata")
    known = dict((field, option) for option, field in CUSTOMIZATION_FIELDS)
    known.update((option, option) for option, _field in CUSTOMIZATION_FIELDS)
    for key, value in sorted((extra or {}).items()):
        if key in known:
            raise ServerInputError("extra_customizations.%s is an option of customizations: set customizations.%s instead"
                                   % (key, dict((field, option) for option, field in CUSTOMIZATION_FIELDS).get(key, key)))
        if not re.match(r"^[A-Za-z][A-Za-z0-9]*$", str(key)):
            raise ServerInputError("extra_customizations: %r is not a customization name (the API's camelCase, e.g. "
                                   "newFieldName)" % (key,))
        body[key] = value
    return body


def extra_customization_names(extra):
    """The keys of ``extra_customizations``, for the warning that they are sent as given."""
    return sorted(str(key) for key in (extra or {}))


def _string_map(value, option):
    if not isinstance(value, dict):
        raise ServerInputError("%s must be a mapping of names to text values" % option)
    result = {}
    for key, item in value.items():
        if isinstance(item, (dict, list)) or item is None:
            raise ServerInputError("%s.%s must be a text value, got %s" % (option, key, "null" if item is None else type(item).__name__))
        result[str(key)] = item if isinstance(item, str) else str(item).lower() if isinstance(item, bool) else str(item)
    return result


def reinstall_body(operating_system, customizations=None, storage=None, properties=None, extra_customizations=None):
    if not operating_system or not operating_system.strip():
        raise ServerInputError("operating_system must name a system, e.g. debian12_64")
    body = {"operatingSystem": operating_system.strip()}
    custom = customizations_body(customizations, extra_customizations)
    if custom:
        body["customizations"] = custom
    if storage:
        body["storage"] = storage_body(storage)
    if properties:
        body["properties"] = dict((str(key), str(value)) for key, value in properties.items())
    return body


# The storage models of openapi3-dedicated-server.json (dedicated.server.reinstall.Storage and below): each
# field as the module spells it (snake_case) -> (the API's name, what it holds). A kind is "int" (0 or more),
# "str", a tuple (an enum), a Model, or a list of one Model.
class Model(object):
    def __init__(self, name, fields, required=()):
        self.name = name
        self.fields = fields
        self.required = required


_LV = Model("dedicated.server.reinstall.storage.partitioning.layout.extras.Lv", {"name": ("name", "str")})
_ZP = Model("dedicated.server.reinstall.storage.partitioning.layout.extras.Zp", {"name": ("name", "str")})
_EXTRAS = Model("dedicated.server.reinstall.storage.partitioning.layout.Extras", {"lv": ("lv", _LV), "zp": ("zp", _ZP)})
FILE_SYSTEMS = ("btrfs", "ext3", "ext4", "fat16", "none", "ntfs", "reiserfs", "swap", "ufs", "vmfs5", "vmfs6", "vmfsl",
                "xfs", "zfs")
_LAYOUT = Model("dedicated.server.reinstall.storage.partitioning.Layout", {
    "extras": ("extras", _EXTRAS),
    "file_system": ("fileSystem", FILE_SYSTEMS),
    "mount_point": ("mountPoint", "str"),
    "raid_level": ("raidLevel", (0, 1, 5, 6, 7, 10)),
    "size": ("size", "int"),
}, required=("file_system", "mount_point"))
_PARTITIONING = Model("dedicated.server.reinstall.storage.Partitioning", {
    "disks": ("disks", "int"),
    "layout": ("layout", [_LAYOUT]),
    "scheme_name": ("schemeName", "str"),
})
_HARDWARE_RAID = Model("dedicated.server.reinstall.storage.HardwareRaid", {
    "arrays": ("arrays", "int"),
    "disks": ("disks", "int"),
    "raid_level": ("raidLevel", (0, 1, 5, 6, 10, 50, 60)),
    "spares": ("spares", "int"),
})
STORAGE = Model("dedicated.server.reinstall.Storage", {
    "disk_group_id": ("diskGroupId", "int"),
    "hardware_raid": ("hardwareRaid", [_HARDWARE_RAID]),
    "partitioning": ("partitioning", _PARTITIONING),
})


def storage_body(storage):
    """The API's storage list from the module's, checked against the schema's models; keys in snake_case
    (or the API's camelCase). Errors name the field's path, e.g. storage[0].partitioning.layout[1].file_system."""
    if not isinstance(storage, list):
        raise ServerInputError("storage must be a list of storage configurations")
    return [_convert(item, STORAGE, "storage[%d]" % index) for index, item in enumerate(storage)]


def _convert(value, kind, where):
    if isinstance(kind, Model):
        return _convert_model(value, kind, where)
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise ServerInputError("%s must be a list, got %s" % (where, _kind_of(value)))
        return [_convert(item, kind[0], "%s[%d]" % (where, index)) for index, item in enumerate(value)]
    if isinstance(kind, tuple):
        number = _integer(value) if isinstance(kind[0], int) else None
        candidate = number if number is not None else value
        if candidate not in kind or isinstance(value, bool):
            raise ServerInputError("%s must be one of %s, got %r" % (where, ", ".join(str(item) for item in kind), value))
        return candidate
    if kind == "int":
        number = _integer(value)
        if number is None or number < 0:
            raise ServerInputError("%s must be an integer of 0 or more, got %r" % (where, value))
        return number
    if not isinstance(value, str) or not value.strip():
        raise ServerInputError("%s must be a non-empty text, got %r" % (where, value))
    return value


def _convert_model(value, model, where):
    if not isinstance(value, dict):
        raise ServerInputError("%s must be a mapping (%s), got %s" % (where, model.name, _kind_of(value)))
    result = {}
    seen = {}
    for key, item in value.items():
        option = snake_name(str(key))
        if option not in model.fields:
            raise ServerInputError("%s.%s is not a field of %s; its fields: %s" % (where, key, model.name, ", ".join(sorted(model.fields))))
        if option in seen:
            raise ServerInputError("%s.%s is given twice (as %s and %s)" % (where, option, seen[option], key))
        seen[option] = key
        field, kind = model.fields[option]
        if item is None:
            continue  # unset, as Ansible passes an option left out
        result[field] = _convert(item, kind, "%s.%s" % (where, option))
    missing = [option for option in model.required if model.fields[option][0] not in result]
    if missing:
        raise ServerInputError("%s.%s is required (%s)" % (where, missing[0], model.name))
    return result


def _integer(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _kind_of(value):
    return "null" if value is None else {dict: "a mapping", list: "a list", str: "a text"}.get(type(value), type(value).__name__)


def check_service_name(name):
    return service_name(name, "the server's service name, e.g. ns3001234.ip-203-0-113.eu")


def server_path(name, *parts):
    return "/dedicated/server/" + quote(name, safe="") + "".join("/" + part for part in parts)


def read_server(client, name):
    return client.get(server_path(name), shape=Shape("object", PRODUCTS["dedicated_server"][1]))


def running_task(client, name, function):
    """The newest task of ``function`` if it is still pending, else None (2 requests at most)."""
    ids = client.get(server_path(name, "task"), query={"function": function}, shape=Shape("ids"))
    if not ids:
        return None
    task = client.get(server_path(name, "task", str(max(ids))), shape=DEDICATED_TASK)
    return task if task["status"] in TASK_KINDS["dedicated_server"].pending else None


def running_reinstall(client, name):
    """The newest reinstallServer task if it is still pending, else None (2 requests at most)."""
    return running_task(client, name, REINSTALL_FUNCTION)


def start_reinstall(client, name, body):
    return client.post(server_path(name, "reinstall"), body=body, shape=Shape("object", ("taskId", "status")))


def install_progress(client, name):
    """The installation steps while one runs, or None once none does (the route answers 404)."""
    status = client.get_or_none(server_path(name, "install", "status"), shape=INSTALL_STATUS)
    return None if status is None else status.get("progress") or []


def compatible_systems(client, names):
    """{name: {"ovh": [...], "personal": [...]}}: the systems each server can install, in batches."""
    return client.get_many("/dedicated/server", names, suffix="install/compatibleTemplates", shape=INSTALL_TEMPLATES)


# Editable properties and display name


def wanted_properties(params):
    """{API field: value} of the properties given (None where the option is unset), checked; an empty
    text removes a nullable one (sent as null)."""
    body = {}
    for option, field in PROPERTY_FIELDS:
        value = params.get(option)
        if value is None:
            continue
        if option in NULLABLE_PROPERTIES:
            value = value.strip()
            if value == "":
                body[field] = None
                continue
        if option == "rescue_mail" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
            raise ServerInputError("rescue_mail %r is not an e-mail address (or an empty string to remove it)" % value)
        if option == "rescue_ssh_key":
            try:
                parse_key(value, option)  # the account's SSH key rules: known type, base64 holding that type
            except InputError as exc:
                raise ServerInputError("%s (or give an empty string to remove the key)" % exc) from None
        if option == "state" and value not in SERVER_STATES:
            raise ServerInputError("state must be one of %s (the API's dedicated.server.StateEnum), got %r" % (", ".join(SERVER_STATES), value))
        body[field] = value
    return body


def check_display_name(display_name):
    if display_name is not None and not display_name.strip():
        raise ServerInputError("display_name must not be empty")
    return display_name


def property_changes(server, wanted):
    """The fields of ``wanted`` whose value differs from the server's, as the body of one PUT. A removal (null) is
    no change where the server has none: null, missing or an empty text."""
    return dict((field, value) for field, value in wanted.items()
                if server.get(field) != value and not (value is None and server.get(field) in ("", None)))


def display_name_of(server):
    return (server.get("iam") or {}).get("displayName")


def write_properties(client, name, body):
    """PUT /dedicated/server/{sn} with only the fields to change."""
    client.put(server_path(name), body=body)


def set_display_name(client, name, display_name):
    """The server's display name: PUT /service/{serviceId} {displayName}, the serviceId of its serviceInfos."""
    infos = client.get(server_path(name, "serviceInfos"), shape=SERVICE_INFOS)
    client.put("/service/" + quote(str(infos["serviceId"]), safe=""), body={"displayName": display_name})


# Boot and reboot


def parse_boot(boot):
    """("type", harddisk|rescue), ("id", N) or ("kernel", name) from the boot option."""
    value = (boot or "").strip()
    if not value or any(char.isspace() or char in "/?#," for char in value):
        raise ServerInputError("boot must be harddisk, rescue, a boot id (an integer) or a kernel name of the server's boots "
                               "(GET /dedicated/server/{serviceName}/boot lists them), got %r" % (boot,))
    if value in BOOT_TYPES:
        return ("type", value)
    if value.isdigit():
        return ("id", int(value))
    return ("kernel", value)


def resolve_boot(client, name, wanted, current=None):
    """The server's boot (dedicated.server.Netboot) the parsed boot option names, read from its own boot list:
    for a type, the ``current`` boot when it is of that type, else the type's boot with the lowest id (2 requests);
    a boot id (1); a kernel name (2: the ids, then a batch; the ``current`` boot when it has that kernel)."""
    how, value = wanted
    boots = server_path(name, "boot")
    if how == "id":
        try:
            return client.get(path_join(boots, value), shape=NETBOOT)
        except OvhApiError as exc:
            if exc.status == 404:
                raise ServerInputError("boot %s is not a boot of %s (GET /dedicated/server/%s/boot lists them)" % (value, name, name))
            raise
    if how == "type":
        ids = client.get(boots, query={"bootType": value}, shape=Shape("ids"))
        if not ids:
            raise ServerInputError("boot %s: %s lists no %s boot" % (value, name, value))
        # A server already on a boot of that type (another rescue system, say) keeps it: no change, no reboot.
        return client.get(path_join(boots, current if current in ids else min(ids)), shape=NETBOOT)
    ids = client.get(boots, shape=Shape("ids"))
    found = client.get_many(boots, sorted(ids), shape=NETBOOT)
    matches = [found[boot_id] for boot_id in sorted(found) if found[boot_id].get("kernel") == value]
    if not matches:
        kernels = sorted(set(printable(item.get("kernel")) for item in found.values()))  # API data, quoted
        raise ServerInputError("boot %r is not a kernel of %s's boots; its kernels: %s" % (value, name, ", ".join(kernels) or "none"))
    return next((boot for boot in matches if boot.get("bootId") == current), matches[0])  # the current one, if named


def start_reboot(client, name):
    """POST /dedicated/server/{sn}/reboot: a hardReboot task."""
    return client.post(server_path(name, "reboot"), shape=DEDICATED_TASK)
