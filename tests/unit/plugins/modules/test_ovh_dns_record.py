"""ovh_dns_record in-process (tests/module_runner.py) against the emulator: idempotence, request
budgets (read from the emulator's log), the DNS value rules, on_existing, refresh, bad input, a record
already gone. Check mode and diff as the CLI passes them, and a looped task of every type, run through
ansible-playbook in tests/integration/test_dns_record.py."""

import pytest

from api_log import record_writes, requests, writes, zone_set
from dns_runs import DnsRecord
from module_runner import seed_time_offset


@pytest.fixture
def dns(modules, emulator, tmp_path):
    """ovh_dns_record in-process with dns_record.yml's defaults (dns_runs.DnsRecord); the server time as
    if learnt by an earlier task, so that every budget below counts API work only."""
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    return DnsRecord(None, modules, emulator, tmp_path)


def test_dns_record_delete_of_a_record_already_gone_is_not_an_error(modules, emulator):
    # Another client deleted the record between the read and the DELETE: the API answers 404.
    emulator.add_fault(status=404, count=1, method="DELETE")
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "www", "type": "CNAME",
                                                                   "state": "absent"})
    assert rc == 0 and result["changed"], result
    assert [entry["status"] for entry in writes(emulator) if entry["method"] == "DELETE"] == [404]


def assert_idempotent(dns, emulator, **options):
    result = dns(**options)
    assert not result["changed"], result
    assert writes(emulator) == []
    assert len(requests(emulator)) <= 2, requests(emulator)
    return result


def test_create_rerun_change_ttl_change_value_delete_with_budgets(dns, emulator):
    result = dns(subdomain="api", type="A", value=["192.0.2.50"], ttl=3600)
    assert result["changed"]
    assert requests(emulator) == [("GET", "/domain/zone/{zoneName}/record"), ("POST", "/domain/zone/{zoneName}/record"),
                                  ("POST", "/domain/zone/{zoneName}/refresh")]
    assert zone_set(emulator, "api", "A", live=True) == [("192.0.2.50", 3600)]
    record_id = result["record_set"]["records"][0]["id"]
    assert record_id and result["record_set"]["value"] == ["192.0.2.50"]

    assert_idempotent(dns, emulator, subdomain="api", type="A", value=["192.0.2.50"], ttl=3600)

    result = dns(subdomain="api", type="A", value=["192.0.2.50"], ttl=600)
    assert result["changed"]
    assert requests(emulator) == [("GET", "/domain/zone/{zoneName}/record"), ("GET", "/domain/zone/{zoneName}/record/{id}"),
                                  ("PUT", "/domain/zone/{zoneName}/record/{id}"), ("POST", "/domain/zone/{zoneName}/refresh")]
    assert zone_set(emulator, "api", "A", live=True) == [("192.0.2.50", 600)]

    result = dns(subdomain="api", type="A", value=["192.0.2.51"])
    assert result["changed"] and len(requests(emulator)) == 4
    assert record_writes(emulator) == ["PUT"]  # reused, not deleted and created
    assert result["record_set"]["records"][0]["id"] == record_id
    assert zone_set(emulator, "api", "A", live=True) == [("192.0.2.51", 600)]  # the TTL was left alone

    result = dns(subdomain="api", type="A", state="absent")
    assert result["changed"] and len(requests(emulator)) == 4
    assert zone_set(emulator, "api", "A", live=True) == []
    result = dns(subdomain="api", type="A", state="absent")
    assert not result["changed"] and writes(emulator) == []


def test_budgets_hold_at_a_name_with_other_types(dns, emulator):
    # The apex holds NS, A, MX and TXT records: a new type there still costs list, create, refresh.
    result = dns(subdomain="", type="CAA", value=['0 issue "letsencrypt.org"'])
    assert result["changed"]
    assert requests(emulator) == [("GET", "/domain/zone/{zoneName}/record"), ("POST", "/domain/zone/{zoneName}/record"),
                                  ("POST", "/domain/zone/{zoneName}/refresh")]
    assert_idempotent(dns, emulator, subdomain="", type="CAA", value=['0 issue "letsencrypt.org"'])
    result = dns(subdomain="@", type="CAA", state="absent")
    assert result["changed"] and len(requests(emulator)) == 4


