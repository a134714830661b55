"""The emulator's IPs: objects and GET /ip filters, moves and parks as IP tasks on the clock, the
firewall and its rules, mitigation, and the reverse check that waits for a zone's propagation."""

import json
from urllib.parse import quote

IP = "/ip/203.0.113.100%2F32"
WEB = "ns3001234.ip-203-0-113.eu"
DB = "ns3005678.ip-198-51-100.eu"


def test_ip_objects_and_filters(api):
    assert api.get("/ip", query="type=failover").json() == ["198.51.100.128/30", "203.0.113.100/32", "203.0.113.101/32"]
    assert api.get("/ip", query="routedTo.serviceName=" + DB).json() == ["198.51.100.20/32", "2001:db8:20::/64", "198.51.100.128/30"]
    tags = quote(json.dumps({"role": [{"operator": "EQ", "value": "vip"}]}), safe="")
    assert api.get("/ip", query="iamTags=" + tags).json() == ["203.0.113.100/32"]
    assert api.get("/ip", query="version=6&type=vps").json() == ["2001:db8:50::1/128"]
    assert api.get("/ip", query="ip=203.0.113.0%2F24&isAdditionalIp=true").json() == ["203.0.113.100/32", "203.0.113.101/32"]
    assert api.get("/ip", query="type=floating").status_code == 400
    item = api.get(IP).json()
    assert (item["type"], item["routedTo"], item["description"], item["iam"]["tags"]) == (
        "failover", {"serviceName": WEB}, "web VIP", {"env": "prod", "role": "vip"})
    assert api.get("/ip/198.51.100.99%2F32").status_code == 404  # another account's
    batch = api.get("/ip/203.0.113.100%2F32,203.0.113.101%2F32", headers={"X-Ovh-Batch": ","}).json()
    assert [entry["value"]["routedTo"]["serviceName"] for entry in batch] == [WEB, None]
    assert api.put("/ip/203.0.113.101%2F32", {"description": "standby"}).status_code == 200
    assert api.get("/ip/203.0.113.101%2F32").json()["description"] == "standby"


def test_a_move_passes_through_each_state_on_the_clock(api, emulator):
    emulator.clock_frozen = True
    destinations = api.get(IP + "/move").json()
    assert destinations["dedicatedServer"] == [{"nexthop": ["198.51.100.20"], "service": DB}]
    answer = api.post(IP + "/move", {"to": DB})
    assert answer.status_code == 200, answer.text
    task_id = answer.json()["taskId"]
    assert answer.json()["status"] == "init" and answer.json()["destination"] == {"serviceName": DB}
    again = api.post(IP + "/move", {"to": DB})
    assert again.status_code == 409 and "is already running" in again.json()["message"]
    assert api.post(IP + "/park").status_code == 409
    seen = []
    for _step in range(4):
        seen.append(api.get("%s/task/%d" % (IP, task_id)).json()["status"])
        assert api.get(IP).json()["routedTo"]["serviceName"] == (DB if seen[-1] == "done" else WEB)
        emulator.clock_offset += 1.5
    assert seen == ["init", "todo", "doing", "done"]
    assert api.get(IP + "/task", query="status=done").json()[-1] == task_id
    assert api.get(IP + "/task", query="status=bogus").status_code == 400
    assert api.post(IP + "/move", {"to": DB}).json()["message"] == "IP 203.0.113.100/32 is already routed to " + DB


def test_refused_moves_and_a_failed_one(api, emulator):
    assert api.post(IP + "/move", {"to": "ns3100000.ip-198-51-100.eu"}).status_code == 400  # another account's server
    assert api.post(IP + "/move", {"to": DB, "nexthop": "192.0.2.1"}).status_code == 400
    assert api.post(IP + "/move", {}).status_code == 400
    assert api.post("/ip/203.0.113.10%2F32/move", {"to": DB}).json()["message"].endswith("is not a failover IP: it cannot be moved or parked")
    assert api.post("/ip/203.0.113.101%2F32/park").json()["message"] == "IP 203.0.113.101/32 is already parked"
    emulator.clock_frozen = True
    emulator.state.ips.next_outcome = ("ovhError", "Routing could not be updated")
    task_id = api.post(IP + "/move", {"to": DB}).json()["taskId"]
    emulator.clock_offset += 10
    task = api.get("%s/task/%d" % (IP, task_id)).json()
    assert (task["status"], task["comment"]) == ("ovhError", "Routing could not be updated")
    assert api.get(IP).json()["routedTo"]["serviceName"] == WEB


