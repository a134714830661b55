"""ovh_dns_record_info in-process (tests/module_runner.py) against the emulator: batch reads of a whole zone,
one set decoded and matched exactly."""

from api_log import requests
from dns_runs import BULK_ZONE


def test_info_whole_zone_in_batches(runner, emulator, bulk_zone):
    result = runner("dns_info.yml", zone=BULK_ZONE)
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
