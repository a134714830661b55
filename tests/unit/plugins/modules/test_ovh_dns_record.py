"""ovh_dns_record in-process (tests/module_runner.py) against the emulator: idempotence, request
budgets (read from the emulator's log), the DNS value rules, on_existing, refresh, bad input, a record
already gone, faults on one request, the emulator's clock ten minutes off, a pending-refresh file that
is corrupt or cannot be written, a write answered with garbage. Check mode and diff as the CLI passes
them, and a looped task of every type, run through ansible-playbook in tests/integration/test_dns_record.py."""

import json
import time

import pytest

from api_log import record_writes, requests, writes, zone_set
from dns_runs import DnsRecord, converged
from module_runner import assert_no_crash, seed_time_offset, warned

RECORD = "/domain/zone/example.com/record"
REFRESH = "/domain/zone/example.com/refresh"


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


def wait_for_landing(emulator, method, path):
    """A request held by a ``delay`` fault is logged when answered, after the module gave up on it:
    wait until the emulator has answered one ``method path``, so that the rerun sees what it did."""
    deadline = time.monotonic() + 120  # a bound for a stuck emulator only, not a timing assumption
    while not [entry for entry in emulator.log if entry["method"] == method and entry["path"] == path]:
        assert time.monotonic() < deadline, emulator.log
        time.sleep(0.05)


def dns_args(**extra):
    args = {"zone": "example.com", "subdomain": "faulty", "type": "A", "value": ["192.0.2.77"], "ttl": 300}
    args.update(extra)
    return args


# (name, fault, module options, expected outcome: "ok" or the text the failure must hold)
DNS_RECORD_FAULTS = [
    ("429 on the list", dict(status=429, retry_after=1, method="GET", path=RECORD), {}, "ok"),
    ("429 on the create", dict(status=429, retry_after=1, method="POST", path=RECORD), {}, "ok"),
    ("429 on the refresh", dict(status=429, retry_after=1, method="POST", path=REFRESH), {}, "ok"),
    ("500 on the list", dict(status=500, method="GET", path=RECORD), {}, "GET /domain/zone/example.com/record failed: HTTP 500"),
    ("500 on the create", dict(status=500, method="POST", path=RECORD), {}, "POST /domain/zone/example.com/record failed: HTTP 500"),
    ("502 HTML on the list", dict(status=502, method="GET", path=RECORD), {}, "ok"),
    ("502 HTML on the create", dict(status=502, method="POST", path=RECORD), {}, "HTTP 502"),
    ("503 on the list", dict(status=503, method="GET", path=RECORD), {}, "ok"),
    ("503 on the refresh", dict(status=503, method="POST", path=REFRESH), {}, "ok"),
    ("503 on every refresh", dict(status=503, count=20, method="POST", path=REFRESH), {}, "zone NOT refreshed"),
    ("dropped connection on the list", dict(drop=True, method="GET", path=RECORD), {}, "ok"),
    ("dropped connection on the create", dict(drop=True, method="POST", path=RECORD), {}, "no answer from 127.0.0.1"),
    # The emulator holds the answer 1 s, 4 times the client's timeout; the slow one 0.3 s of 10.
    ("read timeout on the list", dict(delay=1, method="GET", path=RECORD), {"timeout": 0.25}, "ok"),
    # The API carries the create out after the client gave up: not sent again, refreshed on the rerun.
    ("read timeout on the create", dict(delay=1, method="POST", path=RECORD), {"timeout": 0.25}, "may have been carried out"),
    ("slow answer on the create", dict(delay=0.3, method="POST", path=RECORD), {"timeout": 10}, "ok"),
]


