# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS records on OVHcloud: values compared the way DNS means them, record sets
read in batches, and the smallest set of writes to reach a wanted state.

A record set is every record of one zone with the same subdomain and type. Values
are compared in a canonical form: TXT decoded from OVH's quoting, host names
absolute and lower-case, IPv6 compressed. The API form is what is sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import gc
import ipaddress
import random
import re

from ansible_collections.signet.ovh.plugins.module_utils.caches import JsonCache, cache_path
from ansible_collections.signet.ovh.plugins.module_utils.client import path_join
from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, Shape

RECORD_TYPES = ("A", "AAAA", "CAA", "CNAME", "DKIM", "DMARC", "DNAME", "LOC", "MX", "NAPTR",
                "NS", "PTR", "SPF", "SRV", "SSHFP", "TLSA", "TXT")
HOST_TYPES = ("CNAME", "NS", "PTR", "DNAME")
QUOTED_TYPES = ("TXT", "SPF")
TXT_TRANSFORMATIONS = ("unquoted", "quoted", "api")
ON_EXISTING = ("replace", "append", "keep_and_fail", "keep_and_warn", "keep")
MAX_TTL = 2147483647
TXT_CHUNK = 255  # characters per quoted string of a long TXT value
REFRESH_RETRIES = 8

_LABEL = re.compile(r"^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$")
# Whole names in one match (labels as _LABEL): a subdomain, '*' first only; an absolute host name.
_ONE_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_SUBDOMAIN = re.compile(r"^(?:\*|%s)(?:\.%s)*\Z" % (_ONE_LABEL, _ONE_LABEL))
_HOST = re.compile(r"^(?:\*|%s)(?:\.(?:\*|%s))*\.\Z" % (_ONE_LABEL, _ONE_LABEL))
_CAA_TAG = re.compile(r"^[a-z0-9]+$")
_QUOTED = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*', re.DOTALL)
_ESCAPE = re.compile(r"\\([0-9]{3}|.)", re.DOTALL)


class DnsInputError(InputError):
    """An invalid option value; the message names the option and the problem."""


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a zone is parsed or planned: that work makes many small
    objects and no garbage cycles, and the collector would walk them again and again (a third of the
    planning time of a 50,000-record zone)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- names --------------------------------------------------------------------------

def normalize_zone(zone):
    zone = (zone or "").strip().rstrip(".").lower()
    if not zone or not all(_LABEL.match(label) and label != "*" for label in zone.split(".")):
        raise DnsInputError("zone %r is not a valid domain name" % zone)
    return zone


def normalize_subdomain(subdomain, zone):
    """'' and '@' are the apex; a name ending in '.' is absolute and must be inside the zone."""
    name = (subdomain or "").strip().lower()
    if name in ("", "@"):
        return ""
    if name.endswith("."):
        name = name[:-1]
        if name == zone:
            return ""
        if not name.endswith("." + zone):
            raise DnsInputError("subdomain %r is not inside the zone %s" % (subdomain, zone))
        name = name[:-len(zone) - 1]
    if len(name) > 253 or not _SUBDOMAIN.match(name):
        raise DnsInputError("subdomain %r is not a valid DNS name relative to the zone" % subdomain)
    return name


def _host(value, zone, what):
    """A host name made absolute: relative names are inside the zone, as OVH reads them."""
    host = value.strip().lower()
    if host == ".":
        return host
    absolute = host if host.endswith(".") else "%s.%s." % (host, zone)
    if not host or len(absolute) > 254 or not _HOST.match(absolute):
        raise DnsInputError("%s %r is not a valid host name" % (what, value))
    return absolute


def _uint(text, what, maximum, value):
    if not text.isdigit() or int(text) > maximum:
        raise DnsInputError("%s %r of %r must be a number from 0 to %d" % (what, text, value, maximum))
    return int(text)


# --- TXT quoting --------------------------------------------------------------------

def unquote(text):
    """The text held by a sequence of DNS quoted strings (``"a" "b"`` is ``ab``), or None
    when ``text`` is not such a sequence. Escapes: ``\\X`` is X, ``\\DDD`` the byte DDD."""
    chunks = quoted_strings(text)
    return None if chunks is None else b"".join(chunks).decode("utf-8", "replace")


