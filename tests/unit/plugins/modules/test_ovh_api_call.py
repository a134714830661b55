"""ovh_api_call in-process (tests/module_runner.py) against the emulator: waiting on the task a call
started (its options checked first, a wait that runs out says where to read the task), faults on one
request (429 and Retry-After, 5xx, HTML, dropped connections, timeouts) with the waits they cost, TLS
verification, a call not granted, service-account refusals, an unusable cache directory."""

import datetime
import ipaddress
import os

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from api_log import writes
from emulator import Emulator
from emulator.seed import DEMO_APPLICATION_KEY as APPLICATION_KEY
from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from module_runner import assert_no_crash, warned

SERVER = "ns3001234.ip-203-0-113.eu"
WEB = SERVER
RECORD = "/domain/zone/example.com/record"
REINSTALL = {"method": "POST", "path": "/dedicated/server/%s/reinstall" % SERVER, "body": {"operatingSystem": "debian12_64"}}


def test_api_call_task_wait_options_are_checked_before_any_call(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=-1))
    assert rc == 1 and "wait_timeout must be 0 or more seconds, got -1" in result["msg"], result
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, poll_interval=0))
    assert rc == 1 and "poll_interval must be more than 0 seconds, got 0" in result["msg"], result
    assert emulator.log == []


def test_api_call_task_not_done_within_wait_timeout_says_where_to_read_it(modules, emulator):
    # The reinstallation lasts minutes of emulator time; the clock does not move: the wait times out.
    rc, result, output = modules.run("signet.ovh.ovh_api_call", dict(REINSTALL, wait=True, wait_timeout=1, poll_interval=0.5))
    assert rc == 1, result
    assert "; it goes on: read it with GET /dedicated/server/%s/task/" % SERVER in result["msg"], result["msg"]
    assert result["task"]["status"] in ("todo", "doing") and result["task"]["function"] == "reinstallServer"
    assert [entry["method"] for entry in writes(emulator)] == ["POST"]


@pytest.fixture
def fast(emulator):
    """Short installation steps and a clock that moves at each request: waits end after a few polls."""
    emulator.state.servers.step_seconds = 2
    emulator.clock_step = 1
    return emulator


def test_api_call_wait(modules, fast):
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": f"/dedicated/server/{WEB}/reinstall",
                                                       "body": {"operatingSystem": "alma9_64"}, "wait": True,
                                                       "poll_interval": 0.01})
    assert rc == 0 and result["task"]["status"] == "done" and result["json"]["taskId"] == result["task"]["task_id"]
    fast.state.servers.next_outcome = ("ovhError", "No disk answered", 0)
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": f"/dedicated/server/{WEB}/reinstall",
                                                       "body": {"operatingSystem": "alma9_64"}, "wait": True,
                                                       "poll_interval": 0.01})
    assert rc == 1 and result["changed"] and result["task"]["status"] == "ovhError"
    assert 'ended ovhError: "No disk answered"' in result["msg"]
    # Not a task: returned as is, with a warning.
    rc, result, _output = modules.run("ovh_api_call", {"path": "/me", "wait": True})
    assert rc == 0 and "task" not in result and "not a task" in result["warnings"][0]


def test_api_call_waits_for_a_domain_task(modules, emulator):
    emulator.clock_step = 1
    rc, result, _output = modules.run("ovh_api_call", {"method": "POST", "path": "/domain/example.com/nameServers/update",
                                                       "body": {"nameServers": [{"host": "ns1.example.net"}, {"host": "ns2.example.net"}]},
                                                       "wait": True, "poll_interval": 0.01})
    assert rc == 0, result
    assert result["task"]["status"] == "done" and result["task"]["id"] == result["json"]["id"]
    polled = {entry["path"] for entry in emulator.log if entry["method"] == "GET" and entry["path"] != "/auth/time"}
    assert polled == {"/domain/example.com/task/%s" % result["json"]["id"]}


