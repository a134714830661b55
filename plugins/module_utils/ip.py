# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's IPs (``/ip``): IP objects, failover moves and parking, the firewall and its rules,
mitigation, and reverse DNS.

Routes are named after a block (``203.0.113.7/32``), URL-encoded as one path segment. Moves and parks
are IP tasks (``tasks.TASK_KINDS["ip"]``). Firewall rules and mitigation entries are not tasks: they
have a state of their own (creationPending, ok, removalPending, then gone).

The API sets a reverse only when the name resolves forward to the address: the A or AAAA record
must exist and be published (its zone refreshed) first.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.names import (
    block_holding, domain_name, host_name_problem, normalize_ip, normalize_ip_blocks, parse_address, printable)
from ansible_collections.signet.ovh.plugins.module_utils.servers import iam_tags_filter
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TASK_KINDS, WaitTimeout, poll

REVERSE = Shape("object", ("ipReverse", "reverse"))
ADDRESSES = Shape("names", what="a list of IP addresses")
# How the API words its refusal of a name that does not resolve to the address.
_NOT_RESOLVING = re.compile(r"does not resolve|doesn't resolve|not resolv", re.IGNORECASE)


class ReverseInputError(InputError):
    """Input refused before any request."""


def address_block(address, ip_block=None):
    """The block the reverse routes are named after: ``ip_block`` when given (it must hold ``address``),
    else the address itself (a /32 or /128)."""
    if not ip_block:
        return parse_address(str(address))[1]
    return block_holding(address, ip_block)


def normalize_name(name):
    """A fully qualified host name (names.host_name_problem, two labels at least), lower case, with its trailing dot."""
    text = str(name or "").strip().lower().rstrip(".")
    if host_name_problem(text) or len(text.split(".")) < 2:
        raise ReverseInputError("reverse %r is not a fully qualified host name (e.g. host.example.com)" % name)
    return text + "."


def reverse_path(block, address=None):
    path = "/ip/%s/reverse" % quote(str(block), safe="")
    if address is not None:
        path += "/" + quote(str(address), safe="")
    return path


def read_reverse(client, block, address):
    """The address's reverse name, or None when it has none. The block's list comes first: its 404
    means the block is not the account's, which must not pass for "no reverse"."""
    listed = client.get(reverse_path(block), shape=ADDRESSES)
    if not any(_same_address(item, address) for item in listed):
        return None
    data = client.get_or_none(reverse_path(block, address), shape=REVERSE)
    if data is None:  # removed meanwhile
        return None
    reverse = data.get("reverse")
    if reverse is not None and not isinstance(reverse, str):
        raise ValueError("the API answered the reverse of %s as %s, not a name" % (address, printable(reverse)))
    return reverse


def _same_address(text, address):
    try:
        return ipaddress.ip_address(text) == address
    except ValueError:
        return False


# Seconds between two tries of a reverse the API refuses because its name does not resolve yet
# (Terraform's provider tries every 5 s for up to 60 s).
RESOLUTION_RETRY = 5.0


def set_reverse(client, block, address, name, wait_for_resolution):
    """POST the reverse. A refusal because the name does not resolve to the address yet (a new record
    still propagating) is tried again every RESOLUTION_RETRY seconds until ``wait_for_resolution``
    seconds have passed, on the collection's clock (clock.CLOCK); then the last refusal is raised."""
    def attempt():
        try:
            return client.post(reverse_path(block), body={"ipReverse": str(address), "reverse": name}, shape=REVERSE)
        except OvhApiError as exc:
            if is_unresolved_refusal(exc):
                return exc
            raise

    try:
        return poll(attempt, lambda answer: not isinstance(answer, OvhApiError), wait_for_resolution,
                    what="the reverse %s of %s" % (name, address), first_delay=RESOLUTION_RETRY, max_delay=RESOLUTION_RETRY)
    except WaitTimeout as exc:
        raise exc.last from None


def is_unresolved_refusal(error):
    return error.status == 400 and bool(_NOT_RESOLVING.search(error.message or ""))


