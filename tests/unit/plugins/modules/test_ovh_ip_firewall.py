"""ovh_ip_firewall in-process: the exact requests, a changed rule replaced (delete, wait for the
removal, create), a rule being removed waited for, purge, check mode and diff rule by rule, a rerun
without writes, the address taken off, bad input before any request."""

import json

import pytest

BLOCK = "/ip/203.0.113.100%2F32"
FIREWALL = BLOCK + "/firewall/203.0.113.100"
RULES = FIREWALL + "/rule"
SSH = {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.0/24", "destination_port": 22}
HTTPS = {"sequence": 1, "action": "permit", "protocol": "tcp", "destination_port": 443}


def normalized(rule):
    return dict({"source": None, "source_port": None, "destination_port": None, "tcp_option": None, "fragments": False}, **rule)


def requests(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


READ = [("GET", BLOCK + "/firewall", 200), ("GET", FIREWALL, 200), ("GET", RULES, 200), ("GET", RULES + "/0", 200)]


@pytest.fixture(autouse=True)
def frozen(emulator):
    emulator.clock_frozen = True  # rule states move only with the module's waits


def test_the_same_rules_are_four_reads_and_no_write(modules, emulator):
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.100", "enabled": True, "rules": [SSH]})
    assert rc == 0 and not result["changed"], output
    assert result["rules"] == [normalized(SSH)] and result["rule_changes"] == [] and result["status"] == "ok"
    assert requests(emulator) == READ


def test_check_mode_and_diff_rule_by_rule(modules, emulator):
    args = {"ip": "203.0.113.100/32", "rules": [dict(SSH, destination_port=2222), HTTPS]}
    rc, result, output = modules.run("ovh_ip_firewall", args, "--check", "--diff")
    assert rc == 0 and result["changed"], output
    assert result["rule_changes"] == [{"sequence": 0, "change": "replaced"}, {"sequence": 1, "change": "created"}]
    assert result["diff"] == {"before": {"enabled": True, "rules": [normalized(SSH)]},
                              "after": {"enabled": True, "rules": [normalized(dict(SSH, destination_port=2222)), normalized(HTTPS)]}}
    assert requests(emulator) == READ and modules.clock.sleeps == []


def test_a_changed_rule_is_deleted_waited_for_then_created(modules, emulator):
    args = {"ip": "203.0.113.100", "rules": [dict(SSH, destination_port=2222), HTTPS]}
    rc, result, output = modules.run("ovh_ip_firewall", args)
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [
        ("DELETE", RULES + "/0", None),
        ("POST", RULES, {"sequence": 0, "action": "permit", "protocol": "tcp", "source": "198.51.100.0/24", "destinationPort": 2222}),
        ("POST", RULES, {"sequence": 1, "action": "permit", "protocol": "tcp", "destinationPort": 443}),
    ]
    # The removal is read until the rule is gone (404) before its sequence is used again; then the
    # new rules are read until they are ok, and the firewall's state.
    assert requests(emulator) == READ + [
        ("DELETE", RULES + "/0", 200),
        ("GET", RULES + "/0", 200), ("GET", RULES + "/0", 200), ("GET", RULES + "/0", 404),
        ("POST", RULES, 200), ("POST", RULES, 200),
        ("GET", RULES + "/0", 200), ("GET", RULES + "/0", 200), ("GET", RULES + "/0", 200), ("GET", RULES + "/1", 200),
        ("GET", FIREWALL, 200)]
    assert modules.clock.sleeps == [1.0, 2.0, 1.0, 2.0]  # the removal, then the creation (both 2 s on the emulator clock)
    with emulator.state.lock:
        rule = emulator.state.ips.firewalls[("demo-ovh", "203.0.113.100/32")]["203.0.113.100"].rules[0]
        assert rule.data["destinationPort"] == 2222 and rule.state(emulator.state.now()) == "ok"
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_firewall", args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_a_rule_being_removed_is_waited_for_then_created_once(modules, emulator):
    with emulator.state.lock:
        emulator.state.ips.firewalls[("demo-ovh", "203.0.113.100/32")]["203.0.113.100"].rules[0].removed = emulator.state.now()
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.100", "rules": [SSH], "wait": False})
    assert rc == 0 and result["changed"] and result["rule_changes"] == [{"sequence": 0, "change": "created"}], output
    assert [(method, path) for method, path, _body in writes(emulator)] == [("POST", RULES)]
    assert modules.clock.sleeps == [1.0, 2.0]


def test_purge_deletes_the_rules_not_listed(modules, emulator):
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.100", "rules": [HTTPS], "purge_rules": True}, "--diff")
    assert rc == 0 and result["changed"], output
    assert result["rule_changes"] == [{"sequence": 0, "change": "deleted"}, {"sequence": 1, "change": "created"}]
    assert result["diff"]["after"]["rules"] == [normalized(HTTPS)]
    assert [(method, path) for method, path, _body in writes(emulator)] == [("DELETE", RULES + "/0"), ("POST", RULES)]
    assert requests(emulator)[-1] == ("GET", FIREWALL, 200)
    assert ("GET", RULES + "/0", 404) in requests(emulator)


def test_a_new_address_disable_and_absent(modules, emulator):
    rules = [{"sequence": 19, "action": "deny", "protocol": "ipv4"},
             {"sequence": 3, "action": "permit", "protocol": "tcp", "tcp_option": "established", "fragments": True}]
    args = {"ip": "203.0.113.101", "enabled": True, "rules": rules}
    rc, result, output = modules.run("ovh_ip_firewall", args)
    assert rc == 0 and result["changed"] and result["enabled"] is True and result["status"] == "ok", output
    path = "/ip/203.0.113.101%2F32/firewall"
    assert writes(emulator) == [
        ("POST", path, {"ipOnFirewall": "203.0.113.101"}),
        ("POST", path + "/203.0.113.101/rule", {"sequence": 3, "action": "permit", "protocol": "tcp",
                                                "tcpOption": {"option": "established", "fragments": True}}),
        ("POST", path + "/203.0.113.101/rule", {"sequence": 19, "action": "deny", "protocol": "ipv4"}),
        ("PUT", path + "/203.0.113.101", {"enabled": True}),
    ]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_firewall", args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.101", "enabled": False, "wait": False})
    assert rc == 0 and result["changed"] and result["enabled"] is False, output
    assert writes(emulator) == [("PUT", path + "/203.0.113.101", {"enabled": False})]
    emulator.clear_log()
    # The disabling is still pending: taking the address off does not depend on it.
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.101", "state": "absent"}, "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"] == {}, output
    assert writes(emulator) == [("DELETE", path + "/203.0.113.101", None)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ip_firewall", {"ip": "203.0.113.101", "state": "absent"})
    assert rc == 0 and not result["changed"] and requests(emulator) == [("GET", path, 200)], output


def test_a_removal_that_outlasts_the_timeout_fails_saying_it_goes_on(modules, emulator):
    args = {"ip": "203.0.113.100", "rules": [dict(SSH, action="deny")], "wait_timeout": 0}
    rc, result, output = modules.run("ovh_ip_firewall", args)
    assert rc == 1 and result["changed"], output
    assert "the removal of rule 0 of 203.0.113.100 still pending" in result["msg"] and "it goes on" in result["msg"]
    assert result["last_read"]["state"] == "removalPending"
    assert [(method, path) for method, path, _body in writes(emulator)] == [("DELETE", RULES + "/0")]


@pytest.mark.parametrize("args, message", [
    ({"rules": [dict(SSH, sequence=20)]}, "rules[0].sequence 20 must be a number from 0 to 19"),
    ({"rules": [{"sequence": 1, "action": "permit", "protocol": "icmp", "destination_port": 1}]},
     "rules[0].destination_port: ports only go with protocol tcp or udp, not icmp"),
    ({"rules": [{"sequence": 1, "action": "permit", "protocol": "udp", "tcp_option": "syn"}]},
     "tcp_option and fragments only go with protocol tcp, not udp"),
    ({"rules": [dict(SSH, source="2001:db8::/32")]}, "the firewall filters IPv4 sources only"),
    ({"rules": [dict(SSH, destination_port=70000)]}, "is not a port number (0 to 65535)"),
    ({"rules": [SSH, SSH]}, "rules[1]: sequence 0 is given twice"),
    ({"rules": [dict(SSH, action="allow")]}, "value of action must be one of"),
    ({"ip": "198.51.100.128/30"}, "ip_on_firewall is required when ip is a block"),
    ({"ip_on_firewall": "203.0.113.7"}, "ip_on_firewall 203.0.113.7 is not in ip 203.0.113.100/32"),
    ({"ip": "2001:db8:10::/64", "ip_on_firewall": "2001:db8:10::1"}, "IPv4 addresses only"),
    ({"state": "absent", "enabled": True}, "go with state=present"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = modules.run("ovh_ip_firewall", dict({"ip": "203.0.113.100"}, **args))
    assert rc == 1 and message in result["msg"], output
    assert requests(emulator) == []