def quoted_strings(text):
    """The strings (bytes) of a sequence of DNS quoted strings, or None when ``text`` is not one."""
    text = text.strip()
    if not text.startswith('"'):
        return None
    chunks, index = [], 0
    while index < len(text):
        match = _QUOTED.match(text, index)
        if match is None:
            return None  # text outside quotes, or a string left open
        body = match.group(1)
        chunks.append(_unescape(body) if "\\" in body else body.encode("utf-8"))
        index = match.end()
    return chunks


def _unescape(body):
    parts, index = [], 0
    for match in _ESCAPE.finditer(body):
        parts.append(body[index:match.start()].encode("utf-8"))
        escaped = match.group(1)
        if len(escaped) == 3 and int(escaped) < 256:
            parts.append(bytes((int(escaped),)))
        else:
            parts.append(escaped.encode("utf-8"))  # \X is X (and \999 is 999)
        index = match.end()
    parts.append(body[index:].encode("utf-8"))
    return b"".join(parts)


def txt_decode(target):
    """Decode OVH's TXT form (quoted strings); anything else is taken as it is."""
    text = unquote(target)
    return target if text is None else text


def quote_string(text):
    """One DNS quoted string."""
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def txt_value(target):
    """The comparable form of a TXT target: its text when its strings are the usual 255-byte split of
    it (as txt_encode() sends it), else the quoted strings themselves, whose boundaries are data
    (DNS-SD reads ``"txtvers=1" "rp=printers/lobby"`` as two items)."""
    chunks = quoted_strings(target)
    if chunks is None:
        return target
    text = b"".join(chunks).decode("utf-8", "replace")
    try:
        strings = [chunk.decode("utf-8") for chunk in chunks]
    except UnicodeDecodeError:
        return text  # split inside a character: not boundaries anyone chose
    return txt_canonical(strings)


def txt_canonical(strings):
    """The comparable form of the strings of a TXT value (see txt_value())."""
    if len(strings) < 2:
        return strings[0] if strings else ""
    for index, chunk in enumerate(strings[:-1]):
        # txt_encode() fills every string but the last as far as 255 bytes allow without splitting a character.
        following = strings[index + 1]
        if not following or len(chunk.encode("utf-8")) + len(following[0].encode("utf-8")) <= TXT_CHUNK:
            return " ".join(quote_string(chunk) for chunk in strings)
    return "".join(strings)


def txt_encode(text):
    """The quoted form sent to OVH, split into strings of at most 255 bytes (UTF-8), at character boundaries."""
    chunks, current, size = [], [], 0
    for char in text:
        length = len(char.encode("utf-8"))
        if size + length > TXT_CHUNK:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += length
    if current or not chunks:
        chunks.append("".join(current))
    return " ".join(quote_string(chunk) for chunk in chunks)


# --- values -------------------------------------------------------------------------

def canonical(field_type, target, zone):
    """The comparable form of a target as the API returns it (or as we send it)."""
    target = target.strip()
    try:
        if field_type == "A":
            return str(ipaddress.IPv4Address(target))
        if field_type == "AAAA":
            return ipaddress.IPv6Address(target).compressed
        if field_type in HOST_TYPES:
            return _host(target, zone, field_type)
        if field_type == "MX":
            prio, host = target.split()
            return "%d %s" % (int(prio), _host(host, zone, "MX host"))
        if field_type == "SRV":
            prio, weight, port, host = target.split()
            return "%d %d %d %s" % (int(prio), int(weight), int(port), _host(host, zone, "SRV target"))
        if field_type == "CAA":
            flags, tag, value = target.split(None, 2)
            return "%d %s %s" % (int(flags), tag.lower(), quote_string(txt_decode(value)))
        if field_type in ("SSHFP", "TLSA"):
            fields = target.split()
            return " ".join(fields[:-1] + [fields[-1].lower()])  # the hexadecimal digest: any case
    except (ValueError, DnsInputError):
        return target  # something the API accepted that we do not parse: compare it as is
    if field_type in QUOTED_TYPES:
        return txt_value(target)
    if field_type == "LOC":
        return loc_value(target)
    return " ".join(target.split())


_LOC_DEFAULTS = ("1", "10000", "10")  # size, horizontal and vertical precision (RFC 1876)


