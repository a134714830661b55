"""ovh_dns_records with a zone file: the file is the whole zone, reached with the fewest requests."""

import json

from api_log import record_writes, requests, writes

ZONE = "big.example"
NS = [{"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
      {"fieldType": "NS", "subDomain": "", "target": "ns1.ovh.net.", "ttl": 0}]


def big_zone(emulator):
    records = NS + [{"fieldType": "A", "subDomain": "h%03d" % index, "target": "192.0.2.%d" % (index % 250 + 1), "ttl": 0}
                    for index in range(298)]
    emulator.add_zone("demo-ovh", ZONE, records)
    return records


def zone_file(records):
    lines = ["$ORIGIN %s." % ZONE, "$TTL 3600", "@ IN SOA dns1.ovh.net. tech.ovh.net. (1 86400 3600 3600000 300)"]
    for record in records:
        lines.append("%s IN %s %s" % (record["subDomain"] or "@", record["fieldType"], record["target"]))
    return "\n".join(lines) + "\n"


def test_budget_of_a_300_record_zone_with_20_differences(ansible, emulator, tmp_path):
    records = big_zone(emulator)
    wanted = [dict(record) for record in records]
    for record in wanted[2:12]:
        record["target"] = "198.51.100.%s" % record["target"].rsplit(".", 1)[1]  # 10 changed
    wanted = wanted[:-5]  # 5 absent
    wanted += [{"fieldType": "TXT", "subDomain": "new%d" % index, "target": '"hello %d"' % index} for index in range(5)]  # 5 new
    path = tmp_path / "big.zone"
    path.write_text(zone_file(wanted))
    emulator.clear_log()
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dns_records", {"zone": ZONE, "zone_file": str(path)})
    assert rc == 0, output
    assert result["changed"] is True
    reads = [entry for entry in emulator.log if entry["method"] == "GET"]
    assert len(reads) <= 1 + 6 + 1 + 1, [(entry["path"]) for entry in reads]  # time, records, the SOA (default TTL)
    assert sorted(record_writes(emulator)) == ["DELETE"] * 5 + ["POST"] * 5 + ["PUT"] * 10
    assert [entry["route"] for entry in writes(emulator)].count("/domain/zone/{zoneName}/refresh") == 1
    live = emulator.zone("demo-ovh", ZONE).live_records()
    assert sorted((r["subDomain"], r["fieldType"], r["target"]) for r in live) == sorted(
        (r["subDomain"], r["fieldType"], r["target"]) for r in wanted)
    assert all(record["ttl"] == 0 for record in live if record["fieldType"] == "A")  # $TTL is the zone default: kept

    emulator.clear_log()
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dns_records", {"zone": ZONE, "zone_file": str(path)})
    assert rc == 0 and result["changed"] is False, output
    assert writes(emulator) == []
    assert len(requests(emulator)) == 1 + 6 + 1


def test_zone_file_playbook(ansible, emulator, tmp_path):
    """Check mode, diff, apply, rerun, an exported zone file, and bad input that writes nothing."""
    run = ansible.run("dns_zone_file.yml", "--diff")
    assert run.rc == 0, run
    assert run.recap["failed"] == 0
    facts = json.loads((ansible.workdir / "zone_file_result.json").read_text())
    assert facts["check"]["changed"] and facts["apply"]["changed"] and not facts["rerun"]["changed"]
    assert not facts["export_rerun"]["changed"]
    assert "line 4" in facts["hinfo"]["msg"] and "HINFO" in facts["hinfo"]["msg"]
    assert "outside the zone" in facts["outside"]["msg"]
    assert "mutually exclusive" in facts["both"]["msg"]
    assert "cannot read the zone file" in facts["missing"]["msg"]
    # The zone is what the file says (new records get the file's TTL), apex NS kept, nothing written by the failures.
    zone = emulator.zone("demo-ovh", "example.org")
    assert sorted((r["subDomain"], r["fieldType"], r["target"], r["ttl"]) for r in zone.live_records()) == [
        ("", "A", "192.0.2.80", 3600), ("", "MX", "10 mx.example.org.", 3600), ("", "NS", "dns1.ovh.net.", 0),
        ("", "NS", "ns1.ovh.net.", 0), ("", "TXT", '"v=spf1 -all"', 600), ("www", "CNAME", "example.org.", 300)]


def test_without_dnspython_the_error_names_the_library(ansible, emulator, tmp_path):
    shadow = tmp_path / "shadow" / "dns"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named dns')\n")
    emulator.clear_log()
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dns_records", {"zone": "example.com", "zone_file_content": "@ IN A 192.0.2.1\n"},
                                       env={"PYTHONPATH": str(tmp_path / "shadow")})
    assert rc != 0
    assert "dnspython" in result["msg"] and "Failed to import the required Python library" in result["msg"], result
    assert writes(emulator) == []
