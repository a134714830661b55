"""ovh_cloud_s3_credential in-process against the emulator: the key kept (a rerun sends nothing), created when
the user has none, rotated (the old ones deleted after the new one exists), deleted; the secret read only when
asked, written to a 0600 file only when it differs, never in output or diff; bad input before any request."""

import os
import stat

import pytest

from api_log import write_bodies
from emulator.seed import DEMO_S3_ACCESS, DEMO_S3_SECRET
from tamper import replaced, tamper

PROJECT = "0123456789abcdef0123456789abcdef"
KEYS = "/cloud/project/%s/user/401001/s3Credentials" % PROJECT
MODULE = "ovh_cloud_s3_credential"


def keys_of(emulator):
    return emulator.state.cloud_storage.credentials[(PROJECT, 401001)]


def test_existing_key_is_kept_and_its_secret_written_once(logged_run, emulator, tmp_path):
    path = tmp_path / "s3.credentials"
    args = {"project": PROJECT, "user_id": 401001, "secret_path": str(path), "secret_profile": "backup"}
    rc, result, output, requests = logged_run(MODULE, args, "--check", "--diff")
    assert (rc, result["changed"], result["secret_file_changed"]) == (0, True, True), result
    assert requests == [("GET", KEYS), ("POST", KEYS + "/" + DEMO_S3_ACCESS + "/secret")]  # the secret route changes nothing
    assert not path.exists()
    rc, result, output, requests = logged_run(MODULE, args, "--diff")
    assert (rc, result["changed"], result["access_key"], result["access_keys"]) == (0, True, DEMO_S3_ACCESS, [DEMO_S3_ACCESS])
    assert requests == [("GET", KEYS), ("POST", KEYS + "/" + DEMO_S3_ACCESS + "/secret")]
    assert path.read_text() == "[backup]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (DEMO_S3_ACCESS, DEMO_S3_SECRET)
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert result["diff"] == {"before": {"access_keys": [DEMO_S3_ACCESS], "secret_file": "content hidden"},
                              "after": {"access_keys": [DEMO_S3_ACCESS], "secret_file": "content hidden (rewritten)"}}
    assert DEMO_S3_SECRET not in output and "secret" not in result
    rc, result, output, requests = logged_run(MODULE, args, "--diff")
    assert (rc, result["changed"], result["secret_file_changed"]) == (0, False, False)
    assert DEMO_S3_SECRET not in output
    # Without a file nor return_secret, the secret is not even read.
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001})
    assert (rc, result["changed"], requests) == (0, False, [("GET", KEYS)])


def test_return_secret_returns_it_only_when_asked(logged_run, emulator):
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "return_secret": True})
    assert (rc, result["changed"], result["secret"]) == (0, False, DEMO_S3_SECRET)
    assert requests == [("GET", KEYS), ("POST", KEYS + "/" + DEMO_S3_ACCESS + "/secret")]


def test_check_mode_returns_no_secret_and_reads_it_only_for_the_file(logged_run, emulator, tmp_path):
    # As RETURN says: secret is returned outside check mode only; check mode does not even read it for
    # return_secret, and reads it for secret_path (to compare the file) without returning it.
    args = {"project": PROJECT, "user_id": 401001, "return_secret": True}
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], result["access_key"]) == (0, False, DEMO_S3_ACCESS), output
    assert "secret" not in result and DEMO_S3_SECRET not in output
    assert requests == [("GET", KEYS)]
    path = tmp_path / "s3.credentials"
    rc, result, output, requests = logged_run(MODULE, dict(args, secret_path=str(path)), "--check")
    assert (rc, result["changed"], result["secret_file_changed"]) == (0, True, True), output
    assert "secret" not in result and DEMO_S3_SECRET not in output and not path.exists()
    assert requests == [("GET", KEYS), ("POST", KEYS + "/" + DEMO_S3_ACCESS + "/secret")]
    keys_of(emulator).clear()  # a key to create: check mode has no secret to return either
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], result["access_key"], requests) == (0, True, None, [("GET", KEYS)]), output
    assert "secret" not in result


def test_created_when_the_user_has_none_then_kept(logged_run, emulator):
    keys_of(emulator).clear()
    args = {"project": PROJECT, "user_id": 401001, "return_secret": True}
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], result["access_keys"], requests) == (0, True, [], [("GET", KEYS)])
    assert "secret" not in result
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, True, [("GET", KEYS), ("POST", KEYS)])
    created = keys_of(emulator)
    assert len(created) == 1 and result["access_key"] == created[0]["access"] and result["secret"] == created[0]["secret"]
    rc, result, output, requests = logged_run(MODULE, dict(args, return_secret=False))
    assert (rc, result["changed"], result["access_key"], requests) == (0, False, created[0]["access"], [("GET", KEYS)])
    assert created[0]["secret"] not in output


