"""vRack: private networks, their members and tasks, and the dedicated servers' vRack interfaces.

A vRack (``/vrack/{serviceName}``) holds members of several kinds, each a collection of ids with
``POST`` (add) and ``GET``/``DELETE`` per item: ``dedicatedServer`` (the older whole-server
attachment), ``dedicatedServerInterface`` (a server's vrack-mode virtual network interface),
``cloudProject`` and ``ip`` (a block and the region it is routed in). Every add and remove answers a
``vrack.Task``; the change happens when the task ends, and the task then disappears: its
``GET …/task/{taskId}`` answers 404, as on the real API (NOTES: a 404 on a task the collection
created means finished). A task passes through init, todo and doing (``Vrack.task_seconds``, on the
emulator clock) before it ends.

The servers' virtual network interfaces (``GET /dedicated/server/{serviceName}/virtualNetworkInterface``
and ``…/{uuid}``) are served here, not by servers.py: which vRack an interface is in is this
product's state, and the server itself (its existence, its account) is read from ``state.servers``.
Older servers have no virtual network interface: they join with the whole-server attachment.

Seed: ``vracks`` (``[{account, serviceName, name, description, tags, dedicatedServers: [names],
dedicatedServerInterfaces: [uuids], cloudProjects: [ids], ips: [{block, region}]}]``),
``virtualNetworkInterfaces`` (``[{serverName, uuid, name, mode, networkInterfaceController: [macs]}]``)
and ``vrackEligible`` (``[{account, cloudProjects: [ids], ipBlocks: [blocks]}]``: what else the
account owns that may join a vRack, since the emulator serves no ``/cloud`` route).

Refusals: "Server is already on vRack …" and "Dedicated server interface is already on a private
network" are the real API's wordings (quoted in synthesio/infra-ovh-ansible-module issues 43 and 55);
their status (400) and the other refusals' wordings are inferences.
"""

import ipaddress
import re

from .errors import ApiError, bad_request, object_not_found, service_not_found
from .product import Product, iso_date, only_keys
from .servers import _iam, _iam_filter, tags_match
from .tasks import Task

INTERFACE_MODES = ("public", "public_aggregation", "vrack", "vrack_aggregation")
TASK_STATES = ("cancelled", "doing", "done", "init", "todo")
# Where a vRack routes an IP block: the region's zone (vrack.VrackZoneEnum).
REGION_ZONES = {"eu-west-gra": "gra", "eu-west-rbx": "rbx", "eu-west-sbg": "sbg", "eu-central-waw": "waw",
                "ca-east-bhs": "bhs", "eu-west-lon": "lon1", "eu-central-fra": "fra1", "us-east-vin": "was1",
                "us-west-hil": "pdx1", "ap-southeast-sgp": "sgp1", "ap-southeast-syd": "syd1", "ca-east-tor": "yyz"}
_PROJECT = re.compile(r"^[0-9a-f]{32}$")
# Member kind: (collection, body field, task function when added, when removed). The functions are
# inferences: the schema types them as plain strings and the notes do not list them.
MEMBERS = {
    "dedicatedServer": ("dedicatedServer", "addDedicatedServerToVrack", "removeDedicatedServerFromVrack"),
    "dedicatedServerInterface": ("dedicatedServerInterface", "addDedicatedServerInterfaceToVrack",
                                 "removeDedicatedServerInterfaceFromVrack"),
    "cloudProject": ("project", "addCloudProjectToVrack", "removeCloudProjectFromVrack"),
    "ip": ("block", "addBlockToVrack", "removeBlockFromVrack"),
}


class Interface:
    """A dedicated server's virtual network interface (dedicated.virtualNetworkInterface.VirtualNetworkInterface)."""

    def __init__(self, account, data):
        self.account = account
        self.server = data["serverName"]
        self.uuid = data["uuid"]
        self.name = data.get("name", "ovh_vrack" if data.get("mode") == "vrack" else "ovh_public")
        self.mode = data.get("mode", "vrack")
        self.controllers = list(data.get("networkInterfaceController", []))
        self.enabled = data.get("enabled", True)
        self.vrack = None  # set by the vRack that holds it

    def to_api(self):
        return {"enabled": self.enabled, "mode": self.mode, "name": self.name,
                "networkInterfaceController": list(self.controllers), "serverName": self.server,
                "uuid": self.uuid, "vrack": self.vrack}


