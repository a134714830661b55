"""ovh_ssh_key in-process: keys compared as SSH means them (the comment ignored), a changed key refused
without force and replaced with it, check mode, diff, rerun without a write, bad keys refused before any request."""

import json

import pytest

ADMIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd+xZ6nIc/xLuKgfbyq0SKkY"  # the seeded admin key
OTHER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBFQeg4vXmnV36QKYqG9e27lfmvNhcZ8m4Qxs2//IcQ3"


def calls(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["path"] != "/auth/time"]


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None) for entry in emulator.writes()]


def test_a_new_key_is_added_once(modules, emulator):
    args = {"name": "deploy", "key": OTHER + " deploy@example.com"}
    rc, result, output = modules.run("ovh_ssh_key", args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"] == {"before": None, "after": result["ssh_key"]} and result["ssh_key"]["type"] == "ssh-ed25519"
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ssh_key", args)
    assert rc == 0 and result["changed"], output
    assert calls(emulator) == [("GET", "/me/sshKey/deploy"), ("POST", "/me/sshKey"), ("GET", "/me/sshKey/deploy")]
    assert writes(emulator) == [("POST", "/me/sshKey", {"key": OTHER + " deploy@example.com", "keyName": "deploy"})]
    assert result["ssh_key"]["fingerprint"].startswith("SHA256:")
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ssh_key", args)
    assert rc == 0 and not result["changed"] and calls(emulator) == [("GET", "/me/sshKey/deploy")]


def test_the_comment_and_spacing_are_not_compared(modules, emulator):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "admin", "key": "  " + ADMIN + "   someone-else@laptop "},
                                     "--diff")
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["ssh_key"]["key"].endswith("admin@example.com")  # the key as the account holds it


def test_another_key_under_the_name_is_refused_without_force(modules, emulator):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "admin", "key": OTHER})
    assert rc == 1 and "set force=true" in result["msg"] and "ssh-ed25519 SHA256:" in result["msg"], output
    assert not result["changed"] and emulator.writes() == []


def test_force_deletes_and_adds_the_key_again(modules, emulator):
    args = {"name": "admin", "key": OTHER + " new", "force": True}
    rc, result, output = modules.run("ovh_ssh_key", args, "--check")
    assert rc == 0 and result["changed"] and result["replaced"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_ssh_key", args, "--diff")
    assert rc == 0 and result["changed"] and result["replaced"], output
    assert writes(emulator) == [("DELETE", "/me/sshKey/admin", None),
                                ("POST", "/me/sshKey", {"key": OTHER + " new", "keyName": "admin"})]
    assert result["diff"]["before"]["fingerprint"] != result["diff"]["after"]["fingerprint"]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ssh_key", args)
    assert rc == 0 and not result["changed"] and not result["replaced"] and emulator.writes() == []


def test_absent(modules, emulator):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "ci", "state": "absent"}, "--check")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    rc, result, output = modules.run("ovh_ssh_key", {"name": "ci", "state": "absent"})
    assert rc == 0 and result["changed"] and result["ssh_key"] is None, output
    assert writes(emulator) == [("DELETE", "/me/sshKey/ci", None)]
    emulator.clear_log()
    rc, result, output = modules.run("ovh_ssh_key", {"name": "ci", "state": "absent"})
    assert rc == 0 and not result["changed"] and calls(emulator) == [("GET", "/me/sshKey/ci")]


def test_a_name_with_a_space_is_one_path_segment(modules, emulator):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "my key", "key": OTHER})
    assert rc == 0 and result["changed"], output
    assert ("GET", "/me/sshKey/my%20key") in calls(emulator)


@pytest.mark.parametrize("key, message", [
    ("", "key must be a public SSH key"),
    ("AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekIvU3uFd", "the key type 'AAAAC3NzaC1lZDI1NTE5AAAAIIxpduW1QQQVvekI' is not one of"),
    ('command="ls" ' + ADMIN, "authorized_keys options are not accepted"),
    ("ssh-ed25519", "has no base64 part"),
    ("ssh-ed25519 AAAA*not-base64", "does not decode"),
    ("ssh-rsa " + ADMIN.split()[1], "the key says ssh-rsa but its base64 part holds a ssh-ed25519 key"),
    ("ssh-ed25519 aGVsbG8=", "holds no SSH key"),
])
def test_bad_keys_are_refused_before_any_request(modules, emulator, key, message):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "bad", "key": key})
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_present_needs_a_key_and_a_name(modules, emulator):
    rc, result, output = modules.run("ovh_ssh_key", {"name": "bad"})
    assert rc == 1 and result["msg"] == "key is required with state=present", output
    rc, result, output = modules.run("ovh_ssh_key", {"name": "  ", "state": "absent"})
    assert rc == 1 and result["msg"].startswith("name must name the SSH key"), output
    assert emulator.log == []


def test_a_key_the_api_answers_as_null_is_an_unreadable_key_not_a_crash(modules, emulator, monkeypatch):
    from tamper import tamper
    tamper(monkeypatch, "GET", "/me/sshKey/{keyName}", lambda answer: dict(answer, key=None))
    rc, result, output = modules.run("ovh_ssh_key", {"name": "admin", "key": OTHER})
    assert rc == 1 and "holds another key (unreadable" in result["msg"] and "Traceback" not in output, output
    assert emulator.writes() == []
    rc, result, output = modules.run("ovh_ssh_key", {"name": "admin", "key": OTHER, "force": True})
    assert rc == 0 and result["changed"] and result["replaced"], output
    assert [(method, path) for method, path, _body in writes(emulator)] == [("DELETE", "/me/sshKey/admin"), ("POST", "/me/sshKey")]
