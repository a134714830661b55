"""module_utils/zonefile.py through parse_zone_file: what hand mutants of the file changed unnoticed
(tests/MUTATION.md): mixed TTLs in one set, duplicate records, the $GENERATE limit, line breaks."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.dns import DnsInputError
from ansible_collections.signet.ovh.plugins.module_utils.zonefile import MAX_GENERATE, parse_zone_file

ZONE = "example.com"


def sets(text):
    return parse_zone_file(text, ZONE).sets


@pytest.mark.parametrize("order", [("600", "300"), ("300", "600")])
def test_a_set_with_mixed_ttls_takes_the_lowest(order):
    parsed = sets("$TTL 3600\na %s IN A 192.0.2.1\na %s IN A 192.0.2.2\n" % order)
    assert parsed[("a", "A")].ttl == 300
    assert [value[0] for value in parsed[("a", "A")].values] == ["192.0.2.1", "192.0.2.2"]


def test_a_record_written_twice_is_one_value():
    parsed = sets("$TTL 3600\na IN A 192.0.2.1\na IN A 192.0.2.1\nb IN TXT \"x\"\nb IN TXT \"x\"\n")
    assert parsed[("a", "A")].values == [("192.0.2.1", "192.0.2.1")]
    assert len(parsed[("b", "TXT")].values) == 1


def test_generate_up_to_its_limit():
    parsed = sets("$TTL 3600\n$GENERATE 1-%d h$ A 192.0.2.1\n" % MAX_GENERATE)
    assert len(parsed) == MAX_GENERATE
    with pytest.raises(DnsInputError, match="would make %d records" % (MAX_GENERATE + 1)):
        sets("$TTL 3600\n$GENERATE 0-%d h$ A 192.0.2.1\n" % MAX_GENERATE)


@pytest.mark.parametrize("escaped", ["\\010", "\\013"])
def test_a_txt_string_with_a_line_break_is_refused(escaped):
    with pytest.raises(DnsInputError, match="line 2: value .* must not contain line breaks"):
        sets('$TTL 3600\na IN TXT "x%sy"\n' % escaped)


def test_multi_string_txt_keeps_its_strings():
    parsed = sets('$TTL 3600\na IN TXT "one" "two"\n')
    ((target, dummy),) = parsed[("a", "TXT")].values
    assert target == '"one" "two"'


def test_ns_below_the_apex_is_a_set_and_apex_ns_is_left_to_ovh():
    parsed = parse_zone_file("$TTL 3600\n@ IN NS ns1.example.net.\nsub IN NS ns1.example.net.\n", ZONE)
    assert parsed.apex_ns == ["ns1.example.net."]
    assert list(parsed.sets) == [("sub", "NS")]


@pytest.mark.parametrize("text, message", [
    # dnspython reads the escape as a line break, which no OVHcloud record can hold.
    ('$TTL 60\n@ IN A 192.0.2.1\nnote IN TXT "first\\010second"\n', "site.zone line 3: value 'first\\nsecond' must not contain line breaks"),
    # A name past 255 octets is not a syntax error for dnspython, but it is refused the same way.
    ("$TTL 60\n%s IN A 192.0.2.1\n" % ".".join(["a" * 60] * 5), "site.zone line 2: A DNS name is > 255 octets long."),
    # Directives are named by their own line too, not by the last record's or the next line.
    ("$TTL bad\n@ IN A 192.0.2.1\n", "site.zone line 1: DNS TTL value is not well-formed."),
    ("$TTL 60\n@ IN A 192.0.2.1\n$ORIGIN %s.\nx IN A 192.0.2.2\n" % ".".join(["a" * 60] * 5),
     "site.zone line 3: A DNS name is > 255 octets long."),
    ("$TTL 60\nwww IN A 192.0.2.1\n@ IN NS\n", "site.zone line 3: expecting an identifier"),
])
def test_zone_file_records_refused_with_their_line(text, message):
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(text, "example.com", "site.zone")
    assert str(caught.value) == message
