"""ovh_cloud_kube_kubeconfig in-process: the kubeconfig written 0600 and rewritten only when it differs (or its mode),
never in the result or the diff, check mode writes nothing, reset rotates (and only when asked), an installing
cluster waited for (or refused without wait), bad input before any request."""

import hashlib
import json
import os
import stat

import pytest

from api_log import sent
from tamper import replaced, tamper, without
from emulator.seed import DEMO_KUBECONFIG, DEMO_KUBECONFIG_KEY

PROJECT = "0123456789abcdef0123456789abcdef"
DEMO = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
KUBE = "/cloud/project/%s/kube/%s" % (PROJECT, DEMO)
DIGEST = "sha256:" + hashlib.sha256(DEMO_KUBECONFIG.encode()).hexdigest()


def run(modules, args, *options):
    return modules.run("ovh_cloud_kube_kubeconfig", dict({"project": PROJECT, "cluster": "demo-cluster"}, **args), *options)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_written_once_then_left_alone(modules, emulator, tmp_path):
    path = tmp_path / "demo.kubeconfig"
    rc, result, output = run(modules, {"path": str(path)}, "--check", "--diff")
    assert rc == 0 and result["changed"] and not path.exists(), output
    assert result["diff"] == {"before": {"path": str(path), "content": None}, "after": {"path": str(path), "content": DIGEST}}
    # Check mode reads the kubeconfig (the API's read is a POST that changes nothing) and writes no file.
    assert [entry["method"] + " " + entry["path"] for entry in emulator.writes()] == ["POST %s/kubeconfig" % KUBE]
    emulator.clear_log()
    rc, result, output = run(modules, {"path": str(path)}, "--diff")
    assert rc == 0 and result["changed"] and result["sha256"] == DIGEST, output
    assert path.read_text() == DEMO_KUBECONFIG and mode(path) == 0o600
    assert "client-key-data" not in output and DEMO_KUBECONFIG_KEY not in output
    assert [entry["method"] + " " + entry["path"] for entry in emulator.writes()] == ["POST %s/kubeconfig" % KUBE]
    emulator.clear_log()
    rc, result, output = run(modules, {"path": str(path)})
    assert rc == 0 and not result["changed"], output
    assert sent(emulator)[-1] == ("POST", KUBE + "/kubeconfig") and ("POST", KUBE + "/kubeconfig/reset") not in sent(emulator)
    os.chmod(path, 0o644)  # a mode that lets others read it is put back
    rc, result, output = run(modules, {"path": str(path)})
    assert rc == 0 and result["changed"] and mode(path) == 0o600, output
    path.write_text("edited")
    rc, result, output = run(modules, {"path": str(path)}, "--check")
    assert rc == 0 and result["changed"] and path.read_text() == "edited", output


def test_reset_rotates_only_when_asked(modules, emulator, tmp_path):
    path = tmp_path / "demo.kubeconfig"
    rc, result, output = run(modules, {"path": str(path), "reset": True}, "--check")
    assert rc == 0 and result["changed"] and not path.exists() and not result["reset"], output
    assert ("POST", KUBE + "/kubeconfig/reset") not in sent(emulator)
    rc, result, output = run(modules, {"path": str(path), "reset": True})
    assert rc == 0 and result["changed"] and result["reset"], output
    assert [entry["path"] for entry in emulator.writes()] == [KUBE + "/kubeconfig/reset", KUBE + "/kubeconfig"]
    content = path.read_text()
    assert content != DEMO_KUBECONFIG and content == emulator.state.cloud_kube.clusters[PROJECT][DEMO].kubeconfig
    assert content not in json.dumps(result) and content not in output
    emulator.clear_log()
    rc, result, output = run(modules, {"path": str(path)})
    assert rc == 0 and not result["changed"] and not result["reset"], output
    assert ("POST", KUBE + "/kubeconfig/reset") not in sent(emulator)


def test_an_installing_cluster(modules, emulator, tmp_path):
    rc, result, output = modules.run("ovh_cloud_kube", {"project": PROJECT, "name": "new", "region": "GRA11", "wait": False})
    assert rc == 0 and result["cluster"]["status"] == "INSTALLING", output
    path = tmp_path / "new.kubeconfig"
    rc, result, output = run(modules, {"cluster": "new", "path": str(path), "wait": False})
    assert rc == 1 and 'cluster new is "INSTALLING": its kubeconfig comes once it is READY (wait=true' in result["msg"], output
    assert not path.exists()
    rc, result, output = run(modules, {"cluster": "new", "path": str(path)})
    assert rc == 0 and result["changed"] and path.exists() and modules.clock.sleeps, output


