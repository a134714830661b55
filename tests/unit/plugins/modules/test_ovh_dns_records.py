"""ovh_dns_records in-process (tests/module_runner.py) against the emulator.

With a zone file, tried as a careless user and as an attacker would (issue 19): everything validated
before the first write, thresholds, prune=false, faithful values, writes ordered so that a refusal
keeps the old data, and a zone edited by someone else meanwhile; a zone file that cannot be read; the
exact requests of a file. With records: the budget of 200 sets of which 10 differ, a CNAME replacing
other records, bad input, a partial failure and faults in the middle of a change set, and the rerun
that converges. Check mode and diff through ansible-playbook: tests/integration/test_dns_records.py."""

import pytest

from api_log import record_writes, requests, writes, zone_set
from dns_runs import BULK_ZONE, converged, wanted_sets
from module_runner import assert_no_crash, import_module

ZONE = "safe.example"
MODULE = "signet.ovh.ovh_dns_records"
ZONE_PATH = "/domain/zone/example.com"
RECORD = "/domain/zone/example.com/record"
NS = [{"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
      {"fieldType": "NS", "subDomain": "", "target": "ns1.ovh.net.", "ttl": 0}]


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


def hosts(count):
    return [{"fieldType": "A", "subDomain": "h%02d" % index, "target": "192.0.2.%d" % (index + 1), "ttl": 0} for index in range(count)]


def zone_text(records, ttl=3600, extra=""):
    lines = ["$ORIGIN %s." % ZONE, "$TTL %d" % ttl]
    lines += ["%s IN %s %s" % (record["subDomain"] or "@", record["fieldType"], record["target"]) for record in records]
    return "\n".join(lines) + "\n" + extra


def record_id(emulator, subdomain, zone=ZONE):
    return [r["id"] for r in emulator.zone("demo-ovh", zone).pending_records() if r["subDomain"] == subdomain][0]


def live(emulator, zone=ZONE):
    return sorted((r["subDomain"], r["fieldType"], r["target"], r["ttl"]) for r in emulator.zone("demo-ovh", zone).live_records())


def staged(emulator, zone=ZONE):
    return sorted((r["subDomain"], r["fieldType"], r["target"], r["ttl"]) for r in emulator.zone("demo-ovh", zone).pending_records())


@pytest.fixture
def run(modules, emulator):
    def logged_run(args, *options):
        emulator.clear_log()
        return modules.run(MODULE, dict({"zone": ZONE}, **args), *options)
    return logged_run


@pytest.mark.parametrize("text, message", [
    ("$TTL 3600\nwww 30 IN A 192.0.2.7\n", "zone_file_content line 2: TTL 30 is invalid"),
    ("$TTL 3600\nok IN A 192.0.2.8\nw\\.x IN A 192.0.2.7\n", "zone_file_content line 3: subdomain 'w\\\\.x' is not a valid DNS name"),
    ("$TTL 3600\nfoo.@ IN A 192.0.2.7\n", "zone_file_content line 2: subdomain 'foo.\\\\@' is not a valid DNS name"),
    ("$TTL 3600\n\n\nwww IN A 192.0.2.400\n", "zone_file_content line 4: 192.0.2.400 is not an IPv4 address"),
    ("$TTL 3600\nwww IN CNAME a.example.\nwww IN A 192.0.2.7\n",
     "zone_file_content line 2: a CNAME record cannot exist next to other records of the same name: www also has A (line 3)"),
    ("$TTL 3600\n@ IN CNAME a.example.\n", "zone_file_content line 2: a CNAME record cannot be at the zone apex"),
    ("$TTL 3600\nwww IN CNAME a.example.\nwww IN CNAME b.example.\n", "zone_file_content line 2: a CNAME record set holds one value"),
    ("$TTL 3600\n$ORIGIN safe.example\nwww IN A 192.0.2.7\n", "zone_file_content line 2: $ORIGIN safe.example is relative (no final dot)"),
    ("$TTL 3600\n$GENERATE 1-20000 h$ A 192.0.2.1\n", "zone_file_content line 2: $GENERATE 1-20000 would make 20000 records, at most 10000"),
    ("$TTL 3600\n@ IN MX 10 mx1\nwww IN TXT \"a\\010b\"\n", "zone_file_content line 3: value 'a\\nb' must not contain line breaks"),
])
def test_a_file_the_api_would_refuse_fails_with_its_line_and_writes_nothing(run, emulator, text, message):
    emulator.add_zone("demo-ovh", ZONE, NS + [{"fieldType": "CNAME", "subDomain": "www", "target": "target.example.", "ttl": 0}])
    before = live(emulator)
    rc, result, output = run({"zone_file_content": text})
    assert rc == 1 and message in result["msg"], result["msg"]
    assert emulator.log == [] and staged(emulator) == before  # refused before the first request


def test_cname_replaced_by_an_a_deletes_the_cname_just_before_the_creation(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(3) + [{"fieldType": "CNAME", "subDomain": "www", "target": "target.example.", "ttl": 0}])
    text = zone_text(NS + hosts(2) + [{"fieldType": "A", "subDomain": "new", "target": "198.51.100.1"},
                                      {"fieldType": "A", "subDomain": "www", "target": "198.51.100.2"}])
    rc, result, output = run({"zone_file_content": text, "max_delete_percent": 100})
    assert rc == 0, output
    # Creations before deletions, except www's CNAME, which the API refuses beside the A.
    assert [change.split(" (id")[0] for change in result["changes"]] == [
        "create new A 198.51.100.1", "delete www CNAME target.example.", "create www A 198.51.100.2", "delete h02 A 192.0.2.3"]


def test_a_refused_write_leaves_the_old_data_and_the_result_says_what_was_applied(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(3))
    text = zone_text(NS + hosts(2) + [{"fieldType": "A", "subDomain": "new", "target": "198.51.100.1"}])
    # The API refuses the creation twice (once more after the re-plan a refused creation earns).
    emulator.add_fault(status=400, method="POST", path="/domain/zone/%s/record" % ZONE, count=2)
    rc, result, output = run({"zone_file_content": text, "max_delete_percent": 100})
    assert rc == 1 and result["applied"] == []
    assert result["not_applied"][0] == "create new A 198.51.100.1" and result["not_applied"][1].startswith("delete h02 A 192.0.2.3")
    assert ("h02", "A", "192.0.2.3", 0) in staged(emulator)  # the old record is still there
    assert "Nothing was changed" in result["msg"]
    assert any("it was read again and planned anew" in warning for warning in result["warnings"])


@pytest.mark.parametrize("check", [True, False])
def test_deleting_more_than_30_percent_is_refused_in_check_mode_and_in_a_real_run(run, emulator, check):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(18))  # 20 records
    before = live(emulator)
    text = zone_text(NS + hosts(11))  # 7 deletions: 35 %
    rc, result, output = run({"zone_file_content": text}, *(["--check"] if check else []))
    assert rc == 1, output
    refusal = ("refused: this run would delete 7 of the 20 records of the zone safe.example (35 %), "
               "more than max_delete_percent=30 allows; nothing was changed")
    assert result["msg"].startswith(refusal), result["msg"]
    assert "raise max_delete_percent (100 turns the check off)" in result["msg"]
    assert writes(emulator) == [] and staged(emulator) == before
    rc, result, output = run({"zone_file_content": text, "max_delete_percent": 35}, *(["--check"] if check else []))
    assert rc == 0 and len(result["changes"]) == 7, output
    assert len(record_writes(emulator)) == (0 if check else 7)


