"""BIND zone files read into OVHcloud record sets (dnspython), and what is refused with its line."""

from pathlib import Path

import dns.name
import dns.zonefile
import pytest

from ansible_collections.signet.ovh.plugins.module_utils import zonefile
from ansible_collections.signet.ovh.plugins.module_utils.dns import DnsInputError
from ansible_collections.signet.ovh.plugins.module_utils.zonefile import parse_zone_file

FILE = '''$ORIGIN example.com.
$TTL 3600
@   IN SOA dns1.ovh.net. tech.ovh.net. ( 2024010101 86400 3600
        3600000 300 )
@          IN NS     dns1.ovh.net.
@          IN NS     ns1.ovh.net.
@          IN A      192.0.2.10
           IN A      192.0.2.11        ; the name of the line before
www  300   IN CNAME  @
@          IN MX     10 mx1
mx1        IN A      192.0.2.25
@    600   IN TXT    "v=spf1 include:mx.ovh.com" " ~all"
long       IN TXT    "a very long" "DKIM key" "split in strings"
_sip._tcp  IN SRV    10 5 5060 sip.example.net.
@          IN CAA    0 issue "letsencrypt.org"
Sub        IN NS     ns.other.net.
*.wild     IN AAAA   2001:DB8:0::1
$ORIGIN lab.example.com.
host   60  IN A      198.51.100.1
'''


def test_sets_of_a_zone_file():
    parsed = parse_zone_file(FILE, "example.com")
    sets = dict((key, ([target for target, dummy in s.values], s.ttl, s.line)) for key, s in parsed.sets.items())
    assert sets == {
        ("", "A"): (["192.0.2.10", "192.0.2.11"], 3600, 7),
        ("www", "CNAME"): (["example.com."], 300, 9),
        ("", "MX"): (["10 mx1.example.com."], 3600, 10),
        ("mx1", "A"): (["192.0.2.25"], 3600, 11),
        ("", "TXT"): (['"v=spf1 include:mx.ovh.com" " ~all"'], 600, 12),  # the file's strings stay apart
        ("long", "TXT"): (['"a very long" "DKIM key" "split in strings"'], 3600, 13),
        ("_sip._tcp", "SRV"): (["10 5 5060 sip.example.net."], 3600, 14),
        ("", "CAA"): (['0 issue "letsencrypt.org"'], 3600, 15),
        ("sub", "NS"): (["ns.other.net."], 3600, 16),
        ("*.wild", "AAAA"): (["2001:db8::1"], 3600, 17),
        ("host.lab", "A"): (["198.51.100.1"], 60, 19),
    }
    assert parsed.apex_ns == ["dns1.ovh.net.", "ns1.ovh.net."]  # OVHcloud serves its own: not managed
    assert parsed.skipped == [3]  # the SOA


def test_multi_string_txt_keeps_its_strings():
    parsed = parse_zone_file('$TTL 60\n@ IN TXT "%s" "%s"\nprinter IN TXT "txtvers=1" "rp=printers/lobby"\n' % ("a" * 200, "b" * 200),
                             "example.com")
    assert parsed.sets[("", "TXT")].values == [('"%s" "%s"' % ("a" * 200, "b" * 200), '"%s" "%s"' % ("a" * 200, "b" * 200))]
    assert parsed.sets[("printer", "TXT")].values == [('"txtvers=1" "rp=printers/lobby"', '"txtvers=1" "rp=printers/lobby"')]
    # The usual 255-byte split of a long value reads as its text, as the API form of records mode does.
    parsed = parse_zone_file('$TTL 60\n@ IN TXT "%s" "%s"\n' % ("a" * 255, "b" * 145), "example.com")
    assert parsed.sets[("", "TXT")].values == [('"%s" "%s"' % ("a" * 255, "b" * 145), "a" * 255 + "b" * 145)]


