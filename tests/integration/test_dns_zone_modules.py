"""ovh_dns_dnssec, ovh_dns_dynhost_record, ovh_dns_dynhost_login and ovh_domain_name_servers in one playbook:
check mode, diff, changes, idempotent reruns, bad input that writes nothing, secrets never shown."""

import json

from emulator.domain import domains

PASSWORD = "DynHostSecret-4b1d7e"
PASSWORD2 = "DynHostSecret-9c2e5f"


def test_zone_modules_playbook(ansible, emulator):
    emulator.state.task_seconds = (0, 1)  # tasks end one second (emulator time) after they start
    run = ansible.run("dns_zone_modules.yml", "--diff", "-vvv", extra_vars={"dynhost_password": PASSWORD, "dynhost_password2": PASSWORD2})
    assert run.rc == 0, run
    assert PASSWORD not in run.output and PASSWORD2 not in run.output
    result = json.loads((ansible.workdir / "zone_modules_result.json").read_text())
    entries = emulator.log
    writes = [(e["method"], e["route"]) for e in entries if e["method"] != "GET"]

    # DNSSEC: one POST and one DELETE in all; nothing sent while enabling was in progress.
    assert result["dnssec_check"]["changed"] and result["dnssec_check"]["status"] == "enableInProgress"
    assert result["dnssec_nowait"]["changed"] and result["dnssec_nowait"]["status"] == "enableInProgress"
    assert not result["dnssec_progress"]["changed"] and result["dnssec_progress"]["status"] == "enabled"
    assert not result["dnssec_rerun"]["changed"]
    assert result["dnssec_off"]["changed"] and result["dnssec_off"]["status"] == "disabled"
    assert result["dnssec_off"]["diff"] == {"before": {"status": "enabled"}, "after": {"status": "disabled"}}
    assert writes.count(("POST", "/domain/zone/{zoneName}/dnssec")) == 1
    assert writes.count(("DELETE", "/domain/zone/{zoneName}/dnssec")) == 1
    assert "not a valid domain name" in result["dnssec_bad"]["msg"]

    # DynHost records
    assert result["record_check"]["changed"] and result["record_create"]["changed"]
    assert not result["record_rerun"]["changed"]
    assert result["record_change"]["changed"] and result["record_change"]["record"]["ip"] == "203.0.113.61"
    assert result["record_change"]["diff"]["before"]["record"]["ip"] == "203.0.113.60"
    assert result["record_remove"]["changed"] and not result["record_remove_again"]["changed"]
    assert "not an IP address" in result["record_bad"]["msg"]
    assert [w for w in writes if "dynHost/record" in w[1]] == [
        ("POST", "/domain/zone/{zoneName}/dynHost/record"), ("PUT", "/domain/zone/{zoneName}/dynHost/record/{id}"),
        ("DELETE", "/domain/zone/{zoneName}/dynHost/record/{id}")]

    # DynHost logins: the password set on create, changed only with update_password=always
    logins = emulator.zone("demo-ovh", "example.com").extras.dynhost_logins
    assert logins["example.com-office"] == {"subDomain": "*", "password": PASSWORD2}
    assert result["login_check"]["changed"] and result["login_create"]["changed"] and not result["login_rerun"]["changed"]
    assert result["login_always"]["changed"] and result["login_always"]["login"]["subdomain"] == "*"
    assert "password is required" in result["login_nopass"]["msg"]
    assert result["login_remove"]["changed"] and "example.com-home" not in logins
    assert [w for w in writes if "dynHost/login" in w[1]] == [
        ("POST", "/domain/zone/{zoneName}/dynHost/login"), ("PUT", "/domain/zone/{zoneName}/dynHost/login/{login}"),
        ("POST", "/domain/zone/{zoneName}/dynHost/login/{login}/changePassword"),
        ("DELETE", "/domain/zone/{zoneName}/dynHost/login/{login}")]

    # Name servers: one update, waited for; rerun and check mode send nothing
    assert result["ns_check"]["changed"] and result["ns_change"]["changed"] and not result["ns_rerun"]["changed"]
    assert result["ns_change"]["task"]["status"] == "done"
    assert result["ns_check"]["diff"]["before"]["name_servers"] == [{"host": "dns1.ovh.net", "ip": None}, {"host": "ns1.ovh.net", "ip": None}]
    assert "only for a name server inside" in result["ns_bad"]["msg"]
    assert [w for w in writes if w[1].startswith("/domain/{serviceName}")] == [("POST", "/domain/{serviceName}/nameServers/update")]
    with emulator.state.lock:
        domain = domains(emulator.state)[("demo-ovh", "example.com")]
        domain.settle(emulator.state.now())
        assert sorted((s["host"], s["ip"], s["isUsed"]) for s in domain.name_servers.values()) == [
            ("ns1.example.com", "192.0.2.53", True), ("ns2.example.net", None, True)]
