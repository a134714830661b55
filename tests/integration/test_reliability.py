"""Reliability: faults injected by the emulator, TLS, clock skew and concurrency.

Every fault ends either in success after retries or in a failed task that says what
failed and what was applied; never a traceback, never a duplicated record; and a rerun
after the fault is gone converges, with the zone refreshed.

The modules run in-process (module_runner: an exception escaping a module fails the test) except
where only Ansible does the work: ten hosts at once with ``-f 10`` (ansible-playbook)."""

import datetime
import ipaddress
import json
import os
import sys
import time

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from emulator import Emulator

RECORD = "/domain/zone/example.com/record"
REFRESH = "/domain/zone/example.com/refresh"


def assert_no_crash(result, output):
    """The module ended with its own exit_json or fail_json, not an exception (module_runner lets
    an exception escaping main() fail the test; this checks the result holds none either)."""
    assert result is not None, output
    assert "Traceback" not in output, output
    assert "module_stderr" not in result and "exception" not in result, result


def warned(result, *texts):
    """Whether the result holds a warning with every text (the warnings Ansible shows as [WARNING])."""
    return any(all(text in " ".join(warning.split()) for text in texts) for warning in result.get("warnings", []))


def wait_for_landing(emulator, method, path):
    """A request held by a ``delay`` fault is logged when answered, after the module gave up on it:
    wait until the emulator has answered one ``method path``, so that the rerun sees what it did."""
    deadline = time.monotonic() + 120  # a bound for a stuck emulator only, not a timing assumption
    while not [entry for entry in emulator.log if entry["method"] == method and entry["path"] == path]:
        assert time.monotonic() < deadline, emulator.log
        time.sleep(0.05)


def dns_args(**extra):
    args = {"zone": "example.com", "subdomain": "faulty", "type": "A", "value": ["192.0.2.77"], "ttl": 300}
    args.update(extra)
    return args


def converged(emulator, subdomain="faulty", expected=("192.0.2.77",)):
    zone = emulator.zone("demo-ovh", "example.com")
    pending = sorted(r["target"] for r in zone.pending_records() if r["subDomain"] == subdomain)
    live = sorted(r["target"] for r in zone.live_records() if r["subDomain"] == subdomain)
    return pending == live == sorted(expected)


# (name, fault, module options, expected outcome: "ok" or the text the failure must hold)
DNS_RECORD_FAULTS = [
    ("429 on the list", dict(status=429, retry_after=1, method="GET", path=RECORD), {}, "ok"),
    ("429 on the create", dict(status=429, retry_after=1, method="POST", path=RECORD), {}, "ok"),
    ("429 on the refresh", dict(status=429, retry_after=1, method="POST", path=REFRESH), {}, "ok"),
    ("500 on the list", dict(status=500, method="GET", path=RECORD), {}, "GET /domain/zone/example.com/record failed: HTTP 500"),
    ("500 on the create", dict(status=500, method="POST", path=RECORD), {}, "POST /domain/zone/example.com/record failed: HTTP 500"),
    ("502 HTML on the list", dict(status=502, method="GET", path=RECORD), {}, "ok"),
    ("502 HTML on the create", dict(status=502, method="POST", path=RECORD), {}, "HTTP 502"),
    ("503 on the list", dict(status=503, method="GET", path=RECORD), {}, "ok"),
    ("503 on the refresh", dict(status=503, method="POST", path=REFRESH), {}, "ok"),
    ("503 on every refresh", dict(status=503, count=20, method="POST", path=REFRESH), {}, "zone NOT refreshed"),
    ("dropped connection on the list", dict(drop=True, method="GET", path=RECORD), {}, "ok"),
    ("dropped connection on the create", dict(drop=True, method="POST", path=RECORD), {}, "no answer from 127.0.0.1"),
    # The emulator holds the answer 1 s, 4 times the client's timeout; the slow one 0.3 s of 10.
    ("read timeout on the list", dict(delay=1, method="GET", path=RECORD), {"timeout": 0.25}, "ok"),
    # The API carries the create out after the client gave up: not sent again, refreshed on the rerun.
    ("read timeout on the create", dict(delay=1, method="POST", path=RECORD), {"timeout": 0.25}, "may have been carried out"),
    ("slow answer on the create", dict(delay=0.3, method="POST", path=RECORD), {"timeout": 10}, "ok"),
]


