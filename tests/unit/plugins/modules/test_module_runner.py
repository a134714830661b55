"""The in-process module runner (tests/module_runner.py): results, check mode, isolation, and an
exception escaping from a module fails the test instead of passing for a failure."""

import os

import pytest

from ansible_collections.signet.ovh.plugins.module_utils import client


def test_exit_and_fail_results(modules, emulator):
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"})
    assert rc == 0 and result["json"]["nichandle"] == "demo-ovh" and not result["changed"]
    assert result["invocation"]["module_args"]["application_secret"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert modules.module_credentials()["application_secret"] not in output
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "me"})
    assert rc == 1 and result["failed"] and "path must start with '/'" in result["msg"]
    assert modules.runs == 2


def test_check_and_diff_mode_and_warnings(modules, emulator):
    args = {"zone": "example.com", "subdomain": "www", "type": "CNAME", "value": ["other.example.net."], "on_existing": "keep_and_warn"}
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", args, "--check", "--diff")
    assert rc == 0 and not result["changed"] and emulator.writes() == []
    assert any("exists with other values" in warning for warning in result["warnings"]), result
    rc, result, output = modules.run("signet.ovh.ovh_dns_record", dict(args, on_existing="replace"), "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == []
    assert result["diff"]["after"] == {"www.example.com CNAME": {"ttl": 3600, "value": ["other.example.net."]}}
    with pytest.raises(ValueError, match="needs a real Ansible run"):
        modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, "-vvv")


def test_isolated_environment(modules, emulator, monkeypatch):
    monkeypatch.setenv("OVH_CONSUMER_KEY", "from-the-test-environment")
    cwd = os.getcwd()
    (modules.workdir / "ovh.conf").write_text("[default]\nendpoint=%s\n" % emulator.base_url)
    rc, result, output = modules.run("signet.ovh.ovh_api_call", {"path": "/me"}, credentials=False)
    assert rc == 1 and "missing application_key, application_secret, consumer_key" in result["msg"], result
    assert os.getcwd() == cwd and os.environ["OVH_CONSUMER_KEY"] == "from-the-test-environment"
    # The server time learnt by a run is cached under the runner's XDG_CACHE_HOME.
    modules.run("signet.ovh.ovh_api_call", {"path": "/me"})
    assert (modules.cache / "signet.ovh").is_dir()


def test_an_exception_in_a_module_propagates(modules, emulator, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(client.OvhClient, "call", broken)
    with pytest.raises(KeyError, match="a bug"):
        modules.run("signet.ovh.ovh_api_call", {"path": "/me"})