def test_updating_more_than_30_percent_is_refused_with_prune_too(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(10))
    records = [{"subdomain": "h%02d" % index, "type": "A", "value": ["198.51.100.%d" % index]} for index in range(4)]
    rc, result, output = run({"records": records, "prune": True, "max_delete_percent": 100})
    assert rc == 1 and "would update 4 of the 12 records" in result["msg"] and "max_update_percent=30" in result["msg"]
    assert writes(emulator) == []
    rc, result, output = run({"records": records, "prune": False})  # no prune: no threshold
    assert rc == 0 and len(result["changes"]) == 4, output
    rc, result, output = run({"records": records, "max_update_percent": 0, "prune": False})
    assert rc == 0 and not result["changed"]


def test_thresholds_leave_small_zones_alone_and_refuse_an_empty_file(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(5))  # 7 records: below the 10 of the rule
    rc, result, output = run({"zone_file_content": zone_text(NS + hosts(2))})
    assert rc == 0 and len(result["changes"]) == 3, output
    for text in ("", "; nothing\n", "$TTL 3600\n@ IN NS dns1.ovh.net.\n"):
        rc, result, output = run({"zone_file_content": text})
        assert rc == 1 and result["msg"].startswith("refused: the zone file holds no record set"), result
        assert writes(emulator) == []
    rc, result, output = run({"zone_file_content": "", "max_delete_percent": 100})
    assert rc == 0 and live(emulator) == sorted(("", "NS", r["target"], 0) for r in NS)  # the apex NS stay
    rc, result, output = run({"zone_file_content": "", "max_update_percent": 101})
    assert rc == 1 and "max_update_percent 101 is invalid" in result["msg"]


