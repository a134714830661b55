"""The account's IPs (schemas/openapi3-ip.json): IP objects, failover moves and parking, the IP
tasks, the firewall and its rules, mitigation, and reverse DNS.

IP objects: a dedicated server's blocks (type ``dedicated``) and a VPS's addresses (type ``vps``) come
from the servers product; failover IPs (type ``failover``) are this product's, routed to a server or
VPS of the account or parked (``routedTo.serviceName`` null). A move or a park is an ``ip.IpTask``
(``genericMoveFloatingIp``) that goes init, todo, doing, then done on the emulator clock
(``Ips.move_seconds``); the IP is routed to its destination once the task is done, and a second move
of the same IP is refused while one runs. ``Ips.next_outcome`` makes the next move end otherwise.

Firewall rules and mitigation entries go through ``creationPending`` then ``ok``, and
``removalPending`` then gone, each state lasting ``Ips.change_seconds``; enabling or disabling a
firewall goes through ``enableFirewallPending``/``disableFirewallPending`` likewise.

The API sets a reverse only when the name resolves forward to the address. The emulator makes
that check against its own DNS zones, with their live records (what the last refresh published):
a record created but not refreshed does not resolve yet, as on the real DNS.

Seed: ``failoverIps`` (``[{account, ip, routedTo, description, tags, movedSecondsAgo, firewall:
{ipOnFirewall, enabled, rules: [...]}, mitigation: [{ipOnMitigation, permanent, auto}]}]``) and
``reverses`` (``[{account, ipReverse, reverse}]``, loaded after the servers: it overrides the
reverse of a server's main address, which starts as the server's name).
"""

import ipaddress
import json
import uuid

from .errors import ApiError, bad_request, object_not_found
from .product import Product, iso_date, only_keys
from .servers import tags_match
from .tasks import Task

IP_TYPES = ("cdn", "cloud", "dedicated", "failover", "hosted_ssl", "housing", "loadBalancing", "mail", "overthebox",
            "pcc", "pci", "private", "vpn", "vps", "vrack", "xdsl")
IP_TASK_STATES = ("cancelled", "customerError", "doing", "done", "init", "ovhError", "todo")
IP_TASK_FUNCTIONS = ("arinBlockReassign", "changeRipeOrg", "checkAndReleaseIp", "genericMoveFloatingIp",
                     "supernetByoipFailoverPartitioning")
FIREWALL_ACTIONS = ("deny", "permit")
FIREWALL_PROTOCOLS = ("ah", "esp", "gre", "icmp", "ipv4", "tcp", "udp")
FIREWALL_TCP_OPTIONS = ("established", "syn")
FIREWALL_STATES = ("disableFirewallPending", "enableFirewallPending", "ok")
RULE_STATES = ("creationPending", "ok", "removalPending")
MOVE_FUNCTION = "genericMoveFloatingIp"
# Seconds of emulator time a move spends in init, todo and doing (then done): real moves take
# seconds to a minute; short so that examples run against the emulator wait a few seconds only.
DEFAULT_MOVE_SECONDS = (1, 1, 2)
DEFAULT_CHANGE_SECONDS = 2

# How many CNAMEs a forward resolution follows.
_MAX_CNAME_HOPS = 8


def _block(call):
    """The {ip} path parameter: one of the account's IP blocks, normalized."""
    raw = call.params["ip"]
    try:
        block = ipaddress.ip_network(raw, strict=False)
    except ValueError:
        raise bad_request(f"[ip] Given data ({raw}) is not valid for type ipBlock") from None
    if str(block) not in call.state.ips.blocks(call.account):
        raise ApiError(404, "NOT_FOUND", f"The requested object (ip = {raw}) does not exist")
    return block


def _address(value, field="ipReverse"):
    try:
        return ipaddress.ip_address(value)
    except (TypeError, ValueError):
        raise bad_request(f"[{field}] Given data ({value}) is not valid for type ip") from None


def _in_block(block, address, raw):
    if address.version != block.version or address not in block:
        raise bad_request(f"The IP {raw} is not in the block {block}")


def _zone_of(zones, name):
    """The zone holding ``name`` (longest suffix match) and the name's subDomain in it."""
    best = None
    for (_account, zone_name), zone in zones.items():
        if name == zone_name or name.endswith("." + zone_name):
            if best is None or len(zone_name) > len(best.name):
                best = zone
    if best is None:
        return None, None
    return best, name[:-len(best.name)].rstrip(".")


