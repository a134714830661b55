"""module_utils/client.py against the emulator: exact-bytes signing, server time, retries, errors, batches;
and against tests/hostile.py: answers checked before they are used (JSON, within the size cap), a server
time that is not one, error pages echoing a piece of a secret."""

import email.utils
import json

import pytest

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CONSUMER_KEY
from hostile import CONSUMER_KEY, SECRET, TIME, HostileServer, client_for

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.client import (
    ALL_CREDENTIALS, CONNECTION_OPTIONS, OvhClient, client_from_options, encode_query, path_join)
from ansible_collections.signet.ovh.plugins.module_utils.credentials import client_for_key
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError, parse_error
from ansible_collections.signet.ovh.plugins.module_utils.masking import holds_secret_piece, safe_excerpt
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError, resolve_settings
from ansible_collections.signet.ovh.plugins.module_utils.transport import TransportError

CK = DEMO_CONSUMER_KEY


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def make_client(emulator, tmp_path, secret=None, consumer_key=CK, **kwargs):
    settings = resolve_settings(
        dict(endpoint=emulator.base_url, application_key=DEMO_APPLICATION_KEY,
             application_secret=secret or DEMO_APPLICATION_SECRET, consumer_key=consumer_key, config_file=None),
        environ={}, default_files=[])
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("time_cache", TimeOffsetCache(str(tmp_path / "offsets.json")))
    return OvhClient(settings, **kwargs)


@pytest.fixture
def client(emulator, tmp_path):
    api = make_client(emulator, tmp_path)
    yield api
    api.close()


def paths(emulator):
    return [entry["path"] for entry in emulator.log]


# --- encoding ---------------------------------------------------------------------

def test_query_encoding_like_python_ovh():
    assert encode_query({"a": "x y", "b": "1+1", "c": "a/b", "d": "50%", "e": "été"}) == \
        "a=x+y&b=1%2B1&c=a%2Fb&d=50%25&e=%C3%A9t%C3%A9"
    assert encode_query({"yes": True, "no": False, "skip": None, "n": 3}) == "yes=true&no=false&n=3"
    with pytest.raises(ValueError):
        encode_query({"list": [1, 2]})


def test_path_join_encodes_each_part_as_one_segment():
    assert path_join("/domain/zone", "example.com", "record", 12) == "/domain/zone/example.com/record/12"
    assert path_join("/ip", "192.0.2.0/29") == "/ip/192.0.2.0%2F29"
    assert path_join("/x/", "a b,c") == "/x/a%20b%2Cc"


def test_url_keeps_existing_escapes_and_encodes_the_rest(client, emulator):
    assert client.url("/ip/192.0.2.0%2F29") == emulator.base_url + "/ip/192.0.2.0%2F29"
    assert client.url("/a b/é") == emulator.base_url + "/a%20b/%C3%A9"
    assert client.url("/x?a=1", {"b": "c d"}) == emulator.base_url + "/x?a=1&b=c+d"
    with pytest.raises(ValueError):
        client.url("me")


# --- signed calls -----------------------------------------------------------------

def test_every_method_verifies_with_awkward_bytes(client, emulator):
    record = client.post("/domain/zone/example.org/record", {
        "fieldType": "TXT", "subDomain": "_awkward", "target": 'a "quoted" ; été ✓ + 100%', "ttl": 60})
    assert record["id"] > 0 and "été ✓" in record["target"]
    path = path_join("/domain/zone", "example.org", "record", record["id"])
    client.put(path, {"target": "x / y % z", "ttl": 300})
    assert client.get(path)["ttl"] == 300
    assert client.get("/domain/zone/example.org/record", {"subDomain": "a b+c/d%e é", "fieldType": "TXT"}) == []
    assert client.get("/domain/zone/example.org/record", {"subDomain": "_awkward"}) == [record["id"]]
    client.delete(path)
    assert [entry["status"] for entry in emulator.log] == [200] * len(emulator.log)
    assert client.request_count == len(emulator.log)


def test_body_bytes_are_compact_ascii_json(client, emulator):
    client.post("/domain/zone/example.org/record", {"fieldType": "TXT", "subDomain": "b", "target": "é", "ttl": 0})
    post = [entry for entry in emulator.log if entry["method"] == "POST"][0]
    assert post["body"] == json.dumps({"fieldType": "TXT", "subDomain": "b", "target": "é", "ttl": 0}, separators=(",", ":"))
    assert post["headers"].get("Content-Type") == "application/json"


