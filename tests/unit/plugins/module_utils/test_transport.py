"""Transport says what it does: plain http, certificate checks, CA files, path segments; and
credential values that would be echoed by the HTTP library are refused before any request."""

import pytest

from hostile import HostileServer

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.masking import holds_secret_piece
from ansible_collections.signet.ovh.plugins.module_utils.transport import TransportError, check_transport
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError, resolve_settings

SECRET = "AppSecretValue0123456789abcdefXY"
CONSUMER_KEY = "ConsumerKeyValue0123456789abcdEF"


def settings(endpoint="https://api.example.test/1.0", **values):
    options = dict(endpoint=endpoint, application_key="AK", application_secret=SECRET, consumer_key=CONSUMER_KEY)
    if "client_id" in values:
        options = dict(endpoint=endpoint)
    options.update(values)
    return resolve_settings(options, environ={}, default_files=[])


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:8080/1.0", "http://localhost/1.0", "http://[::1]:80/1.0", "http://127.8.9.1/1.0"])
def test_plain_http_to_loopback_is_allowed_silently(endpoint):
    assert check_transport(settings(endpoint)) == []


def test_plain_http_to_another_host_needs_the_opt_in_and_then_warns():
    with pytest.raises(TransportError, match="plain http to a host that is not this machine.*allow_insecure_http"):
        check_transport(settings("http://api.example.test/1.0"))
    warnings = check_transport(settings("http://api.example.test/1.0"), allow_insecure_http=True)
    assert len(warnings) == 1 and "travel unencrypted" in warnings[0]


def test_a_client_secret_never_goes_over_plain_http_to_another_host():
    service = settings("http://api.example.test/1.0", client_id="id", client_secret="ClientSecretValue0123456789")
    with pytest.raises(TransportError, match="client secret would be sent in clear to http://api.example.test/auth/oauth2/token"):
        check_transport(service, allow_insecure_http=True)
    assert check_transport(settings("http://127.0.0.1:1/1.0", client_id="id", client_secret="ClientSecretValue0123456789")) == []


def test_validate_certs_false_warns():
    warnings = check_transport(settings(), validate_certs=False)
    assert len(warnings) == 1 and "validate_certs is false" in warnings[0] and "ca_path" in warnings[0]


def test_the_client_hands_the_warnings_to_the_task(tmp_path):
    warnings = []
    OvhClient(settings(), validate_certs=False, warn=warnings.append, time_cache=TimeOffsetCache(str(tmp_path / "t.json")))
    assert warnings and warnings[0].startswith("signet.ovh: validate_certs is false")


def test_ca_path_problems_fail_before_any_request(tmp_path):
    with pytest.raises(TransportError, match="ca_path .*missing.pem does not exist"):
        check_transport(settings(), ca_path=str(tmp_path / "missing.pem"))
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    with pytest.raises(TransportError, match="is not a readable PEM file of CA certificates"):
        check_transport(settings(), ca_path=str(bad))
    assert check_transport(settings(), ca_path=str(tmp_path)) == []  # a directory of CA files (c_rehash) is accepted


@pytest.mark.parametrize("path", ["/domain/../me", "/domain/zone/..", "/./me", "/domain/%2e%2e/me", "/domain/%2E/x", "/a/..?x=1"])
def test_dot_segments_are_refused(tmp_path, path):
    client = OvhClient(settings(), time_cache=TimeOffsetCache(str(tmp_path / "t.json")))
    with pytest.raises(ValueError, match="'.' or '..' segment"):
        client.url(path)
    assert client.url("/domain/zone/..example")  # dots inside a segment are just characters


def test_rate_limit_and_max_answer_size_must_be_positive(tmp_path):
    with pytest.raises(TransportError, match="rate_limit must be a positive number"):
        OvhClient(settings(), rate_limit=0)
    with pytest.raises(TransportError, match="max_answer_size must be a positive number"):
        OvhClient(settings(), max_answer_size=0)


# --- credential values --------------------------------------------------------------------------

DEFECTS = {"LF": "\n", "CR": "\r", "TAB": "\t", "space": " ", "NUL": "\x00", "DEL": "\x7f"}
# configparser strips the ends of an ovh.conf value and splits lines at a CR: there, a line break is
# a continuation line and a tab is inside the value.
CASES = [(where, name) for where in ("option", "environment") for name in DEFECTS] + \
    [("ovh.conf", name) for name in ("LF", "TAB", "NUL", "DEL")]