def loc_value(target):
    """A LOC target with every field written out (``d m s.sss N d m s.sss E altm sizem hpm vpm``):
    dnspython leaves out the default size and precisions that OVHcloud's export writes."""
    fields = target.split()
    try:
        north = [index for index, field in enumerate(fields) if field.upper() in ("N", "S")][0]
        east = [index for index, field in enumerate(fields) if field.upper() in ("E", "W")][0]
        latitude, longitude, rest = fields[:north], fields[north + 1:east], fields[east + 1:]
        if not (1 <= len(latitude) <= 3 and 1 <= len(longitude) <= 3 and 1 <= len(rest) <= 4):
            return " ".join(fields)

        def angle(parts):
            parts = parts + ["0"] * (3 - len(parts))
            return "%d %d %.3f" % (int(parts[0]), int(parts[1]), float(parts[2]))

        meters = [float(field[:-1] if field.lower().endswith("m") else field) for field in rest + list(_LOC_DEFAULTS[len(rest) - 1:])]
        return "%s %s %s %s %s" % (angle(latitude), fields[north].upper(), angle(longitude), fields[east].upper(),
                                   " ".join("%.2fm" % meter for meter in meters))
    except (IndexError, ValueError):
        return " ".join(fields)


def api_target(field_type, value, zone, txt_transformation="unquoted"):
    """Validate a user's value and return the target to send to the API."""
    if not isinstance(value, str):
        value = str(value)
    text = value.strip()
    if not text and field_type not in QUOTED_TYPES:
        raise DnsInputError("value of a %s record must not be empty" % field_type)
    if "\n" in value or "\r" in value:
        raise DnsInputError("value %r must not contain line breaks" % value)
    if field_type == "A":
        try:
            return str(ipaddress.IPv4Address(text))
        except ValueError:
            raise DnsInputError("value %r of an A record is not an IPv4 address" % value)
    if field_type == "AAAA":
        try:
            return ipaddress.IPv6Address(text).compressed
        except ValueError:
            raise DnsInputError("value %r of an AAAA record is not an IPv6 address" % value)
    if field_type in HOST_TYPES:
        return _host(text, zone, "value of a %s record" % field_type)
    if field_type == "MX":
        parts = text.split()
        if len(parts) != 2:
            raise DnsInputError("value %r of an MX record must be 'priority host', for example '10 mx1.example.com.'" % value)
        return "%d %s" % (_uint(parts[0], "MX priority", 65535, value), _host(parts[1], zone, "MX host"))
    if field_type == "SRV":
        parts = text.split()
        if len(parts) != 4:
            raise DnsInputError("value %r of an SRV record must be 'priority weight port target', for example '10 5 5060 sip.example.com.'" % value)
        numbers = [_uint(part, what, 65535, value) for part, what in zip(parts, ("SRV priority", "SRV weight", "SRV port"))]
        return "%d %d %d %s" % (numbers[0], numbers[1], numbers[2], _host(parts[3], zone, "SRV target"))
    if field_type == "CAA":
        parts = text.split(None, 2)
        if len(parts) != 3 or not _CAA_TAG.match(parts[1].lower()):
            raise DnsInputError("value %r of a CAA record must be 'flags tag value', for example '0 issue \"letsencrypt.org\"'" % value)
        return "%d %s %s" % (_uint(parts[0], "CAA flags", 255, value), parts[1].lower(), quote_string(txt_decode(parts[2])))
    if field_type in QUOTED_TYPES:
        if txt_transformation == "api":
            return value
        if txt_transformation == "quoted":
            text = unquote(value)
            if text is None:
                raise DnsInputError("value %r is not a valid sequence of quoted strings (txt_transformation=quoted)" % value)
            value = text
        return txt_encode(value)
    return " ".join(text.split())


def parse_values(field_type, values, zone, txt_transformation="unquoted"):
    """[(api_target, canonical_value)] for a user's values, validated before any write."""
    wanted = []
    for value in values:
        target = api_target(field_type, value, zone, txt_transformation)
        wanted.append((target, canonical(field_type, target, zone)))
    return wanted


def check_ttl(ttl, what="ttl"):
    if ttl is not None and ttl != 0 and not 60 <= ttl <= MAX_TTL:
        raise DnsInputError("%s %s is invalid: use 0 for the zone's default, or a value from 60 to %d" % (what, ttl, MAX_TTL))
    return ttl


