"""ovh_vps_rebuild in-process: the image by name or id, the exact requests, check mode and diff, a rerun without
a write, force, a pending rebuild waited for and never doubled, another pending task waited for first, an unknown
image or SSH key refused before any write, bad input before any request."""

import json

from emulator.seed import DEMO_SSH_KEY
from emulator.vps import IMAGES, image_id

DEV = "vps-5e6f7a8b.vps.ovh.net"  # Ubuntu 24.04
DEBIAN = image_id("Debian 12")
IMAGE_IDS = sorted(IMAGES, key=IMAGES.get)  # as GET …/images/available lists them; read in one batch


def calls(emulator):
    return [(entry["method"], entry["path"], entry["query"] or "") for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_rebuild_by_name_with_an_account_key(modules, emulator):
    args = {"service_name": DEV, "image": "debian 12", "ssh_key": "admin", "do_not_send_password": True, "wait": True}
    rc, result, output = modules.run("ovh_vps_rebuild", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["started"] and emulator.writes() == [], output
    assert result["diff"] == {"before": {"image": "Ubuntu 24.04"}, "after": {"image": "Debian 12"}}
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_rebuild", args)
    assert rc == 0 and result["changed"] and result["started"], output
    assert writes(emulator) == [("POST", "/vps/%s/rebuild" % DEV, {"imageId": DEBIAN, "sshKey": "admin",
                                                                   "doNotSendPassword": True})]
    reads = [call for call in calls(emulator) if call[0] == "GET"]
    assert reads[:4] == [("GET", "/vps/%s" % DEV, ""), ("GET", "/vps/%s/images/available" % DEV, ""),
                         ("GET", "/vps/%s/images/available/%s" % (DEV, ",".join(IMAGE_IDS)), ""),
                         ("GET", "/vps/%s/images/current" % DEV, "")]
    assert ("GET", "/me/sshKey/admin", "") in reads  # the key checked before the rebuild
    assert result["task"]["state"] == "done" and result["image"]["name"] == "Debian 12"
    assert result["previous_image"]["name"] == "Ubuntu 24.04"
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_rebuild", dict(args, image=DEBIAN))  # by id: the same image
    assert rc == 0 and not result["changed"] and not result["started"] and emulator.writes() == [], output


def test_the_same_image_is_not_rebuilt_unless_forced(modules, emulator):
    args = {"service_name": DEV, "image": "Ubuntu 24.04", "public_ssh_key": DEMO_SSH_KEY}
    rc, result, output = modules.run("ovh_vps_rebuild", args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_vps_rebuild", dict(args, force=True))
    assert rc == 0 and result["changed"] and result["task"]["state"] == "todo", output  # wait defaults to false
    assert writes(emulator) == [("POST", "/vps/%s/rebuild" % DEV, {"imageId": image_id("Ubuntu 24.04"),
                                                                   "publicSshKey": DEMO_SSH_KEY})]


def test_a_pending_rebuild_is_waited_for_never_doubled(modules, emulator):
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Rocky Linux 9"})
    assert rc == 0 and result["started"], output
    running = result["task"]["id"]
    emulator.clear_log()
    for force in (False, True):
        rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12", "force": force},
                                         "--check")
        assert rc == 0 and not result["changed"] and result["already_running"] and result["task"]["id"] == running, output
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12", "wait": True})
    assert rc == 0 and not result["changed"] and result["already_running"], output
    assert result["task"]["id"] == running and result["task"]["state"] == "done"
    assert result["image"]["name"] == "Rocky Linux 9"
    assert any('installed "Rocky Linux 9", not "Debian 12"' in warning for warning in result["warnings"])
    assert emulator.writes() == []


def test_another_pending_task_is_waited_for_before_the_rebuild(modules, emulator):
    rc, result, output = modules.run("ovh_vps", {"service_name": DEV, "state": "running", "wait": False})
    start = result["task"]["id"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12"})
    assert rc == 0 and result["started"], output
    task_reads = [index for index, call in enumerate(calls(emulator)) if call[1] == "/vps/%s/tasks/%d" % (DEV, start)]
    post = calls(emulator).index(("POST", "/vps/%s/rebuild" % DEV, ""))
    assert len(task_reads) >= 2 and max(task_reads) < post  # read while pending, then done, before the rebuild


def test_an_unknown_image_lists_the_names_and_writes_nothing(modules, emulator):
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 13"})
    assert rc == 1 and result["msg"] == ("image 'Debian 13' is neither the id nor the name of an image this VPS can be "
                                         "rebuilt with: \"AlmaLinux 9\", \"Debian 11\", \"Debian 12\", \"Rocky Linux 9\", "
                                         "\"Ubuntu 22.04\", \"Ubuntu 24.04\""), output
    assert emulator.writes() == []


def test_an_unknown_account_key_fails_before_the_rebuild(modules, emulator):
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12", "ssh_key": "nope"})
    assert rc == 1 and result["msg"] == "ssh_key: the account has no SSH key named nope (see ovh_ssh_key)", output
    assert emulator.writes() == []


def test_check_mode_warns_of_an_unknown_account_key_and_predicts_the_rebuild(modules, emulator):
    # A check run of a play whose earlier ovh_ssh_key task would add the key must not fail here.
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12", "ssh_key": "nope"}, "--check")
    assert rc == 0 and result["changed"] and result["started"], output
    assert result["warnings"] == ["ssh_key: the account has no SSH key named nope (see ovh_ssh_key); the rebuild would fail "
                                  "unless an earlier task adds it"]
    assert emulator.writes() == []


def test_a_failed_rebuild_fails_with_its_state(modules, emulator):
    emulator.state.vps.next_outcome = ("error", "waitingAck")
    rc, result, output = modules.run("ovh_vps_rebuild", {"service_name": DEV, "image": "Debian 12", "wait": True})
    assert rc == 1 and result["changed"] and "the rebuild of %s failed" % DEV in result["msg"], output
    assert 'ended error: "reinstallVm"' in result["msg"] and result["task"]["state"] == "error"


def test_bad_input_fails_before_any_request(modules, emulator):
    for args, message in (
            ({"service_name": DEV, "image": " "}, "image must be the id or the name of an image"),
            ({"service_name": DEV, "image": "Debian 12", "public_ssh_key": "ssh-ed25519 AAAA"}, "public_ssh_key: the key says"),
            ({"service_name": DEV, "image": "Debian 12", "do_not_send_password": True}, "do_not_send_password needs ssh_key"),
            ({"service_name": DEV, "image": "Debian 12", "ssh_key": "admin", "public_ssh_key": DEMO_SSH_KEY},
             "mutually exclusive")):
        rc, result, output = modules.run("ovh_vps_rebuild", args)
        assert rc == 1 and message in result["msg"], (args, output)
    assert emulator.log == []