def test_cache_directory_unusable(modules, emulator, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    cache = blocker / "signet.ovh"
    env = {"XDG_CACHE_HOME": str(blocker)}
    # The server-time offset cannot be kept: said, and the call is made all the same.
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, env=env)
    assert rc == 0 and result["json"]["nichandle"] == "demo-ovh", result
    assert result["warnings"] == ["signet.ovh: cannot lock %s: Not a directory: the server-time offset %r could not be recorded; "
                                  "the next tasks fetch the server time again" % (cache / "time-offsets.json", emulator.base_url)]
    assert [entry["path"] for entry in emulator.log] == ["/auth/time", "/me"]
    # rate_limit shares its slots through the cache: without it, nothing is sent.
    emulator.clear_log()
    rc, result, _output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "rate_limit": 5}, env=env)
    assert (rc, result["changed"], result["status"]) == (1, False, None), result
    assert result["msg"] == ("GET /auth/time failed: rate_limit: cannot lock %s: Not a directory (the request was not sent) "
                             "[QueryID: none]" % (cache / "rate-limit.json"))
    assert emulator.log == []


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


def call(modules, method="GET", path="/me", **args):
    """What single_call.yml does, in-process: (rc, result, output)."""
    return modules.run("signet.ovh.ovh_api_call", dict(args, method=method, path=path))


def test_rate_limit_then_success(modules, emulator):
    emulator.add_fault(status=429, retry_after=1, count=1, path="/me")
    rc, result, output = call(modules)
    assert rc == 0, output
    statuses = [entry["status"] for entry in emulator.log if entry["path"] == "/me"]
    assert statuses == [429, 200]
    assert modules.clock.sleeps == [1.0]  # the Retry-After, waited once


def test_rate_limited_post_is_retried_but_not_after_a_server_error(modules, emulator):
    emulator.add_fault(status=429, retry_after=0, count=1, path="/domain/zone/example.com/refresh")
    rc, result, output = call(modules, "POST", "/domain/zone/example.com/refresh")
    assert rc == 0, output
    emulator.clear_log()
    emulator.add_fault(status=503, count=1, path="/domain/zone/example.com/refresh")
    rc, result, output = call(modules, "POST", "/domain/zone/example.com/refresh")
    assert rc != 0, output
    assert [entry["status"] for entry in emulator.log if entry["method"] == "POST"] == [503]


def test_bad_gateway_html_is_retried_then_reported(modules, emulator):
    emulator.add_fault(status=502, count=100, path="/me")
    rc, result, output = call(modules)
    assert rc != 0, output
    assert len([entry for entry in emulator.log if entry["path"] == "/me"]) == 5  # 1 try + 4 retries
    assert "HTTP 502" in result["msg"] and "non-JSON answer" in result["msg"]


def test_not_granted_call_names_method_path_and_hint(modules, emulator):
    key = emulator.add_consumer_key(APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    rc, result, output = call(modules, path="/domain/zone", consumer_key=key)
    assert rc != 0, output
    assert "GET /domain/zone failed: HTTP 403" in result["msg"]
    assert "This call has not been granted" in result["msg"]
    assert "access rules" in result["msg"]


def test_both_modes_refused_before_any_request(modules, emulator):
    env = {"OVH_CLIENT_ID": DEMO_CLIENT_ID, "OVH_CLIENT_SECRET": DEMO_CLIENT_SECRET}
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, env=env)
    assert rc != 0 and "both authentication modes are configured" in result["msg"], output
    assert emulator.log == []


def test_half_a_service_account(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "endpoint": emulator.base_url, "client_id": DEMO_CLIENT_ID},
                                     credentials=False)
    assert rc != 0 and "missing client_secret" in result["msg"], output
    assert emulator.log == []


def test_wrong_client_secret(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me", "endpoint": emulator.base_url, "client_id": DEMO_CLIENT_ID,
                                                                 "client_secret": "WrongClientSecret000000000000001"}, credentials=False)
    assert rc != 0 and "POST /auth/oauth2/token failed: HTTP 401" in result["msg"], output
    assert "WrongClientSecret000000000000001" not in output