@pytest.mark.parametrize("name, fault, options, outcome", DNS_RECORD_FAULTS, ids=[case[0] for case in DNS_RECORD_FAULTS])
def test_dns_record_faults(modules, emulator, name, fault, options, outcome):
    fault = dict({"count": 1}, **fault)
    emulator.add_fault(**fault)
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args(**options))
    assert_no_crash(result, output)
    if outcome == "ok":
        assert rc == 0 and result["changed"], output
        assert converged(emulator)
    else:
        assert rc != 0, output
        assert outcome in result["msg"], result["msg"]
        assert "[QueryID:" in result["msg"]
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD and entry["status"] == 200]
    assert len(creates) <= 1, name  # never a duplicated record
    emulator.clear_faults()
    if fault.get("delay"):
        wait_for_landing(emulator, fault["method"], fault["path"])  # a delayed write has landed
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0, output
    assert converged(emulator)  # the rerun refreshed what the failed run applied
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD and entry["status"] == 200]
    assert len(creates) == 1, name  # created once, by the failed run or by the rerun
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and not result["changed"]


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


# (name, fault, timeout option, expected outcome: "ok" or the text the failure must hold, the
# client's waits before its retry: Retry-After, else the first backoff step)
API_CALL_FAULTS = [
    ("429", dict(status=429, retry_after=1), 10, "ok", [1.0]),
    ("500", dict(status=500), 10, "GET /me failed: HTTP 500, Server::InternalServerError", []),
    ("502 HTML", dict(status=502), 10, "ok", [0.5]),
    ("503", dict(status=503), 10, "ok", [0.5]),
    ("dropped connection", dict(drop=True), 10, "ok", [0.5]),
    ("read timeout", dict(delay=1), 0.25, "ok", [0.5]),  # held 4 times the timeout
    ("slow answer", dict(delay=0.3), 10, "ok", []),
]


@pytest.mark.parametrize("name, fault, timeout, outcome, waits", API_CALL_FAULTS, ids=[case[0] for case in API_CALL_FAULTS])
def test_api_call_and_info_faults(modules, emulator, name, fault, timeout, outcome, waits):
    emulator.add_fault(path="/me", count=1, **fault)
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "timeout": timeout})
    assert_no_crash(result, output)
    if outcome == "ok":
        assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", output
    else:
        assert rc != 0 and outcome in result["msg"] and "QueryID" in result["msg"], output
    assert modules.clock.sleeps == waits
    emulator.clear_faults()
    emulator.add_fault(path=RECORD + "*", method="GET", count=1, **fault)
    rc, result, output = modules.run("signet.ovh.ovh_dns_record_info", {"zone": "example.com", "timeout": timeout})
    assert_no_crash(result, output)
    if outcome == "ok":
        assert rc == 0 and len(result["records"]) >= 6, output
    else:
        assert rc != 0 and "HTTP 500" in result["msg"], output


# --- TLS ------------------------------------------------------------------------------

def _certificate(subject, public_key, issuer, signing_key, now, ca, san=None):
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(san))]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _certificates(directory, self_signed):
    """A certificate for 127.0.0.1: self-signed, or signed by a private CA. Returns the paths of the
    CA to trust (the certificate itself when self-signed), the certificate and its key."""
    now = datetime.datetime.now(datetime.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    server_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    if self_signed:
        cert = ca = _certificate(server_name, key.public_key(), server_name, key, now, ca=True, san="127.0.0.1")
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "signet.ovh test CA")])
        ca = _certificate(ca_name, ca_key.public_key(), ca_name, ca_key, now, ca=True)
        cert = _certificate(server_name, key.public_key(), ca_name, ca_key, now, ca=False, san="127.0.0.1")
    paths = {name: os.path.join(directory, name) for name in ("ca.pem", "cert.pem", "key.pem")}
    with open(paths["ca.pem"], "wb") as handle:
        handle.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert.pem"], "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key.pem"], "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths


@pytest.mark.parametrize("self_signed", [True, False], ids=["self-signed", "private CA"])
def test_tls_verification(modules, tmp_path, self_signed):
    paths = _certificates(str(tmp_path), self_signed)
    with Emulator(certfile=paths["cert.pem"], keyfile=paths["key.pem"]) as secure:
        assert secure.base_url.startswith("https://127.0.0.1:")
        args = {"endpoint": secure.base_url, "path": "/me"}
        rc, result, output = modules.run("signet.ovh.ovh_api_call", args)
        assert rc != 0 and "TLS certificate verification failed" in result["msg"] and "ca_path" in result["msg"], output
        assert_no_crash(result, output)
        assert secure.log == [] or all(entry["path"] != "/me" for entry in secure.log)
        rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(args, ca_path=paths["ca.pem"]))
        assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", output
        rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(args, validate_certs=False))
        assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", output
        assert warned(result, "validate_certs is false"), result  # said in the task output
        rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(args, ca_path=str(tmp_path / "missing.pem")))
        assert rc != 0 and "ca_path %s does not exist" % (tmp_path / "missing.pem") in result["msg"], output
        assert_no_crash(result, output)


# --- clock skew -------------------------------------------------------------------------

@pytest.mark.parametrize("offset", [600, -600])
def test_dns_modules_with_clock_ten_minutes_off(modules, emulator, offset):
    emulator.clock_offset = offset
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"], output
    rc, result, output = modules.run("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [
        {"subdomain": "faulty", "type": "A", "value": ["192.0.2.77"], "ttl": 300}]})
    assert rc == 0 and not result["changed"], output
    assert converged(emulator)


# --- concurrency ------------------------------------------------------------------------

def test_ten_forks_ten_sets_one_zone(ansible, emulator, tmp_path):
    # Refreshes refused because another one runs (409): injected, not left to a race of the forks.
    emulator.add_fault(status=409, method="POST", path=REFRESH, count=3)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("node%d host_number=%d ansible_connection=local ansible_python_interpreter=%s\n"
                                 % (number, number + 1, sys.executable) for number in range(10)))
    run = ansible.run("dns_concurrent.yml", "-f", "10", inventory=str(inventory))
    assert run.rc == 0, run
    assert sorted(run.recaps) == ["node%d" % number for number in range(10)], run
    assert all(recap["failed"] == 0 and recap["changed"] == 1 for recap in run.recaps.values()), run
    for number in range(10):
        assert converged(emulator, "node%d" % number, ["192.0.2.%d" % (number + 1)])
    refreshes = [entry["status"] for entry in emulator.log if entry["path"] == REFRESH]
    assert refreshes.count(409) == 3 and set(refreshes) == {200, 409}, refreshes  # the refused ones were retried
    creates = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == RECORD]
    assert len(creates) == 10
    again = ansible.run("dns_concurrent.yml", "-f", "10", inventory=str(inventory))
    assert again.rc == 0 and len(again.recaps) == 10, again
    assert all(recap["changed"] == 0 and recap["failed"] == 0 for recap in again.recaps.values()), again


TEN_ZONES_PLAYBOOK = [{
    "name": "One zone per host, all at once",
    "hosts": "all",
    "gather_facts": False,
    "module_defaults": {"group/signet.ovh.ovh": {
        "endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
        "application_secret": "{{ ovh_application_secret }}", "consumer_key": "{{ ovh_consumer_key }}"}},
    "tasks": [{"name": "Manage this host's zone", "signet.ovh.ovh_dns_record": {
        "zone": "zone{{ host_number }}.example", "subdomain": "www", "type": "A", "value": "192.0.2.{{ host_number }}"}}],
}]


