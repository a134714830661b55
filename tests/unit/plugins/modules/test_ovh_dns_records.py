"""ovh_dns_records in-process (tests/module_runner.py) against the emulator."""

from api_log import writes


def test_dns_records_unreadable_zone_file_and_bad_zone(modules, emulator, tmp_path):
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "zone_file": str(tmp_path / "missing.zone")})
    assert rc == 1 and result["msg"].startswith("cannot read the zone file %s: " % (tmp_path / "missing.zone")), result
    binary = tmp_path / "binary.zone"
    binary.write_bytes(b"@ IN TXT \"\xff\xfe\"\n")
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "zone_file": str(binary)})
    # A clean failure that names the file (its wording, about surrogates, could be clearer).
    assert rc == 1 and result["msg"].startswith(str(binary)), result
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "exa mple.com", "records": []})
    assert rc == 1 and "zone 'exa mple.com' is not a valid domain name" in result["msg"], result
    assert emulator.log == [] or writes(emulator) == []
