"""The exact requests of the zone modules, run in-process (tests/module_runner.py) against the emulator."""

import pytest

ZONE = "/domain/zone/example.com"


def sent(emulator):
    return [(e["method"], e["path"] + ("?" + e["query"] if e["query"] else "")) for e in emulator.log if e["path"] != "/auth/time"]


@pytest.fixture
def run(modules, emulator):
    def run_module(module, args, *options):
        emulator.clear_log()
        rc, result, output = modules.run(module, args, *options)
        return rc, result, output, sent(emulator)
    return run_module


def test_zone_info(run):
    rc, result, _output, requests = run("ovh_dns_zone_info", {"zone": "example.com", "export": True})
    assert rc == 0 and result["changed"] is False
    assert requests == [("GET", ZONE), ("GET", ZONE + "/status"), ("GET", ZONE + "/dnssec"), ("GET", ZONE + "/capabilities"),
                        ("GET", ZONE + "/task?status=todo"), ("GET", ZONE + "/task?status=doing"), ("GET", ZONE + "/export")]
    assert result["zone_file"].startswith("$TTL 3600\n")
    rc, result, _output, requests = run("ovh_dns_zone_info", {"zone": "unknown.example"})
    assert rc == 1 and "This service does not exist" in result["msg"] and result["status"] == 404
    assert requests == [("GET", "/domain/zone/unknown.example")]
    rc, result, _output, requests = run("ovh_dns_zone_info", {"zone": "bad zone"})
    assert rc == 1 and "not a valid domain name" in result["msg"] and requests == []


def test_dnssec(run, emulator):
    emulator.state.task_seconds = (5, 3600)
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com"}, "--check", "--diff")
    assert (rc, result["changed"], result["status"], requests) == (0, True, "enableInProgress", [("GET", ZONE + "/dnssec")])
    assert result["diff"] == {"before": {"status": "disabled"}, "after": {"status": "enableInProgress"}}
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com", "wait": False})
    assert (rc, result["changed"], requests) == (0, True, [("GET", ZONE + "/dnssec"), ("POST", ZONE + "/dnssec")])
    # In progress: no second request; a wait that runs out says so.
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com", "wait": False})
    assert (rc, result["changed"], requests) == (0, False, [("GET", ZONE + "/dnssec")])
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": 0})
    assert rc == 1 and "still pending after 0 seconds" in result["msg"] and result["status"] == "enableInProgress"
    assert requests == [("GET", ZONE + "/dnssec")] * 2
    emulator.clock_offset += 3605
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com"})
    # The clock jump makes the cached server-time offset stale: the client resyncs and sends the GET again.
    assert [(e["path"], e["status"]) for e in emulator.log] == [
        (ZONE + "/dnssec", 400), ("/auth/time", 200), (ZONE + "/dnssec", 200)]
    assert (rc, result["changed"], result["status"]) == (0, False, "enabled")
    rc, result, _output, requests = run("ovh_dns_dnssec", {"zone": "example.com", "wait_timeout": -1})
    assert rc == 1 and "wait_timeout" in result["msg"] and requests == []


def test_dynhost_record(run):
    rc, result, _output, requests = run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "ip": "203.0.113.60"})
    assert rc == 0 and result["changed"]
    assert requests == [("GET", ZONE + "/dynHost/record?subDomain=office"), ("POST", ZONE + "/dynHost/record")]
    record_id = result["record"]["id"]
    rc, result, _output, requests = run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "ip": "203.0.113.61"})
    assert requests == [("GET", ZONE + "/dynHost/record?subDomain=office"), ("GET", ZONE + "/dynHost/record/%d" % record_id),
                        ("PUT", ZONE + "/dynHost/record/%d" % record_id)]
    rc, result, _output, requests = run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office", "state": "absent"})
    assert result["changed"] and requests[-1] == ("DELETE", ZONE + "/dynHost/record/%d" % record_id)
    rc, result, _output, requests = run("ovh_dns_dynhost_record", {"zone": "example.com", "subdomain": "office"})
    assert rc == 1 and "ip" in result["msg"] and requests == []