@pytest.mark.parametrize("path", ["/domain/zone/192.0.2.0%2F29", "/domain/zone/192.0.2.0%2f29", "/domain/zone/50%",
                                  "/domain/zone/50%25/x%2f%zz"])
def test_encoded_slash_segment_reaches_route_lookup(client, path):
    # urllib3 upper-cases escapes and encodes a lone '%' before sending: the signature must cover that form.
    with pytest.raises(OvhApiError) as err:
        client.get(path)
    assert err.value.status == 404 and err.value.error_class == "Client::NotFound"


def test_lowercase_escapes_and_lone_percent_are_signed_as_sent(client):
    assert client.url("/ip/192.0.2.0%2f29").endswith("/ip/192.0.2.0%2F29")
    assert client.url("/x/50%").endswith("/x/50%25")
    assert client.url("/x/a%2fb%zz?q=%e9").endswith("/x/a%2Fb%25zz?q=%E9")


def test_one_connection_for_the_whole_run(client, emulator):
    for dummy in range(5):
        client.get("/domain/zone")
    assert len({entry["connection"] for entry in emulator.log}) == 1


def test_application_header_on_unsigned_calls(client, emulator):
    client.call("GET", "/auth/time", auth=False)
    entry = emulator.log[-1]
    assert entry["headers"].get("X-Ovh-Application") == DEMO_APPLICATION_KEY
    assert not entry["signed"]


# --- server time ------------------------------------------------------------------

def test_server_time_fetched_once_and_cached_for_the_next_run(emulator, tmp_path):
    first = make_client(emulator, tmp_path)
    first.get("/me")
    first.get("/me")
    assert paths(emulator) == ["/auth/time", "/me", "/me"]
    emulator.clear_log()
    second = make_client(emulator, tmp_path)
    second.get("/me")
    assert paths(emulator) == ["/me"]


@pytest.mark.parametrize("offset", [600, -600])
def test_clock_ten_minutes_off(emulator, tmp_path, offset):
    emulator.clock_offset = offset
    api = make_client(emulator, tmp_path)
    assert api.get("/me")["nichandle"] == "demo-ovh"


def test_stale_cached_offset_is_refetched_once(emulator, tmp_path):
    make_client(emulator, tmp_path).get("/me")
    emulator.clock_offset = 900
    emulator.clear_log()
    api = make_client(emulator, tmp_path)
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert paths(emulator) == ["/me", "/auth/time", "/me"]
    assert emulator.log[0]["status"] == 400


def test_wrong_secret_fails_without_looping(emulator, tmp_path):
    make_client(emulator, tmp_path).get("/me")  # caches the offset
    emulator.clear_log()
    api = make_client(emulator, tmp_path, secret="WrongSecret000000000000000000000")
    with pytest.raises(OvhApiError) as err:
        api.get("/me")
    assert err.value.error_code == "INVALID_SIGNATURE" and err.value.status == 400
    assert paths(emulator) == ["/me", "/auth/time", "/me"]
    assert "WrongSecret" not in str(err.value) and CK not in str(err.value)


def test_unreadable_cache_only_costs_a_fetch(emulator, tmp_path, monkeypatch):
    # Both clocks frozen, the server's 42 s ahead: the offset written back is exact, whatever
    # second boundary the request crosses.
    emulator.clock_frozen = True
    now = int(emulator.state.now())
    emulator.clock_offset += now - emulator.state.now()
    monkeypatch.setattr(CLOCK, "time", lambda: now)
    emulator.clock_offset += 42
    (tmp_path / "offsets.json").write_text("not json")
    api = make_client(emulator, tmp_path)
    api.get("/me")
    assert paths(emulator) == ["/auth/time", "/me"]
    assert json.loads((tmp_path / "offsets.json").read_text())[emulator.base_url]["offset"] == 42


# --- retries ----------------------------------------------------------------------

