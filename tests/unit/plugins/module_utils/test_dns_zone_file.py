"""BIND zone files read into OVHcloud record sets (dnspython), and what is refused with its line."""

import pytest

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
