"""ovh_dns_dynhost_record in-process, with names the API's filter does not separate: its subDomain
filter is a LIKE, where '_' matches any one character, so asking for "ho_e" also lists "home" (seeded
at 203.0.113.50). Only the record of exactly the name asked is read, changed or deleted (mutant DY1
of tests/MUTATION.md). The exact requests; an update the API refuses."""

import json

from api_log import write_statuses

RECORDS = "/domain/zone/example.com/dynHost/record"
ZONE_PATH = "/domain/zone/example.com"


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


def test_dynhost_record_update_refused(modules, emulator):
    emulator.add_fault(status=500, method="PUT", path=ZONE_PATH + "/dynHost/record/*")
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "home", "ip": "203.0.113.51"})
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    # (The id in the message is masked: the demo secrets hold "00000001", as the record id does.)
    assert result["msg"].startswith("PUT /domain/zone/example.com/dynHost/record/") and "[QueryID: EU." in result["msg"]
    assert " failed: HTTP 500, Server::InternalServerError (INTERNAL_SERVER_ERROR): Internal server error" in result["msg"]
    assert [(method, status) for method, _path, status in write_statuses(emulator)] == [("PUT", 500)]
    records = emulator.zone("demo-ovh", "example.com").extras.dynhost_records.values()
    assert [record["ip"] for record in records if record["subDomain"] == "home"] == ["203.0.113.50"]


def test_dynhost_record(logged_run):
    rc, result, _output, requests = logged_run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "ip": "203.0.113.60"})
    assert rc == 0 and result["changed"]
    assert requests == [("GET", ZONE_PATH + "/dynHost/record?subDomain=office"), ("POST", ZONE_PATH + "/dynHost/record")]
    record_id = result["record"]["id"]
    rc, result, _output, requests = logged_run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "ip": "203.0.113.61"})
    assert requests == [("GET", ZONE_PATH + "/dynHost/record?subDomain=office"), ("GET", ZONE_PATH + "/dynHost/record/%d" % record_id),
                        ("PUT", ZONE_PATH + "/dynHost/record/%d" % record_id)]
    rc, result, _output, requests = logged_run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "state": "absent"})
    assert result["changed"] and requests[-1] == ("DELETE", ZONE_PATH + "/dynHost/record/%d" % record_id)
    rc, result, _output, requests = logged_run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office"})
    assert rc == 1 and "ip" in result["msg"] and requests == []