def test_firewall_rules_are_created_and_removed_on_the_clock(api, emulator):
    emulator.clock_frozen = True
    firewall = IP + "/firewall/203.0.113.100"
    assert api.get(IP + "/firewall").json() == ["203.0.113.100"]
    rule = api.get(firewall + "/rule/0").json()
    assert (rule["source"], rule["destinationPort"], rule["rule"], rule["state"]) == (
        "198.51.100.0/24", "eq 22", "permit tcp 198.51.100.0/24 203.0.113.100/32 eq 22", "ok")
    created = api.post(firewall + "/rule", {"sequence": 1, "action": "deny", "protocol": "udp", "sourcePort": 53})
    assert created.json()["state"] == "creationPending" and created.json()["source"] == "any"
    assert api.post(firewall + "/rule", {"sequence": 1, "action": "deny", "protocol": "udp"}).status_code == 409
    assert api.delete(firewall + "/rule/1").status_code == 409  # still being created
    assert api.get(firewall + "/rule", query="state=creationPending").json() == [1]
    emulator.clock_offset += 2
    assert api.get(firewall + "/rule/1").json()["state"] == "ok"
    assert api.delete(firewall + "/rule/0").json()["state"] == "removalPending"
    assert api.get(firewall + "/rule/0").json()["state"] == "removalPending"
    emulator.clock_offset += 2
    assert api.get(firewall + "/rule/0").status_code == 404 and api.get(firewall + "/rule").json() == [1]
    for body in ({"sequence": 2, "action": "permit", "protocol": "icmp", "destinationPort": 1},
                 {"sequence": 20, "action": "permit", "protocol": "tcp"},
                 {"sequence": 2, "action": "permit", "protocol": "udp", "tcpOption": {"option": "syn"}},
                 {"sequence": 2, "action": "permit", "protocol": "tcp", "source": "2001:db8::/32"}):
        assert api.post(firewall + "/rule", body).status_code == 400, body
    assert api.put(firewall, {"enabled": False}).status_code == 200
    assert api.get(firewall).json() == {"enabled": False, "ipOnFirewall": "203.0.113.100", "state": "disableFirewallPending"}
    assert api.put(firewall, {"enabled": True}).status_code == 409
    emulator.clock_offset += 2
    assert api.get(firewall).json()["state"] == "ok"
    assert api.post("/ip/203.0.113.101%2F32/firewall", {"ipOnFirewall": "203.0.113.101"}).json() == {
        "enabled": False, "ipOnFirewall": "203.0.113.101", "state": "ok"}
    assert api.post("/ip/203.0.113.101%2F32/firewall", {"ipOnFirewall": "203.0.113.7"}).status_code == 400
    assert api.delete(firewall).status_code == 200 and api.get(IP + "/firewall").json() == []


def test_mitigation_entries(api, emulator):
    emulator.clock_frozen = True
    spare = "/ip/203.0.113.101%2F32/mitigation"
    assert api.get(IP + "/mitigation", query="auto=true").json() == ["203.0.113.100"]
    assert api.get(IP + "/mitigation/203.0.113.100").json() == {
        "auto": True, "ipOnMitigation": "203.0.113.100", "permanent": False, "state": "ok"}
    assert api.post(spare, {"ipOnMitigation": "203.0.113.101"}).json()["state"] == "creationPending"
    assert api.post(spare, {"ipOnMitigation": "203.0.113.101"}).status_code == 409
    emulator.clock_offset += 2
    assert api.delete(spare + "/203.0.113.101").json()["state"] == "removalPending"
    emulator.clock_offset += 2
    assert api.get(spare + "/203.0.113.101").status_code == 404
    assert api.put(IP + "/mitigation/203.0.113.100", {"permanent": True}).status_code == 200
    assert api.get(IP + "/mitigation/203.0.113.100").json()["permanent"] is True


def test_a_refreshed_name_resolves_for_the_reverse_after_the_propagation_time(api, emulator):
    emulator.clock_frozen = True
    emulator.state.ips.propagation_seconds = 30
    api.post("/domain/zone/example.com/record", {"fieldType": "A", "subDomain": "vip", "target": "203.0.113.100"})
    api.post("/domain/zone/example.com/refresh")
    body = {"ipReverse": "203.0.113.100", "reverse": "vip.example.com."}
    refused = api.post(IP + "/reverse", body)
    assert refused.status_code == 400 and "does not resolve to" in refused.json()["message"]
    emulator.clock_offset += 30
    assert api.post(IP + "/reverse", body).json() == body