class VrackTask:
    """A task of a vRack: ``member`` (kind, id) is added (or removed) when it ends, then it is gone."""

    def __init__(self, task, vrack, kind, member_id, adding, region=None):
        self.task = task
        self.vrack = vrack
        self.kind = kind
        self.member_id = member_id
        self.adding = adding
        self.region = region
        self.cancel_at = None  # set by Vrack.cancel
        self.cancelled = False

    def to_api(self, now):
        """vrack.Task"""
        offset, status = self.task._reached(now)  # pylint: disable=protected-access
        return {"function": self.task.function, "id": self.task.task_id, "lastUpdate": iso_date(self.task.start + offset),
                "orderId": None, "serviceName": self.vrack.service_name, "status": status,
                "targetDomain": self.member_id, "todoDate": iso_date(self.task.start)}


class VrackService:
    def __init__(self, account, data):
        self.account = account
        self.service_name = data["serviceName"]
        self.name = data.get("name", self.service_name)
        self.description = data.get("description", "")
        self.tags = dict(data.get("tags") or {})
        # kind -> {member id: extra data ({} or {"region": …})}, in the order they joined
        self.members = {kind: {} for kind in MEMBERS}
        self.tasks = {}

    def to_api(self):
        """vrack.vrackWithIAM"""
        return {"description": self.description, "iam": _iam("vrack", self.service_name, self.tags, self.account),
                "name": self.name, "serviceName": self.service_name}


# Handlers


def _product(call):
    return call.state.vrack


def _vrack(call):
    """The {serviceName} vRack of the caller's account, its ended tasks applied."""
    product = _product(call)
    vrack = product.vracks.get((call.account, call.params["serviceName"]))
    if vrack is None:
        raise service_not_found()
    product.settle(call.state.now())
    return vrack


def vrack_list(call):
    """GET /vrack?iamTags= : vRack service names."""
    iam_filter = _iam_filter(call)
    return sorted(name for (account, name), vrack in _product(call).vracks.items()
                  if account == call.account and tags_match(vrack.tags, iam_filter))


def vrack_get(call):
    """GET /vrack/{serviceName} (vrack.vrackWithIAM)"""
    return _vrack(call).to_api()


def _member_list(kind):
    def handler(call):
        """GET /vrack/{serviceName}/<kind>: the members' ids."""
        return list(_vrack(call).members[kind])
    return handler


def _member_id(call, kind, value):
    """A member id as the vRack keys it (a block normalized, a server name in lower case)."""
    if kind == "ip":
        try:
            return str(ipaddress.ip_network(str(value), strict=False))
        except ValueError:
            raise bad_request(f"[ip] Given data ({value}) is not valid for type ipBlock") from None
    if kind == "dedicatedServer":
        return str(value).lower()
    return str(value)


def _member(call, kind, param):
    vrack = _vrack(call)
    member_id = _member_id(call, kind, call.params[param])
    if member_id not in vrack.members[kind]:
        raise object_not_found(call.params[param], param)
    return vrack, member_id


def _member_api(kind, vrack, member_id):
    if kind == "ip":
        region = vrack.members[kind][member_id].get("region")
        network = ipaddress.ip_network(member_id)
        gateway = str(ipaddress.ip_network(f"{network.network_address + network.num_addresses - 2}/32")) \
            if network.version == 4 and network.num_addresses >= 4 else None
        return {"gateway": gateway, "ip": member_id, "region": region, "zone": REGION_ZONES.get(region)}
    field = {"dedicatedServer": "dedicatedServer", "dedicatedServerInterface": "dedicatedServerInterface",
             "cloudProject": "project"}[kind]
    return {field: member_id, "vrack": vrack.service_name}


def _member_get(kind, param):
    def handler(call):
        """GET /vrack/{serviceName}/<kind>/{id}"""
        vrack, member_id = _member(call, kind, param)
        return _member_api(kind, vrack, member_id)
    return handler


