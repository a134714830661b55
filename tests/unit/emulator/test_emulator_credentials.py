"""The credential life cycle: the validation page, refusal and expiry messages, lastUse, batch reads
of a sub-path, pending validations and several accounts."""

import re

import requests

DEMO_AK = "DemoAppKey000001"
GET_ALL = [{"method": "GET", "path": "/*"}]


def request_key(emulator, rules=None, redirection=None, allowed_ips=None):
    response = requests.post(emulator.base_url + "/auth/credential", headers={"X-Ovh-Application": DEMO_AK},
                             json={"accessRules": rules or GET_ALL, "redirection": redirection, "allowedIPs": allowed_ips},
                             timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def form(answer, **fields):
    token = answer["validationUrl"].split("credentialToken=", 1)[1]
    return dict({"credentialToken": token, "login": "customer-ovh", "password": "customer", "validity": "3600",
                 "action": "approve"}, **fields)


def test_validation_page_shows_the_request(emulator):
    answer = request_key(emulator, rules=[{"method": "GET", "path": "/me"}, {"method": "PUT", "path": "/me/<b>"}],
                         allowed_ips=["192.0.2.0/24"])
    page = requests.get(answer["validationUrl"], timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "X-Ovh-QueryID" not in page.headers
    text = page.text
    assert "signet-demo" in text and "<code>/me</code>" in text
    # Request data is escaped, not markup.
    assert "/me/&lt;b&gt;" in text and "/me/<b>" not in text
    assert "192.0.2.0/24" in text
    assert re.findall(r'<option value="([0-9]*)"', text) == ["3600", "86400", "2592000", ""]
    assert 'name="password"' in text and 'value="approve"' in text and 'value="refuse"' in text
    # The page is not an API call: not in the request log.
    assert not [entry for entry in emulator.log if entry["path"].startswith("/auth/?")]


def test_unknown_or_answered_token(emulator):
    assert requests.get(emulator.root_url + "/auth/?credentialToken=nope", timeout=5).status_code == 404
    assert requests.get(emulator.root_url + "/auth/", timeout=5).status_code == 404
    answer = request_key(emulator)
    emulator.validate_consumer_key(answer["consumerKey"])
    page = requests.get(answer["validationUrl"], timeout=5)
    assert page.status_code == 410 and "validated" in page.text
    assert requests.post(emulator.root_url + "/auth/", data=form(answer), timeout=5).status_code == 410


def test_approve_with_validity_and_redirection(emulator, client_factory):
    redirection = emulator.root_url + "/_emulator/landing?order=42"
    answer = request_key(emulator, redirection=redirection)
    wrong = requests.post(emulator.root_url + "/auth/", data=form(answer, password="guess"), timeout=5,
                          allow_redirects=False)
    assert wrong.status_code == 401 and "Invalid account or password" in wrong.text
    assert 'value="customer-ovh"' in wrong.text
    client = client_factory(ck=answer["consumerKey"])
    assert client.get("/me").json()["message"] == "This credential is not valid"

    response = requests.post(emulator.root_url + "/auth/", data=form(answer, validity="86400"), timeout=5,
                             allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == redirection
    landing = requests.get(response.headers["Location"], timeout=5)
    assert landing.status_code == 200 and "order=42" in landing.text
    assert client.get("/me").json()["nichandle"] == "customer-ovh"
    current = client.get("/auth/currentCredential").json()
    assert current["status"] == "validated"
    emulator.clock_offset = 86401
    assert client.get("/me").json()["message"] == "This credential is not valid: it has expired"


def test_unlimited_validity_without_redirection(emulator, client_factory):
    answer = request_key(emulator)
    response = requests.post(emulator.root_url + "/auth/", data=form(answer, validity="", login="demo-ovh", password="demo"),
                             timeout=5)
    assert response.status_code == 200 and "Access granted" in response.text
    current = client_factory(ck=answer["consumerKey"]).get("/auth/currentCredential").json()
    assert current["expiration"] is None and current["status"] == "validated"


def test_bad_validity_and_refusal(emulator, client_factory):
    answer = request_key(emulator, redirection="https://example.net/")
    assert requests.post(emulator.root_url + "/auth/", data=form(answer, validity="42"), timeout=5).status_code == 400
    refused = requests.post(emulator.root_url + "/auth/", data=form(answer, action="refuse"), timeout=5,
                            allow_redirects=False)
    assert refused.status_code == 200 and "refused" in refused.text
    body = client_factory(ck=answer["consumerKey"]).get("/me").json()
    assert body["errorCode"] == "INVALID_CREDENTIAL" and body["message"] == "This credential is not valid: it was refused"


def test_pending_validations(emulator):
    assert emulator.pending_validations() == []
    first = request_key(emulator, redirection="https://example.net/")
    second = request_key(emulator)
    pending = emulator.pending_validations()
    assert [item["consumer_key"] for item in pending] == [first["consumerKey"], second["consumerKey"]]
    assert pending[0]["validation_url"] == first["validationUrl"] and pending[0]["redirection"] == "https://example.net/"
    emulator.refuse_consumer_key(first["consumerKey"])
    over_http = requests.get(emulator.root_url + "/_emulator/consumer_key/pending", timeout=5).json()
    assert [item["consumer_key"] for item in over_http] == [second["consumerKey"]]


def test_last_use_is_updated(emulator, api):
    before = api.get("/me/api/credential/200000001").json()
    assert before["lastUse"] is None or isinstance(before["lastUse"], str)
    emulator.clock_offset = 3600
    after = api.get("/me/api/credential/200000001").json()
    assert after["lastUse"] != before["lastUse"] and after["lastUse"] is not None


def test_batch_of_a_sub_path(emulator, api):
    emulator.add_consumer_key(DEMO_AK, GET_ALL)
    ids = api.get("/me/api/credential").json()
    assert len(ids) == 2
    response = api.get("/me/api/credential/" + ",".join(map(str, ids + [9])) + "/application",
                       headers={"X-Ovh-Batch": ","})
    items = response.json()
    assert [item["key"] for item in items] == [str(i) for i in ids] + ["9"]
    assert all(item["value"]["name"] == "signet-demo" and item["error"] is None for item in items[:2])
    assert items[2]["value"] is None and "does not exist" in items[2]["error"]
    assert emulator.log[-1]["batch"] is True and emulator.log[-1]["route"] == "/me/api/credential/{credentialId}/application"
    # Without the header it is one credential id that does not parse.
    assert api.get("/me/api/credential/1,2/application").status_code == 400


def test_accounts_are_separate(emulator, client_factory):
    customer_ck = emulator.add_consumer_key(DEMO_AK, GET_ALL, account="customer-ovh")
    customer = client_factory(ck=customer_ck)
    ids = customer.get("/me/api/credential").json()
    assert len(ids) == 1 and 200000001 not in ids
    # The credential's application belongs to demo-ovh: readable through the credential only.
    assert customer.get(f"/me/api/credential/{ids[0]}/application").json()["applicationId"] == 1001
    assert customer.get("/me/api/application/1001").status_code == 404
    assert customer.get("/domain/zone").json() == ["customer.net"]
    assert client_factory().get("/domain/zone").json() == ["example.com", "example.org"]
