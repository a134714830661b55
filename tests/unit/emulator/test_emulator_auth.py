"""Authentication errors in order, clock, access rules, allowed IPs and the consumer key life cycle."""

import requests

ALL_METHODS = ("GET", "POST", "PUT", "DELETE")


def rules(*paths, methods=ALL_METHODS):
    """Access rules for every method and path."""
    return [{"method": method, "path": path} for path in paths for method in methods]


def test_auth_time_is_unsigned_and_follows_the_clock(emulator, api):
    first = requests.get(emulator.base_url + "/auth/time", timeout=5)
    assert first.status_code == 200 and "X-Ovh-QueryID" in first.headers
    assert abs(first.json() - api.now()) <= 1
    emulator.clock_offset = 600
    assert abs(requests.get(emulator.base_url + "/auth/time", timeout=5).json() - first.json() - 600) <= 1


def test_missing_headers(emulator, check_error):
    response = requests.get(emulator.base_url + "/me", timeout=5)
    check_error(response, 401, "Client::Unauthorized", "NOT_AUTHENTICATED", "You must login first")
    response = requests.get(emulator.base_url + "/me", headers={"X-Ovh-Application": "DemoAppKey000001"}, timeout=5)
    check_error(response, 401, "Client::Unauthorized", "NOT_AUTHENTICATED")


def test_unknown_or_blocked_application(emulator, client_factory, check_error):
    check_error(client_factory(ak="UnknownAppKey001").get("/me"), 403, "Client::Forbidden", "INVALID_KEY",
                "This application key is invalid")
    for status in ("blocked", "inactive"):
        app = emulator.add_application(status=status)
        client = client_factory(ak=app["application_key"], secret=app["application_secret"])
        check_error(client.get("/me"), 403, "Client::Forbidden", "INVALID_KEY")


def test_timestamp_window(api, emulator, check_error):
    assert api.get("/me", timestamp=api.now() - 55).status_code == 200
    for timestamp in (api.now() - 120, api.now() + 120, "12ab"):
        check_error(api.get("/me", timestamp=timestamp), 400, "Client::BadRequest", "QUERY_TIME_OUT", "Query out of time")
    # A client that does not follow the server clock fails once the clocks drift apart.
    machine_time = api.now()
    emulator.clock_offset = 480
    check_error(api.get("/me", timestamp=machine_time), 400, "Client::BadRequest", "QUERY_TIME_OUT")
    assert api.get("/me").status_code == 200


def test_unknown_and_foreign_consumer_keys(emulator, client_factory, check_error):
    check_error(client_factory(ck="NoSuchConsumerKey000000000000001").get("/me"), 403, "Client::Forbidden",
                "NOT_CREDENTIAL", "This credential does not exist")
    other = emulator.add_application(name="other")
    # A CK of another application, signed with this application's secret.
    foreign_ck = emulator.add_consumer_key(other["application_key"], rules("/*"))
    check_error(client_factory(ck=foreign_ck).get("/me"), 403, "Client::Forbidden", "INVALID_CREDENTIAL",
                "This credential is not valid")
    own = client_factory(ak=other["application_key"], secret=other["application_secret"], ck=foreign_ck)
    assert own.get("/me").status_code == 200


def test_consumer_key_request_and_validation(emulator, client_factory, check_error):
    response = requests.post(emulator.base_url + "/auth/credential", headers={"X-Ovh-Application": "DemoAppKey000001"},
                             json={"accessRules": rules("/me", methods=("GET",)), "redirection": None, "allowedIPs": None},
                             timeout=5)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["state"] == "pendingValidation"
    assert len(answer["consumerKey"]) == 32
    assert answer["validationUrl"].startswith(emulator.root_url + "/auth/?credentialToken=")
    client = client_factory(ck=answer["consumerKey"])
    check_error(client.get("/me"), 403, "Client::Forbidden", "INVALID_CREDENTIAL", "This credential is not valid")
    emulator.validate_consumer_key(answer["consumerKey"], account="customer-ovh", validity=3600)
    assert client.get("/me").json()["nichandle"] == "customer-ovh"
    credential = client.get("/auth/currentCredential")
    check_error(credential, 403, "Client::Forbidden", "NOT_GRANTED_CALL", "This call has not been granted")