def resolves_to(zones, name, address, now=None, propagation=0):
    """Whether ``name`` (absolute, trailing dot optional) resolves to ``address`` through the
    live records of the emulator's zones, CNAMEs followed. With ``propagation`` seconds, a zone
    refreshed less than that before ``now`` resolves nothing yet (its new records are on their way)."""
    wanted_type = "A" if address.version == 4 else "AAAA"
    name = name.rstrip(".").lower()
    for _hop in range(_MAX_CNAME_HOPS):
        zone, sub_domain = _zone_of(zones, name)
        if zone is None:
            return False
        if propagation and zone.last_update is not None and now < zone.last_update + propagation:
            return False
        records = [record for record in zone.live_records() if record["subDomain"].lower() == sub_domain]
        for record in records:
            if record["fieldType"] == wanted_type:
                try:
                    if ipaddress.ip_address(record["target"]) == address:
                        return True
                except ValueError:
                    continue
        cnames = [record["target"] for record in records if record["fieldType"] == "CNAME"]
        if not cnames:
            return False
        target = cnames[0]
        name = target.rstrip(".").lower() if target.endswith(".") else f"{target}.{zone.name}".lower()
    return False


def reverse_list(call):
    """GET /ip/{ip}/reverse: the addresses of the block that have a reverse."""
    block = _block(call)
    return [address for (account, address), _name in sorted(call.state.ips.reverses.items())
            if account == call.account and ipaddress.ip_address(address) in block
            and ipaddress.ip_address(address).version == block.version]


def reverse_create(call):
    """POST /ip/{ip}/reverse {ipReverse, reverse} → ip.ReverseIp (creates or replaces)."""
    block = _block(call)
    data = call.json_body()
    extra = sorted(set(data) - {"ipReverse", "reverse"})
    if extra:
        raise bad_request(f"[{extra[0]}] Unknown or read-only property")
    for name in ("ipReverse", "reverse"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    address = _address(data["ipReverse"])
    _in_block(block, address, data["ipReverse"])
    reverse = data["reverse"]
    if not isinstance(reverse, str) or not reverse.strip("."):
        raise bad_request("[reverse] Given data is not valid for type string")
    reverse = reverse.rstrip(".").lower() + "."
    if not resolves_to(call.state.zones, reverse, address, call.state.now(), _ips(call).propagation_seconds):
        # The wording is the notes' ("does not resolve to"); the exact text is an inference.
        raise bad_request(f"Cannot check if {reverse} resolves to {address}: {reverse} does not resolve to {address}")
    call.state.ips.reverses[(call.account, str(address))] = reverse
    return {"ipReverse": str(address), "reverse": reverse}


def _existing(call):
    block = _block(call)
    address = _address(call.params["ipReverse"])
    reverse = call.state.ips.reverses.get((call.account, str(address)))
    if reverse is None or address not in block:
        raise ApiError(404, "NOT_FOUND", f"The requested object (ipReverse = {call.params['ipReverse']}) does not exist")
    return address, reverse


def reverse_get(call):
    """GET /ip/{ip}/reverse/{ipReverse} (ip.ReverseIp)"""
    address, reverse = _existing(call)
    return {"ipReverse": str(address), "reverse": reverse}


def reverse_delete(call):
    """DELETE /ip/{ip}/reverse/{ipReverse}"""
    address, _reverse = _existing(call)
    del call.state.ips.reverses[(call.account, str(address))]


# IP objects, moves and tasks


def _iam(block, tags, account):
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{block}.{account}.ip.emulator")),
        "urn": f"urn:v1:eu:resource:ip:{block}",
        "displayName": block,
        "tags": dict(tags) if tags else None,
    }


class IpTask:
    """A move or a park: a tasks.Task on the emulator clock and its destination (None: parked)."""

    def __init__(self, task, destination, applied=True):
        self.task = task
        self.destination = destination
        # Whether the IP is routed to the destination once the task is done (False for a failed move).
        self.applied = applied

    def to_api(self, now):
        """ip.IpTask"""
        offset, status = self.task._reached(now)  # pylint: disable=protected-access
        final = self.task.is_final(now)
        return {
            "comment": self.task.comment if final else None,
            "destination": {"serviceName": self.destination},
            "doneDate": iso_date(self.task.start + offset) if final else None,
            "function": self.task.function,
            "lastUpdate": iso_date(self.task.start + offset),
            "startDate": iso_date(self.task.start),
            "status": status,
            "taskId": self.task.task_id,
        }