@pytest.mark.parametrize("args, message", [
    ({"path": "/nonexistent-dir/kubeconfig"}, "the directory \"/nonexistent-dir\" does not exist"),
    ({"path": "{tmp}/k", "cluster": ""}, "cluster must be a name"),
    ({"path": "{tmp}/k", "project": "x"}, "project must be a Public Cloud project id"),
    ({"path": "{tmp}/k", "wait_timeout": -1}, "wait_timeout must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, tmp_path, args, message):
    args = dict((key, value.replace("{tmp}", str(tmp_path))) for key, value in args.items() if isinstance(value, str))
    args.update(wait_timeout=-1) if "wait_timeout" in message else None
    rc, result, output = run(modules, args)
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_api_error_and_unknown_cluster(modules, emulator, tmp_path):
    rc, result, output = run(modules, {"cluster": "nope", "path": str(tmp_path / "k")})
    assert rc == 1 and 'cluster "nope": no Kubernetes cluster' in result["msg"], output
    emulator.add_fault(status=500, count=10, method="POST")
    rc, result, output = run(modules, {"path": str(tmp_path / "k")})
    assert rc == 1 and result["http_status"] == 500 and not (tmp_path / "k").exists(), output


def test_check_mode_on_an_installing_cluster_predicts_without_reading_or_waiting(modules, emulator, tmp_path):
    rc, result, output = modules.run("ovh_cloud_kube", {"project": PROJECT, "name": "new", "region": "GRA11", "wait": False})
    assert rc == 0 and result["cluster"]["status"] == "INSTALLING", output
    both = ",".join(sorted([DEMO, result["cluster"]["id"]]))  # the clusters read in one batch
    reads = [("GET", "/cloud/project/%s/kube" % PROJECT), ("GET", "/cloud/project/%s/kube/%s" % (PROJECT, both))]
    path = tmp_path / "new.kubeconfig"
    emulator.clear_log()
    modules.clock.sleeps.clear()
    # No file yet: it would be written once the cluster is READY; the kubeconfig (refused while INSTALLING) is not read.
    rc, result, output = run(modules, {"cluster": "new", "path": str(path)}, "--check", "--diff")
    assert rc == 0 and result["changed"] and not result["reset"] and "sha256" not in result, output
    assert 'cluster new is "INSTALLING"; check mode waits for nothing' in result["msg"]
    assert result["diff"] == {"before": {"path": str(path), "content": None},
                              "after": {"path": str(path), "content": "the kubeconfig of the cluster once it is READY"}}
    assert sent(emulator) == reads and not path.exists() and modules.clock.sleeps == [], output
    # A file already there cannot be compared with a kubeconfig not given yet: counted as one that would be rewritten.
    path.write_text("old")
    emulator.clear_log()
    rc, result, output = run(modules, {"cluster": "new", "path": str(path), "reset": True}, "--check", "--diff")
    assert rc == 0 and result["changed"] and not result["reset"] and "would be rotated and written" in result["msg"], output
    assert result["diff"]["before"]["content"] == "sha256:" + hashlib.sha256(b"old").hexdigest()
    assert sent(emulator) == reads and path.read_text() == "old" and modules.clock.sleeps == []
    # A path that cannot be read fails as the run would (it could not write there either).
    (tmp_path / "a-directory").mkdir()
    rc, result, output = run(modules, {"cluster": "new", "path": str(tmp_path / "a-directory")}, "--check")
    assert rc == 1 and "cannot read" in result["msg"] and "a-directory" in result["msg"], output
    # Without wait the run would fail: so does check mode.
    rc, result, output = run(modules, {"cluster": "new", "path": str(path), "wait": False}, "--check")
    assert rc == 1 and 'cluster new is "INSTALLING": its kubeconfig comes once it is READY' in result["msg"], output
    assert emulator.writes() == []


def test_a_kubeconfig_answer_that_cannot_be_used_is_no_change(modules, emulator, tmp_path, monkeypatch):
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig", without("content"))
    path = tmp_path / "demo.kubeconfig"
    rc, result, output = run(modules, {"path": str(path)})
    # The POST only reads: an answer without the kubeconfig changes nothing, and says nothing was carried out.
    assert rc == 1 and not result["changed"] and not path.exists(), output
    assert "unexpected answer" in result["msg"] and "carried out" not in result["msg"], output


@pytest.mark.parametrize("content", ["", "   \n", None, 42])
def test_a_kubeconfig_answered_empty_or_not_text_leaves_the_file_alone(modules, emulator, tmp_path, monkeypatch, content):
    path = tmp_path / "demo.kubeconfig"
    path.write_text(DEMO_KUBECONFIG)
    os.chmod(path, 0o600)
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig", replaced("content", content))
    for options in ((), ("--check",)):
        rc, result, output = run(modules, {"path": str(path)}, *options)
        assert rc == 1 and not result["changed"] and "kubeconfig" in result["msg"], output
        assert path.read_text() == DEMO_KUBECONFIG and DEMO_KUBECONFIG_KEY not in output
