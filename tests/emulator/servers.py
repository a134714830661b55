"""Dedicated servers and VPS: their objects, IPs, tasks and reinstallations.

Everything that takes time runs on the emulator clock (``State.now()``): a reinstallation is a
task (``tasks.Task``: todo, then doing, then a final state) and a list of installation steps, each
lasting ``Servers.step_seconds``. Tests move time with the clock offset (or ``Emulator.clock_step``),
never by sleeping. ``Servers.next_outcome`` makes the next reinstallation end in customerError,
ovhError or cancelled, with a comment, at a given step.

A dedicated server task (a reinstallation, a hard reboot) starts in ``init`` and passes through
every pending state of ``dedicated.TaskStatusEnum`` (init, todo, doing) before its final one.
A hard reboot (``POST …/reboot``) lasts ``Servers.reboot_seconds``; the server then runs the boot
it had when the reboot started (``DedicatedServer.running_boot``). ``Servers.next_reboot_outcome``
makes the next reboot end in a failure state with a comment.

Routes (schemas/openapi3-dedicated-server.json, openapi3-vps.json): ``GET /dedicated/server``,
``GET|PUT /dedicated/server/{serviceName}``, ``…/ips``, ``…/task``, ``…/task/{taskId}``,
``POST …/reinstall``, ``GET …/install/status``, ``GET …/install/compatibleTemplates``, ``GET …/boot``,
``GET …/boot/{bootId}``, ``POST …/reboot``, ``GET …/serviceInfos``; ``PUT /service/{serviceId}``
(schemas/inferred-service.json: an inference, the API's schema of /service is not published with
the others). The VPS are vps.py's (they import the IAM helpers from here).

Seed: ``dedicatedServers`` (``[{account, name, serverId, ip, ips, datacenter, os, tags, reinstalling:
{operatingSystem, startedSecondsAgo}, boots, bootId, serviceId, displayName, …}]``; without ``boots``,
``DEFAULT_BOOTS``). The reverse of a server's main address is the reverse DNS product's (ip.py).
"""

import fnmatch
import ipaddress
import json
import uuid

from .errors import ApiError, bad_request, object_not_found, service_not_found
from .product import Product, iso_date, only_keys
from .tasks import Task

TASK_STATES = ("cancelled", "customerError", "doing", "done", "init", "ovhError", "todo")
INSTALL_STEPS = (
    "Preparing installation",
    "Setting up the disks and partitions",
    "Deploying the operating system image",
    "Applying the customizations",
    "Rebooting on the installed system",
)
# Systems the emulated servers can install (GET …/install/compatibleTemplates lists such names).
OPERATING_SYSTEMS = ("alma9_64", "byolinux_64", "debian11_64", "debian12_64", "rocky9_64", "ubuntu2204-server_64",
                     "ubuntu2404-server_64", "win2022-std_64")