def unresolved_hint(name, address):
    record = "A" if address.version == 4 else "AAAA"
    return ("the API sets a reverse only when the name resolves to the address: create the %s record %s -> %s, refresh its "
            "zone (signet.ovh.ovh_dns_record does both), then set the reverse" % (record, name, address))


# --- IP objects --------------------------------------------------------------------------------

IP_OBJECT = Shape("object", ("ip", "type", "routedTo"))
IP_TASK = Shape("object", ("taskId", "function", "status"))
# ip.TaskFunctionEnum's one function that moves or parks an IP.
MOVE_FUNCTION = "genericMoveFloatingIp"
DESTINATIONS = Shape("object")
# ip.IpTypeEnum (openapi3-ip.json)
IP_TYPES = ("cdn", "cloud", "dedicated", "failover", "hosted_ssl", "housing", "loadBalancing", "mail", "overthebox",
            "pcc", "pci", "private", "vpn", "vps", "vrack", "xdsl")


class IpInputError(InputError):
    """Input refused before any request."""


def normalize_block(value, what="ip"):
    """An address or a block as the API names it: '203.0.113.7' is '203.0.113.7/32', a block keeps its
    prefix (host bits refused)."""
    if value is None or not str(value).strip():
        raise IpInputError("%s must be an IP address or block, e.g. 203.0.113.7 or 203.0.113.0/29" % what)
    try:
        return normalize_ip_blocks([value], what)[0]
    except InputError as exc:
        raise IpInputError(str(exc)) from None


def normalize_service(value, what="to"):
    """A service name (a dedicated server's or a VPS's, a host name), lower case; None stays None."""
    if value is None:
        return None
    name = domain_name(value)
    if name is None:
        raise IpInputError("%s %s is not a service name (e.g. ns3001234.ip-203-0-113.eu or vps-1a2b3c4d.vps.ovh.net)"
                           % (what, printable(value)))
    return name


def normalize_nexthop(value):
    """A destination's next hop, an IP address (GET /ip/{ip}/move lists them); None stays None."""
    if value is None:
        return None
    try:
        return normalize_ip(value, "nexthop")
    except InputError as exc:
        raise IpInputError("%s (GET /ip/{ip}/move lists each destination's next hops, e.g. 198.51.100.20)" % exc) from None


def ip_path(block, *parts):
    return "/ip/" + quote(str(block), safe="") + "".join("/" + quote(str(part), safe="") for part in parts)


def _service_of(data, field, what):
    """``data[field].serviceName`` (ip.RoutedTo), lower case as service names compare, or None; an answer of
    another shape fails (a wrong guess here would move or park an IP, or skip a move)."""
    holder = (data or {}).get(field)
    name = holder.get("serviceName") if isinstance(holder, dict) else holder
    if holder is not None and not isinstance(holder, dict) or name is not None and not isinstance(name, str):
        raise ValueError("the API answered %s %s, not an object with serviceName" % (what, printable(holder)))
    return name.lower() if name else None


def routed_to(ip_object):
    """The service an IP object is routed to (lower case, as service names compare), or None (parked)."""
    return _service_of(ip_object, "routedTo", "routedTo")


def read_ip(client, block):
    return client.get(ip_path(block), shape=IP_OBJECT)


def list_ips(client, ip_type=None, service=None, iam_tags=None, version=None):
    """The account's blocks (``GET /ip``), filtered by the API."""
    query = {}
    if ip_type:
        query["type"] = ip_type
    if service:
        query["routedTo.serviceName"] = service
    if version:
        query["version"] = str(version)
    if iam_tags:
        query["iamTags"] = iam_tags_filter(iam_tags)
    return client.get("/ip", query=query or None, shape=NAMES)


def block_order(text):
    """Sort key of a block: IPv4 first, then by address and prefix."""
    network = ipaddress.ip_network(text, strict=False)
    return network.version, network.network_address.packed, network.prefixlen