# --- reading ------------------------------------------------------------------------

def _record(raw, zone):
    return {
        "id": raw["id"],
        "subdomain": (raw.get("subDomain") or "").lower(),
        "type": raw["fieldType"],
        "target": raw["target"],
        "ttl": raw.get("ttl", 0),
        "value": canonical(raw["fieldType"], raw["target"], zone),
    }


RECORD_SHAPE = Shape("object", ("id", "fieldType", "subDomain", "target"), "a DNS record")
SOA_SHAPE = Shape("object", ("ttl",), "the SOA of a zone")


def read_default_ttl(client, zone):
    """The zone's default TTL (what a record at TTL 0 gets): the ``ttl`` of its SOA. One request."""
    soa = client.get(path_join("/domain/zone", zone, "soa"), shape=SOA_SHAPE)
    ttl = soa.get("ttl")
    return ttl if isinstance(ttl, int) and not isinstance(ttl, bool) else None


def read_records(client, zone, subdomain=None, field_type=None):
    """Records of a zone, optionally of one subdomain and/or type, matched exactly
    (the API's subDomain filter is a case-insensitive LIKE). 1 + ceil(N/50) requests."""
    collection = path_join("/domain/zone", zone, "record")
    query = {}
    if field_type:
        query["fieldType"] = field_type
    if subdomain is not None:
        query["subDomain"] = subdomain
    ids = client.get(collection, query, shape=IDS)
    found = client.get_many(collection, ids, shape=RECORD_SHAPE)
    records = []
    for record_id in ids:
        raw = found.get(record_id)
        if raw is None:
            continue
        record = _record(raw, zone)
        if (subdomain is None or record["subdomain"] == subdomain) and (not field_type or record["type"] == field_type):
            records.append(record)
    return records


def group_sets(records):
    """{(subdomain, type): [records]} in the order the records came."""
    sets = {}
    for record in records:
        sets.setdefault((record["subdomain"], record["type"]), []).append(record)
    return sets


def describe_set(subdomain, field_type, records, zone):
    """A record set as the modules return it."""
    return {
        "zone": zone,
        "subdomain": subdomain,
        "name": "%s.%s" % (subdomain, zone) if subdomain else zone,
        "type": field_type,
        "ttl": _set_ttl(records),
        "value": [record["value"] for record in records],
        "records": [dict((key, record[key]) for key in ("id", "target", "value", "ttl")) for record in records],
    }


# --- planning -----------------------------------------------------------------------

class Change(object):
    """One write: POST (create), PUT (update) or DELETE, with the record it touches.

    ``after`` is the record as it will be; a POST fills in its id once created."""

    def __init__(self, method, subdomain, field_type, record=None, body=None, after=None):
        self.method = method
        self.subdomain = subdomain
        self.type = field_type
        self.record = record
        self.body = body
        self.after = after

    def describe(self):
        name = "%s %s" % (self.subdomain or "@", self.type)
        if self.method == "POST":
            return "create %s %s" % (name, self.body["target"])
        if self.method == "DELETE":
            return "delete %s %s (id %s)" % (name, self.record["target"], self.record["id"])
        return "update %s id %s: %s" % (name, self.record["id"], ", ".join("%s %s" % item for item in sorted(self.body.items())))


class SetPlan(object):
    """What to write for one record set, and how it looks after."""

    def __init__(self, subdomain, field_type, before):
        self.subdomain = subdomain
        self.type = field_type
        self.before = before
        self.after = list(before)
        self.changes = []
        self.conflict = None  # a message when the set exists with other values and must be kept

    def create(self, target, value, ttl):
        after = {"id": None, "subdomain": self.subdomain, "type": self.type, "target": target, "ttl": ttl, "value": value}
        body = {"fieldType": self.type, "subDomain": self.subdomain, "target": target, "ttl": ttl}
        self.changes.append(Change("POST", self.subdomain, self.type, body=body, after=after))
        self.after.append(after)

    def update(self, record, ttl, target=None, value=None):
        """PUT ``record``; ``ttl`` None keeps its TTL."""
        body = {} if ttl is None else {"ttl": ttl}
        after = dict(record, ttl=record["ttl"] if ttl is None else ttl)
        if target is not None:
            body["target"] = target
            after.update(target=target, value=value)
        self.changes.append(Change("PUT", self.subdomain, self.type, record=record, body=body, after=after))
        self.after[self.after.index(record)] = after

    def delete(self, record):
        self.changes.append(Change("DELETE", self.subdomain, self.type, record=record))
        self.after.remove(record)