class FailoverIp:
    """A failover IP (or block) of an account: where it is routed, its tasks, firewall and mitigation."""

    def __init__(self, account, block, routed_to, description=None, tags=None):
        self.account = account
        self.block = block  # ipaddress network
        self.initial_route = routed_to
        self.description = description
        self.tags = dict(tags or {})
        self.tasks = {}  # task id -> IpTask

    def routed_to(self, now):
        """The destination of the last move done by ``now`` (the seeded route before any)."""
        route = self.initial_route
        for _task_id, ip_task in sorted(self.tasks.items()):
            if ip_task.applied and ip_task.task.is_final(now) and ip_task.task.status(now) == "done":
                route = ip_task.destination
        return route

    def running_task(self, now):
        for _task_id, ip_task in sorted(self.tasks.items()):
            if not ip_task.task.is_final(now):
                return ip_task
        return None


class Timed:
    """A firewall rule or mitigation entry: creationPending, then ok; removalPending once deleted, then gone."""

    def __init__(self, data, created, seconds):
        self.data = data
        self.created = created
        self.removed = None
        self.seconds = seconds

    def state(self, now):
        if self.removed is not None:
            return "removalPending" if now < self.removed + self.seconds else None
        return "creationPending" if now < self.created + self.seconds else "ok"


class Firewall:
    """One address on the firewall: enabled or not (with a pending state while it changes) and its rules."""

    def __init__(self, address, enabled, now, seconds):
        self.address = address
        self.enabled = enabled
        self.changed = now - seconds  # settled
        self.seconds = seconds
        self.rules = {}  # sequence -> Timed

    def state(self, now):
        if now < self.changed + self.seconds:
            return "enableFirewallPending" if self.enabled else "disableFirewallPending"
        return "ok"

    def to_api(self, now):
        """ip.FirewallIp"""
        return {"enabled": self.enabled, "ipOnFirewall": self.address, "state": self.state(now)}

    def live_rules(self, now):
        """{sequence: Timed} of the rules not gone yet (gone ones are forgotten)."""
        for sequence in [sequence for sequence, rule in self.rules.items() if rule.state(now) is None]:
            del self.rules[sequence]
        return self.rules


def _port_text(port):
    return None if port is None else f"eq {port}"


def rule_to_api(rule, address, now):
    """ip.FirewallNetworkRule. The API writes ports as ``eq N``, the source ``any`` when unset and the
    rule's text in its own syntax (these spellings are inferred from its clients, not documented)."""
    data = rule.data
    source = data.get("source") or "any"
    tcp = data.get("tcpOption") or {}
    words = [data["action"], data["protocol"], source]
    if data.get("sourcePort") is not None:
        words.append(_port_text(data["sourcePort"]))
    words.append(f"{address}/32")
    if data.get("destinationPort") is not None:
        words.append(_port_text(data["destinationPort"]))
    if tcp.get("option"):
        words.append(tcp["option"])
    if tcp.get("fragments"):
        words.append("fragments")
    return {
        "action": data["action"],
        "creationDate": iso_date(rule.created),
        "destination": f"{address}/32",
        "destinationPort": _port_text(data.get("destinationPort")),
        "fragments": tcp.get("fragments"),
        "protocol": data["protocol"],
        "rule": " ".join(words),
        "sequence": data["sequence"],
        "source": source,
        "sourcePort": _port_text(data.get("sourcePort")),
        "state": rule.state(now),
        "tcpOption": tcp.get("option"),
    }


def mitigation_to_api(entry, address, now):
    """ip.MitigationIp"""
    return {"auto": entry.data.get("auto", False), "ipOnMitigation": address, "permanent": entry.data.get("permanent", False),
            "state": entry.state(now)}


def _ips(call):
    return call.state.ips


def _enum(call, name, allowed, enum_name):
    value = call.query_value(name)
    if value is not None and value not in allowed:
        raise bad_request(f"[{name}] Given data ({value}) does not belong to the {enum_name} enumeration")
    return value


def _bool_query(call, name):
    value = call.query_value(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise bad_request(f"[{name}] Given data ({value}) is not valid for type boolean")
    return value == "true"


def _iam_query(call):
    raw = call.query_value("iamTags")
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(value, list) for value in parsed.values()):
        raise bad_request(f"[iamTags] Given data ({raw}) is not valid for type map[string]iam.resource.TagFilter[]")
    return parsed


