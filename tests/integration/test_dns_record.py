"""ovh_dns_record through ansible-playbook, where Ansible itself is the point: check mode and diff
as the CLI passes them (dns_record.yml), a looped task of every type (dns_all_types.yml). The
in-process tests of the module are in tests/unit/plugins/modules/test_ovh_dns_record.py."""

import os

import pytest
import yaml

from api_log import writes, zone_set
from dns_runs import DnsRecord
from module_runner import seed_time_offset
from ovh_playbooks import PLAYBOOKS


@pytest.fixture
def dns(ansible, modules, emulator, tmp_path):
    # The server time as if learnt by an earlier task, so that every budget below counts API work only.
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    return DnsRecord(ansible, modules, emulator, tmp_path)


def test_every_type_twice(ansible, modules, emulator):
    first = ansible.run("dns_all_types.yml")
    assert first.rc == 0, first
    assert first.recap["changed"] == 1  # one looped task
    live = emulator.zone("demo-ovh", "example.org").live_records()
    types = set(record["fieldType"] for record in live)
    assert types == {"A", "AAAA", "CAA", "CNAME", "DKIM", "DMARC", "DNAME", "LOC", "MX", "NAPTR", "NS", "PTR",
                     "SPF", "SRV", "SSHFP", "TLSA", "TXT"}
    # The same items again, in-process: nothing changes, nothing is written.
    with open(os.path.join(PLAYBOOKS, "dns_all_types.yml")) as handle:
        (task,) = yaml.safe_load(handle)[0]["tasks"]
    emulator.clear_log()
    for item in task["loop"]:
        rc, result, output = modules.run("signet.ovh.ovh_dns_record", dict(item, zone="example.org"))
        assert rc == 0 and not result["changed"], (item, result)
    assert writes(emulator) == []
    assert emulator.zone("demo-ovh", "example.org").live_records() == live


def test_check_mode_writes_nothing_and_predicts(dns, emulator):
    result = dns.real("--check", subdomain="new", type="A", value=["192.0.2.5"])
    assert result["changed"] and writes(emulator) == []
    assert result["record_set"]["value"] == ["192.0.2.5"] and result["record_set"]["records"][0]["id"] is None
    result = dns.real("--check", subdomain="www", type="CNAME", value=["example.com."])
    assert not result["changed"]
    result = dns.real("--check", subdomain="www", type="CNAME", state="absent")
    assert result["changed"] and writes(emulator) == []
    assert zone_set(emulator, "www", "CNAME") == [("example.com.", 3600)]


def test_diff_shows_before_and_after(dns, emulator):
    result = dns.real("--diff", subdomain="www", type="CNAME", value=["other.example.net."])
    assert result["diff"]["before"] == {"www.example.com CNAME": {"ttl": 3600, "value": ["example.com."]}}
    assert result["diff"]["after"] == {"www.example.com CNAME": {"ttl": 3600, "value": ["other.example.net."]}}
    assert "other.example.net." in dns.last_run.stdout  # rendered by the callback
