"""The vRack product: members and their tasks on the emulator clock (gone, 404, once over), the servers'
vRack interfaces, and the API's refusals."""

import json
from urllib.parse import quote

import pytest

VRACK = "/vrack/pn-12345"
WEB = "ns3001234.ip-203-0-113.eu"
OLD = "ns3005678.ip-198-51-100.eu"
INTERFACE = "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"
PUBLIC_INTERFACE = "3f6a1b2c-8d4e-4f5a-9b6c-7d8e9f0a1b2c"
PROJECT_IN = "0123456789abcdef0123456789abcdef"
PROJECT_FREE = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator


def test_the_seeded_vrack_its_members_and_the_iam_tag_filter(api):
    assert api.get("/vrack").json() == ["pn-12345"]
    tags = quote(json.dumps({"env": [{"operator": "EQ", "value": "dev"}]}), safe="")
    assert api.get("/vrack", query=f"iamTags={tags}").json() == []
    vrack = api.get(VRACK).json()
    assert (vrack["serviceName"], vrack["name"], vrack["iam"]["tags"]) == ("pn-12345", "demo-network", {"env": "prod"})
    assert api.get(VRACK + "/dedicatedServer").json() == [OLD]
    assert api.get(VRACK + "/dedicatedServerInterface").json() == []
    assert api.get(VRACK + "/cloudProject").json() == [PROJECT_IN]
    assert api.get(VRACK + "/ip").json() == ["192.0.2.128/28"]
    block = api.get(VRACK + "/ip/192.0.2.128%2F28").json()
    assert block == {"gateway": "192.0.2.142/32", "ip": "192.0.2.128/28", "region": "eu-west-gra", "zone": "gra"}
    assert api.get(VRACK + "/task").json() == []
    assert api.get("/vrack/pn-99999").status_code == 404


def test_a_servers_vrack_interfaces(api):
    path = f"/dedicated/server/{WEB}/virtualNetworkInterface"
    assert api.get(path).json() == [PUBLIC_INTERFACE, INTERFACE]
    assert api.get(path, query="mode=vrack").json() == [INTERFACE]
    assert api.get(path, query="mode=vrack&enabled=false").json() == []
    interface = api.get(f"{path}/{INTERFACE}").json()
    assert (interface["mode"], interface["serverName"], interface["vrack"]) == ("vrack", WEB, None)
    assert api.get(f"/dedicated/server/{OLD}/virtualNetworkInterface", query="mode=vrack").json() == []  # an older server
    assert api.get(path, query="mode=bridge").status_code == 400
    assert api.get(f"/dedicated/server/{OLD}/virtualNetworkInterface/{INTERFACE}").status_code == 404
    assert api.get("/dedicated/server/ns3100000.ip-198-51-100.eu/virtualNetworkInterface").status_code == 404  # another account's


def test_an_added_member_appears_when_its_task_ends_and_the_task_then_answers_404(api, frozen):
    frozen.state.vrack.task_seconds = (1, 2, 3)
    answer = api.post(VRACK + "/dedicatedServerInterface", {"dedicatedServerInterface": INTERFACE})
    assert answer.status_code == 200, answer.text
    task = answer.json()
    assert (task["status"], task["function"], task["serviceName"], task["targetDomain"]) == (
        "init", "addDedicatedServerInterfaceToVrack", "pn-12345", INTERFACE)
    task_path = f"{VRACK}/task/{task['id']}"
    seen = []
    for step in (0, 1, 2, 3):  # seconds 0, 1, 3 and 6 after the start
        frozen.clock_offset += step
        response = api.get(task_path)
        seen.append(response.json()["status"] if response.status_code == 200 else response.status_code)
        if response.status_code == 200:
            assert api.get(VRACK + "/task").json() == [task["id"]]
            assert api.get(VRACK + "/dedicatedServerInterface").json() == []
    assert seen == ["init", "todo", "doing", 404]
    assert api.get(VRACK + "/task").json() == []
    assert api.get(VRACK + "/dedicatedServerInterface").json() == [INTERFACE]
    assert api.get(f"/dedicated/server/{WEB}/virtualNetworkInterface/{INTERFACE}").json()["vrack"] == "pn-12345"
    assert api.get(VRACK + "/dedicatedServerInterfaceDetails").json() == [
        {"dedicatedServer": WEB, "dedicatedServerInterface": INTERFACE, "name": "ovh_vrack"}]
    member = api.get(f"{VRACK}/dedicatedServerInterface/{INTERFACE}").json()
    assert member == {"dedicatedServerInterface": INTERFACE, "vrack": "pn-12345"}


