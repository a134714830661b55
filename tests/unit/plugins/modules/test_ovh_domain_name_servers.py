"""ovh_domain_name_servers in-process: a change of glue addresses only is a change, with its exact
write; the rerun changes nothing (tests/MUTATION.md, mutant D1)."""

import json

GLUE = [{"host": "ns1.example.org", "ip": "192.0.2.53"}, {"host": "ns2.example.org", "ip": "192.0.2.54"}]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_a_glue_only_change_is_sent_and_then_idempotent(modules, emulator):
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": GLUE})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    moved = [dict(GLUE[0], ip="192.0.2.99"), GLUE[1]]
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": moved})
    assert rc == 0 and result["changed"], output
    assert result["name_servers"] == moved
    assert writes(emulator) == [("POST", "/domain/example.org/nameServers/update", {"nameServers": moved})]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": moved})
    assert rc == 0 and not result["changed"], output
    assert emulator.writes() == []