@pytest.mark.parametrize("field", ["application_secret", "consumer_key", "client_secret", "application_key", "client_id"])
@pytest.mark.parametrize("where, defect_name", CASES, ids=["-".join(case) for case in CASES])
def test_credential_values_with_whitespace_or_control_characters_are_refused(tmp_path, field, where, defect_name):
    defect = DEFECTS[defect_name]
    oauth2 = field.startswith("client")
    values = {"client_id": "ServiceAccountId0001", "client_secret": "ClientSecretValue0123456789"} if oauth2 else \
        {"application_key": "AppKeyValue000001", "application_secret": SECRET, "consumer_key": CONSUMER_KEY}
    secret = values[field]
    # Inside the value for ovh.conf (configparser strips the ends), at the end elsewhere.
    values[field] = secret[:6] + defect + secret[6:] if where == "ovh.conf" and defect == "\t" else secret + defect
    env_name = "OVH_" + field.upper()
    options, environ, files = {"endpoint": "http://127.0.0.1:1/1.0"}, {}, []
    if where == "option":
        options.update(values)
    elif where == "environment":
        environ = dict(("OVH_" + name.upper(), value) for name, value in values.items())
    else:
        conf = tmp_path / "ovh.conf"
        if defect == "\n":
            values[field] = secret[:6] + "\n  " + secret[6:]  # a continuation line
        conf.write_text("[http://127.0.0.1:1/1.0]\n" + "".join("%s=%s\n" % item for item in values.items()), encoding="utf-8")
        files = [str(conf)]
    with pytest.raises(OvhConfigError) as failure:
        resolve_settings(options, environ=environ, default_files=files)
    message = str(failure.value)
    assert message.startswith(field + " from ") and "its value is not shown" in message, message
    expected_source = {"option": "option " + field, "environment": "environment " + env_name,
                       "ovh.conf": "%s [http://127.0.0.1:1/1.0] %s" % (files[0] if files else "", field)}[where]
    assert expected_source in message, message
    assert not holds_secret_piece(message, [secret]), message


def test_environment_value_given_through_env_fallback_names_the_variable():
    environ = {"OVH_CONSUMER_KEY": CONSUMER_KEY + "\n"}
    with pytest.raises(OvhConfigError, match=r"consumer_key from environment OVH_CONSUMER_KEY \(or option consumer_key\)"):
        resolve_settings(dict(endpoint="http://127.0.0.1:1/1.0", application_key="AK", application_secret=SECRET,
                              consumer_key=environ["OVH_CONSUMER_KEY"]), environ=environ, default_files=[])


def test_a_token_with_a_line_break_is_refused_and_not_shown(tmp_path):
    token = "BearerTokenValue0123456789abcdef\n"
    with HostileServer({"POST /auth/oauth2/token": (200, {"access_token": token, "expires_in": 3600}, "application/json")}) as server:
        client = OvhClient(settings(server.base_url, client_id="id", client_secret="ClientSecretValue0123456789"),
                           time_cache=TimeOffsetCache(str(tmp_path / "t.json")), sleep=lambda seconds: None)
        with pytest.raises(OvhApiError) as failure:
            client.get("/me")
        assert server.log == ["POST /auth/oauth2/token"]
    assert "access_token with whitespace or control characters" in str(failure.value)
    assert not holds_secret_piece(str(failure.value), [token])


def test_a_request_that_cannot_be_sent_does_not_claim_no_answer(tmp_path):
    # A header value the HTTP library refuses: it says so, and its text (which quotes the value) is masked.
    broken = settings("http://127.0.0.1:1/1.0")
    broken.consumer_key = CONSUMER_KEY + "\n"  # as if it had not been checked
    client = OvhClient(broken, time_cache=TimeOffsetCache(str(tmp_path / "t.json")), sleep=lambda seconds: None)
    client._offset = 0  # pylint: disable=protected-access
    with pytest.raises(OvhApiError) as failure:
        client.get("/me")
    text = str(failure.value)
    assert "request not sent" in text and "no answer from" not in text, text
    assert not holds_secret_piece(text, [CONSUMER_KEY, SECRET]), text


# --- the host checked is the host used ---------------------------------------------------------

PASSWORD = "ProxyPassw0rdValue"