def plan_set(subdomain, field_type, existing, wanted, ttl=None, state="present", on_existing="replace"):
    """Plan one set. ``wanted`` is a list of (api_target, canonical_value); ``ttl`` None keeps TTLs.

    Reuses records: a value that changes is a PUT of an existing record, not a
    delete and a create; extra records are deleted, missing values created.
    """
    plan = SetPlan(subdomain, field_type, existing)
    values = [value for dummy, value in wanted]
    if state == "absent":
        for record in existing:
            if not wanted or record["value"] in values:
                plan.delete(record)
        return plan

    targets = {}
    for target, value in wanted:
        targets.setdefault(value, target)
    matched, spare = {}, []
    for record in existing:
        if record["value"] in targets and record["value"] not in matched:
            matched[record["value"]] = record
        else:
            spare.append(record)
    missing = [value for value in targets if value not in matched]
    set_ttl = ttl if ttl is not None else (existing[0]["ttl"] if existing else 0)
    keep_spare = on_existing == "append"
    ttl_changes = [record for record in (existing if keep_spare else matched.values()) if ttl is not None and record["ttl"] != ttl]
    differs = bool(missing or ttl_changes or (spare and not keep_spare))
    if existing and differs and on_existing in ("keep_and_fail", "keep_and_warn", "keep"):
        plan.conflict = "the record set %s %s exists with other values or TTL (%s)" % (
            subdomain or "@", field_type, ", ".join("%s ttl %s" % (record["value"], record["ttl"]) for record in existing))
        return plan

    for record in ttl_changes:
        plan.update(record, ttl)
    reusable = [] if keep_spare else list(spare)
    for value in missing:
        if reusable:
            record = reusable.pop(0)
            plan.update(record, None if ttl == record["ttl"] else ttl, targets[value], value)
        else:
            plan.create(targets[value], value, set_ttl)
    for record in reusable:
        plan.delete(record)
    return plan


def ordered(changes):
    """The writes in an order where a refusal by the API leaves the old data in place wherever it can:
    updates, then creations, then deletions. Only where a creation needs a deletion first (a CNAME
    replacing other records of its name, or replaced by them: the API refuses them side by side) do
    that name's deletions come just before its creations."""
    created = {}
    for change in changes:
        if change.method == "POST":
            created.setdefault(change.subdomain, set()).add(change.type)

    def clears_the_way(change):
        types = created.get(change.subdomain)
        return bool(types) and change.method == "DELETE" and (
            change.type == "CNAME" and types != set(["CNAME"]) or change.type != "CNAME" and "CNAME" in types)

    replacing = set(change.subdomain for change in changes if clears_the_way(change))
    puts = [change for change in changes if change.method == "PUT"]
    posts = [change for change in changes if change.method == "POST" and change.subdomain not in replacing]
    swaps = [change for change in changes if change.subdomain in replacing and (change.method == "POST" or clears_the_way(change))]
    swaps.sort(key=lambda change: (change.subdomain, change.method == "POST"))
    deletes = [change for change in changes if change.method == "DELETE" and not (change.subdomain in replacing and clears_the_way(change))]
    return puts + posts + swaps + deletes


def check_thresholds(zone, sets, changes, max_update_percent, max_delete_percent, minimum=10):
    """Refuse, before any write, a run that would update or delete more than the given share of a zone
    of at least ``minimum`` records (octoDNS's rule); 100 turns a check off."""
    total = sum(len(records) for records in sets.values())
    counts = {"PUT": 0, "DELETE": 0}
    for change in changes:
        if change.method in counts:
            counts[change.method] += 1
    for method, what, option, limit in (("PUT", "update", "max_update_percent", max_update_percent),
                                        ("DELETE", "delete", "max_delete_percent", max_delete_percent)):
        count = counts[method]
        if limit >= 100 or not count or not total:
            continue
        if total >= minimum and count * 100.0 / total > limit:
            raise DnsInputError(
                "refused: this run would %s %d of the %d records of the zone %s (%d %%), more than %s=%d allows; "
                "nothing was changed. If that is what you want, raise %s (100 turns the check off)"
                % (what, count, total, zone, round(count * 100.0 / total), option, limit, option))