def test_prune_false_keeps_the_records_the_file_does_not_hold(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(12))
    text = zone_text([{"fieldType": "A", "subDomain": "h00", "target": "198.51.100.9"},
                      {"fieldType": "A", "subDomain": "new", "target": "198.51.100.1"}])
    rc, result, output = run({"zone_file_content": text, "prune": False})
    assert rc == 0 and result["pruned"] == [], output
    assert sorted(result["changes"]) == ["create new A 198.51.100.1", "update h00 A id %d: target 198.51.100.9" % record_id(emulator, "h00")]
    assert len(live(emulator)) == 15 and ("h11", "A", "192.0.2.12", 0) in live(emulator)


def test_multi_string_txt_keeps_its_strings_end_to_end(run, modules, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS)
    text = '$TTL 3600\nprinter IN TXT "txtvers=1" "rp=printers/lobby"\nspf IN TXT "v=spf1 -all"\n'
    rc, result, output = run({"zone_file_content": text})
    assert rc == 0, output
    assert ("printer", "TXT", '"txtvers=1" "rp=printers/lobby"', 3600) in live(emulator)
    assert [s["value"] for s in result["record_sets"]] == [['"txtvers=1" "rp=printers/lobby"'], ["v=spf1 -all"]]
    rc, result, output = run({"zone_file_content": text})
    assert rc == 0 and not result["changed"]
    # The joined text is another value: the strings are rewritten.
    rc, result, output = run({"zone_file_content": '$TTL 3600\nprinter IN TXT "txtvers=1rp=printers/lobby"\nspf IN TXT "v=spf1 -all"\n'})
    assert rc == 0 and result["changes"] == ['update printer TXT id %d: target "txtvers=1rp=printers/lobby"' % record_id(emulator, "printer")]


def test_the_file_ttl_equals_ttl_0_only_when_it_is_the_zone_default(run, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(2))
    emulator.zone("demo-ovh", ZONE).default_ttl = 3600
    rc, result, output = run({"zone_file_content": zone_text(NS + hosts(2), ttl=3600)})
    assert rc == 0 and not result["changed"], output
    # Lowering the TTLs before a migration: $TTL 60 is not the zone's default, so it is written.
    rc, result, output = run({"zone_file_content": zone_text(NS + hosts(2), ttl=60), "max_update_percent": 100})
    assert rc == 0 and result["changes"] == ["update h00 A id %d: ttl 60" % record_id(emulator, "h00"),
                                             "update h01 A id %d: ttl 60" % record_id(emulator, "h01")], output
    assert [entry["path"] for entry in emulator.log if entry["method"] == "GET"][-1].endswith("/safe.example/soa")
    # A zone whose default is 60: the same file is in step with records at TTL 0.
    emulator.add_zone("demo-ovh", "short.example", hosts(2))
    emulator.zone("demo-ovh", "short.example").default_ttl = 60
    rc, result, output = run({"zone": "short.example", "zone_file_content": "$TTL 60\nh00 IN A 192.0.2.1\nh01 IN A 192.0.2.2\n"})
    assert rc == 0 and not result["changed"], output