def test_ten_forks_ten_zones_refresh_failing_keep_every_owed_refresh(ansible, emulator, tmp_path):
    zones = ["zone%d.example" % number for number in range(10)]
    for zone in zones:
        emulator.add_zone("demo-ovh", zone)
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("node%d host_number=%d ansible_connection=local ansible_python_interpreter=%s\n"
                                 % (number, number, sys.executable) for number in range(10)))
    (ansible.workdir / "ten_zones.yml").write_text(json.dumps(TEN_ZONES_PLAYBOOK))
    emulator.add_fault(status=500, method="POST", path="/domain/zone/*/refresh", count=1000)
    run = ansible.run("ten_zones.yml", "-f", "10", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert run.rc != 0 and sorted(run.recaps) == ["node%d" % number for number in range(10)], run
    assert all(recap["failed"] == 1 for recap in run.recaps.values()), run
    pending = json.loads((tmp_path / "cache" / "signet.ovh" / "pending-refresh.json").read_text())
    assert sorted(pending) == sorted("%s %s" % (emulator.base_url, zone) for zone in zones)  # all 10 kept
    emulator.clear_faults()
    emulator.clear_log()
    rerun = ansible.run("ten_zones.yml", "-f", "10", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert rerun.rc == 0 and all(recap["changed"] == 1 and recap["failed"] == 0 for recap in rerun.recaps.values()), rerun
    refreshed = sorted(entry["path"] for entry in emulator.log if entry["route"] == "/domain/zone/{zoneName}/refresh")
    assert refreshed == sorted("/domain/zone/%s/refresh" % zone for zone in zones)  # every owed refresh sent, once
    assert [entry for entry in emulator.log if entry["method"] in ("POST", "PUT", "DELETE") and "refresh" not in entry["path"]] == []
    for number, zone in enumerate(zones):
        live = [record["target"] for record in emulator.zone("demo-ovh", zone).live_records() if record["subDomain"] == "www"]
        assert live == ["192.0.2.%d" % number], zone
    assert json.loads((tmp_path / "cache" / "signet.ovh" / "pending-refresh.json").read_text()) == {}


def test_a_corrupt_pending_refresh_file_is_reported_and_the_zone_refreshed(modules, emulator, tmp_path):
    cache = tmp_path / "cache" / "signet.ovh"
    cache.mkdir(parents=True)
    (cache / "pending-refresh.json").write_text('{"%s example.com": 17' % emulator.base_url)  # truncated
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"], output
    assert warned(result, "pending-refresh.json is corrupt", "DNS zone refresh owed"), result
    assert (cache / "pending-refresh.json.corrupt").exists() and json.loads((cache / "pending-refresh.json").read_text()) == {}
    emulator.clear_log()
    (cache / "pending-refresh.json").write_text("")  # emptied by a full disk
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc == 0 and result["changed"] and result["changes"] == ["refresh the zone: changes of an earlier failed task were left pending"], output
    assert [entry["path"] for entry in emulator.log if entry["method"] == "POST"] == [REFRESH]
    assert warned(result, "pending-refresh.json is corrupt"), result


def test_an_unwritable_pending_refresh_file_is_said_loudly(modules, emulator, tmp_path):
    cache = tmp_path / "cache" / "signet.ovh"
    (cache / "pending-refresh.json").mkdir(parents=True)  # cannot be replaced, even by root
    emulator.add_fault(status=500, method="POST", path=REFRESH, count=5)
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dns_args())
    assert rc != 0 and "zone NOT refreshed" in result["msg"], output
    assert warned(result, "DNS zone refresh owed", "could not be recorded"), result
