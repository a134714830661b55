# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A BIND master file read into the record sets of an OVHcloud zone (with dnspython).

Every directive and name form of the format is understood by dnspython ($ORIGIN, $TTL,
$GENERATE, @, relative and absolute names, parentheses, multi-string TXT); this module turns
its records into (subdomain, type) sets in the API's form and refuses, with the line number,
what an OVHcloud zone cannot hold. $INCLUDE is refused: the file is the whole zone.

The parse is checked, not trusted: every statement of the file is followed through the
tokenizer, and a record statement that does not yield exactly its records (as dnspython before
2.9 does after a relative $ORIGIN, silently) fails the parse with its line.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import traceback

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    RECORD_TYPES, DnsInputError, api_target, canonical, check_ttl, gc_paused, normalize_subdomain, quote_string, txt_canonical)

DNSPYTHON_IMPORT_ERROR = None
DNSPYTHON_VERSION = None
try:
    import dns.exception
    import dns.grange
    import dns.name
    import dns.rdataclass
    import dns.rdatatype
    import dns.tokenizer
    import dns.version
    import dns.zone
    import dns.zonefile
    HAS_DNSPYTHON = True
    DNSPYTHON_VERSION = tuple(getattr(dns.version, part, 0) for part in ("MAJOR", "MINOR", "MICRO"))
except ImportError:
    HAS_DNSPYTHON = False
    DNSPYTHON_IMPORT_ERROR = traceback.format_exc()

# Versions before 2.9 drop the records after a relative $ORIGIN without an error.
MIN_DNSPYTHON = (2, 9)
# $GENERATE makes at most this many records (a typo such as 1-1000000 must not exhaust the host).
MAX_GENERATE = 10000

# DKIM and DMARC are OVH's names for TXT records; a file holds them as TXT.
FILE_TYPES = tuple(field_type for field_type in RECORD_TYPES if field_type not in ("DKIM", "DMARC"))
SKIPPED_TYPES = ("SOA",)  # OVHcloud writes the SOA itself
# Types whose API form (api_target) is already the canonical one: no second parse.
SELF_CANONICAL = ("A", "AAAA", "CNAME", "DNAME", "MX", "NS", "PTR", "SRV")
_PLAIN_LABEL = re.compile(b"^[A-Za-z0-9_*-]+$")


def dnspython_problem():
    """Why the installed dnspython cannot read zone files, or None."""
    if DNSPYTHON_VERSION is not None and DNSPYTHON_VERSION[:2] < MIN_DNSPYTHON:
        return ("dnspython %s is installed, zone files need dnspython %d.%d or later (earlier versions drop the records "
                "after a relative $ORIGIN without an error): pip install 'dnspython>=%d.%d' on the host where the module runs"
                % (".".join(str(part) for part in DNSPYTHON_VERSION), MIN_DNSPYTHON[0], MIN_DNSPYTHON[1],
                   MIN_DNSPYTHON[0], MIN_DNSPYTHON[1]))
    return None


MAX_FILE_BYTES = 64 * 2 ** 20  # a zone of a million records is about 40 MB


def read_zone_file(path):
    """The text of the zone file at ``path``: UTF-8, at most MAX_FILE_BYTES (never all of /dev/zero)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (IOError, OSError) as exc:
        raise DnsInputError("cannot read the zone file %s: %s" % (path, to_text(exc)))
    if len(data) > MAX_FILE_BYTES:
        raise DnsInputError("the zone file %s is larger than %d MB: that is not a zone file" % (path, MAX_FILE_BYTES // 2 ** 20))
    return decode_zone_file(data, path)


def decode_zone_file(data, source):
    """The text of a file read as bytes; a byte sequence that is not UTF-8 fails naming its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DnsInputError("%s line %d: not UTF-8 (byte 0x%02x); save the file as UTF-8" % (source, line, data[exc.start]))


class ZoneFileSet(object):
    """One record set of the file: values as (api_target, canonical) pairs, the TTL, where it is."""

    def __init__(self, subdomain, field_type, line):
        self.subdomain = subdomain
        self.type = field_type
        self.line = line
        self.values = []
        self.seen = set()
        self.ttl = None

    def add(self, value, ttl):
        if value not in self.seen:
            self.seen.add(value)
            self.values.append(value)
        self.ttl = ttl if self.ttl is None else min(self.ttl, ttl)


class ZoneFile(object):
    """The parsed file: ``sets`` {(subdomain, type): ZoneFileSet}, ``apex_ns`` (ignored, OVH serves
    its own), ``skipped`` (lines of records left to OVH: SOA)."""

    def __init__(self):
        self.sets = {}
        self.apex_ns = []
        self.skipped = []