def ip_list(call):
    """GET /ip?type=&routedTo.serviceName=&iamTags=&version=&description=&ip=&isAdditionalIp= : blocks."""
    wanted_type = _enum(call, "type", IP_TYPES, "ip.IpTypeEnum")
    version = call.query_value("version")
    if version is not None and version not in ("4", "6"):
        raise bad_request(f"[version] Given data ({version}) does not belong to the ip.IpVersionEnum enumeration")
    service = call.query_value("routedTo.serviceName")
    description = call.query_value("description")
    additional = _bool_query(call, "isAdditionalIp")
    within = call.query_value("ip")
    if within is not None:
        try:
            within = ipaddress.ip_network(within, strict=False)
        except ValueError:
            raise bad_request(f"[ip] Given data ({within}) is not valid for type ipBlock") from None
    iam_filter = _iam_query(call)
    found = []
    for block, item in _ips(call).objects(call.account, call.state.now()).items():
        network = ipaddress.ip_network(block)
        if wanted_type is not None and item["type"] != wanted_type or version is not None and item["version"] != int(version):
            continue
        if service is not None and (item["routedTo"] or {}).get("serviceName") != service:
            continue
        if description is not None and item["description"] != description:
            continue
        if additional is not None and item["isAdditionalIp"] != additional:
            continue
        if within is not None and not (network.version == within.version and network.subnet_of(within)):
            continue
        if not tags_match((item["iam"] or {}).get("tags") or {}, iam_filter):
            continue
        found.append(block)
    return found


def ip_get(call):
    """GET /ip/{ip} (ip.IpWithIAM)"""
    block = _block(call)
    return _ips(call).objects(call.account, call.state.now())[str(block)]


def ip_put(call):
    """PUT /ip/{ip} {description}: only a failover IP's description is kept by the emulator."""
    block = _block(call)
    data = call.json_body()
    only_keys(data, ("description",))
    failover = _ips(call).failover.get((call.account, str(block)))
    if failover is None:
        raise bad_request(f"The description of {block} cannot be changed here")  # inference: the emulator keeps failover ones only
    failover.description = data.get("description")


def _failover(call):
    block = _block(call)
    failover = _ips(call).failover.get((call.account, str(block)))
    if failover is None:
        # Inferred wording: only additional (failover) IPs move.
        raise bad_request(f"IP {block} is not a failover IP: it cannot be moved or parked")
    return failover


def _destinations(call, failover):
    """ip.Destinations: the account's servers and VPS but the one the IP is routed to; a dedicated
    server's nexthop is its main address."""
    now = call.state.now()
    current = failover.routed_to(now)
    servers = call.state.servers
    dedicated = [{"nexthop": [server.ip], "service": name} for (account, name), server in sorted(servers.dedicated.items())
                 if account == call.account and name != current]
    vps = [{"nexthop": None, "service": name} for (account, name), _vps in sorted(call.state.vps.services.items())
           if account == call.account and name != current]
    return {"cloudProject": [], "dedicatedCloud": [], "dedicatedServer": dedicated, "hostingReseller": [],
            "ipLoadbalancing": [], "vps": vps}


def move_destinations(call):
    """GET /ip/{ip}/move (ip.Destinations)"""
    return _destinations(call, _failover(call))


def _refuse_running(failover, now):
    running = failover.running_task(now)
    if running is not None:
        # Inferred wording: the API runs one task at a time on an IP.
        raise ApiError(409, "CONFLICT", f"Task {running.task.task_id} ({running.task.function}, "
                       f"{running.task.status(now)}) is already running on IP {failover.block}")


def move(call):
    """POST /ip/{ip}/move {to, nexthop} → ip.IpTask"""
    failover = _failover(call)
    data = call.json_body()
    only_keys(data, ("to", "nexthop"))
    destination = data.get("to")
    if not isinstance(destination, str) or not destination:
        raise bad_request("[to] Property is mandatory")
    now = call.state.now()
    _refuse_running(failover, now)
    allowed = _destinations(call, failover)
    if destination == failover.routed_to(now):
        raise bad_request(f"IP {failover.block} is already routed to {destination}")  # inferred wording
    services = [item for kind in ("dedicatedServer", "vps") for item in allowed[kind] if item["service"] == destination]
    if not services:
        raise bad_request(f"{destination} is not a valid destination for IP {failover.block}")  # inferred wording
    nexthop = data.get("nexthop")
    if nexthop is not None and nexthop not in (services[0]["nexthop"] or []):
        raise bad_request(f"[nexthop] {nexthop} is not a nexthop of {destination}")  # inferred wording
    return _ips(call).start_task(failover, destination, now).to_api(now)


def park(call):
    """POST /ip/{ip}/park → ip.IpTask"""
    failover = _failover(call)
    now = call.state.now()
    _refuse_running(failover, now)
    if failover.routed_to(now) is None:
        raise bad_request(f"IP {failover.block} is already parked")  # inferred wording
    return _ips(call).start_task(failover, None, now).to_api(now)