def test_an_exported_zone_applied_as_a_file_changes_nothing(modules, emulator):
    emulator.add_zone("demo-ovh", ZONE, NS + [
        {"fieldType": "LOC", "subDomain": "office", "target": "48 51 29.000 N 2 17 40.000 E 0.00m 1.00m 10000.00m 10.00m", "ttl": 0},
        {"fieldType": "CAA", "subDomain": "", "target": '0 issue "letsencrypt.org"', "ttl": 0},
        {"fieldType": "CAA", "subDomain": "", "target": '128 iodef "mailto:security@safe.example"', "ttl": 0},
        {"fieldType": "SRV", "subDomain": "_sip._tcp", "target": "10 5 5060 sip.safe.example.", "ttl": 0},
        {"fieldType": "TXT", "subDomain": "", "target": '"say \\"hi\\" to \\\\ everyone"', "ttl": 0},
        {"fieldType": "TXT", "subDomain": "long", "target": '"%s" "%s"' % ("k" * 255, "m" * 100), "ttl": 0},
        {"fieldType": "TXT", "subDomain": "printer", "target": '"txtvers=1" "rp=printers/lobby"', "ttl": 0},
        {"fieldType": "MX", "subDomain": "", "target": "10 mx1.safe.example.", "ttl": 0},
        {"fieldType": "AAAA", "subDomain": "v6", "target": "2001:db8::1", "ttl": 60},
        {"fieldType": "CNAME", "subDomain": "www", "target": "safe.example.", "ttl": 0},
        {"fieldType": "SSHFP", "subDomain": "host", "target": "1 1 0123456789abcdef0123456789abcdef01234567", "ttl": 0},
    ])
    rc, info, output = modules.run("signet.ovh.ovh_dns_zone_info", {"zone": ZONE, "export": True})
    assert rc == 0 and "IN LOC" in info["zone_file"], output
    emulator.clear_log()
    rc, result, output = modules.run(MODULE, {"zone": ZONE, "zone_file_content": info["zone_file"]})
    assert rc == 0 and not result["changed"] and result["changes"] == [], output
    assert writes(emulator) == []
    # The ids, one batch, the SOA: one read more than before the default TTL was read.
    assert [entry["route"] for entry in emulator.log] == [
        "/domain/zone/{zoneName}/record", "/domain/zone/{zoneName}/record/{id}", "/domain/zone/{zoneName}/soa"]


def test_crlf_and_non_utf8_files(run, emulator, tmp_path):
    emulator.add_zone("demo-ovh", ZONE, NS)
    crlf = tmp_path / "crlf.zone"
    crlf.write_bytes(b"\xef\xbb\xbf$TTL 3600\r\nwww IN A 192.0.2.7\r\nnote IN TXT \"caf\xc3\xa9\"\r\n")  # with a byte order mark
    rc, result, output = run({"zone_file": str(crlf)})
    assert rc == 0 and sorted(result["changes"]) == ['create note TXT "caf\u00e9"', "create www A 192.0.2.7"], output
    latin1 = tmp_path / "latin1.zone"
    latin1.write_bytes(b"$TTL 3600\nwww IN A 192.0.2.7\nnote IN TXT \"caf\xe9\"\n")
    rc, result, output = run({"zone_file": str(latin1)})
    assert rc == 1 and result["msg"] == "%s line 3: not UTF-8 (byte 0xe9); save the file as UTF-8" % latin1
    rc, result, output = run({"zone_file": "/dev/zero"})
    assert rc == 1 and result["msg"] == "the zone file /dev/zero is larger than 64 MB: that is not a zone file"
    rc, result, output = run({"zone_file": str(tmp_path)})
    assert rc == 1 and result["msg"].startswith("cannot read the zone file %s: " % tmp_path)
    assert emulator.log == []