@pytest.mark.parametrize("name, fault, options, outcome", DNS_RECORD_FAULTS, ids=[case[0] for case in DNS_RECORD_FAULTS])
def test_dns_record_faults(modules, emulator, name, fault, options, outcome):
    fault = dict({"count": 1}, **fault)
    emulator.add_fault(**fault)
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args(**options))
    assert_no_crash(result, output)
    if outcome == "ok":
        assert rc == 0 and result["changed"], output
        assert converged(emulator)
    else:
        assert rc != 0, output
        assert outcome in result["msg"], result["msg"]
        assert "[QueryID:" in result["msg"]
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD and entry["status"] == 200]
    assert len(creates) <= 1, name  # never a duplicated record
    emulator.clear_faults()
    if fault.get("delay"):
        wait_for_landing(emulator, fault["method"], fault["path"])  # a delayed write has landed
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0, output
    assert converged(emulator)  # the rerun refreshed what the failed run applied
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD and entry["status"] == 200]
    assert len(creates) == 1, name  # created once, by the failed run or by the rerun
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and not result["changed"]


@pytest.mark.parametrize("offset", [600, -600])
def test_dns_modules_with_clock_ten_minutes_off(modules, emulator, offset):
    emulator.clock_offset = offset
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"], output
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [
        {"subdomain": "faulty", "type": "A", "value": ["192.0.2.77"], "ttl": 300}]})
    assert rc == 0 and not result["changed"], output
    assert converged(emulator)


def test_a_corrupt_pending_refresh_file_is_reported_and_the_zone_refreshed(modules, emulator, tmp_path):
    cache = tmp_path / "cache" / "signet.ovh"
    cache.mkdir(parents=True)
    (cache / "pending-refresh.json").write_text('{"%s example.com": 17' % emulator.base_url)  # truncated
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"], output
    assert warned(result, "pending-refresh.json is corrupt", "DNS zone refresh owed"), result
    assert (cache / "pending-refresh.json.corrupt").exists() and json.loads((cache / "pending-refresh.json").read_text()) == {}
    emulator.clear_log()
    (cache / "pending-refresh.json").write_text("")  # emptied by a full disk
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"] and result["changes"] == ["refresh the zone: changes of an earlier failed task were left pending"], output
    assert [entry["path"] for entry in emulator.log if entry["method"] == "POST"] == [REFRESH]
    assert warned(result, "pending-refresh.json is corrupt"), result


def test_an_unwritable_pending_refresh_file_is_said_loudly(modules, emulator, tmp_path):
    cache = tmp_path / "cache" / "signet.ovh"
    (cache / "pending-refresh.json").mkdir(parents=True)  # cannot be replaced, even by root
    emulator.add_fault(status=500, method="POST", path=REFRESH, count=5)
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc != 0 and "zone NOT refreshed" in result["msg"], output
    assert warned(result, "DNS zone refresh owed", "could not be recorded"), result


def test_a_write_answered_200_with_garbage_may_have_been_applied(modules, emulator):
    # The API did the work, then a proxy replaced the answer: the module refreshes the zone, owes it a
    # refresh when that fails too, and reports changed, instead of "Nothing was changed".
    emulator.add_fault(garble=True, method="POST", path="/domain/zone/example.com/record")
    args = {"zone": "example.com", "subdomain": "garbage", "type": "A", "value": ["192.0.2.77"]}
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", args)
    assert rc == 1 and result["changed"], output
    assert "may have been carried out" in result["msg"] and "zone refreshed" in result["msg"], result["msg"]
    assert "Nothing was changed" not in result["msg"]
    writes = [(entry["method"], entry["path"], entry["status"]) for entry in emulator.writes()]
    assert writes == [("POST", "/domain/zone/example.com/record", 200), ("POST", "/domain/zone/example.com/refresh", 200)], writes
    assert ("192.0.2.77", 0) in [(record["target"], record["ttl"]) for record in emulator.zone("demo-ovh", "example.com").live_records()
                                 if record["subDomain"] == "garbage"]  # published
    # ovh_api_call says so in its result.
    emulator.add_fault(garble=True, method="POST", path="/domain/zone/example.com/refresh")
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"method": "POST", "path": "/domain/zone/example.com/refresh"})
    assert rc == 1 and result["changed"] and result["may_have_applied"], output
    assert "probably carried out" in result["msg"], result["msg"]