def check_cname_rules(zone, plans, sets):
    """Refuse, before any write, a plan that leaves a CNAME at the apex, next to other
    records of its name, or with more than one value."""
    after = dict((key, records) for key, records in sets.items())
    for plan in plans:
        after[(plan.subdomain, plan.type)] = plan.after
    by_name = {}  # one pass over the zone: a check per name, not per name and set
    for (subdomain, field_type), records in after.items():
        if records:
            by_name.setdefault(subdomain, {})[field_type] = records
    seen = set()
    for plan in plans:
        if plan.subdomain in seen:
            continue
        seen.add(plan.subdomain)
        names = by_name.get(plan.subdomain, {})
        if "CNAME" not in names:
            continue
        name = plan.subdomain or "@"
        if not plan.subdomain:
            raise DnsInputError("a CNAME record cannot be at the zone apex of %s" % zone)
        others = sorted(field_type for field_type in names if field_type != "CNAME")
        if others:
            raise DnsInputError("a CNAME record cannot exist next to other records of the same name: %s would have CNAME and %s"
                                % (name, ", ".join(others)))
        if len(names["CNAME"]) > 1:
            raise DnsInputError("a CNAME record set holds one value, %s would have %d" % (name, len(names["CNAME"])))


def _set_ttl(records):
    """The TTL of a set: one number, a list when its records differ, None when empty."""
    ttls = sorted(set(record["ttl"] for record in records))
    return ttls[0] if len(ttls) == 1 else (ttls or None)


def _set_view(records):
    if not records:
        return None
    return {"ttl": _set_ttl(records), "value": sorted(record["value"] for record in records)}


def diff_view(zone, plans):
    """Ansible diff: the sets before and after, keyed by name and type."""
    before, after = {}, {}
    for plan in plans:
        key = "%s %s" % ("%s.%s" % (plan.subdomain, zone) if plan.subdomain else zone, plan.type)
        before[key] = _set_view(plan.before)
        after[key] = _set_view(plan.after)
    return {"before": before, "after": after}


# --- writing ------------------------------------------------------------------------

def apply_change(client, zone, change):
    """Send one write. A DELETE of a record already gone counts as done."""
    collection = path_join("/domain/zone", zone, "record")
    if change.method == "POST":
        answer = client.post(collection, change.body)
        if isinstance(answer, dict):
            change.after["id"] = answer.get("id") or None  # the API has been seen to answer id 0
    elif change.method == "PUT":
        client.put(path_join(collection, change.record["id"]), change.body)
    else:
        try:
            client.delete(path_join(collection, change.record["id"]))
        except OvhApiError as exc:
            if exc.status != 404:
                raise


def refresh_zone(client, zone, sleep=None):
    """Apply the zone's pending changes. A refresh is safe to send twice, so gateway and
    connection errors are retried like a GET; one refused because another runs (409) too."""
    sleep = CLOCK.sleep if sleep is None else sleep
    path = path_join("/domain/zone", zone, "refresh")
    for attempt in range(REFRESH_RETRIES + 1):
        try:
            client.call("POST", path, idempotent=True)
            return
        except OvhApiError as exc:
            if exc.status != 409 or attempt == REFRESH_RETRIES:
                raise
            # Jitter: tasks refreshing the same zone at once must not retry in step.
            sleep(random.uniform(0.2, 1.0) * min(2 ** attempt, 8))


class PendingRefreshes(JsonCache):
    """Zones that a failed task wrote to (or may have) without a successful refresh. The API
    does not say whether a zone has unpublished changes, so the next task on that zone, even
    with nothing to write, refreshes it: a rerun after a fault publishes what was applied."""

    def __init__(self, path=None):
        super(PendingRefreshes, self).__init__(path or cache_path("pending-refresh.json"))

    what = "DNS zone refresh owed"
    if_lost = "run the task again, or send POST /domain/zone/<zone>/refresh, so that the zone's staged changes are published"

    @staticmethod
    def key(client, zone):
        return "%s %s" % (client.base_url, zone)

    def owed(self, client, zone):
        """Whether the zone owes a refresh; also when the file cannot be read or is corrupt (warned)."""
        data = self.load()
        return data is None or self.key(client, zone) in data

    def mark(self, client, zone):
        self.set(self.key(client, zone), CLOCK.time())

    def clear(self, client, zone):
        self.set(self.key(client, zone), None)


