# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A BIND master file read into the record sets of an OVHcloud zone (with dnspython).

Every directive and name form of the format is understood by dnspython ($ORIGIN, $TTL,
$GENERATE, @, relative and absolute names, parentheses, multi-string TXT); this module turns
its records into (subdomain, type) sets in the API's form and refuses, with the line number,
what an OVHcloud zone cannot hold. $INCLUDE is refused: the file is the whole zone.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible_collections.signet.ovh.plugins.module_utils.dns import RECORD_TYPES, DnsInputError, api_target, canonical

DNSPYTHON_IMPORT_ERROR = None
try:
    import dns.exception
    import dns.name
    import dns.rdataclass
    import dns.rdatatype
    import dns.tokenizer
    import dns.zone
    import dns.zonefile
    HAS_DNSPYTHON = True
except ImportError:
    HAS_DNSPYTHON = False
    DNSPYTHON_IMPORT_ERROR = traceback.format_exc()

# DKIM and DMARC are OVH's names for TXT records; a file holds them as TXT.
FILE_TYPES = tuple(field_type for field_type in RECORD_TYPES if field_type not in ("DKIM", "DMARC"))
SKIPPED_TYPES = ("SOA",)  # OVHcloud writes the SOA itself


class ZoneFileSet(object):
    """One record set of the file: values as (api_target, canonical) pairs, the TTL, where it is."""

    def __init__(self, subdomain, field_type, line):
        self.subdomain = subdomain
        self.type = field_type
        self.line = line
        self.values = []
        self.ttl = None
        self.default_ttl = False  # every record of the set took the file's default TTL

    def add(self, value, ttl, from_default):
        if value not in self.values:
            self.values.append(value)
        self.default_ttl = from_default if self.ttl is None else (self.default_ttl and from_default)
        self.ttl = ttl if self.ttl is None else min(self.ttl, ttl)


class ZoneFile(object):
    """The parsed file: ``sets`` {(subdomain, type): ZoneFileSet}, ``apex_ns`` (ignored, OVH serves
    its own), ``skipped`` (lines of records left to OVH: SOA)."""

    def __init__(self):
        self.sets = {}
        self.apex_ns = []
        self.skipped = []


def _target(rdata, field_type, origin, zone):
    if field_type in ("TXT", "SPF"):
        # The strings of a multi-string TXT are one value; the API form re-splits it in 255-byte chunks.
        text = b"".join(rdata.strings).decode("utf-8", "replace")
        return api_target(field_type, text, zone, "unquoted")
    return api_target(field_type, rdata.to_text(origin=origin, relativize=False), zone)


def parse_zone_file(text, zone, source="zone_file"):
    """Read ``text`` as the zone ``zone``; raise DnsInputError naming ``source`` and the line."""
    origin = dns.name.from_text(zone)
    holder = dns.zone.Zone(origin, relativize=False)
    parsed = ZoneFile()
    txn = holder.writer()
    tokenizer = dns.tokenizer.Tokenizer(text, source)
    reader = dns.zonefile.Reader(tokenizer, dns.rdataclass.IN, txn, allow_include=False)
    state = {"line": 1, "at_start": True}
    # dnspython skips a record outside the zone without a word: with the root as its zone origin it
    # passes every record on, and add() refuses those outside. (With absolute names, the zone origin
    # is used for nothing else.)
    reader.zone_origin = dns.name.root
    read_token = tokenizer.get

    def get(*args, **kwargs):
        # The line where each statement (a record, which parentheses may spread over several
        # lines, or a directive) starts: the one every message names.
        token = read_token(*args, **kwargs)
        if token.is_eol_or_eof():
            state["at_start"] = True  # the next other token starts a statement (this one may be read again after an unget)
        elif state["at_start"]:
            state["line"], state["at_start"] = tokenizer.line_number, False
        return token

    def add(name, ttl, rdata):
        line = state["line"]
        if not name.is_subdomain(origin):
            raise DnsInputError("%s line %d: %s is outside the zone %s" % (source, line, name.to_text(), zone))
        field_type = dns.rdatatype.to_text(rdata.rdtype)
        if field_type in SKIPPED_TYPES:
            parsed.skipped.append(line)
            return
        if field_type not in FILE_TYPES:
            raise DnsInputError("%s line %d: an OVHcloud zone cannot hold %s records (it holds %s)"
                                % (source, line, field_type, ", ".join(FILE_TYPES)))
        subdomain = name.relativize(origin).to_text().lower()
        subdomain = "" if subdomain == "@" else subdomain
        try:
            target = _target(rdata, field_type, origin, zone)
        except DnsInputError as exc:
            raise DnsInputError("%s line %d: %s" % (source, line, exc))
        if (subdomain, field_type) == ("", "NS"):
            parsed.apex_ns.append(canonical("NS", target, zone))
            return
        key = (subdomain, field_type)
        if key not in parsed.sets:
            parsed.sets[key] = ZoneFileSet(subdomain, field_type, line)
        parsed.sets[key].add((target, canonical(field_type, target, zone)), ttl,
                             reader.default_ttl_known and ttl == reader.default_ttl)

    tokenizer.get = get
    txn.add = add
    try:
        reader.read()
    except dns.exception.DNSException as exc:
        raise DnsInputError("%s line %d: %s" % (source, state["line"], _problem(exc, source)))
    finally:
        txn.rollback()
    return parsed


def _problem(exc, source):
    """The text of a dnspython error without the '<source>:<line>: ' it puts before syntax errors
    (a line read past the statement's end: parse_zone_file names the statement's own)."""
    text = str(exc)
    prefix = source + ":"
    if text.startswith(prefix):
        line, dummy, rest = text[len(prefix):].partition(":")
        if line.isdigit():
            return rest.strip()
    return text
