"""Dedicated servers, VPS, reinstalls and reverse DNS in the emulator: shapes, filters, time, refusals."""

import json
from urllib.parse import quote

import pytest

SERVER = "ns3001234.ip-203-0-113.eu"
BUSY = "ns3005678.ip-198-51-100.eu"  # seeded while being reinstalled


def test_lists_are_per_account_and_filtered_by_iam_tags(api):
    assert api.get("/dedicated/server").json() == [SERVER, BUSY]
    assert api.get("/vps").json() == ["vps-1a2b3c4d.vps.ovh.net", "vps-5e6f7a8b.vps.ovh.net"]
    tags = quote(json.dumps({"env": [{"operator": "EQ", "value": "prod"}]}), safe="")
    assert api.get("/dedicated/server", query=f"iamTags={tags}").json() == [SERVER]
    assert api.get("/vps", query=f"iamTags={tags}").json() == ["vps-1a2b3c4d.vps.ovh.net"]
    tags = quote(json.dumps({"role": [{"operator": "EXISTS"}], "env": [{"operator": "NEQ", "value": "prod"}]}), safe="")
    assert api.get("/dedicated/server", query=f"iamTags={tags}").json() == [BUSY]
    assert api.get("/dedicated/server", query="iamTags=notjson").status_code == 400
    assert api.get("/dedicated/server/ns3100000.ip-198-51-100.eu").status_code == 404  # another account's


def test_server_object_and_batch(api):
    server = api.get(f"/dedicated/server/{SERVER}").json()
    assert (server["name"], server["ip"], server["os"], server["reverse"]) == (SERVER, "203.0.113.10", "debian12_64", SERVER)
    assert server["iam"]["tags"] == {"env": "prod", "role": "web"}
    batch = api.get(f"/dedicated/server/{SERVER},{BUSY},nope", headers={"X-Ovh-Batch": ","}).json()
    assert [item["key"] for item in batch] == [SERVER, BUSY, "nope"]
    assert batch[2]["value"] is None and batch[2]["error"]
    assert api.get(f"/dedicated/server/{SERVER}/ips").json() == ["203.0.113.10/32", "2001:db8:10::/64"]


def test_reinstall_runs_on_the_emulator_clock(api, emulator):
    emulator.state.servers.step_seconds = 10
    body = {"operatingSystem": "ubuntu2404-server_64", "customizations": {"hostname": "web1"}}
    answer = api.post(f"/dedicated/server/{SERVER}/reinstall", body)
    assert answer.status_code == 200, answer.text
    task_id = answer.json()["taskId"]
    assert answer.json()["function"] == "reinstallServer"
    again = api.post(f"/dedicated/server/{SERVER}/reinstall", {"operatingSystem": "debian12_64"})
    assert again.status_code == 400 and "already running" in again.json()["message"]
    assert again.json()["class"] == "Client::BadRequest::TaskAlreadyExists"
    status = api.get(f"/dedicated/server/{SERVER}/install/status").json()
    assert [step["status"] for step in status["progress"]] == ["doing", "todo", "todo", "todo", "todo"]
    emulator.clock_offset += 25
    status = api.get(f"/dedicated/server/{SERVER}/install/status").json()
    assert [step["status"] for step in status["progress"]] == ["done", "done", "doing", "todo", "todo"]
    assert api.get(f"/dedicated/server/{SERVER}/task/{task_id}").json()["status"] == "doing"
    assert api.get(f"/dedicated/server/{SERVER}/task", query="status=doing").json() == [task_id]
    emulator.clock_offset += 30
    task = api.get(f"/dedicated/server/{SERVER}/task/{task_id}").json()
    assert task["status"] == "done" and task["doneDate"]
    assert api.get(f"/dedicated/server/{SERVER}/install/status").status_code == 404
    assert api.get(f"/dedicated/server/{SERVER}").json()["os"] == "ubuntu2404-server_64"


def test_reinstall_failure_shows_the_failed_step_then_the_task_comment(api, emulator):
    servers = emulator.state.servers
    servers.step_seconds = 10
    servers.next_outcome = ("customerError", "The image URL could not be downloaded", 2)
    task_id = api.post(f"/dedicated/server/{SERVER}/reinstall", {"operatingSystem": "debian11_64"}).json()["taskId"]
    emulator.clock_offset += 21
    steps = api.get(f"/dedicated/server/{SERVER}/install/status").json()["progress"]
    assert [step["status"] for step in steps] == ["done", "done", "error", "todo", "todo"]
    assert steps[2]["error"] == "The image URL could not be downloaded"
    emulator.clock_offset += 10
    task = api.get(f"/dedicated/server/{SERVER}/task/{task_id}").json()
    assert (task["status"], task["comment"]) == ("customerError", "The image URL could not be downloaded")
    assert api.get(f"/dedicated/server/{SERVER}").json()["os"] == "debian12_64"