def test_429_has_a_retry_budget_larger_than_max_retries(emulator, tmp_path):
    # Forks sharing a key are refused together: six 429 in a row are waited out with max_retries 4.
    api = make_client(emulator, tmp_path, max_retries=4)
    emulator.add_fault(status=429, retry_after=0, count=6, path="/me")
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert api.sleep == [0.0] * 6
    emulator.add_fault(status=429, retry_after=0, count=11, path="/me")
    with pytest.raises(OvhApiError) as failure:
        api.get("/me")
    assert failure.value.status == 429 and len(api.sleep) == 6 + 10
    api.close()


def test_tls_failure_is_not_retried(emulator, tmp_path):
    # https to the emulator's plain-http port: the handshake fails, and would fail again.
    settings = resolve_settings(
        dict(endpoint=emulator.base_url.replace("http://", "https://"), application_key=DEMO_APPLICATION_KEY,
             application_secret=DEMO_APPLICATION_SECRET, consumer_key=CK, config_file=None), environ={}, default_files=[])
    api = OvhClient(settings, sleep=Sleeps(), time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")))
    with pytest.raises(OvhApiError) as failure:
        api.get("/me")
    assert api.sleep == [] and api.request_count == 1, failure.value
    # Named as what it is: not a certificate problem, so no advice to turn certificate checks off.
    text = str(failure.value)
    assert "no TLS session with 127.0.0.1" in text and "TLS protocol error (wrong version number)" in text, text
    assert "validate_certs" not in text and "certificate" not in text, text
    assert not failure.value.sent and not failure.value.may_have_applied
    api.close()


def test_tls_protocol_error_with_validate_certs_false_is_not_a_certificate_failure(emulator, tmp_path):
    settings = resolve_settings(
        dict(endpoint=emulator.base_url.replace("http://", "https://"), application_key=DEMO_APPLICATION_KEY,
             application_secret=DEMO_APPLICATION_SECRET, consumer_key=CK, config_file=None), environ={}, default_files=[])
    api = OvhClient(settings, sleep=Sleeps(), validate_certs=False, warn=lambda text: None,
                    time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")))
    with pytest.raises(OvhApiError) as failure:
        api.get("/me")
    text = str(failure.value)
    assert "TLS protocol error" in text and "certificate" not in text and "validate_certs" not in text, text
    api.close()


def test_429_waits_retry_after_for_any_method(client, emulator):
    emulator.add_fault(status=429, retry_after=2, count=1, method="POST")
    client.post("/domain/zone/example.com/refresh")
    assert client.sleep == [2.0]
    assert [entry["status"] for entry in emulator.log if entry["method"] == "POST"] == [429, 200]


@pytest.mark.parametrize("retry_after, expected", [("3", 3.0), ("-5", 0.0), ("999", 60.0), ("soon", 0.5)])
def test_retry_after_seconds_capped_and_unreadable_values_back_off(client, emulator, retry_after, expected):
    emulator.add_fault(status=429, retry_after=retry_after, count=1, path="/me")
    assert client.get("/me")["nichandle"] == "demo-ovh"
    assert client.sleep == [expected]


def test_retry_after_as_an_http_date(client, emulator, monkeypatch):
    # The client's clock is the emulator's, frozen: the date is 5 seconds ahead of both, exactly.
    emulator.clock_frozen = True
    now = emulator.state.now()
    monkeypatch.setattr(CLOCK, "time", lambda: now)
    emulator.add_fault(status=429, retry_after=email.utils.formatdate(now + 5, usegmt=True), count=1, path="/me")
    assert client.get("/me")["nichandle"] == "demo-ovh"
    assert client.sleep == [5.0]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_retried_for_get_with_backoff(client, emulator, status):
    emulator.add_fault(status=status, count=3, path="/me")
    assert client.get("/me")["nichandle"] == "demo-ovh"
    assert client.sleep == [0.5, 1.0, 2.0]


def test_gateway_error_never_retried_for_post(client, emulator):
    emulator.add_fault(status=503, count=1, method="POST")
    with pytest.raises(OvhApiError) as err:
        client.post("/domain/zone/example.com/refresh")
    assert err.value.status == 503
    assert len([entry for entry in emulator.log if entry["method"] == "POST"]) == 1


def test_retries_are_capped(client, emulator):
    emulator.add_fault(status=503, count=100, path="/me")
    with pytest.raises(OvhApiError) as err:
        client.get("/me")
    assert err.value.status == 503
    assert len(client.sleep) == 4 and max(client.sleep) <= 8


def test_dropped_connection_retried_for_get_not_for_post(client, emulator):
    client.get("/me")  # the server time is known
    emulator.add_fault(drop=True, count=1, path="/me")
    assert client.get("/me")["nichandle"] == "demo-ovh"
    emulator.add_fault(drop=True, count=1, method="POST")
    with pytest.raises(OvhApiError) as err:
        client.post("/domain/zone/example.com/refresh")
    assert err.value.status is None and "no answer" in str(err.value)


def test_read_timeout_retried_for_get(emulator, tmp_path):
    # Margins of seconds on both sides, so that a loaded machine changes nothing: an ordinary
    # answer well within the timeout, the delayed one well past it.
    api = make_client(emulator, tmp_path, timeout=4.0)
    api.get("/me")
    emulator.add_fault(delay=8.0, count=1, path="/me")
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert api.sleep == [0.5]


def test_connection_refused_is_clear(tmp_path, emulator):
    api = make_client(emulator, tmp_path, max_retries=1)
    emulator.stop()
    with pytest.raises(OvhApiError) as err:
        api.call("GET", "/auth/time", auth=False)
    assert "no answer from 127.0.0.1" in str(err.value) and "Connection refused" in str(err.value)


# --- errors -----------------------------------------------------------------------

def test_error_carries_everything(client):
    with pytest.raises(OvhApiError) as err:
        client.get("/domain/zone/not-mine.example")
    error = err.value
    assert (error.method, error.path, error.status) == ("GET", "/domain/zone/not-mine.example", 404)
    assert error.error_class == "Client::NotFound"
    assert error.query_id and error.query_id in str(error)
    assert str(error).startswith("GET /domain/zone/not-mine.example failed: HTTP 404, Client::NotFound")


def test_parse_older_current_and_html_bodies():
    older = parse_error("GET", "/x", 400, {"X-Ovh-QueryID": "EU.q1"},
                        '{"errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": "Invalid signature"}')
    assert (older.error_code, older.error_class, older.message, older.query_id) == ("INVALID_SIGNATURE", None, "Invalid signature", "EU.q1")
    assert str(older) == "GET /x failed: HTTP 400, (INVALID_SIGNATURE): Invalid signature [QueryID: EU.q1]"
    current = parse_error("DELETE", "/y", 403, {"X-Ovh-QueryID": "EU.q2"}, json.dumps({
        "class": "Client::Forbidden", "message": "Forbidden", "details": {"unauthorizedActionsByIAM": ["a"]}}))
    assert current.error_class == "Client::Forbidden" and current.details == {"unauthorizedActionsByIAM": ["a"]}
    assert "unauthorizedActionsByIAM" in str(current)
    html = parse_error("GET", "/z", 502, {}, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>")
    assert html.status == 502 and "502 Bad Gateway" in html.message and "<" not in html.message
    assert str(html).endswith("[QueryID: none]")


def test_hint_for_not_granted_call(emulator, tmp_path):
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    api = make_client(emulator, tmp_path, consumer_key=key)
    assert api.get("/me")["nichandle"] == "demo-ovh"
    with pytest.raises(OvhApiError) as err:
        api.get("/domain/zone")
    assert err.value.error_code == "NOT_GRANTED_CALL" and "access rules" in str(err.value)


@pytest.mark.parametrize("form", ["current", "older"])
def test_either_error_form_gives_the_same_error_code(emulator, tmp_path, form):
    emulator.set_error_form(form)
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    with pytest.raises(OvhApiError) as err:
        make_client(emulator, tmp_path, consumer_key=key).get("/domain/zone")
    assert err.value.error_code == "NOT_GRANTED_CALL" and "access rules" in str(err.value)
    assert (err.value.error_class is None) == (form == "older")
    with pytest.raises(OvhApiError) as err:
        make_client(emulator, tmp_path, consumer_key="unknown-key").get("/me")
    assert err.value.error_code == "NOT_CREDENTIAL"


# --- batch reads ------------------------------------------------------------------

def seed_records(client, count):
    ids = []
    for number in range(count):
        record = client.post("/domain/zone/example.org/record",
                             {"fieldType": "A", "subDomain": "h%d" % number, "target": "192.0.2.%d" % (number % 250 + 1), "ttl": 60})
        ids.append(record["id"])
    return ids


def test_batch_reads_in_chunks_of_50(client, emulator):
    ids = seed_records(client, 120)
    emulator.clear_log()
    found = client.get_many("/domain/zone/example.org/record", ids)
    assert sorted(found) == sorted(ids)
    assert found[ids[7]]["subDomain"] == "h7"
    assert len(emulator.log) == 3 and all(entry["batch"] for entry in emulator.log)


def test_batch_falls_back_to_one_get_per_id(client, emulator):
    ids = seed_records(client, 4)
    emulator.batch_enabled = False
    emulator.clear_log()
    found = client.get_many("/domain/zone/example.org/record", ids)
    assert sorted(found) == sorted(ids)
    assert len(emulator.log) == 1 + 4


def test_batch_leaves_out_ids_that_are_gone(client, emulator):
    ids = seed_records(client, 3)
    client.delete(path_join("/domain/zone", "example.org", "record", ids[1]))
    found = client.get_many("/domain/zone/example.org/record", ids)
    assert sorted(found) == sorted([ids[0], ids[2]])


# --- OAuth2 service accounts ------------------------------------------------------

def oauth2_client(emulator, tmp_path, secret=DEMO_CLIENT_SECRET):
    settings = resolve_settings(dict(endpoint=emulator.base_url, client_id=DEMO_CLIENT_ID, client_secret=secret, config_file=None),
                                environ={}, default_files=[])
    return OvhClient(settings, sleep=Sleeps(), time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")))


def test_service_account_token_fetched_once_per_run(emulator, tmp_path):
    api = oauth2_client(emulator, tmp_path)
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert api.get("/domain/zone") == ["example.com", "example.org"]
    assert paths(emulator) == ["/auth/oauth2/token", "/me", "/domain/zone"]  # no /auth/time: nothing is signed
    token_request = emulator.log[0]
    assert token_request["method"] == "POST" and token_request["status"] == 200
    assert all(not entry["signed"] for entry in emulator.log)


def test_service_account_token_renewed_when_refused_or_expired(emulator, tmp_path):
    api = oauth2_client(emulator, tmp_path)
    api.get("/me")
    emulator.oauth2.revoke_tokens()
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert paths(emulator) == ["/auth/oauth2/token", "/me", "/me", "/auth/oauth2/token", "/me"]
    emulator.clear_log()
    emulator.clock_offset = 7200  # past the token's lifetime on the emulator's clock
    assert api.get("/me")["nichandle"] == "demo-ovh"
    assert [(entry["path"], entry["status"]) for entry in emulator.log] == [("/me", 401), ("/auth/oauth2/token", 200), ("/me", 200)]


def test_service_account_bad_secret(emulator, tmp_path):
    api = oauth2_client(emulator, tmp_path, secret="WrongClientSecret000000000000001")
    with pytest.raises(OvhApiError) as err:
        api.get("/me")
    assert err.value.status == 401 and err.value.error_code == "invalid_client"
    assert "service account token refused: client authentication failed" in str(err.value)
    assert "WrongClientSecret" not in str(err.value)


# --- one connection path ------------------------------------------------------------------


def connection_options(emulator, **changes):
    options = dict((name, None) for name in CONNECTION_OPTIONS)
    options.update(endpoint=emulator.base_url, application_key=DEMO_APPLICATION_KEY, application_secret=DEMO_APPLICATION_SECRET,
                   consumer_key=CK, timeout=7.0, validate_certs=True, allow_insecure_http=False, max_answer_size=3)
    options.update(changes)
    return options


def test_client_from_options_builds_the_client_the_options_say(emulator):
    warnings = []
    client = client_from_options(connection_options(emulator, rate_limit=50.0), warn=warnings.append)
    try:
        assert (client.timeout, client.max_answer_bytes, client.rate_limiter is not None) == (7.0, 3 * 1024 * 1024, True)
        assert client.get("/me")["nichandle"] == "demo-ovh"
    finally:
        client.close()


@pytest.mark.parametrize("changes, message", [
    (dict(timeout=0), "timeout must be a positive number of seconds, got 0"),
    (dict(max_answer_size=0), "max_answer_size must be a positive number of MiB, got 0"),
    (dict(rate_limit=-1.0), "rate_limit must be a positive number of requests per second, got -1.0"),
    (dict(consumer_key=None, application_key=None), "application_key"),
])
def test_client_from_options_refuses_bad_options_before_any_request(emulator, monkeypatch, changes, message):
    for name in ("OVH_APPLICATION_KEY", "OVH_CONSUMER_KEY", "OVH_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises((OvhConfigError, TransportError)) as caught:
        client_from_options(connection_options(emulator, **changes), required=ALL_CREDENTIALS)
    assert message in str(caught.value) and emulator.log == []


def test_derive_keeps_every_setting_but_the_credentials(emulator, tmp_path):
    warnings = []
    client = make_client(emulator, tmp_path, rate_limit=50.0, max_answer_size=3, allow_insecure_http=True, warn=warnings.append,
                         timeout=7.0, rate_limit_path=str(tmp_path / "rate.json"))
    other = client_for_key(client, "another-consumer-key")
    try:
        assert other.settings.consumer_key == "another-consumer-key" and other.settings.application_key == DEMO_APPLICATION_KEY
        assert (other.timeout, other.max_answer_bytes, other.warn, other.time_cache) == (7.0, 3 * 1024 * 1024, warnings.append,
                                                                                         client.time_cache)
        assert other._options == client._options  # pylint: disable=protected-access
        assert other.rate_limiter is not None and other.rate_limiter.path == client.rate_limiter.path
    finally:
        other.close()
        client.close()


@pytest.mark.parametrize("key", ["KeyFromAnAnswer\n", " KeyFromAnAnswer", "KeyFrom\x00AnAnswer", "KeyFrom\rAnAnswer", "KeyFrom\x7fAnAnswer"])
def test_a_header_that_cannot_be_sent_is_refused_without_its_value(client, emulator, key):
    """A consumer key read from an answer is not checked like a configured one: the client refuses to
    send it (older HTTP libraries would raise an error quoting it), and says which header, not the value."""
    derived = client_for_key(client, key)
    with pytest.raises(OvhApiError) as error:
        derived.get("/me")
    assert "request not sent: the consumer key would go into a header with whitespace or a control character" in str(error.value)
    assert "KeyFrom" not in str(error.value) and not error.value.may_have_applied
    assert [entry["path"] for entry in emulator.log if entry["path"] != "/auth/time"] == []


def test_a_server_time_that_is_not_a_number_fails_clearly(tmp_path):
    with HostileServer(dict([("GET /auth/time", (200, "soon", "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="answer is a string, not the server time"):
            client_for(server, tmp_path).get("/me")


def test_answers_over_the_size_cap_are_refused_without_reading_them(tmp_path):
    big = json.dumps(["x" * 1000] * 1500).encode()  # about 1.5 MB
    with HostileServer(dict([TIME, ("GET /big", (200, big, "application/json"))])) as server:
        client = client_for(server, tmp_path, max_answer_size=1)
        with pytest.raises(OvhApiError, match=r"larger than max_answer_size \(1 MiB\): raise max_answer_size"):
            client.get("/big")
        assert len(client_for(server, tmp_path, max_answer_size=2).get("/big")) == 1500


def test_answer_read_in_chunks_is_capped_without_content_length(tmp_path):
    class NoLength(object):
        status_code = 200
        headers = {"X-Ovh-QueryID": "q"}
        encoding = "utf-8"
        closed = False

        def iter_content(self, size):
            for dummy in range(100):
                yield b"x" * size

        def close(self):
            self.closed = True

    with HostileServer(dict([TIME])) as server:
        client = client_for(server, tmp_path, max_answer_size=1)
    response = NoLength()
    with pytest.raises(OvhApiError, match="larger than max_answer_size"):
        client._read(response, "GET", "/stream")  # pylint: disable=protected-access
    assert response.closed


def test_an_error_page_echoing_a_piece_of_a_secret_is_not_excerpted(tmp_path):
    page = ("<html><body>Bad request from consumer %s</body></html>" % CONSUMER_KEY[3:15]).encode()
    with HostileServer(dict([TIME, ("GET /me", (400, page, "text/html")), ("GET /ok", (200, page, "application/json"))])) as server:
        client = client_for(server, tmp_path)
        for path in ("/me", "/ok"):
            with pytest.raises(OvhApiError) as failure:
                client.get(path)
            assert "excerpt withheld" in str(failure.value)
            assert not holds_secret_piece(str(failure.value), [CONSUMER_KEY, SECRET])
    assert safe_excerpt("plain <b>text</b>") == "plain text"
