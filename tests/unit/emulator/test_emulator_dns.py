"""DNS zones: filters, normalization, validation, staging and refresh."""

import threading
import time

import pytest

ZONE = "/domain/zone/example.com"


def records(api, query=None):
    """All records of example.com matching the query, as objects."""
    return [api.get(f"{ZONE}/record/{record_id}").json() for record_id in api.get(f"{ZONE}/record", query=query).json()]


def test_zones_and_seeded_records(api):
    assert api.get("/domain/zone").json() == ["example.com", "example.org"]
    zone = api.get(ZONE).json()
    assert zone["name"] == "example.com"
    assert zone["nameServers"] == ["dns1.ovh.net", "ns1.ovh.net"]
    seeded = records(api)
    assert all(record["id"] > 1000000 and record["zone"] == "example.com" for record in seeded)
    assert {(r["fieldType"], r["subDomain"], r["target"]) for r in seeded} >= {
        ("NS", "", "dns1.ovh.net."), ("NS", "", "ns1.ovh.net."), ("CNAME", "www", "example.com."),
        ("MX", "", "10 mx1.example.com."), ("TXT", "", '"v=spf1 include:mx.ovh.com ~all"')}


def test_filters(api, check_error):
    for sub_domain in ("Under_score", "underXscore", "other"):
        assert api.post(f"{ZONE}/record", {"fieldType": "A", "subDomain": sub_domain, "target": "192.0.2.7"}).status_code == 200
    assert [r["subDomain"] for r in records(api, "subDomain=under_score")] == ["Under_score", "underXscore"]
    assert [r["subDomain"] for r in records(api, "subDomain=UNDER%5C_SCORE")] == ["Under_score"]
    assert [r["subDomain"] for r in records(api, "subDomain=%25score")] == ["Under_score", "underXscore"]
    assert records(api, "subDomain=under") == []
    assert [r["subDomain"] for r in records(api, "subDomain=ww_")] == ["www"]
    apex_ns = records(api, "fieldType=NS&subDomain=")
    assert [r["target"] for r in apex_ns] == ["dns1.ovh.net.", "ns1.ovh.net."]
    check_error(api.get(f"{ZONE}/record", query="fieldType=a"), 400, "Client::BadRequest", "INVALID_PARAMETER")