PENDING_REFRESH = "refresh the zone: changes of an earlier failed task were left pending"


class PartialFailure(Exception):
    """A write failed after others were applied."""

    def __init__(self, zone, error, applied, not_applied, refreshed, uncertain=False):
        self.zone = zone
        self.error = error
        self.applied = applied
        self.not_applied = not_applied
        self.refreshed = refreshed
        self.uncertain = uncertain  # the failed write may have been carried out all the same
        super(PartialFailure, self).__init__(self.describe())

    def describe(self):
        text = str(self.error)
        if self.applied:
            text += ". Already applied: %s" % "; ".join(self.applied)
        elif self.uncertain:
            text += ". The failed write may have been carried out by the API all the same"
        else:
            text += ". Nothing was changed"
        if self.applied or self.uncertain:
            text += " (zone refreshed)" if self.refreshed else (
                " (zone NOT refreshed: pending until POST /domain/zone/%s/refresh, which the next run of a DNS "
                "module on this zone sends)" % self.zone)
        if self.not_applied:
            text += ". Not applied: %s" % "; ".join(self.not_applied)
        return text + ". Run the task again to finish."


def stale(change, exc):
    """Whether a write failed because someone else changed the zone since it was read: the record to
    update is gone (404), or a creation is refused (it may now duplicate or clash with a record added
    meanwhile). A DELETE of a record already gone counts as done (apply_change)."""
    return (change.method == "PUT" and exc.status == 404) or (change.method == "POST" and exc.status in (400, 409))


def execute(client, zone, changes, refresh=True, pending=None, owed=None, replan=None):
    """Apply every change, then refresh the zone once (also when only an earlier failed task
    left it owing a refresh). On a failure, refresh what was applied and raise PartialFailure
    saying what was and was not done; what could not be refreshed is remembered in ``pending``.
    ``owed``: whether ``pending`` owes the zone a refresh, when the caller has read it already.
    ``replan``: called once, with the failed change and its error, when a write failed because the
    zone changed meanwhile (stale()); it reads the zone again and returns the writes still needed.
    Returns the changes applied."""
    pending = pending or PendingRefreshes()
    owed = refresh and (pending.owed(client, zone) if owed is None else owed)
    applied, done = [], []
    index = 0
    while index < len(changes):
        change = changes[index]
        try:
            fresh = _apply_or_replan(client, zone, change, replan)
        except OvhApiError as exc:
            uncertain = exc.may_have_applied  # no answer, a server error or an unreadable success: it may have run
            refreshed = False
            if refresh and (applied or uncertain or owed):
                refreshed = _try_refresh(client, zone)
                # A write that got no answer may still land after this refresh: owe another one.
                (pending.clear if refreshed and not uncertain else pending.mark)(client, zone)
            raise PartialFailure(zone, exc, applied, [c.describe() for c in changes[index:]], refreshed, uncertain)
        if fresh is not None:
            changes, index, replan = fresh, 0, None  # the rest of the run follows the new plan
            continue
        applied.append(change.describe())
        done.append(change)
        index += 1
    if refresh and (done or owed):
        try:
            refresh_zone(client, zone)
        except OvhApiError as exc:
            pending.mark(client, zone)
            raise PartialFailure(zone, exc, applied, [], False)
        pending.clear(client, zone)
    return done


def _apply_or_replan(client, zone, change, replan):
    """Send one write. When it failed because the zone changed meanwhile and ``replan`` is given,
    return the writes of a new plan instead (None when the write went through); when the new plan
    fails too (``replan`` keeps why), the write's own error is raised."""
    try:
        apply_change(client, zone, change)
    except OvhApiError as exc:
        if replan is None or not stale(change, exc):
            raise
        try:
            return replan(change, exc)
        except (OvhApiError, DnsInputError):
            raise exc
    return None


def _try_refresh(client, zone):
    try:
        refresh_zone(client, zone)
        return True
    except OvhApiError:
        return False