def test_rotate_creates_then_deletes_the_old_keys(logged_run, emulator, tmp_path):
    path = tmp_path / "s3.credentials"
    args = {"project": PROJECT, "user_id": 401001, "rotate": True, "secret_path": str(path)}
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], requests) == (0, True, [("GET", KEYS)]) and not path.exists()
    rc, result, output, requests = logged_run(MODULE, args, "--diff")
    new = keys_of(emulator)
    assert len(new) == 1 and new[0]["access"] != DEMO_S3_ACCESS
    assert requests == [("GET", KEYS), ("POST", KEYS), ("DELETE", KEYS + "/" + DEMO_S3_ACCESS)]
    assert result["diff"]["before"]["access_keys"] == [DEMO_S3_ACCESS] and result["diff"]["after"]["access_keys"] == [new[0]["access"]]
    assert new[0]["secret"] in path.read_text() and new[0]["secret"] not in output


def test_a_rotation_whose_old_key_cannot_be_deleted_still_returns_the_new_secret(logged_run, emulator):
    emulator.add_fault(status=500, count=10, method="DELETE", path=KEYS + "/" + DEMO_S3_ACCESS)
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "rotate": True,
                                                       "return_secret": True})
    new = [key for key in keys_of(emulator) if key["access"] != DEMO_S3_ACCESS]
    assert rc == 1 and result["changed"] and result["http_status"] == 500, output
    # The new key exists and the old one too: the task fails, but the secret asked for is not lost with it.
    assert len(new) == 1 and result["access_key"] == new[0]["access"] and result["secret"] == new[0]["secret"]
    assert requests[:2] == [("GET", KEYS), ("POST", KEYS)] and requests[-1] == ("DELETE", KEYS + "/" + DEMO_S3_ACCESS)


def test_absent_one_key_or_all(logged_run, emulator):
    keys_of(emulator).append({"access": "0" * 32, "secret": "S" * 32})
    args = {"project": PROJECT, "user_id": 401001, "state": "absent", "access_key": "0" * 32}
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], requests) == (0, True, [("GET", KEYS)])
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], result["access_keys"]) == (0, True, [DEMO_S3_ACCESS])
    assert requests == [("GET", KEYS), ("DELETE", KEYS + "/" + "0" * 32)]
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, False, [("GET", KEYS)])
    rc, result, output, requests = logged_run(MODULE, dict(args, access_key=None))
    assert (rc, result["changed"], requests) == (0, True, [("GET", KEYS), ("DELETE", KEYS + "/" + DEMO_S3_ACCESS)])
    assert keys_of(emulator) == []


def test_bad_input_before_any_request_and_api_errors(logged_run, emulator, tmp_path):
    for args, message in (
            ({"project": "demo", "user_id": 401001}, "project must be a Public Cloud project id"),
            ({"project": PROJECT, "user_id": 401001, "secret_path": str(tmp_path / "no" / "f")}, "does not exist"),
            ({"project": PROJECT, "user_id": 401001, "secret_path": str(tmp_path / "f"), "secret_profile": "a b"},
             "secret_profile must be"),
            ({"project": PROJECT}, "one of the following is required: user, user_id"),
            ({"project": PROJECT, "user_id": 401001, "rotate": True, "access_key": "x"}, "mutually exclusive")):
        rc, result, output, requests = logged_run(MODULE, args)
        assert rc == 1 and message in result["msg"] and requests == [], (args, result)
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "access_key": "f" * 32})
    assert rc == 1 and result["msg"] == "access_key \"%s\" is not a key of user 401001 (its keys: \"%s\")" % ("f" * 32, DEMO_S3_ACCESS)
    assert requests == [("GET", KEYS)]
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 499999})
    assert rc == 1 and result["http_status"] == 404 and "[QueryID: EU." in result["msg"], result
    emulator.add_fault(status=500, method="DELETE", path=KEYS + "/" + DEMO_S3_ACCESS)
    path = tmp_path / "s3.credentials"
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "rotate": True,
                                                       "secret_path": str(path)})
    # The new key exists, the old one could not be deleted: changed, and the error names the request.
    assert (rc, result["changed"], result["http_status"]) == (1, True, 500), result
    assert result["msg"].startswith("DELETE %s/%s failed: HTTP 500" % (KEYS, DEMO_S3_ACCESS)) and "[QueryID: EU." in result["msg"]
    assert len(keys_of(emulator)) == 2 and [body for _m, _p, body in write_bodies(emulator)] == [None, None]
    # The new key was written to the file before the old one was to go: its secret is not lost.
    new = keys_of(emulator)[1]
    assert new["access"] in path.read_text() and new["secret"] in path.read_text() and new["secret"] not in output