def test_consumer_key_request_errors(emulator, check_error):
    url = emulator.base_url + "/auth/credential"
    good = {"accessRules": [{"method": "GET", "path": "/*"}]}
    check_error(requests.post(url, headers={"X-Ovh-Application": "Nope"}, json=good, timeout=5),
                403, "Client::Forbidden", "INVALID_KEY")
    headers = {"X-Ovh-Application": "DemoAppKey000001"}
    for body in ({}, {"accessRules": [{"method": "PATCH", "path": "/*"}]}, {"accessRules": [{"method": "GET", "path": "me"}]},
                 dict(good, allowedIPs=["300.1.2.3/24"]), dict(good, redirection=42), dict(good, extra=1)):
        check_error(requests.post(url, headers=headers, json=body, timeout=5), 400, "Client::BadRequest", "INVALID_PARAMETER")
    check_error(requests.post(url, headers=headers, data=b"{not json", timeout=5), 400, "Client::BadRequest", "INVALID_JSON")


def test_refused_expired_and_logout(emulator, client_factory, check_error):
    refused = emulator.add_consumer_key("DemoAppKey000001", rules("/*"), state="pendingValidation")
    emulator.refuse_consumer_key(refused)
    check_error(client_factory(ck=refused).get("/me"), 403, "Client::Forbidden", "INVALID_CREDENTIAL")

    short = emulator.add_consumer_key("DemoAppKey000001", rules("/*"), validity=300)
    client = client_factory(ck=short)
    current = client.get("/auth/currentCredential").json()
    assert current["status"] == "validated" and current["expiration"] is not None
    emulator.clock_offset = 301
    check_error(client.get("/me"), 403, "Client::Forbidden", "INVALID_CREDENTIAL")
    demo = client_factory()
    ids = demo.get("/me/api/credential", query="status=expired").json()
    assert current["credentialId"] in ids

    emulator.clock_offset = 0
    session_ck = emulator.add_consumer_key("DemoAppKey000001", rules("/*"))
    client = client_factory(ck=session_ck)
    assert client.post("/auth/logout").json() is None
    check_error(client.get("/me"), 403, "Client::Forbidden", "INVALID_CREDENTIAL")


def test_access_rules(emulator, client_factory, check_error):
    consumer_key = emulator.add_consumer_key("DemoAppKey000001", [{"method": "GET", "path": "/domain/zone/*"}])
    client = client_factory(ck=consumer_key)
    assert client.get("/domain/zone/example.com").status_code == 200
    # '*' spans '/' too.
    assert client.get("/domain/zone/example.com/record").status_code == 200
    # '/domain/zone/*' does not grant '/domain/zone' itself.
    check_error(client.get("/domain/zone"), 403, "Client::Forbidden", "NOT_GRANTED_CALL", "This call has not been granted")
    check_error(client.post("/domain/zone/example.com/refresh"), 403, "Client::Forbidden", "NOT_GRANTED_CALL")
    # Rules are checked before routing: an unknown route outside the rules is refused, not 404.
    check_error(client.get("/nothing/here"), 403, "Client::Forbidden", "NOT_GRANTED_CALL")
    recursive = emulator.add_consumer_key("DemoAppKey000001", rules("/domain/zone", "/domain/zone/*", methods=("GET",)))
    assert client_factory(ck=recursive).get("/domain/zone").json() == ["example.com", "example.org"]


def test_allowed_ips(emulator, api, client_factory, check_error):
    outside = emulator.add_consumer_key("DemoAppKey000001", rules("/*"), allowed_ips=["203.0.113.0/24"])
    body = check_error(client_factory(ck=outside).get("/me"), 403, "Client::Forbidden", "FORBIDDEN")
    assert "127.0.0.1" in body["message"]
    inside = emulator.add_consumer_key("DemoAppKey000001", rules("/*"), allowed_ips=["203.0.113.0/24", "127.0.0.0/8"])
    assert client_factory(ck=inside).get("/me").status_code == 200
    # The demo credential restricted, then opened again, through the API.
    assert api.put("/me/api/credential/200000001", {"allowedIPs": ["198.51.100.7"]}).status_code == 200
    check_error(api.get("/me"), 403, "Client::Forbidden", "FORBIDDEN")
    assert client_factory(ck=inside).put("/me/api/credential/200000001", {"allowedIPs": None}).status_code == 200
    assert api.get("/me/api/credential/200000001").json()["allowedIPs"] is None