@pytest.mark.parametrize("text, message", [
    ('$TTL 60\n@ IN A 192.0.2.1\n\nhost IN HINFO "PC" "Linux"\n', "line 4: an OVHcloud zone cannot hold HINFO records"),
    ("$TTL 60\n@ IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "line 2: an OVHcloud zone cannot hold DS"),
    ("$TTL 60\nwww.example.net. IN A 192.0.2.1\n", "line 2: www.example.net. is outside the zone example.com"),
    ("$TTL 60\n$ORIGIN example.net.\nwww IN A 192.0.2.1\n", "line 3: www.example.net. is outside the zone"),
    ("$TTL 60\n@ IN A 192.0.2.300\n", "line 2:"),
    ("$TTL 60\n@ CH A 192.0.2.1\n", "line 2:"),
    ("$INCLUDE /etc/passwd\n", "line 1: "),  # the wording depends on the dnspython version
    ("@ IN A 192.0.2.1\n", "line 1: Missing default TTL value"),
    ("$TTL 60\n@ IN MX 10\n", "line 2:"),
])
def test_refused_with_the_line(text, message):
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(text, "example.com", "site.zone")
    assert str(caught.value).startswith("site.zone line"), str(caught.value)
    assert message in str(caught.value)


def test_generate():
    parsed = parse_zone_file("$TTL 300\n$ORIGIN dev.example.com.\n$GENERATE 1-3 host$ A 192.0.2.$\n", "example.com")
    assert sorted(parsed.sets) == [("host1.dev", "A"), ("host2.dev", "A"), ("host3.dev", "A")]
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file("$TTL 300\n\n$GENERATE 1-3 host$.example.net. A 192.0.2.$\n", "example.com")
    assert str(caught.value) == "zone_file line 3: host1.example.net. is outside the zone example.com"


# The parse is checked, not trusted (issue 19) --------------------------------------------------

def test_an_old_dnspython_is_refused_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(zonefile, "DNSPYTHON_VERSION", (2, 8, 0))
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file("$TTL 60\n@ IN A 192.0.2.1\n", "example.com")
    assert str(caught.value).startswith("dnspython 2.8.0 is installed, zone files need dnspython 2.9 or later (earlier versions "
                                        "drop the records after a relative $ORIGIN without an error)")
    monkeypatch.setattr(zonefile, "DNSPYTHON_VERSION", (2, 9, 0))
    assert zonefile.dnspython_problem() is None


def test_requirements_ask_for_a_dnspython_that_reads_relative_origin():
    root = Path(__file__).resolve().parents[4]
    for name in ("requirements.txt", "tests/requirements.txt"):
        assert "dnspython>=%d.%d\n" % zonefile.MIN_DNSPYTHON in (root / name).read_text(), name


RELATIVE_ORIGIN = "$TTL 60\n@ IN A 192.0.2.1\n$ORIGIN lab\nhost IN A 192.0.2.2\n\nother IN A 192.0.2.3\n"


def test_relative_origin():
    parsed = parse_zone_file(RELATIVE_ORIGIN, "example.com")
    assert sorted(parsed.sets) == [("", "A"), ("host.lab", "A"), ("other.lab", "A")]


def test_records_a_parser_drops_fail_the_parse_with_their_line(monkeypatch):
    """What dnspython 2.2 to 2.8 do after a relative $ORIGIN, simulated: the records vanish from the
    parse without an error. The check of every statement against the records it yielded catches it."""
    monkeypatch.setattr(zonefile, "DNSPYTHON_VERSION", (2, 9, 0))  # past the version gate
    original = dns.zonefile.Reader._rr_line

    def rr_line_of_dnspython_2_8(self):
        if self.current_origin != dns.name.from_text("example.com"):
            self._eat_line()  # 2.8 skips the record as outside the zone
            return
        original(self)

    monkeypatch.setattr(dns.zonefile.Reader, "_rr_line", rr_line_of_dnspython_2_8)
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(RELATIVE_ORIGIN, "example.com", "site.zone")
    assert str(caught.value) == "site.zone line 4: the parser (dnspython 2.9.0) read 0 records where the file has 1; nothing was changed"


def test_generate_yields_what_its_range_says(monkeypatch):
    parsed = parse_zone_file("$TTL 60\n$GENERATE 0-9/3 h$ A 192.0.2.$\n", "example.com")
    assert sorted(parsed.sets) == [("h0", "A"), ("h3", "A"), ("h6", "A"), ("h9", "A")]
    original = dns.zonefile.Reader._generate_line

    def generate_one_too_few(self):
        add = self.txn.add
        seen = []
        self.txn.add = lambda *args: seen.append(1) if len(seen) == 0 else add(*args)
        try:
            original(self)
        finally:
            self.txn.add = add

    monkeypatch.setattr(dns.zonefile.Reader, "_generate_line", generate_one_too_few)
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file("$TTL 60\n\n$GENERATE 0-9/3 h$ A 192.0.2.$\n", "example.com")
    assert "zone_file line 3: the parser (dnspython " in str(caught.value) and "read 3 records where the file has 4" in str(caught.value)
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file("$TTL 60\n$GENERATE 1-%d h$ A 192.0.2.1\n" % (zonefile.MAX_GENERATE + 1), "example.com")
    assert "would make %d records, at most %d are allowed" % (zonefile.MAX_GENERATE + 1, zonefile.MAX_GENERATE) in str(caught.value)


@pytest.mark.parametrize("text, line", [
    ("$TTL 60\nfoo\nbar IN A 192.0.2.1\n", 2),  # a one-token statement: its own line, not the next
    ("$TTL 60\n@ IN A 192.0.2.1\nbad\n", 3),
    ("$TTL 60\n@ IN TXT (\n  \"a\"\n  \"b\" ) \nx IN A 192.0.2.999\n", 5),
    ("$TTL 60\n@ IN SOA ns. host. (\n 1 2 3 4\n 5 )\n\n   \n ; only a comment\nx IN A 192.0.2.999\n", 8),
    ("$TTL 60\r\n\r\nx IN A 192.0.2.999\r\n", 3),
])
def test_errors_name_the_statement_line(text, line):
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(text, "example.com")
    assert str(caught.value).startswith("zone_file line %d: " % line), str(caught.value)


@pytest.mark.parametrize("text, message", [
    ("$TTL 60\n$ORIGIN example.com\n@ IN A 192.0.2.1\n", "line 2: $ORIGIN example.com is relative (no final dot)"),
    ("$TTL 60\n$ORIGIN lab.Example.com\n@ IN A 192.0.2.1\n", "line 2: $ORIGIN lab.Example.com is relative"),
    ("$TTL 60\n@ 0 IN A 192.0.2.1\n", "line 2: TTL 0 is invalid: an OVHcloud record has a TTL of at least 60"),
    ("$TTL 60\n@ IN TXT \"\\255\\254\"\n", "line 2: a TXT string holds bytes that are not UTF-8 text"),
    ("$TTL 60\n@ IN MX 10 bad..host.\n", "line 2:"),
    ("$TTL 60\nwww IN CNAME @\nwww IN TXT \"x\"\n", "line 2: a CNAME record cannot exist next to other records"),
    ("$TTL 60\n@ IN A 192.0.2.1\n\x00 IN A 192.0.2.2\n", "line 3:"),
])
def test_hostile_files(text, message):
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(text, "example.com")
    assert message in str(caught.value), str(caught.value)


def test_not_utf8_names_its_line():
    assert zonefile.decode_zone_file(b"$TTL 60\n@ IN A 192.0.2.1\n", "f") == "$TTL 60\n@ IN A 192.0.2.1\n"
    with pytest.raises(DnsInputError) as caught:
        zonefile.decode_zone_file(b"$TTL 60\n\n@ IN TXT \"caf\xe9\"\n", "f.zone")
    assert str(caught.value) == "f.zone line 3: not UTF-8 (byte 0xe9); save the file as UTF-8"


def test_read_zone_file(tmp_path, monkeypatch):
    good = tmp_path / "good.zone"
    good.write_bytes(b"$TTL 60\r\n@ IN A 192.0.2.1\r\n")
    assert zonefile.read_zone_file(str(good)) == "$TTL 60\r\n@ IN A 192.0.2.1\r\n"
    for path in (tmp_path / "missing.zone", tmp_path):  # a directory too
        with pytest.raises(DnsInputError) as caught:
            zonefile.read_zone_file(str(path))
        assert str(caught.value).startswith("cannot read the zone file %s: [Errno " % path)
    bad = tmp_path / "latin1.zone"
    bad.write_bytes(b"@ IN TXT \"caf\xe9\"\n")
    with pytest.raises(DnsInputError, match="latin1.zone line 1: not UTF-8"):
        zonefile.read_zone_file(str(bad))
    # The limit is read, not the whole file: one byte more than the limit is refused.
    monkeypatch.setattr(zonefile, "MAX_FILE_BYTES", 16)
    big = tmp_path / "big.zone"
    big.write_bytes(b"x" * 17)
    with pytest.raises(DnsInputError, match="is larger than 0 MB: that is not a zone file"):
        zonefile.read_zone_file(str(big))
    big.write_bytes(b"x" * 16)
    assert zonefile.read_zone_file(str(big)) == "x" * 16