def _pending_for(vrack, kind, member_id):
    for task in vrack.tasks.values():
        if task.kind == kind and task.member_id == member_id and not task.cancelled:
            return task
    return None


def _refuse_busy(vrack, kind, member_id):
    busy = _pending_for(vrack, kind, member_id)
    if busy is not None:
        # Wording inferred: the API refuses a second change of a member while one runs.
        raise ApiError(409, "CONFLICT", f"A task ({busy.task.task_id}) is already pending for {member_id} in vrack "
                                        f"{vrack.service_name}")


def _check_new_member(call, vrack, kind, member_id):
    """Refuse what the API refuses: an unknown service, one already in this or another vRack."""
    product = _product(call)
    if kind == "dedicatedServer":
        server = product.server(call.account, member_id)
        if server is None:
            raise ApiError(404, "NOT_FOUND", f"The requested object (dedicatedServer = {member_id}) does not exist")
        if product.interfaces_of(call.account, server.name, "vrack"):
            # Inferred wording: a server with vRack interfaces joins through them.
            raise bad_request(f"Server {server.name} has vrack interfaces: add them with "
                              f"/vrack/{vrack.service_name}/dedicatedServerInterface")
        other = product.holder(call.account, kind, member_id)
        if other is not None:
            raise bad_request(f"Server is already on vRack {other.service_name}")  # the real wording
    elif kind == "dedicatedServerInterface":
        interface = product.interfaces.get((call.account, member_id))
        if interface is None or interface.mode not in ("vrack", "vrack_aggregation"):
            raise ApiError(404, "NOT_FOUND", f"The requested object (dedicatedServerInterface = {member_id}) does not exist")
        if product.holder(call.account, kind, member_id) is not None:
            raise bad_request("Dedicated server interface is already on a private network")  # the real wording
    else:
        eligible = product.eligible.get(call.account, {}).get(kind, ())
        if member_id not in eligible:
            raise ApiError(404, "NOT_FOUND", f"The requested object ({MEMBERS[kind][0]} = {member_id}) does not exist")
        other = product.holder(call.account, kind, member_id)
        if other is not None:
            what = "IP block" if kind == "ip" else "Public Cloud project"
            raise bad_request(f"{what} {member_id} is already in vrack {other.service_name}")  # inferred wording


def _member_add(kind):
    field = MEMBERS[kind][0]

    def handler(call):
        """POST /vrack/{serviceName}/<kind> → vrack.Task"""
        vrack = _vrack(call)
        data = call.json_body()
        allowed = (field, "region") if kind == "ip" else (field,)
        only_keys(data, allowed)
        if not isinstance(data.get(field), str) or not data[field]:
            raise bad_request(f"[{field}] Property is mandatory")
        member_id = _member_id(call, kind, data[field])
        if kind == "cloudProject" and not _PROJECT.match(member_id):
            raise bad_request(f"[project] Given data ({member_id}) is not a valid project id")
        region = data.get("region")
        if kind == "ip" and region is not None and region not in REGION_ZONES:
            raise bad_request(f"[region] Given data ({region}) is not a valid region")  # inferred wording
        _refuse_busy(vrack, kind, member_id)
        _check_new_member(call, vrack, kind, member_id)
        task = _product(call).new_task(vrack, kind, member_id, True, region)
        return task.to_api(call.state.now())
    return handler


def _member_delete(kind, param):
    def handler(call):
        """DELETE /vrack/{serviceName}/<kind>/{id} → vrack.Task"""
        vrack, member_id = _member(call, kind, param)
        _refuse_busy(vrack, kind, member_id)
        task = _product(call).new_task(vrack, kind, member_id, False)
        return task.to_api(call.state.now())
    return handler


def interface_details(call):
    """GET /vrack/{serviceName}/dedicatedServerInterfaceDetails: the vRack's server interfaces."""
    vrack = _vrack(call)
    product = _product(call)
    details = []
    for uuid in vrack.members["dedicatedServerInterface"]:
        interface = product.interfaces[(call.account, uuid)]
        details.append({"dedicatedServer": interface.server, "dedicatedServerInterface": uuid, "name": interface.name})
    return details


