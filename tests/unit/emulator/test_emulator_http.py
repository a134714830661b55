"""HTTP behaviour: batch reads, faults, log, keep-alive, control API, CLI and HTTPS."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from emulator import Emulator

TESTS_DIR = Path(__file__).resolve().parents[2]
ZONE = "/domain/zone/example.com"
DEMO_SECRETS = ("DemoConsumerKey00000000000000001", "DemoAppSecret0000000000000000001")


def test_batch_read_with_a_failing_id(api, emulator):
    ids = api.get(f"{ZONE}/record").json()[:2]
    path = f"{ZONE}/record/{ids[0]},{ids[1]},999"
    response = api.get(path, headers={"X-Ovh-Batch": ","})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert [item["key"] for item in answer] == [str(ids[0]), str(ids[1]), "999"]
    assert answer[0]["value"] == api.get(f"{ZONE}/record/{ids[0]}").json() and answer[0]["error"] is None
    assert answer[2]["value"] is None and "999" in answer[2]["error"]
    entry = [e for e in emulator.log if e["path"] == path][0]
    assert entry["batch"] is True and entry["route"] == "/domain/zone/{zoneName}/record/{id}"


def test_batch_without_header_or_disabled(api, emulator, check_error):
    ids = api.get(f"{ZONE}/record").json()[:2]
    path = f"{ZONE}/record/{ids[0]},{ids[1]}"
    check_error(api.get(path), 400, "Client::BadRequest", "INVALID_PARAMETER")
    emulator.batch_enabled = False
    check_error(api.get(path, headers={"X-Ovh-Batch": ","}), 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert emulator.log[-1]["batch"] is False


def test_batch_path_is_checked_against_rules_as_sent(api, emulator, client_factory, check_error):
    ids = api.get(f"{ZONE}/record").json()[:2]
    consumer_key = emulator.add_consumer_key("DemoAppKey000001", [{"method": "GET", "path": f"{ZONE}/record/{ids[0]}"}])
    client = client_factory(ck=consumer_key)
    assert client.get(f"{ZONE}/record/{ids[0]}").status_code == 200
    check_error(client.get(f"{ZONE}/record/{ids[0]},{ids[1]}", headers={"X-Ovh-Batch": ","}), 403,
                "Client::Forbidden", "NOT_GRANTED_CALL")


def test_fault_429_with_retry_after(api, emulator):
    emulator.add_fault(status=429, retry_after=1, count=1)
    response = api.get("/me")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json()["class"] == "Client::TooManyRequests"
    assert "X-Ovh-QueryID" in response.headers
    assert api.get("/me").status_code == 200


def test_fault_502_is_an_html_page(api, emulator):
    emulator.add_fault(status=502, count=2)
    for _attempt in range(2):
        response = api.get("/me")
        assert response.status_code == 502
        assert response.headers["Content-Type"].startswith("text/html")
        assert "<html>" in response.text
    assert api.get("/me").status_code == 200


def test_fault_filters_and_unsigned_requests(api, emulator):
    # A fault applies before authentication: an unsigned request gets it too.
    emulator.add_fault(status=503, count=1, method="POST", path="/domain/zone/*/refresh")
    assert api.get(ZONE).status_code == 200
    assert api.put(f"{ZONE}/refresh", {}).status_code == 405
    assert requests.post(f"{emulator.base_url}{ZONE}/refresh", timeout=5).status_code == 503
    assert api.post(f"{ZONE}/refresh").status_code == 200
    emulator.add_fault(status=500, count=5)
    emulator.clear_faults()
    assert api.get("/me").status_code == 200


def test_fault_drop_and_delay(api, emulator):
    emulator.add_fault(drop=True, count=1)
    with pytest.raises(requests.ConnectionError):
        api.get("/me")
    assert emulator.log[-1]["status"] is None
    emulator.add_fault(delay=1.0, count=1)
    with pytest.raises(requests.ReadTimeout):
        requests.get(emulator.base_url + "/auth/time", timeout=0.3)
    started = time.monotonic()
    emulator.add_fault(delay=0.5, count=1)
    assert api.get("/me").status_code == 200
    assert time.monotonic() - started >= 0.5


def test_latency(api, emulator):
    emulator.latency = 0.2
    started = time.monotonic()
    api.get("/me")
    assert time.monotonic() - started >= 0.2


def test_log_entries_and_redaction(api, emulator):
    emulator.clear_log()
    api.get("/domain/zone/example.com/record", query="fieldType=A")
    api.post(f"{ZONE}/record", {"fieldType": "A", "subDomain": "log", "target": "192.0.2.2"})
    requests.get(emulator.base_url + "/auth/time", timeout=5)
    requests.get(emulator.root_url + "/_emulator/log", timeout=5)
    log = emulator.log
    assert len(log) == 3
    first = log[0]
    assert first["method"] == "GET" and first["path"] == "/domain/zone/example.com/record"
    assert first["query"] == "fieldType=A" and first["route"] == "/domain/zone/{zoneName}/record"
    assert first["status"] == 200 and first["signed"] is True and first["batch"] is False
    assert first["headers"]["X-Ovh-Application"] == "DemoAppKey000001"
    assert log[2]["signed"] is False and log[2]["route"] == "/auth/time"
    assert [entry["path"] for entry in emulator.writes()] == [f"{ZONE}/record"]
    dumped = json.dumps(log)
    for secret in DEMO_SECRETS:
        assert secret not in dumped
    # A client session keeps one connection alive.
    assert log[0]["connection"] == log[1]["connection"] != log[2]["connection"]
    emulator.clear_log()
    assert emulator.log == []


def test_control_api(api, emulator):
    root = emulator.root_url + "/_emulator"
    api.get("/me")
    assert requests.get(root + "/log", timeout=5).json()[-1]["path"] == "/me"
    assert requests.delete(root + "/log", timeout=5).status_code == 200
    assert emulator.log == []
    assert requests.post(root + "/faults", json={"status": 429, "retry_after": 2}, timeout=5).status_code == 200
    assert api.get("/me").status_code == 429
    requests.post(root + "/faults", json={"status": 500, "count": 3}, timeout=5)
    requests.delete(root + "/faults", timeout=5)
    assert api.get("/me").status_code == 200
    assert requests.post(root + "/faults", json={"bogus": 1}, timeout=5).status_code == 400
    requests.post(root + "/clock", json={"offset": 600}, timeout=5)
    assert emulator.clock_offset == 600
    requests.post(root + "/latency", json={"latency": 0.01}, timeout=5)
    assert emulator.latency == 0.01
    answer = requests.post(emulator.base_url + "/auth/credential", headers={"X-Ovh-Application": "DemoAppKey000001"},
                           json={"accessRules": [{"method": "GET", "path": "/me"}]}, timeout=5).json()
    response = requests.post(root + "/consumer_key/validate", timeout=5,
                             json={"consumer_key": answer["consumerKey"], "account": "customer-ovh", "validity": 3600})
    assert response.status_code == 200
    assert requests.post(root + "/consumer_key/refuse", json={"consumer_key": answer["consumerKey"]},
                         timeout=5).status_code == 400
    zone = requests.get(root + "/zone/customer-ovh/customer.net", timeout=5).json()
    assert len(zone["pending"]) == len(zone["live"]) == 3
    assert requests.get(root + "/zone/demo-ovh/customer.net", timeout=5).status_code == 404
    assert requests.get(root + "/nothing", timeout=5).status_code == 404
    assert all(entry["path"] != "/_emulator/log" for entry in emulator.log)


def _start_cli(tmp_path, *args):
    ready = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, str(TESTS_DIR / "emulator"), "--ready-file", str(ready), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 15
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the emulator did not start"
        time.sleep(0.05)
    return process, ready.read_text().strip()


def test_cli_runs_and_stops_on_sigterm(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"accounts": [{"nichandle": "solo-ovh", "password": "x"}],
                                "applications": [], "credentials": [], "zones": []}))
    process, base_url = _start_cli(tmp_path, "--seed", str(seed), "--clock-offset", "100")
    try:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/1.0")
        assert abs(requests.get(base_url + "/auth/time", timeout=5).json() - time.time() - 100) < 5
    finally:
        process.send_signal(signal.SIGTERM)
        out = process.communicate(timeout=10)[0]
    assert process.returncode == 0
    assert f"OVH API emulator listening on {base_url}" in out


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certfile, keyfile)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return str(cert), str(key)


def test_cli_prints_demo_credentials_and_serves_https(tmp_path, tls_cert):
    process, base_url = _start_cli(tmp_path, "--certfile", tls_cert[0], "--keyfile", tls_cert[1])
    try:
        assert base_url.startswith("https://127.0.0.1:")
        assert isinstance(requests.get(base_url + "/auth/time", verify=tls_cert[0], timeout=5).json(), int)
    finally:
        process.send_signal(signal.SIGINT)
        out = process.communicate(timeout=10)[0]
    assert process.returncode == 0
    assert "DemoAppKey000001" in out and "DemoConsumerKey00000000000000001" in out


def test_https_signed_call(tls_cert, signer):
    with Emulator(certfile=tls_cert[0], keyfile=tls_cert[1]) as emu:
        assert emu.base_url.startswith("https://127.0.0.1:")
        with requests.Session() as session:
            # verify per request: a session-wide verify loses to REQUESTS_CA_BUNDLE in requests.
            timestamp = session.get(emu.base_url + "/auth/time", verify=tls_cert[0], timeout=5).json()
            url = emu.base_url + "/me"
            for signed_url, status in ((url, 200), (url.replace("https:", "http:"), 400)):
                headers = {"X-Ovh-Application": "DemoAppKey000001", "X-Ovh-Consumer": DEMO_SECRETS[0],
                           "X-Ovh-Timestamp": str(timestamp),
                           "X-Ovh-Signature": signer(DEMO_SECRETS[1], DEMO_SECRETS[0], "GET", signed_url, b"", timestamp)}
                assert session.get(url, headers=headers, verify=tls_cert[0], timeout=5).status_code == status
        assert len({entry["connection"] for entry in emu.log}) == 1


def test_stop_closes_keep_alive_connections():
    emu = Emulator().start()
    with requests.Session() as session:
        assert session.get(emu.base_url + "/auth/time", timeout=5).status_code == 200
        emu.stop()
        with pytest.raises(requests.ConnectionError):
            session.get(emu.base_url + "/auth/time", timeout=5)