def read_ips(client, blocks):
    """{block: ip.IpWithIAM} in batches of 50 (``X-Ovh-Batch``); blocks gone meanwhile are left out."""
    return client.get_many("/ip", blocks, shape=IP_OBJECT)


def check_ip_type(value):
    if value is not None and value not in IP_TYPES:
        raise IpInputError("type %s is not one of %s" % (printable(value), ", ".join(IP_TYPES)))
    return value


def running_task(client, block):
    """The IP's newest task if it is still pending, else None (2 requests at most: the API runs one task
    at a time on an IP, so only the newest can be pending)."""
    ids = client.get(ip_path(block, "task"), shape=IDS)
    if not ids:
        return None
    task = client.get(ip_path(block, "task", max(ids)), shape=IP_TASK)
    return task if task["status"] in TASK_KINDS["ip"].pending else None


def task_destination(task):
    """Where a move task routes the IP (None: a park)."""
    return _service_of(task, "destination", "the task's destination")


def is_move(task):
    """Whether an IP task moves or parks the IP: other functions (checkAndReleaseIp...) have no
    destination, which must not pass for a park."""
    return (task or {}).get("function") == MOVE_FUNCTION


def start_move(client, block, to, nexthop=None):
    body = {"to": to}
    if nexthop:
        body["nexthop"] = nexthop
    return client.post(ip_path(block, "move"), body=body, shape=IP_TASK)


def start_park(client, block):
    return client.post(ip_path(block, "park"), shape=IP_TASK)


def destination_names(client, block):
    """Where the API says the IP may go (``GET /ip/{ip}/move``): 'service (nexthop a, b)' texts, for a
    message after a refused move."""
    answer = client.get(ip_path(block, "move"), shape=DESTINATIONS)
    names = []
    for kind in sorted(answer):
        for item in answer.get(kind) or []:
            if isinstance(item, dict) and item.get("service"):
                hops = item.get("nexthop") if isinstance(item.get("nexthop"), list) else []
                names.append("%s (%s%s)" % (_shown(item["service"]), _shown(kind),
                                            ", nexthop " + " or ".join(_shown(hop) for hop in hops) if hops else ""))
    return names


_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,252}$")


def _shown(text):
    """API text for a message: as it is when it is a plain name or address, else quoted (names.printable)."""
    return text if isinstance(text, str) and _PLAIN.match(text) else printable(text)


# --- Firewall ----------------------------------------------------------------------------------

FIREWALL_IP = Shape("object", ("ipOnFirewall", "enabled", "state"))
FIREWALL_RULE = Shape("object", ("sequence", "action", "protocol", "state"))
# The enums of openapi3-ip.json: ip.FirewallActionEnum, ip.FirewallProtocolEnum, ip.FirewallTCPOptionEnum,
# ip.FirewallSequenceRangeEnum.
FIREWALL_ACTIONS = ("deny", "permit")
FIREWALL_PROTOCOLS = ("ah", "esp", "gre", "icmp", "ipv4", "tcp", "udp")
FIREWALL_TCP_OPTIONS = ("established", "syn")
FIREWALL_SEQUENCES = range(0, 20)
PORT_PROTOCOLS = ("tcp", "udp")
RULE_OPTIONS = ("sequence", "action", "protocol", "source", "source_port", "destination_port", "tcp_option", "fragments")


def address_on(block, value, option):
    """The IPv4 address ``value`` (default: the block itself when it is one address), inside ``block``."""
    network = ipaddress.ip_network(block)
    if value is None or not str(value).strip():
        if network.num_addresses != 1:
            raise IpInputError("%s is required when ip is a block (%s): give one IPv4 address of it" % (option, block))
        value = str(network.network_address)
    address, _single = parse_address(value, option)
    if address.version != 4:
        raise IpInputError("%s %s: the API's firewall and mitigation take IPv4 addresses only" % (option, address))
    if address not in network:
        raise IpInputError("%s %s is not in ip %s" % (option, address, block))
    return str(address)