def _target(rdata, field_type, origin, zone):
    """(the target sent to the API, its comparable form), validated as the records mode validates values."""
    if field_type == "A":
        target = api_target(field_type, rdata.address, zone)
        return target, target
    if field_type in ("TXT", "SPF"):
        # Each string of a multi-string TXT stays a string of its own (DNS-SD reads them one by one).
        try:
            strings = [chunk.decode("utf-8") for chunk in rdata.strings]
        except UnicodeDecodeError:
            raise DnsInputError("a %s string holds bytes that are not UTF-8 text" % field_type)
        if any("\n" in chunk or "\r" in chunk for chunk in strings):
            raise DnsInputError("value %r must not contain line breaks" % "".join(strings))
        return " ".join(quote_string(chunk) for chunk in strings), txt_canonical(strings)
    target = api_target(field_type, rdata.to_text(origin=origin, relativize=False), zone)
    return target, target if field_type in SELF_CANONICAL else canonical(field_type, target, zone)


def _token_line(tokenizer):
    # The tokenizer has already read (and put back) the newline after a token that ends its line.
    return tokenizer.line_number - 1 if tokenizer.ungotten_char == "\n" else tokenizer.line_number


def _value_problem(tokens, named, zone):
    """Why the value of a record statement is wrong, said our way, or None."""
    rest = tokens[1:] if named else tokens
    while rest and (rest[0].upper() == "IN" or rest[0][:1].isdigit()):
        rest = rest[1:]  # the class and the TTL
    if len(rest) < 2 or rest[0].upper() not in FILE_TYPES:
        return None
    field_type, value = rest[0].upper(), " ".join(rest[1:])
    try:
        api_target(field_type, value, zone)
    except DnsInputError as exc:
        if field_type in ("A", "AAAA"):
            return "%s is not an IPv%s address" % (value, "4" if field_type == "A" else "6")
        return str(exc)
    return None