def test_a_record_next_to_a_cname_is_refused_by_the_api(dns, emulator):
    # Only a CNAME task reads every type of its name; for other types the API enforces the rule.
    result = dns(subdomain="www", type="A", value=["192.0.2.1"])
    assert result["failed"] and "HTTP 400" in result["msg"] and "CNAME" in result["msg"], result
    assert "[QueryID: " in result["msg"] and "Nothing was changed" in result["msg"]
    assert zone_set(emulator, "www", "A") == [] and zone_set(emulator, "www", "CNAME") == [("example.com.", 3600)]


def test_txt_add_correct_delete_like_the_guide(dns, emulator):
    result = dns(subdomain="", type="TXT", value=["ovh-verification=1a2b3c"], on_existing="append")
    assert result["changed"]
    # Appended next to the SPF record, with the set's TTL.
    assert zone_set(emulator, "", "TXT", live=True) == [('"ovh-verification=1a2b3c"', 600), ('"v=spf1 include:mx.ovh.com ~all"', 600)]
    assert_idempotent(dns, emulator, subdomain="@", type="TXT", value=["ovh-verification=1a2b3c"], on_existing="append")
    result = dns(subdomain="", type="TXT", value=["ovh-verification=1a2b3c", "v=spf1 include:mx.ovh.com -all"])
    assert result["changed"]
    assert record_writes(emulator) == ["PUT"]  # the SPF record reused for the new value
    assert sorted(result["record_set"]["value"]) == ["ovh-verification=1a2b3c", "v=spf1 include:mx.ovh.com -all"]
    result = dns(subdomain="", type="TXT", value=["ovh-verification=1a2b3c"], state="absent")
    assert result["changed"]
    assert zone_set(emulator, "", "TXT", live=True) == [('"v=spf1 include:mx.ovh.com -all"', 600)]


def test_txt_with_spaces_quotes_semicolons_and_non_ascii_is_stable(dns, emulator):
    value = 'v=DKIM1; note="quoted \\ back"; été ✓ 日本'
    result = dns(subdomain="odd", type="TXT", value=[value])
    assert result["changed"] and result["record_set"]["value"] == [value]
    assert_idempotent(dns, emulator, subdomain="odd", type="TXT", value=[value])
    quoted = dns(subdomain="odd", type="TXT", value=['"v=DKIM1; note=\\"quoted \\\\ back\\"; " "été ✓ 日本"'], txt_transformation="quoted")
    assert not quoted["changed"], quoted


def test_long_txt_is_split_and_stable(dns, emulator):
    value = "k=" + "A" * 600
    assert dns(subdomain="long", type="TXT", value=[value])["changed"]
    target = zone_set(emulator, "long", "TXT")[0][0]
    assert target.count('"') == 6  # three quoted strings of at most 255 characters
    assert_idempotent(dns, emulator, subdomain="long", type="TXT", value=[value])


def test_relative_names_case_and_ipv6_forms_compare_as_dns_means_them(dns, emulator):
    assert_idempotent(dns, emulator, subdomain="WWW", type="CNAME", value=["EXAMPLE.COM."])
    assert_idempotent(dns, emulator, subdomain="www.example.com.", type="CNAME", value=["example.com."])
    assert_idempotent(dns, emulator, subdomain="@", type="MX", value=["10 mx1"])
    assert dns(subdomain="v6", type="AAAA", value=["2001:db8::1"])["changed"]
    assert_idempotent(dns, emulator, subdomain="v6", type="AAAA", value=["2001:0DB8:0000::0001"])


def test_exact_match_despite_the_ilike_filter(dns, emulator):
    assert dns(subdomain="xdmarc", type="TXT", value=["not dmarc"])["changed"]
    result = dns(subdomain="_dmarc", type="TXT", value=["v=DMARC1; p=none"])
    assert result["changed"]
    assert record_writes(emulator) == ["POST"]  # xdmarc untouched
    assert zone_set(emulator, "xdmarc", "TXT") == [('"not dmarc"', 0)]