REINSTALL_FIELDS = ("customizations", "operatingSystem", "properties", "storage")
# configDriveMetadata is not in the published schema's Customizations, but OVHcloud's Terraform provider
# sends it (a map of strings): accepted here as an inference from that.
CUSTOMIZATION_FIELDS = {
    "configDriveMetadata": dict, "configDriveUserData": str, "efiBootloaderPath": str, "hostname": str, "httpHeaders": dict, "imageCheckSum": str,
    "imageCheckSumType": ("md5", "sha1", "sha256", "sha512"), "imageType": ("qcow2", "raw"), "imageURL": str,
    "language": ("cs-cz", "de-de", "en-us", "es-es", "fr-fr", "it-it", "nl-nl", "pl-pl", "pt-pt"),
    "postInstallationScript": str, "postInstallationScriptExtension": ("cmd", "ps1"), "sshKey": str,
}
TAG_OPERATORS = ("EQ", "EXISTS", "ILIKE", "LIKE", "NEQ", "NEXISTS")
BOOT_TYPES = ("harddisk", "internal", "network", "power", "rescue")  # dedicated.server.BootTypeEnum
SERVER_STATES = ("error", "hacked", "hackedBlocked", "ok")  # dedicated.server.StateEnum
# The boots of a server (dedicated.server.Netboot) when its seed gives none: its disk, the rescue system and
# two OVHcloud network kernels, with the ids and wordings the API lists for such servers.
DEFAULT_BOOTS = (
    {"bootId": 1, "bootType": "harddisk", "kernel": "harddisk", "description": "Boot from the hard disk"},
    {"bootId": 22, "bootType": "rescue", "kernel": "rescue64-pro", "description": "Rescue64-pro (Customer rescue system (Linux))"},
    {"bootId": 41, "bootType": "network", "kernel": "bzImage-6.1.55-xxxx-std-ipv6-64",
     "description": "Linux 6.1.55 std 64-bit (OVHcloud kernel, root on the local disk)"},
    {"bootId": 42, "bootType": "network", "kernel": "bzImage-6.6.8-xxxx-grs-ipv6-64",
     "description": "Linux 6.6.8 grsecurity 64-bit (OVHcloud kernel, root on the local disk)"},
)
# PUT /dedicated/server/{serviceName}: the fields of dedicated.server.Dedicated that are not read-only, with
# their types (None: nullable).
EDITABLE_FIELDS = {
    "bootId": (int, True), "bootScript": (str, True), "efiBootloaderPath": (str, True), "monitoring": (bool, False),
    "noIntervention": (bool, False), "rescueMail": (str, True), "rescueSshKey": (str, True), "rootDevice": (str, True),
    "state": (str, False),
}


def _iam(kind, name, tags, account):
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.{account}.{kind}.emulator")),
        "urn": f"urn:v1:eu:resource:{kind}:{name}",
        "displayName": name,
        "tags": dict(tags) if tags else None,
    }