@pytest.fixture
def edit_after_first_read(monkeypatch, modules, emulator):
    """Runs ``edit(zone)`` (under the emulator's lock) right after the module's first read of the zone,
    as if someone else changed it between the read and the writes."""
    module = import_module(MODULE)
    original = module.read_records
    reads = []

    def install(edit):
        def read_records(client, zone, *args, **kwargs):
            records = original(client, zone, *args, **kwargs)
            reads.append(zone)
            if len(reads) == 1:
                with emulator.state.lock:
                    edit(emulator.state.zones[("demo-ovh", zone)])
            return records
        monkeypatch.setattr(module, "read_records", read_records)
        return reads
    return install


def test_a_record_updated_by_someone_else_is_re_read_and_re_planned_once(run, emulator, edit_after_first_read):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(12))

    def someone_else(zone):
        # h00 deleted and created again elsewhere under a new id: our PUT of its old id gets a 404.
        record = zone.pending.pop(old_id)
        zone.pending[5000009999] = dict(record, id=5000009999, target="203.0.113.50")

    old_id = record_id(emulator, "h00")
    reads = edit_after_first_read(someone_else)
    text = zone_text(NS + [{"fieldType": "A", "subDomain": "h00", "target": "198.51.100.1"}] + hosts(12)[1:])
    rc, result, output = run({"zone_file_content": text})
    assert rc == 0, output
    assert len(reads) == 2 and len(result["replanned"]) == 1
    assert result["replanned"][0].startswith("update h00 A id %d: target 198.51.100.1 failed (" % old_id) and \
        "it was read again and planned anew" in result["replanned"][0]
    assert result["changes"] == ["update h00 A id 5000009999: target 198.51.100.1"]
    assert ("h00", "A", "198.51.100.1", 0) in live(emulator) and len(live(emulator)) == 14
    assert any("planned anew" in warning for warning in result["warnings"])


def test_a_creation_refused_because_someone_else_added_a_cname_is_re_planned(run, emulator, edit_after_first_read):
    emulator.add_zone("demo-ovh", ZONE, NS + hosts(12))

    def someone_else(zone):
        zone.pending[5000009999] = {"id": 5000009999, "zone": ZONE, "subDomain": "new", "fieldType": "CNAME",
                                    "target": "elsewhere.example.", "ttl": 0}

    edit_after_first_read(someone_else)
    text = zone_text(NS + hosts(12) + [{"fieldType": "A", "subDomain": "new", "target": "198.51.100.1"}])
    rc, result, output = run({"zone_file_content": text})
    assert rc == 0, output
    # The file is the zone: the new plan deletes the CNAME just before creating the A.
    assert result["changes"][0] == "delete new CNAME elsewhere.example. (id 5000009999)"
    assert result["changes"][1] == "create new A 198.51.100.1" and len(result["replanned"]) == 1
    assert ("new", "A", "198.51.100.1", 3600) in live(emulator) and not any(r[1] == "CNAME" for r in live(emulator))


def test_200_sets_10_differ_budget(runner, emulator, bulk_zone):
    changed = set(range(0, 200, 20))
    result = runner("dns_records.yml", zone=BULK_ZONE, records=wanted_sets(bulk_zone, changed))
    assert result["changed"] and len(result["changes"]) == 10
    reads = [entry for entry in emulator.log if entry["method"] == "GET"]
    assert len(reads) == 1 + 4
    assert record_writes(emulator) == ["PUT"] * 10
    refreshes = [entry for entry in writes(emulator) if entry["route"].endswith("/refresh")]
    assert len(refreshes) == 1
    live = emulator.zone("demo-ovh", BULK_ZONE).live_records()
    assert sorted(record["target"] for record in live if record["subDomain"] == "host020") == ["198.51.100.20"]

    again = runner("dns_records.yml", zone=BULK_ZONE, records=wanted_sets(bulk_zone, changed))
    assert not again["changed"] and writes(emulator) == []
    assert len(requests(emulator)) == 5


def test_cname_replacing_other_records_deletes_first(runner, emulator):
    records = [{"subdomain": "www", "type": "CNAME", "state": "absent"},
               {"subdomain": "www", "type": "A", "value": ["192.0.2.80"]}]
    result = runner("dns_records.yml", records=records)
    assert result["changed"]
    assert record_writes(emulator) == ["DELETE", "POST"]