def test_multi_value_set_and_on_existing(dns, emulator):
    assert dns(subdomain="pool", type="A", value=["192.0.2.1", "192.0.2.2", "192.0.2.3"], ttl=300)["changed"]
    assert len(zone_set(emulator, "pool", "A", live=True)) == 3
    assert_idempotent(dns, emulator, subdomain="pool", type="A", value=["192.0.2.3", "192.0.2.1", "192.0.2.2"])

    failed = dns(subdomain="pool", type="A", value=["192.0.2.9"], on_existing="keep_and_fail")
    assert failed["failed"] and "exists with other values" in failed["msg"]
    assert writes(emulator) == []
    warned = dns(subdomain="pool", type="A", value=["192.0.2.9"], on_existing="keep_and_warn")
    assert not warned["changed"] and any("exists with other values" in w for w in warned["warnings"])
    kept = dns(subdomain="pool", type="A", value=["192.0.2.9"], on_existing="keep")
    assert not kept["changed"] and writes(emulator) == []

    appended = dns(subdomain="pool", type="A", value=["192.0.2.9"], on_existing="append")
    assert appended["changed"] and len(appended["record_set"]["value"]) == 4
    assert_idempotent(dns, emulator, subdomain="pool", type="A", value=["192.0.2.9"], on_existing="append")

    replaced = dns(subdomain="pool", type="A", value=["192.0.2.1", "192.0.2.7"])
    assert replaced["changed"]
    assert record_writes(emulator) == ["PUT", "DELETE", "DELETE"]  # one record reused, before the deletions
    assert zone_set(emulator, "pool", "A", live=True) == [("192.0.2.1", 300), ("192.0.2.7", 300)]


def test_refresh_false_leaves_changes_pending(dns, emulator):
    assert dns(subdomain="staged", type="A", value=["192.0.2.8"], refresh=False)["changed"]
    assert [entry["route"] for entry in writes(emulator)] == ["/domain/zone/{zoneName}/record"]
    assert zone_set(emulator, "staged", "A") == [("192.0.2.8", 0)]
    assert zone_set(emulator, "staged", "A", live=True) == []


@pytest.mark.parametrize("options, message", [
    (dict(subdomain="a", type="A", value=["192.0.2.300"]), "is not an IPv4 address"),
    (dict(subdomain="a", type="AAAA", value=["192.0.2.1"]), "is not an IPv6 address"),
    (dict(subdomain="a", type="A", value=["192.0.2.1"], ttl=30), "ttl 30 is invalid"),
    (dict(subdomain="a", type="MX", value=["mx1.example.com."]), "must be 'priority host'"),
    (dict(subdomain="a", type="SRV", value=["10 sip.example.com."]), "'priority weight port target'"),
    (dict(subdomain="a", type="A"), "state is present but all of the following are missing: value"),
    (dict(subdomain="a", type="A", value=[]), "value must hold at least one value"),
    (dict(subdomain="", type="CNAME", value=["example.net."]), "cannot be at the zone apex"),
    (dict(subdomain="mx1", type="CNAME", value=["example.net."]), "cannot exist next to other records of the same name"),
    (dict(subdomain="x", type="CNAME", value=["a.example.net.", "b.example.net."]), "holds one value"),
    (dict(subdomain="bad name", type="A", value=["192.0.2.1"]), "subdomain 'bad name' is not a valid DNS name"),
    (dict(subdomain="a.example.net.", type="A", value=["192.0.2.1"]), "is not inside the zone"),
    (dict(subdomain="a", type="TYPO", value=["x"]), "value of type must be one of"),
    (dict(zone="not-mine.example", subdomain="a", type="A", value=["192.0.2.1"]), "HTTP 404"),
])
def test_bad_input_fails_clearly_and_writes_nothing(dns, emulator, options, message):
    result = dns(**options)
    assert result["failed"], result
    assert message in result["msg"], result["msg"]
    assert writes(emulator) == []