def _port(rule, name, where):
    value = rule.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and value.strip().isdigit()):
        raise IpInputError("%s.%s %s is not a port number" % (where, name, printable(value)))
    value = int(value)
    if not 0 <= value <= 65535:
        raise IpInputError("%s.%s %s is not a port number (0 to 65535)" % (where, name, value))
    if rule.get("protocol") not in PORT_PROTOCOLS:
        raise IpInputError("%s.%s: ports only go with protocol tcp or udp, not %s" % (where, name, rule.get("protocol")))
    return value


def normalize_rule(rule, index):
    """A firewall rule of the module's ``rules`` in the form the module compares: every key of
    RULE_OPTIONS, ``source`` a block or None (any), ports integers or None, ``fragments`` a boolean."""
    where = "rules[%d]" % index
    if not isinstance(rule, dict):
        raise IpInputError("%s must be a mapping with sequence, action and protocol" % where)
    unknown = sorted(set(rule) - set(RULE_OPTIONS))
    if unknown:
        raise IpInputError("%s: unknown key %s (accepted: %s)" % (where, printable(unknown[0]), ", ".join(RULE_OPTIONS)))
    sequence = rule.get("sequence")
    if isinstance(sequence, bool) or not isinstance(sequence, int) and not (isinstance(sequence, str) and sequence.strip().isdigit()) \
            or int(sequence) not in FIREWALL_SEQUENCES:
        raise IpInputError("%s.sequence %s must be a number from 0 to 19" % (
            where, sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else printable(sequence)))
    for name, allowed in (("action", FIREWALL_ACTIONS), ("protocol", FIREWALL_PROTOCOLS)):
        if rule.get(name) not in allowed:
            raise IpInputError("%s.%s %s must be one of %s" % (where, name, printable(rule.get(name)), ", ".join(allowed)))
    source = rule.get("source")
    if source is not None and str(source).strip().lower() not in ("", "any"):
        source = normalize_block(source, "%s.source" % where)
        if ipaddress.ip_network(source).version != 4:
            raise IpInputError("%s.source %s: the firewall filters IPv4 sources only" % (where, source))
    else:
        source = None
    option = rule.get("tcp_option")
    if option is not None and option not in FIREWALL_TCP_OPTIONS:
        raise IpInputError("%s.tcp_option %s must be one of %s" % (where, printable(option), ", ".join(FIREWALL_TCP_OPTIONS)))
    fragments = rule.get("fragments")
    if fragments is not None and not isinstance(fragments, bool):
        raise IpInputError("%s.fragments must be true or false" % where)
    if (option is not None or fragments) and rule["protocol"] != "tcp":
        raise IpInputError("%s: tcp_option and fragments only go with protocol tcp, not %s" % (where, rule["protocol"]))
    return {
        "sequence": int(sequence),
        "action": rule["action"],
        "protocol": rule["protocol"],
        "source": source,
        "source_port": _port(rule, "source_port", where),
        "destination_port": _port(rule, "destination_port", where),
        "tcp_option": option,
        "fragments": bool(fragments),
    }


def normalize_rules(rules):
    """{sequence: rule} of the module's ``rules`` (normalize_rule), one rule per sequence."""
    found = {}
    for index, rule in enumerate(rules or []):
        normalized = normalize_rule(rule, index)
        if normalized["sequence"] in found:
            raise IpInputError("rules[%d]: sequence %d is given twice" % (index, normalized["sequence"]))
        found[normalized["sequence"]] = normalized
    return found


def rule_body(rule):
    """The API's body for a normalized rule (POST …/rule)."""
    body = {"sequence": rule["sequence"], "action": rule["action"], "protocol": rule["protocol"]}
    if rule["source"]:
        body["source"] = rule["source"]
    if rule["source_port"] is not None:
        body["sourcePort"] = rule["source_port"]
    if rule["destination_port"] is not None:
        body["destinationPort"] = rule["destination_port"]
    if rule["tcp_option"] is not None or rule["fragments"]:
        option = (("option", rule["tcp_option"]), ("fragments", rule["fragments"] or None))
        body["tcpOption"] = dict((key, value) for key, value in option if value is not None)
    return body


