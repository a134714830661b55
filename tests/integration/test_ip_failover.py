"""Fail-over with ovh_ip_move through Ansible: a playbook moves the address to the second server
and back (ip_failover.yml asserts the results), then a keepalived notify script's call
(``ansible localhost -m signet.ovh.ovh_ip_move``): each move is exactly one POST, reruns none."""

import json

from ovh_playbooks import assert_no_unhandled_exception

FIRST = "ns3001234.ip-203-0-113.eu"
SECOND = "ns3005678.ip-198-51-100.eu"
MOVE = "/ip/203.0.113.100%2F32/move"


def moves(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]), entry["status"]) for entry in emulator.log
            if entry["method"] != "GET"]


def test_failover_back_and_forth(ansible, emulator):
    emulator.state.ips.move_seconds = (0.2, 0.2, 0.4)  # a move is done by the first read after a one-second wait
    run = ansible.run("ip_failover.yml")
    assert run.rc == 0 and run.recap["failed"] == 0, run
    assert moves(emulator) == [("POST", MOVE, {"to": SECOND}, 200), ("POST", MOVE, {"to": FIRST}, 200)]
    emulator.clear_log()
    # What a keepalived notify script runs when this node becomes backup and the other takes over.
    rc, result, output = ansible.adhoc("signet.ovh.ovh_ip_move", {"ip": "203.0.113.100", "to": SECOND})
    assert rc == 0 and result["changed"] and (result["from"], result["to"]) == (FIRST, SECOND), output
    assert moves(emulator) == [("POST", MOVE, {"to": SECOND}, 200)]
    emulator.clear_log()
    rc, result, output = ansible.adhoc("signet.ovh.ovh_ip_move", {"ip": "203.0.113.100", "to": SECOND})
    assert rc == 0 and not result["changed"], output
    assert [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"] == [
        ("GET", "/ip/203.0.113.100%2F32")]
    assert_no_unhandled_exception(output)