def task_list(call):
    """GET /vrack/{serviceName}/task: ids of the tasks still running (ended ones are gone)."""
    return sorted(_vrack(call).tasks)


def task_get(call):
    """GET /vrack/{serviceName}/task/{taskId} (vrack.Task); 404 once it has ended."""
    vrack = _vrack(call)
    task_id = call.long_param("taskId")
    if task_id not in vrack.tasks:
        raise object_not_found(task_id, "taskId")
    return vrack.tasks[task_id].to_api(call.state.now())


def _server_interfaces(call):
    product = _product(call)
    server = product.server(call.account, call.params["serviceName"])
    if server is None:
        raise service_not_found()
    return product, server


def interface_list(call):
    """GET /dedicated/server/{serviceName}/virtualNetworkInterface?mode=&enabled=&name=&vrack= : uuids."""
    product, server = _server_interfaces(call)
    product.settle(call.state.now())
    mode = call.query_value("mode")
    if mode is not None and mode not in INTERFACE_MODES:
        raise bad_request(f"[mode] Given data ({mode}) does not belong to the "
                          "dedicated.virtualNetworkInterface.VirtualNetworkInterfaceModeEnum enumeration")
    enabled = call.query_value("enabled")
    if enabled is not None and enabled not in ("true", "false"):
        raise bad_request(f"[enabled] Given data ({enabled}) is not valid for type boolean")
    wanted = {"mode": mode, "name": call.query_value("name"), "vrack": call.query_value("vrack")}
    found = []
    for interface in product.interfaces_of(call.account, server.name):
        if enabled is not None and interface.enabled != (enabled == "true"):
            continue
        if any(value is not None and getattr(interface, field) != value for field, value in wanted.items()):
            continue
        found.append(interface.uuid)
    return found


def interface_get(call):
    """GET /dedicated/server/{serviceName}/virtualNetworkInterface/{uuid}"""
    product, server = _server_interfaces(call)
    product.settle(call.state.now())
    interface = product.interfaces.get((call.account, call.params["uuid"]))
    if interface is None or interface.server != server.name:
        raise object_not_found(call.params["uuid"], "uuid")
    return interface.to_api()


def _routes():
    routes = [("GET", "/vrack", vrack_list), ("GET", "/vrack/{serviceName}", vrack_get)]
    for kind, param in (("dedicatedServer", "dedicatedServer"), ("dedicatedServerInterface", "dedicatedServerInterface"),
                        ("cloudProject", "project"), ("ip", "ip")):
        collection = f"/vrack/{{serviceName}}/{kind}"
        routes += [("GET", collection, _member_list(kind)), ("POST", collection, _member_add(kind)),
                   ("GET", f"{collection}/{{{param}}}", _member_get(kind, param)),
                   ("DELETE", f"{collection}/{{{param}}}", _member_delete(kind, param))]
    routes += [("GET", "/vrack/{serviceName}/dedicatedServerInterfaceDetails", interface_details),
               ("GET", "/vrack/{serviceName}/task", task_list),
               ("GET", "/vrack/{serviceName}/task/{taskId}", task_get),
               ("GET", "/dedicated/server/{serviceName}/virtualNetworkInterface", interface_list),
               ("GET", "/dedicated/server/{serviceName}/virtualNetworkInterface/{uuid}", interface_get)]
    return tuple(routes)


