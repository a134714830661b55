"""ovh_dns_records through ansible-playbook (dns_records.yml), where check mode and diff as the CLI
passes them are the point: a bulk zone's change in check and diff mode, prune in check mode. The
in-process tests of the module are in tests/unit/plugins/modules/test_ovh_dns_records.py."""

import pytest

from api_log import record_writes, writes
from dns_runs import BULK_ZONE as ZONE
from dns_runs import Runner, wanted_sets
from module_runner import seed_time_offset


@pytest.fixture
def runner(ansible, modules, emulator, tmp_path):
    # The server time as if learnt by an earlier task, so that the budgets count API work only.
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    return Runner(ansible, modules, emulator, tmp_path)


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