def parse_zone_file(text, zone, source="zone_file"):
    """Read ``text`` as the zone ``zone``; raise DnsInputError naming ``source`` and the line."""
    problem = dnspython_problem()
    if problem:
        raise DnsInputError(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]  # the byte order mark some editors write at the start of a UTF-8 file
    origin = dns.name.from_text(zone)
    holder = dns.zone.Zone(origin, relativize=False)
    parsed = ZoneFile()
    txn = holder.writer()
    tokenizer = dns.tokenizer.Tokenizer(text, source)
    reader = dns.zonefile.Reader(tokenizer, dns.rdataclass.IN, txn, allow_include=False)
    # Each statement: its first line, its kind (record, or a directive), how many records it must
    # yield ("expected"); "added" counts the records dnspython passed on per line.
    state = {"line": 1, "at_start": True, "last": None, "kind": None, "named": True, "after_directive": 0}
    expected, added = {}, {}
    # dnspython skips a record outside the zone without a word: with the root as its zone origin it
    # passes every record on, and add() refuses those outside. (With absolute names, the zone origin
    # is used for nothing else.)
    reader.zone_origin = dns.name.root
    read_token = tokenizer.get

    def fail(message):
        raise DnsInputError("%s line %d: %s" % (source, state["line"], message))

    def start(token):
        state["line"], state["at_start"] = _token_line(tokenizer), False
        if token.is_whitespace():
            state["kind"] = "leading"  # a record with the name of the one before, or a blank line
        elif token.is_comment():
            state["kind"] = "comment"
        elif token.is_identifier() and token.value.startswith("$"):
            state["kind"], state["after_directive"] = token.value.upper(), 0
        else:
            record_statement(token)

    def record_statement(token, named=True):
        state["kind"], state["named"] = "record", named
        expected[state["line"]] = 1

    def directive_argument(token):
        state["after_directive"] += 1
        if state["after_directive"] != 1 or not (token.is_identifier() or token.is_quoted_string()):
            return
        if state["kind"] == "$GENERATE":
            try:
                first, last, step = dns.grange.from_text(token.value)
            except (dns.exception.DNSException, ValueError, AssertionError):  # dnspython says what is wrong with the range
                return
            count = len(range(first, last + 1, step))
            if count > MAX_GENERATE:
                fail("$GENERATE %s would make %d records, at most %d are allowed" % (token.value, count, MAX_GENERATE))
            expected[state["line"]] = count
        elif state["kind"] == "$ORIGIN":
            value = token.value.lower()
            if not value.endswith(".") and (value == zone or value.endswith("." + zone)):
                fail("$ORIGIN %s is relative (no final dot), so it means %s.%s.; write %s. if that is the zone's name"
                     % (token.value, token.value, zone, token.value))

    end_types = (dns.tokenizer.EOL, dns.tokenizer.EOF)

    def get(*args, **kwargs):
        # Called for every token of the file: kept lean.
        token = read_token(*args, **kwargs)
        if token is state["last"]:
            return token  # a token put back and read again
        state["last"] = token
        if token.ttype in end_types:
            state["at_start"] = True  # the next other token starts a statement
        elif state["at_start"]:
            start(token)
        elif state["kind"] != "record":
            kind = state["kind"]
            if kind == "leading":
                record_statement(token, named=False)
            elif kind is not None and kind[0] == "$":
                directive_argument(token)
        return token

    origin_labels = tuple(label.lower() for label in origin.labels)
    depth = len(origin_labels)
    type_names = {}

    def relative_name(name):
        """The name relative to the zone as text, or None when it is outside."""
        labels = name.labels
        if len(labels) < depth or tuple(label.lower() for label in labels[-depth:]) != origin_labels:
            return None
        inside = labels[:-depth]
        if all(_PLAIN_LABEL.match(label) for label in inside):
            return b".".join(inside).decode("ascii")
        return name.relativize(origin).to_text()  # escaped (w\.x, foo.\@): normalize_subdomain refuses it

    def add(name, ttl, rdata):
        line = state["line"]
        added[line] = added.get(line, 0) + 1
        relative = relative_name(name)
        if relative is None:
            fail("%s is outside the zone %s" % (name.to_text(), zone))
        field_type = type_names.get(rdata.rdtype)
        if field_type is None:
            field_type = type_names[rdata.rdtype] = dns.rdatatype.to_text(rdata.rdtype)
        if field_type in SKIPPED_TYPES:
            parsed.skipped.append(line)
            return
        if field_type not in FILE_TYPES:
            fail("an OVHcloud zone cannot hold %s records (it holds %s)" % (field_type, ", ".join(FILE_TYPES)))
        try:
            subdomain = normalize_subdomain(relative, zone)
            if ttl < 60:  # 0 is the zone's default TTL at OVHcloud, not "do not cache"
                raise DnsInputError("TTL %d is invalid: an OVHcloud record has a TTL of at least 60" % ttl)
            check_ttl(ttl, "TTL")
            target, value = _target(rdata, field_type, origin, zone)
        except DnsInputError as exc:
            fail(str(exc))
        if (subdomain, field_type) == ("", "NS"):
            parsed.apex_ns.append(value)
            return
        key = (subdomain, field_type)
        if key not in parsed.sets:
            parsed.sets[key] = ZoneFileSet(subdomain, field_type, line)
        parsed.sets[key].add((target, value), ttl)

    tokenizer.get = get
    txn.add = add
    try:
        with gc_paused():
            reader.read()
    except dns.exception.DNSException as exc:
        reason = None
        if state["kind"] == "record":
            # The statement's first line again, split into words: enough to say why a value is wrong.
            words = text.split("\n", state["line"])[state["line"] - 1].split(";", 1)[0].split()
            reason = _value_problem(words, state["named"], zone)
        fail(reason or _problem(exc, source))
    finally:
        txn.rollback()
    for line in sorted(set(expected) | set(added)):
        if expected.get(line, 0) != added.get(line, 0):
            state["line"] = line
            fail("the parser (dnspython %s) read %d records where the file has %d; nothing was changed"
                 % (".".join(str(part) for part in DNSPYTHON_VERSION), added.get(line, 0), expected.get(line, 0)))
    check_file_rules(parsed, source)
    return parsed


def check_file_rules(parsed, source):
    """The zone rules of the file itself, with lines: a CNAME alone at its name, none at the apex, one value."""
    names = {}
    for (subdomain, field_type), file_set in parsed.sets.items():
        names.setdefault(subdomain, {})[field_type] = file_set
    for subdomain, sets in sorted(names.items(), key=lambda item: item[1].get("CNAME", item[1][min(item[1])]).line):
        cname = sets.get("CNAME")
        if cname is None:
            continue
        if not subdomain:
            raise DnsInputError("%s line %d: a CNAME record cannot be at the zone apex" % (source, cname.line))
        if len(cname.values) > 1:
            raise DnsInputError("%s line %d: a CNAME record set holds one value, %s has %d"
                                % (source, cname.line, subdomain, len(cname.values)))
        others = sorted((file_set.line, field_type) for field_type, file_set in sets.items() if field_type != "CNAME")
        if others:
            raise DnsInputError("%s line %d: a CNAME record cannot exist next to other records of the same name: %s also has %s"
                                % (source, cname.line, subdomain, ", ".join("%s (line %d)" % (t, line) for line, t in others)))


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
