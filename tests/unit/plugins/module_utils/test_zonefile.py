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