@pytest.mark.parametrize("body, status, text", [
    ({}, 400, "operatingSystem"),
    ({"operatingSystem": "windows95"}, 404, "could not be found"),
    ({"operatingSystem": "debian12_64", "template": "x"}, 400, "not a valid property"),
    ({"operatingSystem": "debian12_64", "customizations": {"sshKeyName": "k"}}, 400, "doesn't exist"),
    ({"operatingSystem": "debian12_64", "customizations": {"hostname": "-bad-"}}, 400, "Invalid hostname"),
])
def test_reinstall_refusals(api, emulator, body, status, text):
    answer = api.post(f"/dedicated/server/{SERVER}/reinstall", body)
    assert answer.status_code == status and text in answer.json()["message"]
    assert api.get(f"/dedicated/server/{SERVER}/task").json() == []


def test_reverse_must_resolve_forward_through_live_records(api):
    block = quote("203.0.113.10/32", safe="")
    body = {"ipReverse": "203.0.113.10", "reverse": "web.example.com"}
    refused = api.post(f"/ip/{block}/reverse", body)
    assert refused.status_code == 400 and "does not resolve to" in refused.json()["message"]
    api.post("/domain/zone/example.com/record", {"fieldType": "A", "subDomain": "web", "target": "203.0.113.10"})
    assert api.post(f"/ip/{block}/reverse", body).status_code == 400  # not refreshed yet
    api.post("/domain/zone/example.com/refresh")
    answer = api.post(f"/ip/{block}/reverse", body)
    assert answer.json() == {"ipReverse": "203.0.113.10", "reverse": "web.example.com."}
    assert api.get(f"/ip/{block}/reverse").json() == ["203.0.113.10"]
    assert api.get(f"/dedicated/server/{SERVER}").json()["reverse"] == "web.example.com"
    assert api.delete(f"/ip/{block}/reverse/203.0.113.10").status_code == 200
    assert api.get(f"/ip/{block}/reverse/203.0.113.10").status_code == 404
    assert api.get(f"/ip/{quote('192.0.2.1/32', safe='')}/reverse").status_code == 404  # not the account's
    outside = api.post(f"/ip/{block}/reverse", {"ipReverse": "203.0.113.11", "reverse": "web.example.com."})
    assert outside.status_code == 400


def test_generate_for_budget_tests(emulator, api):
    with emulator.state.lock:
        names = emulator.state.servers.generate("demo-ovh", dedicated=120, vps=40)
    assert len(names["dedicated"]) == 120 and len(names["vps"]) == 40
    assert len(api.get("/dedicated/server").json()) == 122
    assert len(api.get("/vps").json()) == 42


def test_clock_step_moves_time_per_request(emulator, api):
    emulator.clock_step = 5
    before = emulator.clock_offset
    api.get("/vps")
    api.get("/vps")
    assert emulator.clock_offset == pytest.approx(before + 10)


def test_reverse_follows_cnames_and_checks_ipv6(api):
    block6 = quote("2001:db8:10::/64", safe="")
    api.post("/domain/zone/example.com/record", {"fieldType": "AAAA", "subDomain": "v6", "target": "2001:db8:10::5"})
    api.post("/domain/zone/example.com/record", {"fieldType": "CNAME", "subDomain": "alias", "target": "v6"})
    api.post("/domain/zone/example.com/refresh")
    answer = api.post(f"/ip/{block6}/reverse", {"ipReverse": "2001:db8:10::5", "reverse": "alias.example.com."})
    assert answer.status_code == 200 and answer.json()["reverse"] == "alias.example.com."
    wrong = api.post(f"/ip/{block6}/reverse", {"ipReverse": "2001:db8:10::6", "reverse": "alias.example.com."})
    assert wrong.status_code == 400 and "does not resolve to 2001:db8:10::6" in wrong.json()["message"]
    assert api.get(f"/ip/{block6}/reverse").json() == ["2001:db8:10::5"]


@pytest.mark.parametrize("condition, expected", [
    ({"role": [{"operator": "LIKE", "value": "w%"}]}, [SERVER]),
    ({"role": [{"operator": "ILIKE", "value": "D_"}]}, [BUSY]),
    ({"role": [{"operator": "NEXISTS"}]}, []),
    ({"env": [{"operator": "EQ", "value": "prod"}], "role": [{"operator": "EQ", "value": "db"}]}, []),
])
def test_iam_tag_operators(api, condition, expected):
    tags = quote(json.dumps(condition), safe="")
    assert api.get("/dedicated/server", query=f"iamTags={tags}").json() == expected
