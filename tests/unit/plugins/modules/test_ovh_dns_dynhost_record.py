"""ovh_dns_dynhost_record in-process, with names the API's filter does not separate: its subDomain
filter is a LIKE, where '_' matches any one character, so asking for "ho_e" also lists "home" (seeded
at 203.0.113.50). Only the record of exactly the name asked is read, changed or deleted (mutant DY1
of tests/MUTATION.md)."""

import json

RECORDS = "/domain/zone/example.com/dynHost/record"


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_a_name_the_filter_does_not_separate_is_matched_exactly(modules, emulator):
    rc, result, output = modules.run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "ho_e", "state": "absent"})
    assert rc == 0 and not result["changed"], output
    assert emulator.writes() == []
    lists = [entry for entry in emulator.log if entry["path"] == RECORDS]
    assert [entry["query"] for entry in lists] == ["subDomain=ho_e"]
    assert any(entry["path"].startswith(RECORDS + "/") for entry in emulator.log), "the LIKE answer held home's record"

    rc, result, output = modules.run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "ho_e", "ip": "203.0.113.77"})
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("POST", RECORDS, {"ip": "203.0.113.77", "subDomain": "ho_e"})]

    emulator.clear_log()
    rc, result, output = modules.run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "ho_e", "ip": "203.0.113.77"})
    assert rc == 0 and not result["changed"], output
    assert emulator.writes() == []
    rc, result, output = modules.run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "home", "ip": "203.0.113.50"})
    assert rc == 0 and not result["changed"], output
    assert emulator.writes() == []
