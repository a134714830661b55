"""ovh_dns_records and ovh_dns_record_info against the emulator: batch reads, one refresh,
prune, check mode, and the request budgets of the DNS issue. The modules run in-process; check
mode and diff run through ansible-playbook (dns_records.yml)."""

import pytest

from module_runner import seed_time_offset
from api_log import record_writes, requests, writes, zone_set
from ovh_playbooks import read_json

ZONE = "bulk.example"
# What dns_records.yml and dns_info.yml pass when the test does not say.
MODULES = {"dns_records.yml": ("signet.ovh.ovh_dns_records", {"zone": "example.com", "prune": False, "ignore": [], "refresh": True}),
           "dns_info.yml": ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"})}


@pytest.fixture
def bulk_zone(emulator):
    """A zone of exactly 200 one-record sets."""
    records = [{"fieldType": "A", "subDomain": "host%03d" % number, "target": "192.0.2.%d" % (number % 250 + 1), "ttl": 300}
               for number in range(200)]
    emulator.add_zone("demo-ovh", ZONE, records)
    return records


class Runner(object):
    """Runs the module of a playbook with the given options: in-process, or ``real`` through the playbook."""

    def __init__(self, ansible, modules, emulator, tmp_path):
        self.ansible = ansible
        self.modules = modules
        self.emulator = emulator
        self.result_file = tmp_path / "result.json"

    def __call__(self, playbook, **options):
        self.emulator.clear_log()
        module, defaults = MODULES[playbook]
        rc, result, output = self.modules.run(module, dict(defaults, **options))
        assert rc == 0 or playbook == "dns_records.yml", output  # dns_records.yml saves a failure for the test
        return result

    def real(self, playbook, *args, **options):
        self.emulator.clear_log()
        options["result_file"] = str(self.result_file)
        run = self.ansible.run(playbook, *args, extra_vars=options)
        assert run.rc == 0, run
        return read_json(self.result_file)


@pytest.fixture
def runner(ansible, modules, emulator, tmp_path):
    # The server time as if learnt by an earlier task, so that the budgets count API work only.
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    return Runner(ansible, modules, emulator, tmp_path)


def wanted_sets(records, changed=()):
    sets = []
    for number, record in enumerate(records):
        target = "198.51.100.%d" % number if number in changed else record["target"]
        sets.append({"subdomain": record["subDomain"], "type": "A", "value": [target], "ttl": 300})
    return sets


def test_200_sets_10_differ_budget(runner, emulator, bulk_zone):
    changed = set(range(0, 200, 20))
    result = runner("dns_records.yml", zone=ZONE, records=wanted_sets(bulk_zone, changed))
    assert result["changed"] and len(result["changes"]) == 10
    reads = [entry for entry in emulator.log if entry["method"] == "GET"]
    assert len(reads) == 1 + 4
    assert record_writes(emulator) == ["PUT"] * 10
    refreshes = [entry for entry in writes(emulator) if entry["route"].endswith("/refresh")]
    assert len(refreshes) == 1
    live = emulator.zone("demo-ovh", ZONE).live_records()
    assert sorted(record["target"] for record in live if record["subDomain"] == "host020") == ["198.51.100.20"]

    again = runner("dns_records.yml", zone=ZONE, records=wanted_sets(bulk_zone, changed))
    assert not again["changed"] and writes(emulator) == []
    assert len(requests(emulator)) == 5


def test_check_mode_and_diff(runner, emulator, bulk_zone):
    result = runner.real("dns_records.yml", "--check", "--diff", zone=ZONE, records=wanted_sets(bulk_zone, {3}))
    assert result["changed"] and writes(emulator) == []
    assert result["diff"]["before"] == {"host003.bulk.example A": {"ttl": 300, "value": ["192.0.2.4"]}}
    assert result["diff"]["after"] == {"host003.bulk.example A": {"ttl": 300, "value": ["198.51.100.3"]}}


def test_prune_keeps_apex_ns_and_ignored_sets(runner, emulator):
    records = [
        {"subdomain": "@", "type": "A", "value": ["192.0.2.10"], "ttl": 3600},
        {"subdomain": "www", "type": "CNAME", "value": ["example.com."]},
        {"subdomain": "@", "type": "MX", "value": ["10 mx1.example.com."]},
        {"subdomain": "mx1", "type": "A", "value": ["192.0.2.25"]},
        {"subdomain": "new", "type": "AAAA", "value": ["2001:db8::10"]},
    ]
    result = runner.real("dns_records.yml", "--check", records=records, prune=True)
    assert result["pruned"] == ["example.com TXT"] and writes(emulator) == []
    result = runner("dns_records.yml", records=records, prune=True, ignore=[{"type": "TXT"}])
    assert result["pruned"] == [] and result["changed"]
    assert record_writes(emulator) == ["POST"]
    result = runner("dns_records.yml", records=records, prune=True)
    assert result["pruned"] == ["example.com TXT"]
    live = emulator.zone("demo-ovh", "example.com").live_records()
    assert sorted(set((record["subDomain"], record["fieldType"]) for record in live)) == [
        ("", "A"), ("", "MX"), ("", "NS"), ("mx1", "A"), ("new", "AAAA"), ("www", "CNAME")]
    again = runner("dns_records.yml", records=records, prune=True)
    assert not again["changed"] and writes(emulator) == []


def test_cname_replacing_other_records_deletes_first(runner, emulator):
    records = [{"subdomain": "www", "type": "CNAME", "state": "absent"},
               {"subdomain": "www", "type": "A", "value": ["192.0.2.80"]}]
    result = runner("dns_records.yml", records=records)
    assert result["changed"]
    assert record_writes(emulator) == ["DELETE", "POST"]


@pytest.mark.parametrize("records, message", [
    ([{"subdomain": "a", "type": "A", "value": ["x"]}], "records[0]: value 'x' of an A record is not an IPv4 address"),
    ([{"subdomain": "a", "type": "A", "value": ["192.0.2.1"]}, {"subdomain": "A", "type": "A", "value": ["192.0.2.2"]}],
     "records[1]: a A is already listed in records[0]"),
    ([{"subdomain": "a", "type": "A", "value": ["192.0.2.1"], "ttl": 30}], "records[0].ttl 30 is invalid"),
    ([{"subdomain": "www", "type": "A", "value": ["192.0.2.1"]}], "cannot exist next to other records"),
    ([{"subdomain": "ok", "type": "A", "value": ["192.0.2.1"]}, {"subdomain": "www", "type": "CNAME", "value": ["x.example.net."],
                                                                 "on_existing": "keep_and_fail"}], "exists with other values"),
])
def test_bad_input_fails_before_any_write(runner, emulator, records, message):
    result = runner("dns_records.yml", records=records)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert writes(emulator) == []


def test_info_whole_zone_in_batches(runner, emulator, bulk_zone):
    result = runner("dns_info.yml", zone=ZONE)
    assert len(result["records"]) == 200 and len(result["record_sets"]) == 200
    assert len(requests(emulator)) == 1 + 4
    first = result["record_sets"][0]
    assert first["name"] == "host000.bulk.example" and first["value"] == ["192.0.2.1"] and first["ttl"] == 300


def test_info_one_set_decoded_and_exact(runner, emulator):
    result = runner("dns_info.yml", subdomain="@", type="TXT")
    assert [item["value"] for item in result["record_sets"]] == [["v=spf1 include:mx.ovh.com ~all"]]
    assert result["records"][0]["target"] == '"v=spf1 include:mx.ovh.com ~all"'
    assert len(requests(emulator)) == 2
    result = runner("dns_info.yml", subdomain="www")
    assert [(item["type"], item["value"]) for item in result["record_sets"]] == [("CNAME", ["example.com."])]


def test_partial_failure_reports_what_was_applied_and_rerun_converges(runner, emulator):
    runner("dns_records.yml", records=[{"subdomain": "p0", "type": "A", "value": ["192.0.2.100"]}])
    records = [{"subdomain": "p%d" % number, "type": "A", "value": ["192.0.2.%d" % (number + 1)]} for number in range(3)]
    # Updates go before creations: the update of p0 is applied, then the first creation fails.
    emulator.add_fault(status=500, count=1, method="POST", path="/domain/zone/example.com/record")
    result = runner("dns_records.yml", records=records)
    assert result["failed"] and result["changed"]
    message = result["msg"]
    assert "POST /domain/zone/example.com/record failed: HTTP 500" in message and "QueryID" in message
    assert "Already applied: update p0 A" in message and "(zone refreshed)" in message
    assert "Not applied: create p1 A 192.0.2.2; create p2 A 192.0.2.3" in message
    assert zone_set(emulator, "p0", "A", live=True) == [("192.0.2.1", 0)]
    assert len([entry for entry in emulator.log if entry["path"] == "/domain/zone/example.com/record" and entry["method"] == "POST"]) == 1
    again = runner("dns_records.yml", records=records)
    assert again["changed"] and not again.get("failed")
    assert zone_set(emulator, "p2", "A", live=True) == [("192.0.2.3", 0)]
    third = runner("dns_records.yml", records=records)
    assert not third["changed"] and writes(emulator) == []
