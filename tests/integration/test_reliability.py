"""Reliability where only Ansible does the work: ten hosts at once with ``-f 10`` (ansible-playbook),
refreshes refused or failing, every owed refresh kept and sent. The faults injected by the emulator,
TLS and clock skew run in-process, in the test files of the modules (tests/unit/plugins/modules)."""

import json
import sys

from dns_runs import converged

RECORD = "/domain/zone/example.com/record"
REFRESH = "/domain/zone/example.com/refresh"


# --- concurrency ------------------------------------------------------------------------

def test_ten_forks_ten_sets_one_zone(ansible, emulator, tmp_path):
    # Refreshes refused because another one runs (409): injected, not left to a race of the forks.
    emulator.add_fault(status=409, method="POST", path=REFRESH, count=3)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("node%d host_number=%d ansible_connection=local ansible_python_interpreter=%s\n"
                                 % (number, number + 1, sys.executable) for number in range(10)))
    run = ansible.run("dns_concurrent.yml", "-f", "10", inventory=str(inventory))
    assert run.rc == 0, run
    assert sorted(run.recaps) == ["node%d" % number for number in range(10)], run
    assert all(recap["failed"] == 0 and recap["changed"] == 1 for recap in run.recaps.values()), run
    for number in range(10):
        assert converged(emulator, "node%d" % number, ["192.0.2.%d" % (number + 1)])
    refreshes = [entry["status"] for entry in emulator.log if entry["path"] == REFRESH]
    assert refreshes.count(409) == 3 and set(refreshes) == {200, 409}, refreshes  # the refused ones were retried
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD]
    assert len(creates) == 10
    again = ansible.run("dns_concurrent.yml", "-f", "10", inventory=str(inventory))
    assert again.rc == 0 and len(again.recaps) == 10, again
    assert all(recap["changed"] == 0 and recap["failed"] == 0 for recap in again.recaps.values()), again


TEN_ZONES_PLAYBOOK = [{
    "name": "One zone per host, all at once",
    "hosts": "all",
    "gather_facts": False,
    "module_defaults": {"group/signet.ovh.ovh": {
        "endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
        "application_secret": "{{ ovh_application_secret }}", "consumer_key": "{{ ovh_consumer_key }}"}},
    "tasks": [{"name": "Manage this host's zone", "signet.ovh.ovh_dns_record": {
        "zone": "zone{{ host_number }}.example", "subdomain": "www", "type": "A", "value": "192.0.2.{{ host_number }}"}}],
}]


def test_ten_forks_ten_zones_refresh_failing_keep_every_owed_refresh(ansible, emulator, tmp_path):
    zones = ["zone%d.example" % number for number in range(10)]
    for zone in zones:
        emulator.add_zone("demo-ovh", zone)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("node%d host_number=%d ansible_connection=local ansible_python_interpreter=%s\n"
                                 % (number, number, sys.executable) for number in range(10)))
    (ansible.workdir / "ten_zones.yml").write_text(json.dumps(TEN_ZONES_PLAYBOOK))
    emulator.add_fault(status=500, method="POST", path="/domain/zone/*/refresh", count=1000)
    run = ansible.run("ten_zones.yml", "-f", "10", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert run.rc != 0 and sorted(run.recaps) == ["node%d" % number for number in range(10)], run
    assert all(recap["failed"] == 1 for recap in run.recaps.values()), run
    pending = json.loads((tmp_path / "cache" / "signet.ovh" / "pending-refresh.json").read_text())
    assert sorted(pending) == sorted("%s %s" % (emulator.base_url, zone) for zone in zones)  # all 10 kept
    emulator.clear_faults()
    emulator.clear_log()
    rerun = ansible.run("ten_zones.yml", "-f", "10", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert rerun.rc == 0 and all(recap["changed"] == 1 and recap["failed"] == 0 for recap in rerun.recaps.values()), rerun
    refreshed = sorted(entry["path"] for entry in emulator.log if entry["route"] == "/domain/zone/{zoneName}/refresh")
    assert refreshed == sorted("/domain/zone/%s/refresh" % zone for zone in zones)  # every owed refresh sent, once
    assert [entry for entry in emulator.log if entry["method"] in ("POST", "PUT", "DELETE") and "refresh" not in entry["path"]] == []
    for number, zone in enumerate(zones):
        live = [record["target"] for record in emulator.zone("demo-ovh", zone).live_records() if record["subDomain"] == "www"]
        assert live == ["192.0.2.%d" % number], zone
    assert json.loads((tmp_path / "cache" / "signet.ovh" / "pending-refresh.json").read_text()) == {}
