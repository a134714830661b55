"""module_utils/dns.py: DNS value rules and record-set planning, without HTTP; record lists and records
of the wrong shape refused before any further request (tests/hostile.py)."""

import pytest

from hostile import TIME, HostileServer, client_for

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError

from ansible_collections.signet.ovh.plugins.module_utils.dns import (
    read_records,
    Change, DnsInputError, PartialFailure, PendingRefreshes, api_target, apply_change, canonical, execute,
    normalize_subdomain, ordered, parse_values, plan_set, txt_decode, txt_encode, unquote)

ZONE = "example.com"


@pytest.mark.parametrize("text", ["v=spf1 -all", 'a "quoted" \\ back', "", "été ✓", "x" * 600])
def test_txt_round_trip(text):
    assert txt_decode(txt_encode(text)) == text
    assert all(len(unquote('"%s"' % chunk) or "") <= 255 for chunk in txt_encode(text).split('" "'))


def test_txt_chunks_count_bytes_not_characters():
    encoded = txt_encode("é" * 300)
    chunks = encoded[1:-1].split('" "')
    assert [len(chunk.encode("utf-8")) for chunk in chunks] == [254, 254, 92]
    assert txt_decode(encoded) == "é" * 300


def test_unquote():
    assert unquote('"a" "b"') == "ab"
    assert unquote('"a\\059b" "\\195\\169"') == "a;bé"  # zone-file decimal escapes, UTF-8 bytes
    assert unquote('"a \\"b\\""') == 'a "b"'
    assert unquote("plain") is None
    assert unquote('"open') is None
    assert unquote('"a" b') is None


@pytest.mark.parametrize("field_type, value, target, comparable", [
    ("A", " 192.0.2.1 ", "192.0.2.1", "192.0.2.1"),
    ("AAAA", "2001:DB8:0:0::1", "2001:db8::1", "2001:db8::1"),
    ("CNAME", "www", "www.example.com.", "www.example.com."),
    ("CNAME", "Host.Example.NET.", "host.example.net.", "host.example.net."),
    ("MX", "10   mx1", "10 mx1.example.com.", "10 mx1.example.com."),
    ("SRV", "10 60 5060 sip", "10 60 5060 sip.example.com.", "10 60 5060 sip.example.com."),
    ("CAA", '0 ISSUE "ca.example"', '0 issue "ca.example"', '0 issue "ca.example"'),
    ("TXT", "v=spf1 -all", '"v=spf1 -all"', "v=spf1 -all"),
    ("DKIM", "v=DKIM1;  k=rsa", "v=DKIM1; k=rsa", "v=DKIM1; k=rsa"),
    ("CAA", '0 iodef "mailto:a\\"b"', '0 iodef "mailto:a\\"b"', '0 iodef "mailto:a\\"b"'),
    ("SSHFP", "1 2 ABCDEF01", "1 2 ABCDEF01", "1 2 abcdef01"),
    ("TLSA", "3 1 1 0A1B", "3 1 1 0A1B", "3 1 1 0a1b"),
])
def test_values(field_type, value, target, comparable):
    assert api_target(field_type, value, ZONE) == target
    assert canonical(field_type, target, ZONE) == comparable


@pytest.mark.parametrize("api_form, comparable", [
    ("www", "www.example.com."), ('"v=spf1 -all"', "v=spf1 -all"), ("10 MX1.example.com.", "10 mx1.example.com.")])
def test_canonical_of_what_the_api_returns(api_form, comparable):
    field_type = {"www": "CNAME", '"v=spf1 -all"': "TXT"}.get(api_form, "MX")
    assert canonical(field_type, api_form, ZONE) == comparable


def test_txt_string_boundaries_are_data():
    """Strings chosen by the writer stay apart (DNS-SD reads them one by one); the usual 255-byte
    split of a long value (what txt_encode sends, and OVHcloud answers) compares as the plain text."""
    assert canonical("TXT", '"txtvers=1" "rp=printers/lobby"', ZONE) == '"txtvers=1" "rp=printers/lobby"'
    assert canonical("TXT", '"txtvers=1" "rp=printers/lobby"', ZONE) != canonical("TXT", '"txtvers=1rp=printers/lobby"', ZONE)
    assert canonical("TXT", '"%s" "%s"' % ("a" * 255, "b" * 10), ZONE) == "a" * 255 + "b" * 10
    assert canonical("TXT", txt_encode("é" * 200), ZONE) == "é" * 200
    assert canonical("TXT", '"say \\"hi\\"" "x"', ZONE) == '"say \\"hi\\"" "x"'