def test_dynhost_login(run, emulator):
    login = ZONE + "/dynHost/login/example.com-office"
    args = {"zone": "example.com", "login_suffix": "office", "subdomain": "office", "password": "OfficeSecret-7f3a"}
    rc, result, output, requests = run("ovh_dns_dynhost_login", args, "--check")
    assert (rc, result["changed"], requests) == (0, True, [("GET", login)])
    rc, result, output, requests = run("ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], requests) == (0, True, [("GET", login), ("POST", ZONE + "/dynHost/login")])
    assert "OfficeSecret-7f3a" not in output
    rc, result, output, requests = run("ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], requests) == (0, False, [("GET", login)])
    rc, result, output, requests = run("ovh_dns_dynhost_login", dict(args, update_password="always", password="OfficeSecret-8e4b"))
    assert (rc, result["changed"], requests) == (0, True, [("GET", login), ("POST", login + "/changePassword")])
    assert "OfficeSecret-8e4b" not in output
    assert emulator.zone("demo-ovh", "example.com").extras.dynhost_logins["example.com-office"]["password"] == "OfficeSecret-8e4b"
    rc, result, output, requests = run("ovh_dns_dynhost_login", dict(args, login_suffix="bad suffix"))
    assert rc == 1 and "login_suffix" in result["msg"] and requests == []


def test_name_servers(run, emulator):
    emulator.state.task_seconds = (0, 0)
    wanted = [{"host": "ns1.example.com", "ip": "192.0.2.53"}, {"host": "ns2.example.net"}]
    rc, result, _output, requests = run("ovh_domain_name_servers", {"domain": "example.com", "name_servers": wanted})
    assert rc == 0 and result["changed"] and result["task"]["status"] == "done"
    task_id = result["task"]["id"]
    assert requests == [("GET", "/domain/example.com/nameServer"), ("GET", "/domain/example.com/nameServer/1000001,1000002"),
                        ("POST", "/domain/example.com/nameServers/update"), ("GET", "/domain/example.com/task/%d" % task_id)]
    rc, result, _output, requests = run("ovh_domain_name_servers", {"domain": "example.com", "name_servers": wanted[::-1]})
    assert (rc, result["changed"], len(requests)) == (0, False, 2) and all(method == "GET" for method, _path in requests)
    # A registry that takes its time: the wait runs out with a clear message, the update stays requested.
    emulator.state.task_seconds = (0, 3600)
    rc, result, _output, requests = run("ovh_domain_name_servers", {"domain": "example.org", "name_servers": wanted[1:], "wait_timeout": 0})
    assert rc == 1 and result["changed"] and "still pending after 0 seconds" in result["msg"]
    assert [method for method, _path in requests] == ["GET", "GET", "POST", "GET"]


def test_zone_file_requests(run):
    text = "$TTL 3600\n@ IN A 192.0.2.10\nwww 3600 IN CNAME @\n@ IN MX 10 mx1\nmx1 IN A 192.0.2.26\n@ 600 IN TXT \"v=spf1 include:mx.ovh.com ~all\"\n"
    rc, result, _output, requests = run("ovh_dns_records", {"zone": "example.com", "zone_file_content": text})
    # www's TTL is the file's default and the record's: kept; the SOA-less file leaves the apex NS alone.
    assert rc == 0 and result["changes"] == ["update mx1 A id 5000000006: target 192.0.2.26"]
    assert requests == [("GET", ZONE + "/record"), ("GET", ZONE + "/record/" + ",".join(str(i) for i in range(5000000001, 5000000008))),
                        ("PUT", ZONE + "/record/5000000006"), ("POST", ZONE + "/refresh")]


def test_zone_file_refusals_and_warnings(run):
    cname_and_a = "$TTL 3600\nwww IN CNAME @\nwww IN A 192.0.2.1\n"
    rc, result, _output, requests = run("ovh_dns_records", {"zone": "example.com", "zone_file_content": cname_and_a})
    assert rc == 1 and "a CNAME record cannot exist next to other records" in result["msg"]
    assert all(method == "GET" for method, _path in requests)  # refused before any write
    other_ns = "$TTL 3600\n@ IN NS ns.other-provider.net.\n@ IN A 192.0.2.10\n"
    rc, result, _output, requests = run("ovh_dns_records", {"zone": "example.org", "zone_file_content": other_ns}, "--check")
    assert rc == 0 and result["changes"] == ["create @ A 192.0.2.10"]
    assert any("apex NS records of the zone file (ns.other-provider.net.) are ignored" in w for w in result["warnings"])
    assert all(method == "GET" for method, _path in requests)


def test_zone_file_txt_matches_ovh_dkim_and_dmarc_sets(run, emulator):
    emulator.add_zone("demo-ovh", "mail.example", [
        {"fieldType": "NS", "subDomain": "", "target": "dns1.ovh.net.", "ttl": 0},
        {"fieldType": "DKIM", "subDomain": "s1._domainkey", "target": "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB", "ttl": 0},
        {"fieldType": "DMARC", "subDomain": "_dmarc", "target": "v=DMARC1; p=reject", "ttl": 0}])
    text = ('$TTL 3600\ns1._domainkey IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB"\n'
            '_dmarc IN TXT "v=DMARC1; p=quarantine"\n')
    rc, result, _output, requests = run("ovh_dns_records", {"zone": "mail.example", "zone_file_content": text})
    # The DKIM set is the file's TXT: kept. The DMARC differs: replaced by the file's TXT.
    assert rc == 0 and len(result["changes"]) == 2
    # The creation first: a refused write leaves the old data in place.
    assert result["changes"][0] == 'create _dmarc TXT "v=DMARC1; p=quarantine"'
    assert result["changes"][1].startswith("delete _dmarc DMARC v=DMARC1; p=reject (id ")
    # The zone's default TTL (its SOA) is read once: the DKIM set is at TTL 0, the file's at 3600.
    assert [method for method, _path in requests] == ["GET", "GET", "GET", "POST", "DELETE", "POST"]
    assert ("GET", "/domain/zone/mail.example/soa") in requests
    rc, result, _output, requests = run("ovh_dns_records", {"zone": "mail.example", "zone_file_content": text})
    assert rc == 0 and not result["changed"] and len(requests) == 3