def _task_owner(call):
    """The IP whose tasks a task route reads: a failover IP's, none for the other blocks."""
    block = _block(call)
    return _ips(call).failover.get((call.account, str(block)))


def task_list(call):
    """GET /ip/{ip}/task?function=&status= : task ids."""
    failover = _task_owner(call)
    function = _enum(call, "function", IP_TASK_FUNCTIONS, "ip.TaskFunctionEnum")
    status = _enum(call, "status", IP_TASK_STATES, "ip.TaskStatusEnum")
    if failover is None:
        return []
    now = call.state.now()
    return [task_id for task_id, ip_task in sorted(failover.tasks.items())
            if (function is None or ip_task.task.function == function) and (status is None or ip_task.task.status(now) == status)]


def task_get(call):
    """GET /ip/{ip}/task/{taskId} (ip.IpTask)"""
    failover = _task_owner(call)
    task_id = call.long_param("taskId")
    if failover is None or task_id not in failover.tasks:
        raise object_not_found(task_id, "taskId")
    return failover.tasks[task_id].to_api(call.state.now())


# Firewall


def _ipv4_in(block, value, field):
    try:
        address = ipaddress.ip_address(value)
    except (TypeError, ValueError):
        raise bad_request(f"[{field}] Given data ({value}) is not valid for type ipv4") from None
    if address.version != 4:
        raise bad_request(f"[{field}] Given data ({value}) is not valid for type ipv4")
    if address not in block:
        raise bad_request(f"The IP {value} is not in the block {block}")
    return str(address)


def _firewalls(call, block):
    return _ips(call).firewalls.setdefault((call.account, str(block)), {})


def firewall_list(call):
    """GET /ip/{ip}/firewall?enabled=&state= : addresses on the firewall."""
    block = _block(call)
    enabled = _bool_query(call, "enabled")
    state = _enum(call, "state", FIREWALL_STATES, "ip.FirewallStateEnum")
    now = call.state.now()
    return [address for address, firewall in sorted(_firewalls(call, block).items())
            if (enabled is None or firewall.enabled == enabled) and (state is None or firewall.state(now) == state)]


def firewall_add(call):
    """POST /ip/{ip}/firewall {ipOnFirewall} → ip.FirewallIp (disabled)"""
    block = _block(call)
    data = call.json_body()
    only_keys(data, ("ipOnFirewall",))
    if "ipOnFirewall" not in data:
        raise bad_request("[ipOnFirewall] Property is mandatory")
    address = _ipv4_in(block, data["ipOnFirewall"], "ipOnFirewall")
    firewalls = _firewalls(call, block)
    if address in firewalls:
        raise ApiError(409, "CONFLICT", f"IP {address} is already on the firewall")  # inferred wording
    now = call.state.now()
    firewalls[address] = Firewall(address, False, now, _ips(call).change_seconds)
    return firewalls[address].to_api(now)


def _firewall(call):
    block = _block(call)
    address = call.params["ipOnFirewall"]
    firewall = _firewalls(call, block).get(address)
    if firewall is None:
        raise object_not_found(address, "ipOnFirewall")
    return firewall


def firewall_get(call):
    """GET /ip/{ip}/firewall/{ipOnFirewall} (ip.FirewallIp)"""
    return _firewall(call).to_api(call.state.now())


def firewall_put(call):
    """PUT /ip/{ip}/firewall/{ipOnFirewall} {enabled}: the change goes through a pending state."""
    firewall = _firewall(call)
    data = call.json_body()
    only_keys(data, ("enabled", "ipOnFirewall", "state"))
    enabled = data.get("enabled")
    if enabled is None:
        return None
    if not isinstance(enabled, bool):
        raise bad_request(f"[enabled] Given data ({enabled}) is not valid for type boolean")
    now = call.state.now()
    if firewall.state(now) != "ok":
        raise ApiError(409, "CONFLICT", f"The firewall of {firewall.address} is being changed, try again later")  # inferred
    if enabled != firewall.enabled:
        firewall.enabled = enabled
        firewall.changed = now
    return None


def firewall_delete(call):
    """DELETE /ip/{ip}/firewall/{ipOnFirewall}: the address leaves the firewall with its rules."""
    firewall = _firewall(call)
    del _firewalls(call, _block(call))[firewall.address]
    return ""


def _int_field(data, name, low=None, high=None):
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or (low is not None and not low <= value <= high):
        raise bad_request(f"[{name}] Given data ({value}) is not valid for type integer")
    return value


