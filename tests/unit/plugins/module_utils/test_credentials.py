"""module_utils/credentials.py: access rules, coverage, IP ranges, ovh.conf editing, batch reads
of a sub-path (credential ids of the wrong shape refused) and waiting for a validation."""

import json

import pytest

from emulator.customer import Customer, approve
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
from hostile import TIME, HostileServer, client_for

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError, parse_error
from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings
from ansible_collections.signet.ovh.plugins.module_utils.credentials import (
    CredentialError, blocks_within, client_for_key, expand_rules, foreign_application, key_is_valid, key_state,
    list_credentials, read_ini_value, recursive_paths, refused_from_here, rule_covers,
    same_ip_blocks, uncovered_rules, update_ini_text, wait_for_validation)


def rule(method, path):
    return {"method": method, "path": path}


@pytest.mark.parametrize("path, expected", [
    ("/domain/zone", ["/domain/zone", "/domain/zone/*"]),
    ("/domain/zone/", ["/domain/zone", "/domain/zone/*"]),
    ("/domain/zone/* ", ["/domain/zone", "/domain/zone/*"]),
    ("/", ["/*"]),
    ("/*", ["/*"]),
])
def test_recursive_paths_follow_python_ovh(path, expected):
    assert recursive_paths(path) == expected


def test_expand_rules_presets_methods_and_duplicates():
    rules = expand_rules([
        {"path": "/me", "method": "GET"},
        {"path": "/me", "methods": ["GET", "PUT"]},
        {"path": "/domain", "preset": "read-write-safe", "recursive": True},
        {"path": "/ip", "preset": "read-write"},
        {"path": "/x", "preset": "read-only"},
    ])
    assert rules == [rule("GET", "/me"), rule("PUT", "/me"),
                     rule("GET", "/domain"), rule("POST", "/domain"), rule("PUT", "/domain"),
                     rule("GET", "/domain/*"), rule("POST", "/domain/*"), rule("PUT", "/domain/*"),
                     rule("GET", "/ip"), rule("POST", "/ip"), rule("PUT", "/ip"), rule("DELETE", "/ip"),
                     rule("GET", "/x")]
    with pytest.raises(CredentialError, match=r"access_rules\[0\]: path must start with '/'"):
        expand_rules([{"path": "me", "method": "GET"}])
    with pytest.raises(CredentialError, match="give one of method, methods or preset"):
        expand_rules([{"path": "/me"}])


@pytest.mark.parametrize("granted, requested, covers", [
    (rule("GET", "/*"), rule("GET", "/me"), True),
    (rule("GET", "/*"), rule("GET", "/domain/zone/*"), True),
    (rule("GET", "/*"), rule("PUT", "/me"), False),
    (rule("GET", "/domain/zone/*"), rule("GET", "/domain/zone"), False),
    (rule("GET", "/domain/zone/*"), rule("GET", "/domain/zone/a/record/*"), True),
    (rule("GET", "/domain/*"), rule("GET", "/domain*"), False),
    (rule("GET", "/a*c"), rule("GET", "/a*"), False),
    (rule("GET", "/me"), rule("GET", "/me"), True),
    (rule("GET", "/me"), rule("GET", "/me/*"), False),
])
def test_rule_covers(granted, requested, covers):
    assert rule_covers(granted, requested) is covers


def test_uncovered_rules():
    granted = [rule("GET", "/me"), rule("GET", "/me/*")]
    assert uncovered_rules(granted, [rule("GET", "/me/api"), rule("DELETE", "/me/x")]) == [rule("DELETE", "/me/x")]
    assert uncovered_rules(None, [rule("GET", "/me")]) == [rule("GET", "/me")]


def test_ip_blocks():
    assert same_ip_blocks(["192.0.2.1/32"], ["192.0.2.1"])
    assert same_ip_blocks(None, None) and not same_ip_blocks(None, []) and not same_ip_blocks(["192.0.2.1/32"], None)
    assert blocks_within(["192.0.2.0/25"], ["192.0.2.0/24"])
    assert not blocks_within(None, ["192.0.2.0/24"]) and blocks_within(None, None)
    assert not blocks_within(["192.0.2.0/23"], ["192.0.2.0/24"])
    assert not blocks_within(["2001:db8::/48"], ["192.0.2.0/24"])