class Installation:
    """A reinstallation: its task and its steps. ``outcome`` is (final status, comment, failing step)."""

    def __init__(self, task, operating_system, step_seconds, outcome):
        self.task = task
        self.operating_system = operating_system
        self.step_seconds = step_seconds
        self.status, self.comment, self.failing_step = outcome

    def progress(self, now):
        """dedicated.server.InstallationProgressSteps[] at ``now``."""
        elapsed = now - self.task.start
        current = int(elapsed // self.step_seconds) if elapsed >= 0 else 0
        last = len(INSTALL_STEPS) if self.status == "done" else self.failing_step
        steps = []
        for index, comment in enumerate(INSTALL_STEPS):
            if index < current and index < last:
                status, error = "done", None
            elif index == current and index < last:
                status, error = "doing", None
            elif index == last and current >= last and self.status != "done":
                status = "error" if self.status != "cancelled" else "stopping"
                error = self.comment if self.status != "cancelled" else None
            else:
                status, error = "todo", None
            steps.append({"comment": comment, "status": status, "error": error})
        return steps

    def succeeded(self, now):
        return self.status == "done" and self.task.is_final(now)


class DedicatedServer:
    def __init__(self, account, data):
        self.account = account
        self.name = data["name"]
        self.server_id = data["serverId"]
        self.ip = data["ip"]
        self.ips = list(data.get("ips", [data["ip"] + "/32"]))
        self.datacenter = data.get("datacenter", "gra3")
        self.region = data.get("region", "eu-west-gra")
        self.availability_zone = data.get("availabilityZone", self.region + "-a")
        self.os = data.get("os", "debian12_64")
        self.state = data.get("state", "ok")
        self.power_state = data.get("powerState", "poweron")
        self.commercial_range = data.get("commercialRange", "advance")
        self.rack = data.get("rack", "G123A45")
        self.link_speed = data.get("linkSpeed", 1000)
        self.reverse = data.get("reverse", self.name + ".")  # the reverse of the main IP at creation
        self.tags = dict(data.get("tags") or {})
        self.tasks = {}
        self.installations = []
        self.service_id = data["serviceId"]
        self.display_name = data.get("displayName", self.name)
        self.boots = dict((boot["bootId"], dict(boot)) for boot in data.get("boots", DEFAULT_BOOTS))
        # The editable properties (PUT /dedicated/server/{serviceName}).
        self.properties = {"bootId": data.get("bootId", min(self.boots)), "bootScript": None, "efiBootloaderPath": None,
                           "monitoring": True, "noIntervention": False, "rescueMail": None, "rescueSshKey": None,
                           "rootDevice": None, "state": self.state}
        self.running_boot = self.properties["bootId"]  # the boot the server runs since its last reboot
        self.compatible_systems = list(data.get("compatibleTemplates", OPERATING_SYSTEMS))
        self.reboots = []  # (task, boot id at the start)

    def current_os(self, now):
        done = [inst for inst in self.installations if inst.succeeded(now)]
        return done[-1].operating_system if done else self.os

    def running_installation(self, now):
        for installation in self.installations:
            if not installation.task.is_final(now):
                return installation
        return None

    def booted(self, now):
        """The boot the server runs at ``now``: that of its last finished reboot, else the one seeded."""
        done = [boot_id for task, boot_id in self.reboots if task.is_final(now) and task.status(now) == "done"]
        return done[-1] if done else self.running_boot

    def to_api(self, now, reverse):
        """dedicated.server.DedicatedWithIAM; ``reverse`` is the main IP's current reverse."""
        iam = _iam("dedicatedServer", self.name, self.tags, self.account)
        iam["displayName"] = self.display_name
        answer = {
            "availabilityZone": self.availability_zone,
            "commercialRange": self.commercial_range,
            "datacenter": self.datacenter,
            "iam": iam,
            "ip": self.ip,
            "linkSpeed": self.link_speed,
            "name": self.name,
            "newUpgradeSystem": True,
            "os": self.current_os(now),
            "powerState": self.power_state,
            "professionalUse": False,
            "rack": self.rack,
            "region": self.region,
            "reverse": reverse.rstrip(".") if reverse else None,
            "serverId": self.server_id,
            "supportLevel": "pro",
        }
        answer.update(self.properties)
        return answer

    def service_infos(self, now):
        """services.Service (GET …/serviceInfos)."""
        created = iso_date(now - 400 * 86400)[:10]
        return {
            "canDeleteAtExpiration": True,
            "contactAdmin": self.account,
            "contactBilling": self.account,
            "contactTech": self.account,
            "creation": created,
            "domain": self.name,
            "engagedUpTo": None,
            "expiration": iso_date(now + 30 * 86400)[:10],
            "possibleRenewPeriod": [1, 3, 6, 12],
            "renew": {"automatic": True, "deleteAtExpiration": False, "forced": False, "manualPayment": False, "period": 1},
            "renewalType": "automaticV2016",
            "serviceId": self.service_id,
            "status": "ok",
        }


# Handlers


def _servers(call):
    return call.state.servers


def _iam_filter(call):
    """The iamTags query parameter: a JSON object {tag: [{operator, value}]}."""
    raw = call.query_value("iamTags")
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        raise bad_request(f"[iamTags] Given data ({raw}) is not valid for type map[string]iam.resource.TagFilter[]") from None
    if not isinstance(parsed, dict) or not all(isinstance(value, list) for value in parsed.values()):
        raise bad_request(f"[iamTags] Given data ({raw}) is not valid for type map[string]iam.resource.TagFilter[]")
    for filters in parsed.values():
        for condition in filters:
            if not isinstance(condition, dict) or condition.get("operator", "EQ") not in TAG_OPERATORS:
                raise bad_request(f"[iamTags] Invalid tag filter {condition!r}")
    return parsed


def _like(pattern, value, case_sensitive):
    translated = pattern.replace("%", "*").replace("_", "?")
    if not case_sensitive:
        translated, value = translated.lower(), value.lower()
    return fnmatch.fnmatchcase(value, translated)


def tags_match(tags, iam_filter):
    """Whether resource tags satisfy every condition of an iamTags filter."""
    for key, conditions in (iam_filter or {}).items():
        for condition in conditions:
            operator = condition.get("operator", "EQ")
            value = condition.get("value")
            present = key in tags
            if operator == "EXISTS" and not present or operator == "NEXISTS" and present:
                return False
            if operator == "EQ" and tags.get(key) != value or operator == "NEQ" and tags.get(key) == value:
                return False
            if operator in ("LIKE", "ILIKE") and not (present and _like(value or "", tags[key], operator == "LIKE")):
                return False
    return True


def _dedicated(call):
    server = _servers(call).dedicated.get((call.account, call.params["serviceName"]))
    if server is None:
        raise service_not_found()
    return server


def dedicated_list(call):
    """GET /dedicated/server?iamTags= : service names."""
    iam_filter = _iam_filter(call)
    return sorted(name for (account, name), server in _servers(call).dedicated.items()
                  if account == call.account and tags_match(server.tags, iam_filter))


def dedicated_get(call):
    """GET /dedicated/server/{serviceName} (dedicated.server.DedicatedWithIAM)"""
    server = _dedicated(call)
    return server.to_api(call.state.now(), _servers(call).reverses.get((call.account, server.ip)))


def dedicated_ips(call):
    """GET /dedicated/server/{serviceName}/ips: the server's IP blocks."""
    return [str(ipaddress.ip_network(block)) for block in _dedicated(call).ips]


def task_list(call):
    """GET /dedicated/server/{serviceName}/task?function=&status= : task ids."""
    server = _dedicated(call)
    function = call.query_value("function")
    status = call.query_value("status")
    if status is not None and status not in TASK_STATES:
        raise bad_request(f"[status] Given data ({status}) does not belong to the dedicated.TaskStatusEnum enumeration")
    now = call.state.now()
    return [task_id for task_id, task in sorted(server.tasks.items())
            if (function is None or task.function == function) and (status is None or task.status(now) == status)]


def task_get(call):
    """GET /dedicated/server/{serviceName}/task/{taskId} (dedicated.server.Task)"""
    server = _dedicated(call)
    task_id = call.long_param("taskId")
    if task_id not in server.tasks:
        raise object_not_found(task_id, "taskId")
    return server.tasks[task_id].to_dedicated_api(call.state.now())


def _check_customizations(customizations):
    if not isinstance(customizations, dict):
        raise bad_request("[customizations] Given data is not valid for type dedicated.server.reinstall.Customizations")
    for name, value in customizations.items():
        kind = CUSTOMIZATION_FIELDS.get(name)
        if kind is None:
            raise ApiError(400, "INVALID_PARAMETER", f"Customization {name} doesn't exist for operating system",
                           "Client::BadRequest::CustomizationName")
        valid = value in kind if isinstance(kind, tuple) else isinstance(value, kind)
        if not valid:
            raise ApiError(400, "INVALID_PARAMETER", f"Invalid customization format for {name} of type "
                           f"{getattr(kind, '__name__', 'enum')}: {value!r}", "Client::BadRequest::CustomizationInvalidFormat")
    hostname = customizations.get("hostname")
    if hostname is not None and not _valid_hostname(hostname):
        raise ApiError(400, "INVALID_PARAMETER", f"Invalid hostname {hostname}; must contain no more than 63 characters, "
                       "start with a letter, end with a letter or a digit and contain only letters, digits and hyphens, "
                       "see RFC 1035, section 2.3.1", "Client::BadRequest::HostnameInvalidFormat")


# dedicated.server.reinstall.Storage and its models (openapi3-dedicated-server.json): field -> int, str, an enum
# (a tuple), a model (a dict) or a list of one model; the required fields of a model under "required".
_LAYOUT_EXTRAS = {"lv": {"name": str}, "zp": {"name": str}}
_STORAGE_MODEL = {
    "diskGroupId": int,
    "hardwareRaid": [{"arrays": int, "disks": int, "raidLevel": (0, 1, 5, 6, 10, 50, 60), "spares": int}],
    "partitioning": {
        "disks": int, "schemeName": str,
        "layout": [{"extras": _LAYOUT_EXTRAS, "mountPoint": str, "raidLevel": (0, 1, 5, 6, 7, 10), "size": int,
                    "fileSystem": ("btrfs", "ext3", "ext4", "fat16", "none", "ntfs", "reiserfs", "swap", "ufs", "vmfs5",
                                   "vmfs6", "vmfsl", "xfs", "zfs"),
                    "required": ("fileSystem", "mountPoint")}],
    },
}


def _storage_problem(value, kind, where):
    """None when ``value`` fits ``kind`` (of _STORAGE_MODEL), else the refusal's text. The wordings are inferences
    in the API's "[field] Given data" style; the real API refuses a body its schema does not allow."""
    if isinstance(kind, list):
        if not isinstance(value, list):
            return f"[{where}] Given data is not an array"
        return next((problem for index, item in enumerate(value)
                     for problem in [_storage_problem(item, kind[0], f"{where}[{index}]")] if problem), None)
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            return f"[{where}] Given data is not an object"
        for name in value:
            if name not in kind or name == "required":
                return f"[{where}.{name}] is not a valid property name"
        for name in kind.get("required", ()):
            if value.get(name) is None:
                return f"[{where}.{name}] Property is mandatory"
        return next((problem for name, item in value.items() if item is not None
                     for problem in [_storage_problem(item, kind[name], f"{where}.{name}")] if problem), None)
    if isinstance(kind, tuple):
        return None if value in kind and not isinstance(value, bool) else f"[{where}] Given data ({value}) does not belong to the enumeration"
    if kind is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else f"[{where}] Given data ({value}) is not valid for type long"
    return None if isinstance(value, str) else f"[{where}] Given data ({value}) is not valid for type string"


def _valid_hostname(hostname):
    labels = hostname.split(".")
    for label in labels:
        if not (0 < len(label) <= 63 and label[0].isalpha() and label[-1].isalnum()
                and all(char.isalnum() or char == "-" for char in label)):
            return False
    return True


def reinstall(call):
    """POST /dedicated/server/{serviceName}/reinstall (dedicated.server.Reinstall) → dedicated.server.task.Response"""
    server = _dedicated(call)
    data = call.json_body()
    extra = sorted(set(data) - set(REINSTALL_FIELDS))
    if extra:
        raise ApiError(400, "INVALID_PARAMETER", f"{extra[0]} is not a valid property name", "Client::BadRequest::PropertyName")
    operating_system = data.get("operatingSystem")
    if not isinstance(operating_system, str):
        raise bad_request("[operatingSystem] Property is mandatory")
    if operating_system not in OPERATING_SYSTEMS:
        raise ApiError(404, "NOT_FOUND", f"Operating system {operating_system} could not be found",
                       "Client::NotFound::OperatingSystem")
    _check_customizations(data.get("customizations", {}))
    problem = _storage_problem(data.get("storage", []), [_STORAGE_MODEL], "storage")
    if problem:
        raise bad_request(problem)
    if not isinstance(data.get("properties", {}), dict):
        raise bad_request("[properties] Given data is not valid for type map[string]string")
    now = call.state.now()
    running = server.running_installation(now)
    if running is not None:
        raise ApiError(400, "INVALID_PARAMETER", f"Task {running.task.task_id} of type reinstallServer with status "
                       f"{running.task.status(now)} is already running on server {server.name}",
                       "Client::BadRequest::TaskAlreadyExists")
    task = _servers(call).start_reinstall(server, operating_system, now)
    return {"taskId": task.task_id, "function": "reinstallServer", "status": task.status(now),
            "comment": "Start bare metal OS installation", "startDate": iso_date(task.start), "doneDate": None}


def install_status(call):
    """GET /dedicated/server/{serviceName}/install/status: 404 when no installation runs."""
    server = _dedicated(call)
    now = call.state.now()
    installation = server.running_installation(now)
    if installation is None:
        raise ApiError(404, "NOT_FOUND", "Server is not being installed or reinstalled at the moment")
    return {"elapsedTime": max(int(now - installation.task.start), 0), "progress": installation.progress(now)}


def dedicated_put(call):
    """PUT /dedicated/server/{serviceName} (dedicated.server.Dedicated): only the editable fields; answers null.
    The wordings of the refusals are inferences in the API's "[field] Given data" style."""
    server = _dedicated(call)
    data = call.json_body()
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise bad_request(f"[{name}] Unknown or read-only property")
        kind, nullable = EDITABLE_FIELDS[name]
        if value is None and nullable:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise bad_request(f"[{name}] Given data ({value!r}) is not valid for type {kind.__name__}")
    if "state" in data and data["state"] not in SERVER_STATES:
        raise bad_request(f"[state] Given data ({data['state']}) does not belong to the dedicated.server.StateEnum enumeration")
    boot_id = data.get("bootId")
    if boot_id is not None and boot_id not in server.boots:
        raise bad_request(f"[bootId] Given data ({boot_id}) is not a boot of this server (GET /dedicated/server/{server.name}/boot)")
    server.properties.update(data)
    return None


def compatible_templates(call):
    """GET /dedicated/server/{serviceName}/install/compatibleTemplates (dedicated.server.InstallTemplate)"""
    return {"ovh": list(_dedicated(call).compatible_systems), "personal": []}


def boot_list(call):
    """GET /dedicated/server/{serviceName}/boot?bootType= : boot ids."""
    server = _dedicated(call)
    boot_type = call.query_value("bootType")
    if boot_type is not None and boot_type not in BOOT_TYPES:
        raise bad_request(f"[bootType] Given data ({boot_type}) does not belong to the dedicated.server.BootTypeEnum enumeration")
    return sorted(boot_id for boot_id, boot in server.boots.items() if boot_type is None or boot["bootType"] == boot_type)


def boot_get(call):
    """GET /dedicated/server/{serviceName}/boot/{bootId} (dedicated.server.Netboot)"""
    server = _dedicated(call)
    boot_id = call.long_param("bootId")
    if boot_id not in server.boots:
        raise object_not_found(boot_id, "bootId")
    return dict(server.boots[boot_id])


def reboot(call):
    """POST /dedicated/server/{serviceName}/reboot → dedicated.server.Task (function hardReboot). The real API's
    answer to a reboot while another runs is not documented: another task is started, as asked."""
    server = _dedicated(call)
    now = call.state.now()
    task = _servers(call).start_reboot(server, now)
    return task.to_dedicated_api(now)


def service_infos(call):
    """GET /dedicated/server/{serviceName}/serviceInfos (services.Service)"""
    return _dedicated(call).service_infos(call.state.now())


def service_put(call):
    """PUT /service/{serviceId} {displayName}: the display name of a service (a dedicated server here), shown as
    its ``iam.displayName``. An inference (NOTES: how synthesio's module sets it; the schema of /service is not
    published with the others, see schemas/inferred-service.json); answers null."""
    service_id = call.long_param("serviceId")
    server = next((item for (account, _name), item in sorted(_servers(call).dedicated.items())
                   if account == call.account and item.service_id == service_id), None)
    if server is None:
        raise service_not_found()
    data = call.json_body()
    only_keys(data, ("displayName",))
    name = data.get("displayName")
    if not isinstance(name, str) or not name.strip():
        raise bad_request(f"[displayName] Given data ({name!r}) is not valid for type string")
    server.display_name = name
    return None


def pending_schedule(end, final):
    """A dedicated server task's schedule: init, todo after 1 s, doing after 2 s, ``final`` after ``end`` s
    (every pending state of dedicated.TaskStatusEnum, in order)."""
    return [(0, "init"), (1, "todo"), (2, "doing"), (end, final)]


class Servers(Product):
    """The dedicated servers and VPS of every account, by (account, service name)."""

    name = "servers"
    routes = (
        ("GET", "/dedicated/server", dedicated_list),
        ("GET", "/dedicated/server/{serviceName}", dedicated_get),
        ("GET", "/dedicated/server/{serviceName}/ips", dedicated_ips),
        ("GET", "/dedicated/server/{serviceName}/task", task_list),
        ("GET", "/dedicated/server/{serviceName}/task/{taskId}", task_get),
        ("POST", "/dedicated/server/{serviceName}/reinstall", reinstall),
        ("GET", "/dedicated/server/{serviceName}/install/status", install_status),
        ("PUT", "/dedicated/server/{serviceName}", dedicated_put),
        ("GET", "/dedicated/server/{serviceName}/install/compatibleTemplates", compatible_templates),
        ("GET", "/dedicated/server/{serviceName}/boot", boot_list),
        ("GET", "/dedicated/server/{serviceName}/boot/{bootId}", boot_get),
        ("POST", "/dedicated/server/{serviceName}/reboot", reboot),
        ("GET", "/dedicated/server/{serviceName}/serviceInfos", service_infos),
        ("PUT", "/service/{serviceId}", service_put),
    )

    seed_keys = ("dedicatedServers",)

    def __init__(self, state):
        super().__init__(state)
        self.dedicated = {}
        self.step_seconds = 120
        # The next reinstallation's end: (status, comment, failing step index), then back to success.
        self.next_outcome = None
        self.reboot_seconds = 60  # a hard reboot's task, from its start to done
        # The next reboot's end: (status, comment), then back to success.
        self.next_reboot_outcome = None

    @property
    def reverses(self):
        """(account, address) -> reverse name with its trailing dot: the reverse DNS product's table."""
        return self.state.ips.reverses

    def load(self, seed):
        now = self.state.now()
        for data in seed.get("dedicatedServers", []):
            server = self.add_dedicated(data["account"], data)
            running = data.get("reinstalling")
            if running:
                self.start_reinstall(server, running["operatingSystem"], now - running.get("startedSecondsAgo", 0))

    def add_dedicated(self, account, data):
        data = dict(data)
        data["serverId"] = self.state.new_id("server", data.get("serverId"))
        data["serviceId"] = self.state.new_id("service", data.get("serviceId"))
        server = DedicatedServer(account, data)
        self.dedicated[(account, server.name)] = server
        if server.reverse:
            self.reverses.setdefault((account, server.ip), server.reverse)
        return server

    def generate(self, account, dedicated=120, vps=40, now=0):
        """Add many servers and VPS (for budget tests); returns their names."""
        names = {"dedicated": [], "vps": []}
        datacenters = ("gra3", "rbx8", "sbg5", "bhs6")
        for index in range(dedicated):
            address = str(ipaddress.ip_address("10.10.0.0") + index + 1)
            name = f"ns{4000000 + index}.ip-10-10-0.eu"
            self.add_dedicated(account, {"name": name, "ip": address, "datacenter": datacenters[index % 4],
                                         "tags": {"env": "prod" if index % 2 else "staging", "batch": "generated"}})
            names["dedicated"].append(name)
        for index in range(vps):
            address = str(ipaddress.ip_address("10.20.0.0") + index + 1)
            name = f"vps-{index:08x}.vps.ovh.net"
            self.state.vps.add_vps(account, {"name": name, "ips": [address], "tags": {"env": "prod", "batch": "generated"}})
            names["vps"].append(name)
        return names

    def new_task(self, server, function, start, schedule, comment=None):
        task = Task(self.state.new_id("server_task"), function, start, schedule, comment)
        server.tasks[task.task_id] = task
        return task

    def start_reinstall(self, server, operating_system, now):
        """Create the reinstallServer task and its installation."""
        step = self.step_seconds
        outcome = self.next_outcome or ("done", "Installation finished", len(INSTALL_STEPS))
        self.next_outcome = None
        status, comment, failing_step = outcome
        steps_run = len(INSTALL_STEPS) if status == "done" else min(int(failing_step), len(INSTALL_STEPS))
        # A failed step shows as such for half a step before the task ends.
        end = steps_run * step if status == "done" else steps_run * step + step / 2
        task = self.new_task(server, "reinstallServer", now, pending_schedule(max(end, 3), status), comment)
        installation = Installation(task, operating_system, step, (status, comment, steps_run))
        server.installations.append(installation)
        return task

    def start_reboot(self, server, now):
        """Create a hardReboot task; once done, the server runs the boot it had at the start."""
        status, comment = self.next_reboot_outcome or ("done", "Reboot done")
        self.next_reboot_outcome = None
        task = self.new_task(server, "hardReboot", now, pending_schedule(max(self.reboot_seconds, 3), status), comment)
        server.reboots.append((task, server.properties["bootId"]))
        return task

    def ip_blocks(self, account):
        """Every IP block of the account: its servers' blocks and its VPS addresses."""
        blocks = []
        for (owner, _name), server in sorted(self.dedicated.items()):
            if owner == account:
                blocks.extend(str(ipaddress.ip_network(block)) for block in server.ips)
        for (owner, _name), vps in sorted(self.state.vps.services.items()):
            if owner == account:
                blocks.extend(str(ipaddress.ip_network(address)) for address in vps.ips)
        return blocks