def rule_list(call):
    """GET /ip/{ip}/firewall/{ipOnFirewall}/rule?state= : sequences."""
    firewall = _firewall(call)
    state = _enum(call, "state", RULE_STATES, "ip.FirewallRuleStateEnum")
    now = call.state.now()
    return [sequence for sequence, rule in sorted(firewall.live_rules(now).items()) if state is None or rule.state(now) == state]


def rule_add(call):
    """POST /ip/{ip}/firewall/{ipOnFirewall}/rule → ip.FirewallNetworkRule (creationPending)"""
    firewall = _firewall(call)
    data = call.json_body()
    only_keys(data, ("action", "destinationPort", "protocol", "sequence", "source", "sourcePort", "tcpOption"))
    for name in ("action", "protocol", "sequence"):
        if name not in data:
            raise bad_request(f"[{name}] Property is mandatory")
    for name, allowed, enum_name in (("action", FIREWALL_ACTIONS, "ip.FirewallActionEnum"),
                                     ("protocol", FIREWALL_PROTOCOLS, "ip.FirewallProtocolEnum")):
        if data[name] not in allowed:
            raise bad_request(f"[{name}] Given data ({data[name]}) does not belong to the {enum_name} enumeration")
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 0 <= sequence <= 19:
        raise bad_request(f"[sequence] Given data ({sequence}) does not belong to the ip.FirewallSequenceRangeEnum enumeration")
    for name in ("sourcePort", "destinationPort"):
        if _int_field(data, name, 0, 65535) is not None and data["protocol"] not in ("tcp", "udp"):
            raise bad_request(f"[{name}] A port can only be given with the TCP or UDP protocol")  # inferred wording
    if data.get("source") is not None:
        try:
            source = ipaddress.ip_network(data["source"], strict=False)
        except (TypeError, ValueError):
            source = None
        if source is None or source.version != 4:
            raise bad_request(f"[source] Given data ({data['source']}) is not valid for type ipv4Block")
        data["source"] = str(source)
    tcp = data.get("tcpOption")
    if tcp is not None:
        if not isinstance(tcp, dict) or set(tcp) - {"option", "fragments"} \
                or tcp.get("option") not in (None,) + FIREWALL_TCP_OPTIONS or not isinstance(tcp.get("fragments", False), (bool, type(None))):
            raise bad_request(f"[tcpOption] Given data ({tcp}) is not valid for type ip.FirewallOptionTCP")
        if data["protocol"] != "tcp":
            raise bad_request("[tcpOption] A TCP option can only be given with the TCP protocol")  # inferred wording
    now = call.state.now()
    if sequence in firewall.live_rules(now):
        raise ApiError(409, "CONFLICT", f"A rule with sequence {sequence} already exists on {firewall.address}")  # inferred
    rule = Timed(dict(data), now, _ips(call).change_seconds)
    firewall.rules[sequence] = rule
    return rule_to_api(rule, firewall.address, now)


def _rule(call):
    firewall = _firewall(call)
    sequence = call.long_param("sequence")
    rule = firewall.live_rules(call.state.now()).get(sequence)
    if rule is None:
        raise object_not_found(sequence, "sequence")
    return firewall, rule


def rule_get(call):
    """GET /ip/{ip}/firewall/{ipOnFirewall}/rule/{sequence} (ip.FirewallNetworkRule)"""
    firewall, rule = _rule(call)
    return rule_to_api(rule, firewall.address, call.state.now())


def rule_delete(call):
    """DELETE …/rule/{sequence} → the rule, removalPending, gone after ``change_seconds``."""
    firewall, rule = _rule(call)
    now = call.state.now()
    if rule.state(now) != "ok":
        raise ApiError(409, "CONFLICT", f"The rule {rule.data['sequence']} is {rule.state(now)}, try again later")  # inferred
    rule.removed = now
    return rule_to_api(rule, firewall.address, now)


# Mitigation


def _mitigations(call, block):
    entries = _ips(call).mitigations.setdefault((call.account, str(block)), {})
    now = call.state.now()
    for address in [address for address, entry in entries.items() if entry.state(now) is None]:
        del entries[address]
    return entries


def mitigation_list(call):
    """GET /ip/{ip}/mitigation?auto=&state= : addresses on mitigation."""
    block = _block(call)
    auto = _bool_query(call, "auto")
    state = _enum(call, "state", RULE_STATES, "ip.MitigationStateEnum")
    now = call.state.now()
    return [address for address, entry in sorted(_mitigations(call, block).items())
            if (auto is None or entry.data.get("auto", False) == auto) and (state is None or entry.state(now) == state)]


