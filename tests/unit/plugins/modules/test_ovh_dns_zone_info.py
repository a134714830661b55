"""ovh_dns_zone_info in-process (tests/module_runner.py) against the emulator."""

from api_log import sent
from tamper import tamper

ZONE_PATH = "/domain/zone/example.com"


def test_zone_export_that_is_not_text(modules, emulator, monkeypatch):
    tamper(monkeypatch, "GET", "/domain/zone/{zoneName}/export", lambda text: {"zoneFile": text})
    rc, result, _output = modules.run("signet.ovh.ovh_dns_zone_info", {"zone": "example.com", "export": True})
    assert (rc, result.get("changed", False), result["status"]) == (1, False, 200), result
    assert result["msg"].startswith("GET /domain/zone/example.com/export failed: HTTP 200: unexpected answer: an object instead of "
                                    "the zone file's text ({\"zoneFile\": \"$TTL 3600"), result["msg"]
    assert result["query_id"] and result["msg"].endswith("[QueryID: %s]" % result["query_id"])
    assert sent(emulator)[-1] == ("GET", ZONE_PATH + "/export") and emulator.writes() == []