def test_routing_errors(api, check_error):
    check_error(api.get("/nothing/here"), 404, "Client::NotFound", "NOT_FOUND", "Got an invalid (or empty) URL")
    check_error(api.put("/domain/zone", {}), 405, "Client::MethodNotAllowed", "METHOD_NOT_ALLOWED")
    check_error(api.get("/domain/zone/unknown.example"), 404, "Client::NotFound", "NOT_FOUND", "This service does not exist")
    check_error(api.get("/domain/zone/customer.net"), 404, "Client::NotFound", "NOT_FOUND")
    check_error(api.get("/me/api/credential/123"), 404, "Client::NotFound", "NOT_FOUND",
                "The requested object (credentialId = 123) does not exist")
    check_error(api.get("/me/api/credential/abc"), 400, "Client::BadRequest", "INVALID_PARAMETER")
    check_error(api.get("/me/api/credential", query="status=bogus"), 400, "Client::BadRequest", "INVALID_PARAMETER")


def test_last_use_is_updated(api, check_error):
    check_error(api.get("/nothing/here"), 404, "Client::NotFound", "NOT_FOUND")
    # A failed call does not count as a use; a successful one does.
    assert api.get("/auth/currentCredential").json()["lastUse"] is None
    assert api.get("/auth/currentCredential").json()["lastUse"] is not None


def test_credentials_and_applications(emulator, api, client_factory, check_error):
    app = emulator.add_application(name="second", description="second app")
    consumer_key = emulator.add_consumer_key(app["application_key"], rules("/*"))
    second = client_factory(ak=app["application_key"], secret=app["application_secret"], ck=consumer_key)
    ids = api.get("/me/api/credential").json()
    assert len(ids) == 2
    assert api.get("/me/api/credential", query=f"applicationId={app['application_id']}").json() == \
        [second.get("/auth/currentCredential").json()["credentialId"]]
    assert api.get("/me/api/application").json() == [1001, app["application_id"]]
    application = api.get(f"/me/api/credential/{ids[1]}/application").json()
    assert application == {"applicationId": app["application_id"], "applicationKey": app["application_key"],
                           "name": "second", "description": "second app", "status": "active"}
    check_error(api.put(f"/me/api/credential/{ids[0]}", {"status": "refused"}), 400, "Client::BadRequest",
                "INVALID_PARAMETER")
    check_error(api.put(f"/me/api/credential/{ids[0]}", {"allowedIPs": ["10.0.0.1/8"]}), 400, "Client::BadRequest",
                "INVALID_PARAMETER")
    # Deleting the application revokes its credentials.
    assert api.delete(f"/me/api/application/{app['application_id']}").status_code == 200
    check_error(second.get("/me"), 403, "Client::Forbidden", "INVALID_KEY")
    assert api.get("/me/api/credential").json() == [200000001]
    # Another account's objects do not exist for this one.
    customer_ck = emulator.add_consumer_key("DemoAppKey000001", rules("/*"), account="customer-ovh")
    customer = client_factory(ck=customer_ck)
    check_error(customer.get("/me/api/credential/200000001"), 404, "Client::NotFound", "NOT_FOUND")
    check_error(customer.get("/me/api/application/1001"), 404, "Client::NotFound", "NOT_FOUND")
    assert customer.get("/me/api/application").json() == []
    # Deleting a credential: its key no longer exists.
    own_id = customer.get("/auth/currentCredential").json()["credentialId"]
    assert customer.delete(f"/me/api/credential/{own_id}").status_code == 200
    check_error(customer.get("/me"), 403, "Client::Forbidden", "NOT_CREDENTIAL")


def test_auth_details(api):
    details = api.get("/auth/details").json()
    assert details["account"] == "demo-ovh"
    assert details["method"] == "account"
    assert {"method": "GET", "path": "/*"} in details["allowedRoutes"]