_EQ_PORT = re.compile(r"^(?:eq\s+)?(\d+)$")


def _api_port(value):
    """An API port ('eq 22', or 22) as an integer; another form (a range) stays text, so it never
    equals a wanted port."""
    if value is None:
        return None
    match = _EQ_PORT.match(str(value).strip())
    return int(match.group(1)) if match else str(value)


def rule_from_api(data):
    """An API rule (ip.FirewallNetworkRule) in the form normalize_rule gives."""
    source = data.get("source")
    if source is None or str(source).strip().lower() in ("", "any"):
        source = None
    else:
        try:
            source = str(ipaddress.ip_network(str(source), strict=False))
        except ValueError:
            source = str(source)
    return {
        "sequence": data["sequence"],
        "action": data["action"],
        "protocol": data["protocol"],
        "source": source,
        "source_port": _api_port(data.get("sourcePort")),
        "destination_port": _api_port(data.get("destinationPort")),
        "tcp_option": data.get("tcpOption") or None,
        "fragments": bool(data.get("fragments")),
    }


def plan_rules(current, wanted, purge):
    """What to do, rule by rule: [(sequence, action)] sorted by sequence, action one of 'create',
    'replace' (delete, wait for the removal, create: rules cannot be edited), 'wait_create' (a rule
    being removed from that sequence: wait for it to go, then create) and 'delete'.

    ``current`` is {sequence: API rule} (with its ``state``), ``wanted`` {sequence: normalized rule}."""
    plan = []
    for sequence in sorted(set(current) | set(wanted)):
        rule = current.get(sequence)
        removing = rule is not None and rule.get("state") == "removalPending"
        if sequence in wanted:
            if rule is None:
                plan.append((sequence, "create"))
            elif removing:
                plan.append((sequence, "wait_create"))
            elif rule_from_api(rule) != wanted[sequence]:
                plan.append((sequence, "replace"))
        elif purge and rule is not None and not removing:
            plan.append((sequence, "delete"))
    return plan


def firewall_path(block, address, *parts):
    return ip_path(block, "firewall", address, *parts)


def read_firewall(client, block, address):
    """(firewall object or None, {sequence: rule}): 2 requests when the address is not on the firewall,
    else 3 and the rules in batches."""
    listed = client.get(ip_path(block, "firewall"), shape=NAMES)
    if address not in listed:
        return None, {}
    firewall = client.get(firewall_path(block, address), shape=FIREWALL_IP)
    sequences = client.get(firewall_path(block, address, "rule"), shape=IDS)
    rules = client.get_many(firewall_path(block, address, "rule"), sequences, shape=FIREWALL_RULE) if sequences else {}
    return firewall, dict((rule["sequence"], rule) for rule in rules.values())


def read_rule(client, block, address, sequence):
    """The rule, or None once it is gone (404)."""
    return client.get_or_none(firewall_path(block, address, "rule", sequence), shape=FIREWALL_RULE)


# --- Mitigation --------------------------------------------------------------------------------

MITIGATION_IP = Shape("object", ("ipOnMitigation", "permanent", "state"))


def mitigation_path(block, address=None):
    return ip_path(block, "mitigation") if address is None else ip_path(block, "mitigation", address)


def read_mitigation(client, block, address):
    """The address's mitigation entry (ip.MitigationIp), or None when it has none (1 or 2 requests)."""
    listed = client.get(mitigation_path(block), shape=NAMES)
    if address not in listed:
        return None
    return client.get_or_none(mitigation_path(block, address), shape=MITIGATION_IP)  # None: gone meanwhile


def is_permanent(entry):
    """Whether an entry is permanent mitigation that stays: an entry being removed is not."""
    return bool(entry) and bool(entry.get("permanent")) and entry.get("state") != "removalPending"