@pytest.mark.parametrize("target", [
    "48 51 29.000 N 2 17 40.000 E 0.00m 1.00m 10000.00m 10.00m",  # OVHcloud's export
    "48 51 29.000 N 2 17 40.000 E 0.00m",  # dnspython leaves the defaults out
    "48 51 29 N 2 17 40 E 0",
    "48  51 29.0 n 2 17 40 e 0m 1m",
])
def test_loc_values_compare_with_every_field_written_out(target):
    assert canonical("LOC", target, ZONE) == "48 51 29.000 N 2 17 40.000 E 0.00m 1.00m 10000.00m 10.00m"
    assert canonical("LOC", "52 22 23 N 4 53 32 E -2m", ZONE) == "52 22 23.000 N 4 53 32.000 E -2.00m 1.00m 10000.00m 10.00m"
    assert canonical("LOC", "not a location", ZONE) == "not a location"


def test_txt_transformations():
    assert api_target("TXT", '"a" "b"', ZONE, "quoted") == '"ab"'
    assert api_target("TXT", '"as is"', ZONE, "api") == '"as is"'
    with pytest.raises(DnsInputError):
        api_target("TXT", "not quoted", ZONE, "quoted")


@pytest.mark.parametrize("name, expected", [("", ""), ("@", ""), ("WWW", "www"), ("www.example.com.", "www"), ("example.com.", ""),
                                            ("*.dev", "*.dev"), ("_dmarc", "_dmarc")])
def test_subdomains(name, expected):
    assert normalize_subdomain(name, ZONE) == expected


@pytest.mark.parametrize("name", ["a..b", "bad name", "x.example.org.", "a.*"])
def test_bad_subdomains(name):
    with pytest.raises(DnsInputError):
        normalize_subdomain(name, ZONE)


def record(record_id, value, ttl=300, field_type="A"):
    return {"id": record_id, "subdomain": "w", "type": field_type, "target": value, "ttl": ttl, "value": value}


def wanted(*values):
    return parse_values("A", list(values), ZONE)


def methods(plan):
    return [(change.method, change.record["id"] if change.record else None, change.body) for change in ordered(plan.changes)]


def test_plan_nothing_to_do():
    plan = plan_set("w", "A", [record(1, "192.0.2.1")], wanted("192.0.2.1"))
    assert plan.changes == [] and plan.after == plan.before


def test_plan_reuses_records_for_new_values():
    plan = plan_set("w", "A", [record(1, "192.0.2.1"), record(2, "192.0.2.2"), record(3, "192.0.2.3")], wanted("192.0.2.2", "192.0.2.9"))
    assert methods(plan) == [("PUT", 1, {"target": "192.0.2.9"}), ("DELETE", 3, None)]  # a refused delete leaves the new value in place


def test_plan_reuse_without_ttl_keeps_the_record_ttl():
    plan = plan_set("w", "A", [record(1, "192.0.2.1", ttl=300), record(2, "192.0.2.2", ttl=900)], wanted("192.0.2.1", "192.0.2.9"))
    assert methods(plan) == [("PUT", 2, {"target": "192.0.2.9"})]
    assert sorted(item["ttl"] for item in plan.after) == [300, 900]
    plan = plan_set("w", "A", [record(2, "192.0.2.2", ttl=900)], wanted("192.0.2.9"), ttl=60)
    assert methods(plan) == [("PUT", 2, {"ttl": 60, "target": "192.0.2.9"})]


def test_plan_ttl_only_and_creation_ttl():
    plan = plan_set("w", "A", [record(1, "192.0.2.1", ttl=300)], wanted("192.0.2.1", "192.0.2.2"), ttl=600)
    assert methods(plan) == [("PUT", 1, {"ttl": 600}),
                             ("POST", None, {"fieldType": "A", "subDomain": "w", "target": "192.0.2.2", "ttl": 600})]
    plan = plan_set("w", "A", [record(1, "192.0.2.1", ttl=300)], wanted("192.0.2.1", "192.0.2.2"))
    assert methods(plan)[0][2]["ttl"] == 300  # a new record takes the set's TTL


def test_plan_duplicates_are_removed():
    plan = plan_set("w", "A", [record(1, "192.0.2.1"), record(2, "192.0.2.1")], wanted("192.0.2.1"))
    assert methods(plan) == [("DELETE", 2, None)]


def test_plan_on_existing_modes():
    existing = [record(1, "192.0.2.1")]
    assert plan_set("w", "A", existing, wanted("192.0.2.5"), on_existing="keep_and_fail").conflict
    assert plan_set("w", "A", existing, wanted("192.0.2.5"), on_existing="keep").changes == []
    append = plan_set("w", "A", existing, wanted("192.0.2.5"), on_existing="append")
    assert [change.method for change in append.changes] == ["POST"] and len(append.after) == 2
    assert not plan_set("w", "A", existing, wanted("192.0.2.1"), on_existing="keep_and_fail").conflict


def test_plan_absent():
    existing = [record(1, "192.0.2.1"), record(2, "192.0.2.2")]
    assert methods(plan_set("w", "A", existing, wanted("192.0.2.2"), state="absent")) == [("DELETE", 2, None)]
    assert len(plan_set("w", "A", existing, [], state="absent").changes) == 2
    assert plan_set("w", "A", [], [], state="absent").changes == []