@pytest.mark.parametrize("endpoint, reason", [
    # urllib.parse reads host 127.0.0.1 (so the plain-http check passed), urllib3 (requests) connects to 192.0.2.2.
    ("http://192.0.2.2:18448\\@127.0.0.1/1.0", "backslash"),
    ("http://user:%s@api.example.test/1.0" % PASSWORD, "user:password part"),
    ("http://:%s@127.0.0.1/1.0" % PASSWORD, "user:password part"),
    ("http://127.0.0.1%%2f@x/1.0", "user:password part"),
    ("http://127.0.0.1 /1.0", "space"),
    ("http://127.0.0.1\t/1.0", "control"),
    ("http://h\u0435st/1.0", "non-ASCII"),
    ("http://127.0.0.1:99999/1.0", "cannot have"),
    ("http://a%2eb/1.0", "cannot have"),
    ("http://[::1/1.0", "neither a known endpoint name"),
])
def test_endpoints_that_parsers_may_read_differently_are_refused_before_any_request(endpoint, reason):
    with pytest.raises(OvhConfigError) as failure:
        settings(endpoint)
    message = str(failure.value)
    assert reason in message, message
    assert PASSWORD not in message and PASSWORD[:8] not in message, message


def test_check_transport_compares_with_the_parser_requests_uses():
    # Settings built by hand (as code deriving a client could) are checked at the transport too.
    forged = settings("http://127.0.0.1:1/1.0")
    forged.base_url = "http://192.0.2.2:18448\\@127.0.0.1/1.0"
    with pytest.raises(TransportError, match="user:password part"):  # urllib.parse reads 192.0.2.2:18448\\ as a user name
        check_transport(forged)
    forged.base_url = "http://127.0.0.1\\.example.test/1.0"
    with pytest.raises(TransportError, match=r"read as host 127.0.0.1\\.example.test by one parser and 127.0.0.1 by another"):
        check_transport(forged)
    forged.base_url = "http://user:%s@127.0.0.1:1/1.0" % PASSWORD
    with pytest.raises(TransportError) as failure:
        check_transport(forged)
    assert "user:password" in str(failure.value) and PASSWORD not in str(failure.value)


def test_a_loopback_endpoint_never_goes_through_the_environments_proxy(tmp_path, monkeypatch):
    # The "proxy" is a local server that would receive the requests, consumer key and signature included.
    with HostileServer({"GET /me": (200, {"nichandle": "xx1"}, "application/json"),
                        "GET /auth/time": (200, 1700000000, "application/json")}) as api, HostileServer() as proxy:
        proxy_url = proxy.base_url[:-len("/1.0")]
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, proxy_url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        client = OvhClient(settings(api.base_url), time_cache=TimeOffsetCache(str(tmp_path / "t.json")), sleep=lambda seconds: None)
        assert client.get("/me") == {"nichandle": "xx1"}
        assert proxy.log == [] and api.log == ["GET /auth/time", "GET /me"]


def test_a_service_account_token_for_loopback_never_goes_through_the_proxy(tmp_path, monkeypatch):
    with HostileServer({"POST /auth/oauth2/token": (200, {"access_token": "TokenValue0123456789", "expires_in": 3600}, "application/json"),
                        "GET /me": (200, {"nichandle": "xx1"}, "application/json")}) as api, HostileServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.base_url[:-len("/1.0")])
        monkeypatch.setenv("ALL_PROXY", proxy.base_url[:-len("/1.0")])
        client = OvhClient(settings(api.base_url, client_id="id", client_secret="ClientSecretValue0123456789"),
                           time_cache=TimeOffsetCache(str(tmp_path / "t.json")), sleep=lambda seconds: None)
        assert client.get("/me") == {"nichandle": "xx1"}
        assert proxy.log == [] and api.log == ["POST /auth/oauth2/token", "GET /me"]


def test_plain_http_through_a_proxy_to_another_host_is_refused_and_then_named(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(TransportError, match="plain http to a host that is not this machine"):
        check_transport(settings("http://api.example.test/1.0"))
    warnings = check_transport(settings("http://api.example.test/1.0"), allow_insecure_http=True)
    assert "through the environment's proxy" in warnings[0]
    service = settings("http://api.example.test/1.0", client_id="id", client_secret="ClientSecretValue0123456789")
    with pytest.raises(TransportError, match="client secret would be sent in clear"):
        check_transport(service, allow_insecure_http=True)