def test_key_is_valid():
    assert key_is_valid({"status": "validated", "expiration": None})
    assert key_is_valid({"status": "validated", "expiration": "2999-01-01T00:00:00+00:00"})
    assert not key_is_valid({"status": "validated", "expiration": "2000-01-01T00:00:00+00:00"})
    assert not key_is_valid({"status": "pendingValidation"})
    assert not key_is_valid(None)
    # Compared with the time given (the server's), not the local clock.
    assert key_is_valid({"status": "validated", "expiration": "2000-01-01T00:00:00+00:00"}, now=946684000)
    assert not key_is_valid({"status": "validated", "expiration": "2000-01-01T00:00:00Z"}, now=946684800)


def test_foreign_application(tmp_path):
    conf = tmp_path / "ovh.conf"
    assert foreign_application(str(conf), "ovh-eu", "AK", "AS") is None  # no file
    conf.write_text("[ovh-eu]\napplication_key=AK\napplication_secret=AS\nconsumer_key=CK\n"
                    "[ovh-ca]\napplication_key=OTHER\n[kimsufi-eu]\napplication_secret=OTHER\n[soyoustart-eu]\nconsumer_key=CK\n")
    assert foreign_application(str(conf), "ovh-eu", "AK", "AS") is None
    assert foreign_application(str(conf), "ovh-eu", "AK", "AS2") == "application_secret"
    assert foreign_application(str(conf), "ovh-ca", "AK", "AS") == "application_key"
    assert foreign_application(str(conf), "kimsufi-eu", "AK", "AS") == "application_secret"
    assert foreign_application(str(conf), "soyoustart-eu", "AK", "AS") is None
    assert foreign_application(str(conf), "ovh-us", "AK", "AS") is None


def test_refused_from_here():
    assert refused_from_here(OvhApiError("GET", "/x", 403, "Client::Forbidden", "FORBIDDEN", "anything"))
    # The current error form has no errorCode: the client reads the code from the message.
    assert refused_from_here(parse_error("GET", "/x", 403, {}, json.dumps(
        {"class": "Client::Forbidden", "message": "This credential is not allowed to be used from IP 192.0.2.1"})))
    assert not refused_from_here(OvhApiError("GET", "/x", 403, "Client::Forbidden", "INVALID_CREDENTIAL", "This credential is not valid"))
    assert not refused_from_here(OvhApiError("GET", "/x", 500, None, "FORBIDDEN", "x"))
    assert not refused_from_here(None)


def test_update_ini_text_keeps_everything_else():
    text = "# top\n[default]\nendpoint = ovh-ca\n\n[ovh-eu]\napplication_key=A\nconsumer_key : old\n; note\n\n[other]\nx=1\n"
    updated = update_ini_text(text, [("default", "endpoint", "ovh-eu", True), ("ovh-eu", "consumer_key", "NEW", False),
                                     ("ovh-eu", "application_secret", "S", False), ("new", "k", "v", False)])
    assert updated == ("# top\n[default]\nendpoint = ovh-ca\n\n[ovh-eu]\napplication_key=A\nconsumer_key=NEW\n; note\n"
                       "application_secret=S\n\n[other]\nx=1\n\n[new]\nk=v\n")
    assert update_ini_text("", [("default", "endpoint", "ovh-eu", True)]) == "[default]\nendpoint=ovh-eu\n"


def test_read_ini_value(tmp_path):
    conf = tmp_path / "ovh.conf"
    conf.write_text("[default]\nendpoint=ovh-eu\n[ovh-eu]\nconsumer_key = abc\n[http://127.0.0.1:1/1.0]\nconsumer_key=url\n")
    assert read_ini_value(str(conf), "ovh-eu", "consumer_key") == "abc"
    assert read_ini_value(str(conf), "http://127.0.0.1:1/1.0", "consumer_key") == "url"
    assert read_ini_value(str(conf), "ovh-ca", "consumer_key") is None
    assert read_ini_value(str(tmp_path / "missing.conf"), "ovh-eu", "consumer_key") is None


