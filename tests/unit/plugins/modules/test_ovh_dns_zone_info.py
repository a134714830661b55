"""ovh_dns_zone_info in-process (tests/module_runner.py) against the emulator: the exact requests of a
zone's information and export, an unknown or invalid zone, an export that is not text."""

from api_log import sent
from tamper import tamper

ZONE_PATH = "/domain/zone/example.com"


def test_zone_export_that_is_not_text(modules, emulator, monkeypatch):
    tamper(monkeypatch, "GET", "/domain/zone/{zoneName}/export", lambda text: {"zoneFile": text})
    rc, result, _output = modules.run("signet.ovh.ovh_dns_zone_info", {"zone": "example.com", "export": True})
    assert (rc, result.get("changed", False), result["http_status"]) == (1, False, 200), result
    assert result["msg"].startswith("GET /domain/zone/example.com/export failed: HTTP 200: unexpected answer: an object instead of "
                                    "the zone file's text ({\"zoneFile\": \"$TTL 3600"), result["msg"]
    assert result["query_id"] and result["msg"].endswith("[QueryID: %s]" % result["query_id"])
    assert sent(emulator)[-1] == ("GET", ZONE_PATH + "/export") and emulator.writes() == []


def test_zone_info(logged_run):
    rc, result, _output, requests = logged_run("ovh_dns_zone_info", {"zone": "example.com", "export": True})
    assert rc == 0 and result["changed"] is False
    assert requests == [("GET", ZONE_PATH), ("GET", ZONE_PATH + "/status"), ("GET", ZONE_PATH + "/dnssec"), ("GET", ZONE_PATH + "/capabilities"),
                        ("GET", ZONE_PATH + "/task?status=todo"), ("GET", ZONE_PATH + "/task?status=doing"), ("GET", ZONE_PATH + "/export")]
    assert result["zone_file"].startswith("$TTL 3600\n")
    rc, result, _output, requests = logged_run("ovh_dns_zone_info", {"zone": "unknown.example"})
    assert rc == 1 and "This service does not exist" in result["msg"] and result["http_status"] == 404
    assert requests == [("GET", "/domain/zone/unknown.example")]
    rc, result, _output, requests = logged_run("ovh_dns_zone_info", {"zone": "bad zone"})
    assert rc == 1 and "not a valid domain name" in result["msg"] and requests == []