class Vrack(Product):
    """The vRacks of every account, by (account, service name), and the servers' virtual network interfaces."""

    name = "vrack"
    routes = _routes()
    seed_keys = ("vracks", "virtualNetworkInterfaces", "vrackEligible")

    def __init__(self, state):
        super().__init__(state)
        self.vracks = {}
        self.interfaces = {}  # (account, uuid) -> Interface
        self.eligible = {}  # account -> {"cloudProject": [...], "ip": [...]}
        # Seconds of emulator time a task spends in init, todo and doing before it ends (and disappears).
        self.task_seconds = (1, 1, 2)

    def load(self, seed):
        for data in seed.get("virtualNetworkInterfaces", []):
            server = self.server_anywhere(data["serverName"])
            if server is None:
                raise ValueError(f"virtualNetworkInterfaces: no server {data['serverName']} in the seed")
            self.add_interface(server.account, data)
        for data in seed.get("vrackEligible", []):
            self.eligible[data["account"]] = {"cloudProject": list(data.get("cloudProjects", [])),
                                              "ip": [str(ipaddress.ip_network(block)) for block in data.get("ipBlocks", [])]}
        for data in seed.get("vracks", []):
            vrack = self.add_vrack(data["account"], data)
            for name in data.get("dedicatedServers", []):
                vrack.members["dedicatedServer"][name.lower()] = {}
            for uuid in data.get("dedicatedServerInterfaces", []):
                vrack.members["dedicatedServerInterface"][uuid] = {}
                self.interfaces[(vrack.account, uuid)].vrack = vrack.service_name
            for project in data.get("cloudProjects", []):
                vrack.members["cloudProject"][project] = {}
            for item in data.get("ips", []):
                vrack.members["ip"][str(ipaddress.ip_network(item["block"]))] = {"region": item.get("region")}

    def add_vrack(self, account, data):
        vrack = VrackService(account, data)
        self.vracks[(account, vrack.service_name)] = vrack
        return vrack

    def add_interface(self, account, data):
        interface = Interface(account, data)
        self.interfaces[(account, interface.uuid)] = interface
        return interface

    def server(self, account, name):
        """The account's dedicated server named so (names compare in lower case), or None."""
        for (owner, server_name), server in self.state.servers.dedicated.items():
            if owner == account and server_name.lower() == str(name).lower():
                return server
        return None

    def server_anywhere(self, name):
        for (_owner, server_name), server in self.state.servers.dedicated.items():
            if server_name == name:
                return server
        return None

    def interfaces_of(self, account, server_name, mode=None):
        return [interface for (owner, _uuid), interface in self.interfaces.items()
                if owner == account and interface.server == server_name and (mode is None or interface.mode == mode)]

    def holder(self, account, kind, member_id):
        """The account's vRack holding that member, or None."""
        for (owner, _name), vrack in sorted(self.vracks.items()):
            if owner == account and member_id in vrack.members[kind]:
                return vrack
        return None

    def new_task(self, vrack, kind, member_id, adding, region=None):
        init, todo, doing = self.task_seconds
        function = MEMBERS[kind][1 if adding else 2]
        schedule = [(0, "init"), (init, "todo"), (init + todo, "doing"), (init + todo + doing, "done")]
        task = Task(self.state.new_id("vrack_task"), function, self.state.now(), schedule)
        vrack.tasks[task.task_id] = VrackTask(task, vrack, kind, member_id, adding, region)
        return vrack.tasks[task.task_id]

    def cancel(self, vrack, task_id, after=0):
        """A test's hook: OVH cancels a running task ``after`` seconds from now (its status becomes cancelled
        then, and it changes nothing). Whether the real API forgets a cancelled task like a done one is not
        documented: here it stays readable, so that a wait sees how it ended."""
        task = vrack.tasks[task_id]
        at = self.state.now() + after - task.task.start
        task.task.schedule = [entry for entry in task.task.schedule if entry[0] < at] + [(at, "cancelled")]
        task.cancel_at = task.task.start + at

    def settle(self, now):
        """Apply the tasks that have ended, in the order they end, and forget them (their reads answer 404);
        a cancelled one changes nothing and stays."""
        for vrack in self.vracks.values():
            for task in vrack.tasks.values():
                task.cancelled = task.cancel_at is not None and now >= task.cancel_at
        ended = sorted((task.task.end(), task.task.task_id, vrack, task) for vrack in self.vracks.values()
                       for task in vrack.tasks.values() if task.task.is_final(now) and not task.cancelled)
        for _end, task_id, vrack, task in ended:
            members = vrack.members[task.kind]
            if task.adding:
                members[task.member_id] = {"region": task.region} if task.kind == "ip" else {}
            else:
                members.pop(task.member_id, None)
            if task.kind == "dedicatedServerInterface":
                interface = self.interfaces.get((vrack.account, task.member_id))
                if interface is not None:
                    interface.vrack = vrack.service_name if task.adding else None
            del vrack.tasks[task_id]