@pytest.mark.parametrize("field_type, sub_domain, target, stored", [
    ("TXT", "t1", "v=spf1 -all", '"v=spf1 -all"'),
    ("TXT", "t2", '"already quoted"', '"already quoted"'),
    ("CNAME", "alias", "www", "www.example.com."),
    ("CNAME", "alias2", "target.example.net.", "target.example.net."),
    ("MX", "", "5 mx2", "5 mx2.example.com."),
    ("NS", "delegated", "ns.other.example.", "ns.other.example."),
    ("SRV", "_sip._tcp", "10 20 5060 sip", "10 20 5060 sip.example.com."),
    ("AAAA", "v6", "2001:db8::1", "2001:db8::1"),
    ("CAA", "", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
    ("A", "*.wild", "192.0.2.9", "192.0.2.9"),
])
def test_targets_are_normalized(api, field_type, sub_domain, target, stored):
    response = api.post(f"{ZONE}/record", {"fieldType": field_type, "subDomain": sub_domain, "target": target, "ttl": 3600})
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["target"] == stored
    assert set(created) == {"id", "zone", "subDomain", "fieldType", "target", "ttl"}
    assert api.get(f"{ZONE}/record/{created['id']}").json() == created


@pytest.mark.parametrize("body", [
    {"fieldType": "A", "subDomain": "x", "target": "not-an-ip"},
    {"fieldType": "A", "subDomain": "x", "target": "2001:db8::1"},
    {"fieldType": "AAAA", "subDomain": "x", "target": "192.0.2.1"},
    {"fieldType": "A", "subDomain": "x", "target": "192.0.2.1", "ttl": 30},
    {"fieldType": "A", "subDomain": "x", "target": "192.0.2.1", "ttl": -1},
    {"fieldType": "A", "subDomain": "x", "target": "192.0.2.1", "ttl": "3600"},
    {"fieldType": "MX", "subDomain": "", "target": "mx1.example.com."},
    {"fieldType": "SRV", "subDomain": "_sip._tcp", "target": "10 5060 sip"},
    {"fieldType": "BOGUS", "subDomain": "x", "target": "x"},
    {"fieldType": "A", "subDomain": "bad label!", "target": "192.0.2.1"},
    {"fieldType": "A", "subDomain": "x.", "target": "192.0.2.1"},
    {"fieldType": "CNAME", "subDomain": "x", "target": "bad host"},
    {"fieldType": "TXT", "subDomain": "x", "target": ""},
    {"subDomain": "x", "target": "192.0.2.1"},
    {"fieldType": "A", "subDomain": "x"},
    {"fieldType": "A", "subDomain": "x", "target": "192.0.2.1", "id": 5},
    {"fieldType": "A", "subDomain": "www", "target": "192.0.2.1"},  # www is a CNAME
    {"fieldType": "CNAME", "subDomain": "mx1", "target": "example.net."},  # mx1 has an A record
])
def test_invalid_records(api, emulator, check_error, body):
    check_error(api.post(f"{ZONE}/record", body), 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert len(emulator.zone("demo-ovh", "example.com").pending_records()) == 7


def test_ttl_zero_and_apex(api):
    created = api.post(f"{ZONE}/record", {"fieldType": "A", "target": "192.0.2.3"}).json()
    assert created["ttl"] == 0 and created["subDomain"] == ""


def test_put_and_delete(api, check_error):
    record_id = api.get(f"{ZONE}/record", query="fieldType=CNAME&subDomain=www").json()[0]
    check_error(api.put(f"{ZONE}/record/{record_id}", {"fieldType": "A", "target": "192.0.2.1"}), 400,
                "Client::BadRequest", "INVALID_PARAMETER")
    assert api.put(f"{ZONE}/record/{record_id}", {"target": "web", "ttl": 60}).json() is None
    updated = api.get(f"{ZONE}/record/{record_id}").json()
    assert (updated["fieldType"], updated["subDomain"], updated["target"], updated["ttl"]) == \
        ("CNAME", "www", "web.example.com.", 60)
    check_error(api.put(f"{ZONE}/record/{record_id}", {"ttl": 10}), 400, "Client::BadRequest", "INVALID_PARAMETER")
    assert api.delete(f"{ZONE}/record/{record_id}").json() is None
    check_error(api.get(f"{ZONE}/record/{record_id}"), 404, "Client::NotFound", "NOT_FOUND",
                f"The requested object (id = {record_id}) does not exist")
    check_error(api.delete(f"{ZONE}/record/{record_id}"), 404, "Client::NotFound", "NOT_FOUND")


def test_changes_are_staged_until_refresh(api, emulator):
    zone = emulator.zone("demo-ovh", "example.com")
    live_before = zone.live_records()
    created = api.post(f"{ZONE}/record", {"fieldType": "TXT", "subDomain": "staged", "target": "hello"}).json()
    assert created in zone.pending_records()
    assert zone.live_records() == live_before
    control = api.session.get(f"{emulator.root_url}/_emulator/zone/demo-ovh/example.com", timeout=5).json()
    assert created in control["pending"] and created not in control["live"]
    assert api.post(f"{ZONE}/refresh").json() is None
    assert created in zone.live_records()
    assert api.get(ZONE).json()["lastUpdate"] is not None


def test_concurrent_refresh_conflicts(api, client_factory, emulator, check_error):
    # A refresh of an hour of emulator time: it runs until the test moves the clock on.
    emulator.refresh_duration = 3600
    first = {}
    thread = threading.Thread(target=lambda: first.update(response=api.post(f"{ZONE}/refresh")))
    thread.start()
    zone = emulator.zone("demo-ovh", "example.com")
    deadline = time.monotonic() + 60  # a bound for a stuck emulator only, not a timing assumption
    while not zone.refreshing:
        assert time.monotonic() < deadline and thread.is_alive(), first
        time.sleep(0.01)
    emulator.refresh_duration = 0
    other = client_factory()
    check_error(other.post(f"{ZONE}/refresh"), 409, "Client::Conflict", "CONFLICT")
    # Other requests are served while the refresh runs.
    assert other.get(ZONE).status_code == 200
    assert other.post("/domain/zone/example.org/refresh").status_code == 200
    assert thread.is_alive() and not first  # the clock has not moved: still refreshing
    emulator.clock_offset += 3600
    thread.join(60)
    assert first["response"].status_code == 200
    assert other.post(f"{ZONE}/refresh").status_code == 200


def test_zone_isolation_and_add_zone(emulator, api):
    emulator.add_zone("demo-ovh", "added.example", records=[{"fieldType": "A", "subDomain": "", "target": "192.0.2.50"}])
    assert "added.example" in api.get("/domain/zone").json()
    ids = api.get("/domain/zone/added.example/record").json()
    assert [r["target"] for r in emulator.zone("demo-ovh", "added.example").live_records()] == ["192.0.2.50"]
    assert len(ids) == 1