@pytest.mark.parametrize("records, message", [
    ([{"subdomain": "a", "type": "A", "value": ["x"]}], "records[0]: value 'x' of an A record is not an IPv4 address"),
    ([{"subdomain": "a", "type": "A", "value": ["192.0.2.1"]}, {"subdomain": "A", "type": "A", "value": ["192.0.2.2"]}],
     "records[1]: a A is already listed in records[0]"),
    ([{"subdomain": "a", "type": "A", "value": ["192.0.2.1"], "ttl": 30}], "records[0].ttl 30 is invalid"),
    ([{"subdomain": "www", "type": "A", "value": ["192.0.2.1"]}], "cannot exist next to other records"),
    ([{"subdomain": "ok", "type": "A", "value": ["192.0.2.1"]}, {"subdomain": "www", "type": "CNAME", "value": ["x.example.net."],
                                                                 "on_existing": "keep_and_fail"}], "exists with other values"),
])
def test_bad_input_fails_before_any_write(runner, emulator, records, message):
    result = runner("dns_records.yml", records=records)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert writes(emulator) == []


def test_partial_failure_reports_what_was_applied_and_rerun_converges(runner, emulator):
    runner("dns_records.yml", records=[{"subdomain": "p0", "type": "A", "value": ["192.0.2.100"]}])
    records = [{"subdomain": "p%d" % number, "type": "A", "value": ["192.0.2.%d" % (number + 1)]} for number in range(3)]
    # Updates go before creations: the update of p0 is applied, then the first creation fails.
    emulator.add_fault(status=500, count=1, method="POST", path="/domain/zone/example.com/record")
    result = runner("dns_records.yml", records=records)
    assert result["failed"] and result["changed"]
    message = result["msg"]
    assert "POST /domain/zone/example.com/record failed: HTTP 500" in message and "QueryID" in message
    assert "Already applied: update p0 A" in message and "(zone refreshed)" in message
    assert "Not applied: create p1 A 192.0.2.2; create p2 A 192.0.2.3" in message
    assert zone_set(emulator, "p0", "A", live=True) == [("192.0.2.1", 0)]
    assert len([entry for entry in emulator.log if entry["path"] == "/domain/zone/example.com/record" and entry["method"] == "POST"]) == 1
    again = runner("dns_records.yml", records=records)
    assert again["changed"] and not again.get("failed")
    assert zone_set(emulator, "p2", "A", live=True) == [("192.0.2.3", 0)]
    third = runner("dns_records.yml", records=records)
    assert not third["changed"] and writes(emulator) == []


def test_zone_file_requests(logged_run):
    text = "$TTL 3600\n@ IN A 192.0.2.10\nwww 3600 IN CNAME @\n@ IN MX 10 mx1\nmx1 IN A 192.0.2.26\n@ 600 IN TXT \"v=spf1 include:mx.ovh.com ~all\"\n"
    rc, result, _output, requests = logged_run("ovh_dns_records", {"zone": "example.com", "zone_file_content": text})
    # www's TTL is the file's default and the record's: kept; the SOA-less file leaves the apex NS alone.
    assert rc == 0 and result["changes"] == ["update mx1 A id 5000000006: target 192.0.2.26"]
    assert requests == [("GET", ZONE_PATH + "/record"), ("GET", ZONE_PATH + "/record/" + ",".join(str(i) for i in range(5000000001, 5000000008))),
                        ("PUT", ZONE_PATH + "/record/5000000006"), ("POST", ZONE_PATH + "/refresh")]


def test_zone_file_refusals_and_warnings(logged_run):
    cname_and_a = "$TTL 3600\nwww IN CNAME @\nwww IN A 192.0.2.1\n"
    rc, result, _output, requests = logged_run("ovh_dns_records", {"zone": "example.com", "zone_file_content": cname_and_a})
    assert rc == 1 and "a CNAME record cannot exist next to other records" in result["msg"]
    assert all(method == "GET" for method, _path in requests)  # refused before any write
    other_ns = "$TTL 3600\n@ IN NS ns.other-provider.net.\n@ IN A 192.0.2.10\n"
    rc, result, _output, requests = logged_run("ovh_dns_records", {"zone": "example.org", "zone_file_content": other_ns}, "--check")
    assert rc == 0 and result["changes"] == ["create @ A 192.0.2.10"]
    assert any("apex NS records of the zone file (ns.other-provider.net.) are ignored" in w for w in result["warnings"])
    assert all(method == "GET" for method, _path in requests)