def mitigation_add(call):
    """POST /ip/{ip}/mitigation {ipOnMitigation}: permanent mitigation (creationPending, then ok)."""
    block = _block(call)
    data = call.json_body()
    only_keys(data, ("ipOnMitigation",))
    if "ipOnMitigation" not in data:
        raise bad_request("[ipOnMitigation] Property is mandatory")
    address = _ipv4_in(block, data["ipOnMitigation"], "ipOnMitigation")
    entries = _mitigations(call, block)
    if address in entries:
        raise ApiError(409, "CONFLICT", f"IP {address} is already on mitigation")  # inferred wording
    now = call.state.now()
    entries[address] = Timed({"permanent": True, "auto": False}, now, _ips(call).change_seconds)
    return mitigation_to_api(entries[address], address, now)


def _mitigation(call):
    block = _block(call)
    address = call.params["ipOnMitigation"]
    entry = _mitigations(call, block).get(address)
    if entry is None:
        raise object_not_found(address, "ipOnMitigation")
    return address, entry


def mitigation_get(call):
    """GET /ip/{ip}/mitigation/{ipOnMitigation} (ip.MitigationIp)"""
    address, entry = _mitigation(call)
    return mitigation_to_api(entry, address, call.state.now())


def mitigation_put(call):
    """PUT /ip/{ip}/mitigation/{ipOnMitigation} {permanent}"""
    _address_, entry = _mitigation(call)
    data = call.json_body()
    only_keys(data, ("auto", "ipOnMitigation", "permanent", "state"))
    permanent = data.get("permanent")
    if permanent is not None:
        if not isinstance(permanent, bool):
            raise bad_request(f"[permanent] Given data ({permanent}) is not valid for type boolean")
        entry.data["permanent"] = permanent
    return None


def mitigation_delete(call):
    """DELETE /ip/{ip}/mitigation/{ipOnMitigation} → the entry, removalPending, gone after ``change_seconds``."""
    address, entry = _mitigation(call)
    now = call.state.now()
    if entry.state(now) != "ok":
        raise ApiError(409, "CONFLICT", f"The mitigation of {address} is {entry.state(now)}, try again later")  # inferred
    entry.removed = now
    return mitigation_to_api(entry, address, now)


