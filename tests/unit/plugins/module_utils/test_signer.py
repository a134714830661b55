"""The signature, checked against values computed here independently of the signer."""

import hashlib

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.signer import sign

AS = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF"
CK = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1"
TS = 1366560945


def reference(secret, consumer, method, url, body, timestamp):
    """NOTES.md section 2, written out the long way."""
    text = "%s+%s+%s+%s+%s+%d" % (secret, consumer, method, url, body, timestamp)
    return "$1$" + hashlib.sha1(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("url, expected", [
    # The guides' two worked examples (English and French first-steps guides).
    ("https://eu.api.ovh.com/1.0/domains/", "$1$d3705e8afb27a0d2970a322b96550abfc67bb798"),
    ("https://eu.api.ovh.com/1.0/domain/", "$1$6a77f43f2871db97a029f1d1d81c4dcd3c6f7265"),
])
def test_worked_examples(url, expected):
    assert reference(AS, CK, "GET", url, "", TS) == expected
    assert sign(AS, CK, "GET", url, "", TS) == expected
    assert sign(AS, CK, "GET", url, b"", TS) == expected
    assert sign(AS, CK, "GET", url, None, TS) == expected


def test_method_is_signed_upper_case():
    url = "https://eu.api.ovh.com/1.0/me"
    assert sign(AS, CK, "get", url, "", TS) == sign(AS, CK, "GET", url, "", TS)
    assert sign(AS, CK, "POST", url, "", TS) != sign(AS, CK, "GET", url, "", TS)


def test_trailing_slash_matters():
    assert sign(AS, CK, "GET", "https://eu.api.ovh.com/1.0/domain/", "", TS) != \
        sign(AS, CK, "GET", "https://eu.api.ovh.com/1.0/domain", "", TS)


@pytest.mark.parametrize("url, body", [
    ("https://eu.api.ovh.com/1.0/domain/zone/example.com/record", '{"fieldType":"TXT","target":"v=spf1 -all"}'),
    ("https://eu.api.ovh.com/1.0/me/api/credential?status=validated&applicationId=12", ""),
    ("https://eu.api.ovh.com/1.0/ip/127.0.0.1%2F29/reverse", '{"ipReverse":"127.0.0.1","reverse":"a.example."}'),
    ("https://eu.api.ovh.com/1.0/x?q=a+b%2Fc%25d%C3%A9", ""),
    ("https://eu.api.ovh.com/1.0/x", '{"text":"caf\\u00e9 ; \\"quoted\\" + plus"}'),
])
def test_edge_cases_match_reference(url, body):
    for method in ("GET", "POST", "PUT", "DELETE"):
        assert sign(AS, CK, method, url, body, TS) == reference(AS, CK, method, url, body, TS)


def test_non_ascii_body_signed_as_utf8_bytes():
    body = '{"target":"\u00e9t\u00e9 \u2713"}'
    assert sign(AS, CK, "POST", "https://h/1.0/x", body, TS) == sign(AS, CK, "POST", "https://h/1.0/x", body.encode("utf-8"), TS)
    assert sign(AS, CK, "POST", "https://h/1.0/x", body, TS) == reference(AS, CK, "POST", "https://h/1.0/x", body, TS)


def test_every_input_changes_the_signature():
    base = (AS, CK, "GET", "https://h/1.0/x", "", TS)
    variants = [
        ("x" + AS, CK, "GET", "https://h/1.0/x", "", TS),
        (AS, CK + "x", "GET", "https://h/1.0/x", "", TS),
        (AS, CK, "GET", "https://h/1.0/x?", "", TS),
        (AS, CK, "GET", "https://h/1.0/x", " ", TS),
        (AS, CK, "GET", "https://h/1.0/x", "", TS + 1),
    ]
    assert len({sign(*args) for args in variants + [base]}) == len(variants) + 1
