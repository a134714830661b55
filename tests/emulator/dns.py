"""DNS record rules of the emulated /domain/zone API: validation, normalization, filters."""

import ipaddress
import re

from .errors import bad_request

# domain.zone.RecordTypeEnum in schemas/domain.json.
RECORD_TYPES = ("A", "AAAA", "CAA", "CNAME", "DKIM", "DMARC", "DNAME", "LOC", "MX", "NAPTR",
                "NS", "PTR", "SPF", "SRV", "SSHFP", "TLSA", "TXT")

# Types whose target is (or ends with) a host name: relative names get the zone appended.
_HOST_TYPES = ("CNAME", "NS", "PTR", "DNAME")

_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_MX = re.compile(r"^(\d{1,5})\s+(\S+)$")
_SRV = re.compile(r"^(\d{1,5})\s+(\d{1,5})\s+(\d{1,5})\s+(\S+)$")
_CAA = re.compile(r"^(\d{1,3})\s+(issue|issuewild|iodef)\s+(\S.*)$")
_MAX_TTL = 2147483647


def _valid_labels(name, allow_wildcard):
    labels = name.split(".")
    if allow_wildcard and labels[0] == "*":
        labels = labels[1:]
    return len(name) <= 253 and all(_LABEL.match(label) for label in labels)


def _qualify(host, zone, field_type):
    """A host name without a trailing dot is relative to the zone."""
    if host.endswith("."):
        bare = host[:-1]
    else:
        bare = f"{host}.{zone}"
    if not bare or not _valid_labels(bare, allow_wildcard=False):
        raise bad_request(f"Invalid target for {field_type} record: {host!r} is not a valid host name")
    return bare + "."


def _uint16(value, what, field_type):
    number = int(value)
    if number > 65535:
        raise bad_request(f"Invalid target for {field_type} record: {what} {number} is out of range")
    return number


def normalize_target(field_type, target, zone):
    """Validate a target and return it as the API stores and returns it."""
    if not isinstance(target, str) or not target.strip():
        raise bad_request("[target] Property is mandatory and must be a non-empty string")
    if "\n" in target or "\r" in target:
        raise bad_request(f"Invalid target for {field_type} record: line breaks are not allowed")
    if field_type == "A":
        try:
            return str(ipaddress.IPv4Address(target))
        except ValueError:
            raise bad_request(f"Invalid target for A record: {target!r} is not an IPv4 address") from None
    if field_type == "AAAA":
        try:
            ipaddress.IPv6Address(target)
        except ValueError:
            raise bad_request(f"Invalid target for AAAA record: {target!r} is not an IPv6 address") from None
        return target
    if field_type in _HOST_TYPES:
        return _qualify(target, zone, field_type)
    if field_type == "MX":
        match = _MX.match(target)
        if not match:
            raise bad_request(f"Invalid target for MX record: {target!r} (expected \"priority host\")")
        prio = _uint16(match.group(1), "priority", "MX")
        return f"{prio} {_qualify(match.group(2), zone, 'MX')}"
    if field_type == "SRV":
        match = _SRV.match(target)
        if not match:
            raise bad_request(f"Invalid target for SRV record: {target!r} (expected \"priority weight port target\")")
        numbers = [_uint16(match.group(i), what, "SRV") for i, what in ((1, "priority"), (2, "weight"), (3, "port"))]
        host = match.group(4)
        host = host if host == "." else _qualify(host, zone, "SRV")
        return f"{numbers[0]} {numbers[1]} {numbers[2]} {host}"
    if field_type == "CAA":
        match = _CAA.match(target)
        if not match or int(match.group(1)) > 255:
            raise bad_request(f"Invalid target for CAA record: {target!r} (expected \"flags tag value\")")
        return target
    if field_type == "TXT":
        # The API now stores TXT values as quoted strings and answers them quoted.
        if len(target) >= 2 and target.startswith('"') and target.endswith('"'):
            return target
        return f'"{target}"'
    return target


def normalize_sub_domain(sub_domain):
    """'' (or null) is the zone apex; otherwise valid labels, '*' allowed first."""
    if sub_domain is None:
        return ""
    if not isinstance(sub_domain, str):
        raise bad_request("[subDomain] Given data is not valid for type string")
    if sub_domain and not _valid_labels(sub_domain, allow_wildcard=True):
        raise bad_request(f"Invalid subDomain: {sub_domain!r}")
    return sub_domain


def normalize_ttl(ttl):
    """0 means the zone default; otherwise at least 60 seconds."""
    if ttl is None:
        return 0
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise bad_request(f"[ttl] Given data ({ttl}) is not valid for type long")
    if ttl != 0 and not 60 <= ttl <= _MAX_TTL:
        raise bad_request(f"Invalid TTL {ttl}: must be 0 (zone default) or between 60 and {_MAX_TTL}")
    return ttl


def check_field_type(field_type):
    """fieldType must be a value of domain.zone.RecordTypeEnum."""
    if field_type not in RECORD_TYPES:
        raise bad_request(f"[fieldType] Given data ({field_type}) does not belong to the RecordTypeEnum enumeration")
    return field_type


def make_record(record_id, zone, field_type, sub_domain, target, ttl):
    """A record as the API answers it (domain.zone.Record)."""
    field_type = check_field_type(field_type)
    return {
        "id": record_id,
        "zone": zone,
        "subDomain": normalize_sub_domain(sub_domain),
        "fieldType": field_type,
        "target": normalize_target(field_type, target, zone),
        "ttl": normalize_ttl(ttl),
    }


def ilike(pattern, value):
    """SQL ILIKE: case-insensitive, '%' any run of characters, '_' one character, '\\' escapes."""
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
        index += 1
    return re.fullmatch("".join(parts), value, re.IGNORECASE | re.DOTALL) is not None
