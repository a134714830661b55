"""Signature checks: what is signed must be exactly what is sent."""

import hashlib
import json

import pytest

from emulator.auth import signature


def test_guide_vectors():
    """The two worked examples of the OVH guides, computed by hand with hashlib."""
    secret, consumer_key, timestamp = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF", "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1", 1366560945
    for url in ("https://eu.api.ovh.com/1.0/domains/", "https://eu.api.ovh.com/1.0/domain/"):
        text = f"{secret}+{consumer_key}+GET+{url}++{timestamp}"
        expected = "$1$" + hashlib.sha1(text.encode()).hexdigest()
        assert signature(secret, consumer_key, "GET", url, b"", timestamp) == expected
    assert signature(secret, consumer_key, "GET", "https://eu.api.ovh.com/1.0/domains/", b"", timestamp) != \
        signature(secret, consumer_key, "GET", "https://eu.api.ovh.com/1.0/domain/", b"", timestamp)


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/me", None),
    ("POST", "/domain/zone/example.com/record", {"fieldType": "A", "subDomain": "sig", "target": "192.0.2.1", "ttl": 60}),
    ("PUT", "/me/api/credential/200000001", {"allowedIPs": None}),
    ("DELETE", "/domain/zone/example.org/record/{id}", None),
])
def test_signature_accepted_for_each_method(api, emulator, method, path, body):
    if "{id}" in path:
        path = path.format(id=emulator.zone("demo-ovh", "example.org").pending_records()[0]["id"])
    response = api.call(method, path, body=body)
    assert response.status_code == 200, response.text
    assert "X-Ovh-QueryID" in response.headers
    assert emulator.log[-1]["signed"] is True


@pytest.mark.parametrize("alteration", [
    {"sign_body": b'{"fieldType": "A", "subDomain": "x", "target": "192.0.2.1"}'},
    {"sign_body": b'{"fieldType":"A","subDomain":"x","target":"192.0.2.1","ttl":60}'},
    {"sign_method": "GET"},
    {"sign_timestamp": "0"},
    {"sign_url": "http://localhost/1.0/domain/zone/example.com/record"},
])
def test_signature_rejected_when_something_else_is_signed(api, check_error, alteration):
    body = {"fieldType": "A", "subDomain": "x", "target": "192.0.2.1", "ttl": 60}
    response = api.post("/domain/zone/example.com/record", body, **alteration)
    check_error(response, 400, "Client::BadRequest", "INVALID_SIGNATURE", "Invalid signature")


def test_signature_uses_the_host_header(api, check_error):
    response = api.get("/me", headers={"Host": "eu.api.ovh.com"})
    check_error(response, 400, "Client::BadRequest", "INVALID_SIGNATURE")
    url = "http://eu.api.ovh.com/1.0/me"
    response = api.get("/me", headers={"Host": "eu.api.ovh.com"}, sign_url=url)
    assert response.status_code == 200


def test_percent_encoded_slash_in_a_segment(api, check_error):
    # 127.0.0.1%2F29 is one path segment: signed as sent, decoded only after splitting.
    response = api.get("/domain/zone/example.com%2F29")
    check_error(response, 404, "Client::NotFound", "NOT_FOUND", "This service does not exist")
    decoded = api.url("/domain/zone/example.com/29")
    response = api.get("/domain/zone/example.com%2F29", sign_url=decoded)
    check_error(response, 400, "Client::BadRequest", "INVALID_SIGNATURE")


@pytest.mark.parametrize("query, decoded_variant", [
    ("subDomain=a+b", "subDomain=a b"),
    ("subDomain=a%20b", "subDomain=a b"),
    ("subDomain=100%25", "subDomain=100%"),
    ("subDomain=%C3%A9t%C3%A9", "subDomain=été"),
    ("subDomain=x%2Fy&fieldType=TXT", "subDomain=x/y&fieldType=TXT"),
])
def test_query_signed_exactly_as_sent(api, check_error, query, decoded_variant):
    path = "/domain/zone/example.com/record"
    response = api.get(path, query=query)
    assert response.status_code == 200, response.text
    assert response.json() == []
    response = api.get(path, query=query, sign_url=api.url(path, decoded_variant))
    check_error(response, 400, "Client::BadRequest", "INVALID_SIGNATURE")


def test_body_with_spaces_and_non_ascii(api, emulator, check_error):
    path = "/domain/zone/example.com/record"
    raw = json.dumps({"fieldType": "TXT", "subDomain": "note", "target": "café crème", "ttl": 0},
                     ensure_ascii=False, indent=2).encode("utf-8")
    response = api.post(path, raw=raw)
    assert response.status_code == 200, response.text
    assert response.json()["target"] == '"café crème"'
    assert emulator.log[-1]["body"] == raw.decode("utf-8")
    # The same object, minified or ASCII-escaped, is another body: another signature.
    for other in (json.dumps(json.loads(raw), separators=(",", ":")).encode(), json.dumps(json.loads(raw)).encode()):
        response = api.post(path, raw=raw, sign_body=other)
        check_error(response, 400, "Client::BadRequest", "INVALID_SIGNATURE")