def test_zone_file_txt_matches_ovh_dkim_and_dmarc_sets(logged_run, emulator):
    emulator.add_zone("demo-ovh", "mail.example", [
        {"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
        {"fieldType": "DKIM", "subDomain": "s1._domainkey", "target": "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB", "ttl": 0},
        {"fieldType": "DMARC", "subDomain": "_dmarc", "target": "v=DMARC1; p=reject", "ttl": 0}])
    text = ('$TTL 3600\ns1._domainkey IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB"\n'
            '_dmarc IN TXT "v=DMARC1; p=quarantine"\n')
    rc, result, _output, requests = logged_run("ovh_dns_records", {"zone": "mail.example", "zone_file_content": text})
    # The DKIM set is the file's TXT: kept. The DMARC differs: replaced by the file's TXT.
    assert rc == 0 and len(result["changes"]) == 2
    # The creation first: a refused write leaves the old data in place.
    assert result["changes"][0] == 'create _dmarc TXT "v=DMARC1; p=quarantine"'
    assert result["changes"][1].startswith("delete _dmarc DMARC v=DMARC1; p=reject (id ")
    # The zone's default TTL (its SOA) is read once: the DKIM set is at TTL 0, the file's at 3600.
    assert [method for method, _path in requests] == ["GET", "GET", "GET", "POST", "DELETE", "POST"]
    assert ("GET", "/domain/zone/mail.example/soa") in requests
    rc, result, _output, requests = logged_run("ovh_dns_records", {"zone": "mail.example", "zone_file_content": text})
    assert rc == 0 and not result["changed"] and len(requests) == 3


BULK = [{"subdomain": "b%d" % number, "type": "A", "value": ["192.0.2.%d" % (number + 1)]} for number in range(4)]


BULK_FAULTS = [
    ("429 on an update", dict(status=429, retry_after=1, method="PUT"), "ok"),
    ("503 on an update", dict(status=503, method="PUT"), "ok"),
    ("dropped connection on a delete", dict(drop=True, method="DELETE"), "ok"),
    ("502 on a batch read", dict(status=502, method="GET", path=RECORD + "/*"), "ok"),
    # Updates come first (a refusal leaves the old data in place): the deletion is not applied yet.
    ("500 on an update", dict(status=500, method="PUT"), "Not applied: update b0 A id"),
    ("500 on the create", dict(status=500, method="POST", path=RECORD), "Not applied: create b1 A 192.0.2.2"),
]


@pytest.mark.parametrize("name, fault, outcome", BULK_FAULTS, ids=[case[0] for case in BULK_FAULTS])
def test_bulk_faults_in_the_middle_of_a_change_set(modules, emulator, name, fault, outcome):
    # Before: b0 needs an update, b1 and b2 are missing, b3 must go (state absent).
    rc, dummy, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [
        {"subdomain": "b0", "type": "A", "value": ["192.0.2.100"]}, {"subdomain": "b3", "type": "A", "value": ["192.0.2.4"]},
        {"subdomain": "b2", "type": "A", "value": ["192.0.2.3"]}]})
    assert rc == 0, output
    wanted = BULK[:3] + [{"subdomain": "b3", "type": "A", "state": "absent"}]
    emulator.add_fault(**dict(fault, count=1))
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": wanted})
    assert_no_crash(result, output)
    if outcome == "ok":
        assert rc == 0 and result["changed"], output
    else:
        assert rc != 0 and outcome in result["msg"], result["msg"]
        assert "Run the task again" in result["msg"]
    emulator.clear_faults()
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": wanted})
    assert rc == 0, output
    for number in range(3):
        assert converged(emulator, "b%d" % number, ["192.0.2.%d" % (number + 1)])
    assert converged(emulator, "b3", [])
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": wanted})
    assert rc == 0 and not result["changed"]