class FakeClient(object):
    """Records calls; ``fail`` maps a method to the OvhApiError it raises."""

    base_url = "https://api.example/1.0"

    def __init__(self, fail=None, answer=None):
        self.calls = []
        self.fail = fail or {}
        self.answer = answer

    def call(self, method, path, **kwargs):
        self.calls.append((method, path))
        if method in self.fail:
            raise self.fail[method]
        return None

    def post(self, path, body=None):
        self.call("POST", path)
        return self.answer

    def put(self, path, body=None):
        return self.call("PUT", path)

    def delete(self, path):
        return self.call("DELETE", path)


def create(value="192.0.2.7"):
    return Change("POST", "w", "A", body={"fieldType": "A", "subDomain": "w", "target": value, "ttl": 0}, after={"id": None})


def test_a_post_answered_with_id_0_leaves_the_id_unknown():
    change = create()
    apply_change(FakeClient(answer={"id": 0, "target": "192.0.2.7"}), ZONE, change)
    assert change.after["id"] is None


def test_failed_refresh_is_owed_to_the_next_run(tmp_path):
    pending = PendingRefreshes(str(tmp_path / "pending.json"))
    broken = FakeClient(fail={"POST": OvhApiError("POST", "/refresh", 503)})
    broken.post = lambda path, body=None: {"id": 1}  # the create works, every refresh fails
    with pytest.raises(PartialFailure) as err:
        execute(broken, ZONE, [create()], pending=pending)
    assert "zone NOT refreshed" in str(err.value) and err.value.applied
    assert pending.owed(broken, ZONE)
    healthy = FakeClient()
    execute(healthy, ZONE, [], pending=pending)  # nothing to write, but the refresh is owed
    assert healthy.calls == [("POST", "/domain/zone/example.com/refresh")]
    assert not pending.owed(healthy, ZONE)
    execute(healthy, ZONE, [], pending=pending)
    assert len(healthy.calls) == 1  # paid once


def test_a_write_without_answer_may_have_run(tmp_path):
    pending = PendingRefreshes(str(tmp_path / "pending.json"))
    client = FakeClient(fail={"POST": OvhApiError("POST", "/record", None, message="no answer")})
    with pytest.raises(PartialFailure) as err:
        execute(client, ZONE, [create()], pending=pending)
    assert "may have been carried out" in str(err.value) and "Nothing was changed" not in str(err.value)
    assert pending.owed(client, ZONE)  # its refresh failed too (same fake POST failure)


RECORDS = "GET /domain/zone/example.com/record"


HTML = b"<html><body><h1>Welcome</h1><p>Maintenance page</p></body></html>"


@pytest.mark.parametrize("answer, expected", [
    ((200, HTML, "text/html"), "the answer is not JSON: Welcome Maintenance page"),
    ((200, "h t m l", "application/json"), "unexpected answer: a string instead of a list of integer ids"),
    ((200, {"ids": [1]}, "application/json"), "unexpected answer: an object instead of a list of integer ids"),
    ((200, [1, "2"], "application/json"), "unexpected answer: item 1 is a string, not an integer id"),
    ((200, [1, True], "application/json"), "unexpected answer: item 1 is a boolean, not an integer id"),
    ((200, [1.5], "application/json"), "unexpected answer: item 0 is a number, not an integer id"),
])
def test_a_wrong_record_list_fails_before_any_further_request(tmp_path, answer, expected):
    with HostileServer(dict([TIME, (RECORDS, answer)])) as server:
        client = client_for(server, tmp_path)
        with pytest.raises(OvhApiError) as failure:
            read_records(client, "example.com")
        assert server.log == ["GET /auth/time", RECORDS]  # no GET /record/h, /record/t...
    text = str(failure.value)
    assert text.startswith("GET /domain/zone/example.com/record failed: HTTP 200") and expected in text, text
    assert "[QueryID: EU.hostile.2]" in text


def test_records_missing_their_key_fields_fail(tmp_path):
    with HostileServer(dict([TIME, (RECORDS, (200, [1, 2], "application/json")),
                             ("GET /domain/zone/example.com/record/1,2", (200, [
                                 {"key": "1", "value": {"id": 1, "fieldType": "A", "subDomain": "", "target": "192.0.2.1"}, "error": None},
                                 {"key": "2", "value": {"id": 2, "fieldType": "A"}, "error": None}], "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="unexpected answer for id 2: an object without subDomain, target"):
            read_records(client_for(server, tmp_path), "example.com")


def test_a_single_record_of_the_wrong_shape_fails(tmp_path):
    with HostileServer(dict([TIME, (RECORDS, (200, [7], "application/json")),
                             ("GET /domain/zone/example.com/record/7", (200, ["not", "a", "record"], "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="a list instead of a DNS record"):
            read_records(client_for(server, tmp_path), "example.com")
