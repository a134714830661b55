"""The emulator's per-key rate limit: a token bucket per consumer key (bearer token, or application
key for unsigned calls), 429 with Retry-After beyond it, set through the control API or the object."""

import requests

from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET


def test_429_with_retry_after_beyond_the_burst_per_consumer_key(emulator, api, client_factory):
    # On a frozen clock the buckets refill only when the test moves it: no race with the machine's speed.
    assert requests.post(emulator.root_url + "/_emulator/clock", json={"frozen": True}, timeout=10).status_code == 200
    answer = requests.post(emulator.root_url + "/_emulator/rate_limit", json={"rate": 0.5, "burst": 3}, timeout=10)
    assert answer.status_code == 200 and emulator.rate_limit == (0.5, 3)
    assert [api.get("/me").status_code for dummy in range(4)] == [200, 200, 200, 429]
    refused = api.get("/me")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"  # one slot at 0.5 a second
    assert refused.headers["X-Ovh-QueryID"] and refused.json()["errorCode"] == "TOO_MANY_REQUESTS"
    assert [entry["status"] for entry in emulator.log][-2:] == [429, 429]  # logged like any answer
    emulator.clock_offset += 2  # the Retry-After later: one slot again, and one only
    assert [api.get("/me").status_code for dummy in range(2)] == [200, 429]
    # Another consumer key has its own bucket.
    app = emulator.add_application(name="other")
    other = client_factory(ak=app["application_key"], secret=app["application_secret"],
                           ck=emulator.add_consumer_key(app["application_key"], [{"method": "GET", "path": "/*"}]))
    assert other.get("/me").status_code == 200
    requests.post(emulator.root_url + "/_emulator/rate_limit", json={"rate": None}, timeout=10)
    assert emulator.rate_limit is None and api.get("/me").status_code == 200


def test_service_accounts_are_limited_per_token(emulator):
    emulator.clock_frozen = True  # the bucket does not refill between the two calls, however slow they are
    emulator.set_rate_limit(0.5, 1)
    token = requests.post(emulator.root_url + "/auth/oauth2/token", data={"grant_type": "client_credentials", "scope": "all"},
                          auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET), timeout=10).json()["access_token"]
    statuses = [requests.get(emulator.base_url + "/me", headers={"Authorization": "Bearer " + token}, timeout=10).status_code
                for dummy in range(2)]
    assert statuses == [200, 429]


def test_the_limit_is_checked(emulator):
    answer = requests.post(emulator.root_url + "/_emulator/rate_limit", json={"rate": 0}, timeout=10)
    assert answer.status_code == 400