def test_a_removed_member_goes_when_its_task_ends(api, frozen):
    answer = api.delete(f"{VRACK}/cloudProject/{PROJECT_IN}")
    assert answer.status_code == 200 and answer.json()["function"] == "removeCloudProjectFromVrack"
    assert api.get(VRACK + "/cloudProject").json() == [PROJECT_IN]
    again = api.delete(f"{VRACK}/cloudProject/{PROJECT_IN}")
    assert again.status_code == 409 and "already pending" in again.json()["message"]
    frozen.clock_offset += 10
    assert api.get(VRACK + "/cloudProject").json() == []
    assert api.get(f"{VRACK}/cloudProject/{PROJECT_IN}").status_code == 404
    assert api.delete(f"{VRACK}/cloudProject/{PROJECT_IN}").status_code == 404


def test_refusals(api, frozen, check_error):
    # A member already there, in this vRack or in another one: the real wordings.
    check_error(api.post(VRACK + "/dedicatedServer", {"dedicatedServer": OLD}), 400, "Client::BadRequest", "INVALID_PARAMETER",
                "Server is already on vRack pn-12345")
    with frozen.state.lock:
        frozen.state.vrack.add_vrack("demo-ovh", {"serviceName": "pn-67890"})
    check_error(api.post("/vrack/pn-67890/dedicatedServer", {"dedicatedServer": OLD}), 400, "Client::BadRequest",
                "INVALID_PARAMETER", "Server is already on vRack pn-12345")
    assert api.post(VRACK + "/dedicatedServerInterface", {"dedicatedServerInterface": INTERFACE}).status_code == 200
    # While its task runs, a second add is refused; once done, the API's "already" wording.
    assert api.post(VRACK + "/dedicatedServerInterface", {"dedicatedServerInterface": INTERFACE}).status_code == 409
    frozen.clock_offset += 10
    check_error(api.post("/vrack/pn-67890/dedicatedServerInterface", {"dedicatedServerInterface": INTERFACE}), 400,
                "Client::BadRequest", "INVALID_PARAMETER", "Dedicated server interface is already on a private network")
    # A server with vRack interfaces does not join as a whole; a public interface does not join.
    assert "has vrack interfaces" in api.post("/vrack/pn-67890/dedicatedServer", {"dedicatedServer": WEB}).json()["message"]
    assert api.post(VRACK + "/dedicatedServerInterface", {"dedicatedServerInterface": PUBLIC_INTERFACE}).status_code == 404
    # Projects and blocks: the account's only, well formed, a known region, no unknown field.
    assert api.post(VRACK + "/cloudProject", {"project": "0" * 32}).status_code == 404
    assert api.post(VRACK + "/cloudProject", {"project": "not-a-project"}).status_code == 400
    assert "already in vrack pn-12345" in api.post("/vrack/pn-67890/cloudProject", {"project": PROJECT_IN}).json()["message"]
    assert api.post(VRACK + "/ip", {"block": "198.51.100.128/28", "region": "mars-1"}).status_code == 400
    assert api.post(VRACK + "/ip", {"block": "203.0.113.0/28", "region": "eu-west-gra"}).status_code == 404
    check_error(api.post(VRACK + "/ip", {"block": "198.51.100.128/28", "zone": "gra"}), 400, "Client::BadRequest",
                "INVALID_PARAMETER", "[zone] Unknown or read-only property")
    assert api.post(VRACK + "/ip", {}).status_code == 400
    assert api.get(VRACK + "/task/abc").status_code == 400


def test_task_reads_answer_batches(api, frozen):
    first = api.post(VRACK + "/cloudProject", {"project": PROJECT_FREE}).json()["id"]
    second = api.delete(f"{VRACK}/ip/192.0.2.128%2F28").json()["id"]
    batch = api.get(f"{VRACK}/task/{first},{second}", headers={"X-Ovh-Batch": ","}).json()
    assert [(item["key"], item["value"]["targetDomain"]) for item in batch] == [
        (str(first), PROJECT_FREE), (str(second), "192.0.2.128/28")]


def test_the_enums_are_the_schemas():
    from pathlib import Path

    from emulator import vrack
    schemas = Path(__file__).resolve().parents[2] / "emulator" / "schemas"
    models = json.loads((schemas / "openapi3-vrack.json").read_text(encoding="utf-8"))["components"]["schemas"]
    assert list(vrack.TASK_STATES) == models["vrack.TaskStatusEnum"]["enum"]
    assert set(vrack.REGION_ZONES.values()) <= set(models["vrack.VrackZoneEnum"]["enum"])
    server = json.loads((schemas / "openapi3-dedicated-server.json").read_text(encoding="utf-8"))["components"]["schemas"]
    assert list(vrack.INTERFACE_MODES) == server["dedicated.virtualNetworkInterface.VirtualNetworkInterfaceModeEnum"]["enum"]