def test_user_by_description(logged_run, emulator, monkeypatch):
    # The users' route (GET /cloud/project/{p}/user) is served by ovh_cloud_user's emulator product; here the
    # lookup is replaced, to show the module takes the id of the user it finds (and fails naming a missing one).
    from ansible_collections.signet.ovh.plugins.module_utils import cloud_storage
    seen = []

    def find_user(client, project, description, option="user"):
        seen.append((project, description, option))
        return {"id": 401001, "description": description} if description == "backup" else None

    monkeypatch.setattr(cloud_storage, "find_user", find_user)
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user": "backup"})
    assert (rc, result["changed"], result["user_id"], requests) == (0, False, 401001, [("GET", KEYS)])
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user": "nobody"})
    assert rc == 1 and result["msg"] == 'user "nobody": no user of the project %s has this description' % PROJECT
    assert requests == [] and seen == [(PROJECT, "backup", "user"), (PROJECT, "nobody", "user")]


def test_a_key_file_that_cannot_be_written_fails_cleanly(logged_run, emulator, tmp_path):
    path = tmp_path / "s3.credentials"
    os.mkdir(str(path) + ".lock")  # the file's lock cannot be taken: a failure, never a traceback
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "secret_path": str(path)})
    assert rc == 1 and "cannot lock" in result["msg"] and "Traceback" not in output, output
    assert DEMO_S3_SECRET not in output and not path.exists()


def test_rotate_with_an_unwritable_secret_file_fails_cleanly_keeping_the_old_keys(logged_run, emulator, tmp_path):
    # The lock of the file cannot be taken (a directory is in its place): the new key exists, its access key is
    # in the failure (changed), its secret nowhere, the old key is not deleted; no traceback.
    path = tmp_path / "s3.credentials"
    (tmp_path / "s3.credentials.lock").mkdir()
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "rotate": True,
                                                       "secret_path": str(path)})
    new = keys_of(emulator)[-1]
    assert (rc, result["changed"], result["access_key"]) == (1, True, new["access"]), result
    assert result["msg"].startswith("cannot lock %s" % path) and "Traceback" not in output
    assert requests == [("GET", KEYS), ("POST", KEYS)] and [key["access"] for key in keys_of(emulator)][0] == DEMO_S3_ACCESS
    assert new["secret"] not in output and "secret" not in result


SECRET_ROUTE = "/cloud/project/{serviceName}/user/{userId}/s3Credentials/{access}/secret"
KEYS_ROUTE = "/cloud/project/{serviceName}/user/{userId}/s3Credentials"
# Secrets an answer may hold that cannot go on the file's line: a line break would add a profile to the file.
BAD_SECRETS = (123, None, {"a": 1}, "", "short", "Injected0Secret\n[evil]\naws_access_key_id = x", " PaddedSecret00000 ",
               "Tab\tSeparated0Secret")


@pytest.mark.parametrize("secret", BAD_SECRETS)
def test_a_secret_answered_in_another_form_fails_clearly_without_writing_or_quoting_it(
        logged_run, emulator, monkeypatch, tmp_path, secret):
    tamper(monkeypatch, "POST", SECRET_ROUTE, replaced("secret", secret))
    path = tmp_path / "s3.credentials"
    for args in ({"secret_path": str(path)}, {"return_secret": True}):
        rc, result, output, requests = logged_run(MODULE, dict({"project": PROJECT, "user_id": 401001}, **args))
        assert (rc, result["changed"]) == (1, False) and "Traceback" not in output, output
        assert "secret" in result["msg"] and "secret" not in result and not path.exists(), result
        assert requests == [("GET", KEYS), ("POST", KEYS + "/" + DEMO_S3_ACCESS + "/secret")]
        if isinstance(secret, str) and secret:
            assert secret not in output and secret.strip() not in output


@pytest.mark.parametrize("secret", BAD_SECRETS)
def test_a_new_key_answered_with_an_unusable_secret_fails_clearly_and_says_it_was_made(logged_run, emulator, monkeypatch,
                                                                                       tmp_path, secret):
    keys_of(emulator).clear()
    tamper(monkeypatch, "POST", KEYS_ROUTE, replaced("secret", secret))
    path = tmp_path / "s3.credentials"
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "secret_path": str(path),
                                                       "return_secret": True})
    assert (rc, result["changed"]) == (1, True) and "Traceback" not in output, output
    assert "secret" not in result and not path.exists() and requests == [("GET", KEYS), ("POST", KEYS)]
    if isinstance(secret, str) and secret:
        assert secret not in output and secret.strip() not in output
    if isinstance(secret, str):
        assert "the key was created" in result["msg"] and keys_of(emulator)[0]["access"] in result["msg"], result
    else:
        assert "probably carried out" in result["msg"], result


@pytest.mark.parametrize("access", [123, None, "", "ab\ncd0000000", "with space 0000"])
def test_access_keys_answered_in_another_form_fail_before_any_write(logged_run, emulator, monkeypatch, tmp_path, access):
    tamper(monkeypatch, "GET", KEYS_ROUTE, lambda answer: [dict(key, access=access) for key in answer])
    path = tmp_path / "s3.credentials"
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "secret_path": str(path)})
    assert (rc, result["changed"], requests) == (1, False, [("GET", KEYS)]) and "Traceback" not in output, output
    assert "access key" in result["msg"] and not path.exists() and DEMO_S3_SECRET not in output, result
