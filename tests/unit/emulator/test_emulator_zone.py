"""Emulated zone extras and registrar routes: tasks move in emulator time, DNSSEC and name server updates."""


def test_dnssec_moves_through_in_progress_in_emulator_time(api, emulator):
    emulator.state.task_seconds = (5, 25)
    assert api.get("/domain/zone/example.com/dnssec").json() == {"status": "disabled"}
    assert api.post("/domain/zone/example.com/dnssec").status_code == 200
    assert api.get("/domain/zone/example.com/dnssec").json() == {"status": "enableInProgress"}
    again = api.post("/domain/zone/example.com/dnssec")
    assert again.status_code == 409  # one change at a time
    task_id = api.get("/domain/zone/example.com/task?function=DnssecEnable").json()[0]
    assert api.get(f"/domain/zone/example.com/task/{task_id}").json()["status"] == "todo"
    emulator.clock_offset += 10
    assert api.get(f"/domain/zone/example.com/task/{task_id}").json()["status"] == "doing"
    emulator.clock_offset += 20
    assert api.get("/domain/zone/example.com/dnssec").json() == {"status": "enabled"}
    task = api.get(f"/domain/zone/example.com/task/{task_id}").json()
    assert task["status"] == "done" and task["doneDate"]


def test_name_server_update_applies_when_its_task_is_done(api, emulator):
    emulator.state.task_seconds = (0, 30)
    task = api.post("/domain/example.com/nameServers/update",
                    {"nameServers": [{"host": "ns1.example.com", "ip": "192.0.2.53"}, {"host": "ns2.example.net", "ip": None}]}).json()
    assert task["function"] == "DomainDnsUpdate" and task["domain"] == "example.com"
    servers = [api.get(f"/domain/example.com/nameServer/{ns_id}").json() for ns_id in api.get("/domain/example.com/nameServer").json()]
    assert sorted((s["host"], s["toDelete"], s["isUsed"]) for s in servers) == [
        ("dns1.ovh.net", True, True), ("ns1.example.com", False, False), ("ns1.ovh.net", True, True), ("ns2.example.net", False, False)]
    assert api.post("/domain/example.com/nameServers/update", {"nameServers": [{"host": "a.example.net"}]}).status_code == 409
    emulator.clock_offset += 31
    servers = [api.get(f"/domain/example.com/nameServer/{ns_id}").json() for ns_id in api.get("/domain/example.com/nameServer").json()]
    assert sorted((s["host"], s["ip"], s["isUsed"]) for s in servers) == [("ns1.example.com", "192.0.2.53", True), ("ns2.example.net", None, True)]


def test_name_server_update_refusals(api):
    for body in ({"nameServers": []}, {"nameServers": [{"host": "not a host"}]}, {"nameServers": [{"host": "dns1.ovh.net", "ip": "192.0.2.1"}]},
                 {"nameServers": [{"host": "ns1.example.com"}]}, {"other": 1}):
        assert api.post("/domain/example.com/nameServers/update", body).status_code == 400, body
    assert api.get("/domain/example.net/nameServer").status_code == 404


def test_dynhost_login_password_is_never_read_back(api, emulator):
    created = api.post("/domain/zone/example.com/dynHost/login", {"loginSuffix": "lab", "password": "LabPassword1", "subDomain": "lab"})
    assert created.json() == {"login": "example.com-lab", "subDomain": "lab", "zone": "example.com"}
    assert "password" not in api.get("/domain/zone/example.com/dynHost/login/example.com-lab").json()
    assert api.post("/domain/zone/example.com/dynHost/login/example.com-lab/changePassword", {"password": "short"}).status_code == 400
    assert api.post("/domain/zone/example.com/dynHost/login/example.com-lab/changePassword", {"password": "LabPassword2"}).status_code == 200
    assert emulator.zone("demo-ovh", "example.com").extras.dynhost_logins["example.com-lab"]["password"] == "LabPassword2"
    assert api.get("/domain/zone/example.com/dynHost/login?subDomain=lab").json() == ["example.com-lab"]


def test_export_and_status_follow_the_refresh(api):
    api.post("/domain/zone/example.com/record", {"fieldType": "A", "subDomain": "new", "target": "192.0.2.77"})
    assert api.get("/domain/zone/example.com/status").json()["isDeployed"] is False
    assert "192.0.2.77" not in api.get("/domain/zone/example.com/export").json()
    api.post("/domain/zone/example.com/refresh")
    assert api.get("/domain/zone/example.com/status").json() == {"isDeployed": True, "errors": [], "warnings": []}
    assert "new\tIN A\t192.0.2.77" in api.get("/domain/zone/example.com/export").json()