def make_client(emulator, tmp_path, consumer_key=DEMO_CONSUMER_KEY):
    settings = resolve_settings(dict(endpoint=emulator.base_url, application_key=DEMO_APPLICATION_KEY,
                                     application_secret=DEMO_APPLICATION_SECRET, consumer_key=consumer_key, config_file=None),
                                environ={}, default_files=[])
    return OvhClient(settings, time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")), sleep=lambda seconds: None)


def test_get_many_of_a_sub_path_batches_and_falls_back(emulator, tmp_path):
    client = make_client(emulator, tmp_path)
    for _index in range(60):
        emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    ids = client.get("/me/api/credential")
    assert len(ids) == 61
    emulator.clear_log()
    found = client.get_many("/me/api/credential", ids + [999], suffix="application")
    assert set(found) == set(ids) and all(app["applicationKey"] == DEMO_APPLICATION_KEY for app in found.values())
    # Two batches of 50 and 12 (the unknown id fails inside its batch, then 404 on its own).
    assert [(entry["batch"], entry["status"]) for entry in emulator.log] == [(True, 200), (True, 200), (False, 404)]
    emulator.batch_enabled = False
    emulator.clear_log()
    assert set(client.get_many("/me/api/credential", ids[:3], suffix="application")) == set(ids[:3])
    assert len(emulator.log) == 1 + 3  # the batch answered as one (bad) id, then one GET per id


def test_list_credentials_leaves_out_vanished_ones(emulator, tmp_path):
    client = make_client(emulator, tmp_path)
    listed = list_credentials(client)
    assert [item["credential_id"] for item in listed] == [200000001]
    assert listed[0]["application"]["name"] == "signet-demo" and listed[0]["ovh_support"] is False


@pytest.mark.parametrize("form", ["both", "current"])
def test_key_state_and_wait(emulator, tmp_path, form):
    # The current error form has no errorCode: the client recognises the documented messages.
    emulator.set_error_form(form)
    client = make_client(emulator, tmp_path)
    assert key_state(client)[0] == "validated"
    pending = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}], state="pendingValidation")
    waiter = client_for_key(client, pending)
    state, data, error = key_state(waiter)
    assert state == "unusable" and data is None and error.error_code == "INVALID_CREDENTIAL"
    # Validated but may not read its own credential: still validated.
    with Customer(emulator, approve(emulator, delay=0.2)):
        state, data, error = wait_for_validation(waiter, timeout=20, interval=0.1)
    assert state == "validated" and data is None and error is None
    other = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], state="pendingValidation")
    ticks = iter(range(100))
    state, data, error = wait_for_validation(client_for_key(client, other), timeout=3, interval=1,
                                             clock=lambda: next(ticks), sleep=lambda seconds: None)
    assert state == "timeout" and error.message == "This credential is not valid"


@pytest.mark.parametrize("form", ["both", "current"])
def test_key_refused_from_this_ip(emulator, tmp_path, form):
    emulator.set_error_form(form)
    client = make_client(emulator, tmp_path)
    elsewhere = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], allowed_ips=["192.0.2.0/24"])
    state, data, error = key_state(client_for_key(client, elsewhere))
    assert state == "ip_refused" and data is None and error.status == 403
    assert "not allowed to be used from IP 127.0.0.1" in error.message
    # Waiting stops at once: the key was approved, more polling cannot help.
    pending = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], state="pendingValidation",
                                        allowed_ips=["192.0.2.0/24"])
    emulator.validate_consumer_key(pending)
    emulator.clear_log()
    state, data, error = wait_for_validation(client_for_key(client, pending), timeout=30, interval=5,
                                             sleep=lambda seconds: pytest.fail("must not wait"))
    assert state == "ip_refused" and error is not None
    assert len([entry for entry in emulator.log if entry["path"] == "/auth/currentCredential"]) == 1


def test_credential_ids_of_the_wrong_shape_fail(tmp_path):
    with HostileServer(dict([TIME, ("GET /me/api/credential", (200, {"credentials": []}, "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="an object instead of a list of integer ids"):
            list_credentials(client_for(server, tmp_path))
        assert server.log == ["GET /auth/time", "GET /me/api/credential"]