class Ips(Product):
    """The accounts' IPs: failover IPs by (account, block), their firewalls, mitigation entries and
    the reverse names of every address ((account, address) -> name with its trailing dot)."""

    name = "ips"
    routes = (
        ("GET", "/ip", ip_list),
        ("GET", "/ip/{ip}", ip_get),
        ("PUT", "/ip/{ip}", ip_put),
        ("GET", "/ip/{ip}/move", move_destinations),
        ("POST", "/ip/{ip}/move", move),
        ("POST", "/ip/{ip}/park", park),
        ("GET", "/ip/{ip}/task", task_list),
        ("GET", "/ip/{ip}/task/{taskId}", task_get),
        ("GET", "/ip/{ip}/firewall", firewall_list),
        ("POST", "/ip/{ip}/firewall", firewall_add),
        ("GET", "/ip/{ip}/firewall/{ipOnFirewall}", firewall_get),
        ("PUT", "/ip/{ip}/firewall/{ipOnFirewall}", firewall_put),
        ("DELETE", "/ip/{ip}/firewall/{ipOnFirewall}", firewall_delete),
        ("GET", "/ip/{ip}/firewall/{ipOnFirewall}/rule", rule_list),
        ("POST", "/ip/{ip}/firewall/{ipOnFirewall}/rule", rule_add),
        ("GET", "/ip/{ip}/firewall/{ipOnFirewall}/rule/{sequence}", rule_get),
        ("DELETE", "/ip/{ip}/firewall/{ipOnFirewall}/rule/{sequence}", rule_delete),
        ("GET", "/ip/{ip}/mitigation", mitigation_list),
        ("POST", "/ip/{ip}/mitigation", mitigation_add),
        ("GET", "/ip/{ip}/mitigation/{ipOnMitigation}", mitigation_get),
        ("PUT", "/ip/{ip}/mitigation/{ipOnMitigation}", mitigation_put),
        ("DELETE", "/ip/{ip}/mitigation/{ipOnMitigation}", mitigation_delete),
        ("GET", "/ip/{ip}/reverse", reverse_list),
        ("POST", "/ip/{ip}/reverse", reverse_create),
        ("GET", "/ip/{ip}/reverse/{ipReverse}", reverse_get),
        ("DELETE", "/ip/{ip}/reverse/{ipReverse}", reverse_delete),
    )

    seed_keys = ("failoverIps", "reverses")

    def __init__(self, state):
        super().__init__(state)
        self.reverses = {}
        self.failover = {}  # (account, block text) -> FailoverIp
        self.firewalls = {}  # (account, block text) -> {address: Firewall}
        self.mitigations = {}  # (account, block text) -> {address: Timed}
        self.move_seconds = DEFAULT_MOVE_SECONDS
        self.change_seconds = DEFAULT_CHANGE_SECONDS
        # Seconds after a zone's refresh before the reverse check sees its names (DNS propagation).
        self.propagation_seconds = 0
        # The next move's end: (status, comment), then back to success.
        self.next_outcome = None

    def load(self, seed):
        now = self.state.now()
        for data in seed.get("failoverIps", []):
            failover = self.add_failover(data["account"], data["ip"], data.get("routedTo"), data.get("description"),
                                         data.get("tags"))
            if data.get("movedSecondsAgo") is not None:
                # A move done before the emulator started: the IP's task history holds it.
                task = Task(self.state.new_id("ip_task"), MOVE_FUNCTION, now - data["movedSecondsAgo"],
                            [(0, "init"), (1, "todo"), (2, "doing"), (3, "done")], comment="Move done")
                failover.tasks[task.task_id] = IpTask(task, data.get("routedTo"))
            key = (data["account"], str(failover.block))
            firewall = data.get("firewall")
            if firewall:
                entry = Firewall(firewall["ipOnFirewall"], firewall.get("enabled", False), now, self.change_seconds)
                for rule in firewall.get("rules", []):
                    entry.rules[rule["sequence"]] = Timed(dict(rule), now - self.change_seconds, self.change_seconds)
                self.firewalls.setdefault(key, {})[entry.address] = entry
            for item in data.get("mitigation", []):
                self.mitigations.setdefault(key, {})[item["ipOnMitigation"]] = Timed(
                    {"permanent": item.get("permanent", False), "auto": item.get("auto", False)},
                    now - self.change_seconds, self.change_seconds)
        for data in seed.get("reverses", []):
            self.reverses[(data["account"], str(ipaddress.ip_address(data["ipReverse"])))] = data["reverse"]

    def add_failover(self, account, block, routed_to=None, description=None, tags=None):
        failover = FailoverIp(account, ipaddress.ip_network(block), routed_to, description, tags)
        self.failover[(account, str(failover.block))] = failover
        return failover

    def start_task(self, failover, destination, now):
        """A move (or a park, destination None) of ``failover``: init, todo, doing, then done (or ``next_outcome``)."""
        init, todo, doing = self.move_seconds
        status, comment = self.next_outcome or ("done", "Move done" if destination else "Park done")
        self.next_outcome = None
        schedule = [(0, "init"), (init, "todo"), (init + todo, "doing"), (init + todo + doing, status)]
        task = Task(self.state.new_id("ip_task"), MOVE_FUNCTION, now, schedule, comment=comment)
        ip_task = IpTask(task, destination, applied=status == "done")
        failover.tasks[task.task_id] = ip_task
        return ip_task

    def blocks(self, account):
        """Every IP block of the account: its servers' blocks, its VPS addresses and its failover IPs."""
        return list(self.state.servers.ip_blocks(account)) + [block for (owner, block) in sorted(self.failover) if owner == account]

    def objects(self, account, now):
        """{block: ip.IpWithIAM} of every IP of the account."""
        found = {}
        servers = self.state.servers
        for (owner, name), server in sorted(servers.dedicated.items()):
            if owner == account:
                for block in server.ips:
                    found[str(ipaddress.ip_network(block))] = self._object(account, block, "dedicated", name, None, None, False)
        for (owner, name), vps in sorted(self.state.vps.services.items()):
            if owner == account:
                for address in vps.ips:
                    found[str(ipaddress.ip_network(address))] = self._object(account, address, "vps", name, None, None, False)
        for (owner, block), failover in sorted(self.failover.items()):
            if owner == account:
                found[block] = self._object(account, block, "failover", failover.routed_to(now), failover.description,
                                            failover.tags, True)
        return found

    @staticmethod
    def _object(account, block, kind, routed_to, description, tags, additional):
        network = ipaddress.ip_network(block)
        return {
            "bringYourOwnIp": False,
            "campus": None,
            "canBeTerminated": additional,
            "country": "fr" if additional else None,
            "description": description,
            "iam": _iam(str(network), tags, account),
            "ip": str(network),
            "isAdditionalIp": additional,
            "organisationId": None,
            "regions": None,
            "rir": "RIPE",
            "routedTo": {"serviceName": routed_to},
            "type": kind,
            "version": network.version,
        }
