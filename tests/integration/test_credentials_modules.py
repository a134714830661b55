"""ovh_consumer_key, ovh_credential_info and ovh_credential where Ansible's output is the point: the
diff as Ansible renders it, -vvv output, check mode and the documented pruning through
ansible-playbook, a section of another application stored from in-process and -vvv runs alike.
The modules run with `ansible -m` (the ``ansible`` fixture), and in-process (the ``modules``
fixture) for the steps around; their in-process tests are in tests/unit/plugins/modules."""

from api_log import write_routes as writes
from credential_runs import CRED, INFO, KEY, ME_RULES, credential, run_module
from emulator.customer import Customer, approve
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY


# --- ovh_credential ----------------------------------------------------

def test_credential_allowed_ips_normalized_check_and_diff(modules, ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}], account="demo-ovh")
    credential_id = credential(emulator, target).credential_id
    args = {"credential_id": credential_id, "allowed_ips": ["192.0.2.1", "2001:db8::/32"]}
    rc, result, output = run_module(ansible, CRED, args, "--check", "--diff")  # the diff as Ansible renders it
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [] and credential(emulator, target).allowed_ips is None
    assert '-    "allowed_ips": null\n+    "allowed_ips": [\n+        "192.0.2.1/32",\n+        "2001:db8::/32"\n+    ]' in output
    rc, result, output = run_module(modules, CRED, args, "--diff")
    assert rc == 0 and result["changed"], output
    assert credential(emulator, target).allowed_ips == ["192.0.2.1/32", "2001:db8::/32"]
    assert result["credential"]["allowed_ips"] == ["192.0.2.1/32", "2001:db8::/32"]
    emulator.clear_log()
    same = {"credential_id": credential_id, "allowed_ips": ["2001:db8::/32", "192.0.2.1/32", "192.0.2.1"]}
    rc, result, output = run_module(modules, CRED, same)
    assert rc == 0 and not result["changed"], output
    assert writes(emulator) == []
    # Without allowed_ips nothing is changed; an empty list lifts the restriction.
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id})
    assert rc == 0 and not result["changed"] and result["credential"]["status"] == "validated", output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "allowed_ips": []})
    assert rc == 0 and result["changed"] and credential(emulator, target).allowed_ips is None, output


def test_credential_revoke_check_mode_and_absent(modules, ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    args = {"credential_id": credential_id, "state": "absent"}
    rc, result, output = run_module(modules, CRED, args, "--check")
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [] and credential(emulator, target) is not None
    rc, result, output = run_module(ansible, CRED, args, "--diff")  # the diff as Ansible renders it
    assert rc == 0 and result["changed"] and result["credential"] is None, output
    assert '-    "state": "present"\n+    "state": "absent"' in output
    assert credential(emulator, target) is None
    assert writes(emulator) == [("DELETE", "/me/api/credential/{credentialId}")]
    rc, result, output = run_module(modules, CRED, args)
    assert rc == 0 and not result["changed"], output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "allowed_ips": ["192.0.2.0/24"]})
    assert rc != 0 and "credential %s does not exist (never created, or revoked)" % credential_id in result["msg"], output
    rc, result, output = run_module(modules, CRED, {"credential_id": credential_id, "state": "absent",
                                                    "allowed_ips": ["192.0.2.0/24"]})
    assert rc != 0 and "allowed_ips cannot be set with state=absent" in result["msg"], output
    assert len(writes(emulator)) == 1


def test_secrets_stay_out_of_verbose_output(ansible, emulator, tmp_path):
    conf = tmp_path / "secret.conf"
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    with Customer(emulator, approve(emulator)) as customer:
        rc, result, output = run_module(ansible, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                        "-vvv", consumer_key=None)
        assert rc == 0, output
        outputs = [output]
        rc, result, output = run_module(ansible, KEY, {"access_rules": ME_RULES, "store_in": str(conf)}, "-vvv",
                                        consumer_key=None)
        assert rc == 0 and not result["changed"], output
        outputs.append(output)
    for module, args in ((INFO, {}), (INFO, {"current": True}), (CRED, {"credential_id": credential_id, "allowed_ips": ["127.0.0.1"]}),
                         (CRED, {"credential_id": credential_id, "state": "absent"})):
        rc, result, output = run_module(ansible, module, args, "-vvv", "--diff")
        assert rc == 0, output
        outputs.append(output)
    secrets = [DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY, customer.answered[0]["consumer_key"], target]
    for output in outputs:
        for secret in secrets:
            assert secret not in output


# --- playbooks ---------------------------------------------------------


def test_check_mode_playbook_sends_no_write(ansible, emulator):
    target = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    credential_id = credential(emulator, target).credential_id
    run = ansible.run("credentials_check_mode.yml", extra_vars={"credential_id": credential_id})
    assert run.rc == 0, run
    assert run.recap["changed"] == 3
    assert writes(emulator) == [] and emulator.pending_validations() == []
    assert credential(emulator, target).allowed_ips is None


def test_documented_pruning_examples(ansible, emulator):
    day = 86400
    app = emulator.add_application(name="retired-app")
    retired = [emulator.add_consumer_key(app["application_key"], [{"method": "GET", "path": "/*"}]) for _index in range(2)]
    emulator.clock_offset = -100 * day
    old_unused = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    old_used = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    emulator.clock_offset = -95 * day
    with emulator.state.lock:
        emulator.state.credential_by_key(old_used).last_use = int(emulator.state.now())
    emulator.clock_offset = -10 * day
    recent = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/me"}])
    emulator.clock_offset = 0
    run = ansible.run("credentials_prune.yml", extra_vars={"application_id": app["application_id"]})
    assert run.rc == 0, run
    assert all(credential(emulator, key) is None for key in retired + [old_unused, old_used])
    assert credential(emulator, recent) is not None and credential(emulator, DEMO_CONSUMER_KEY) is not None
    assert run.recap["changed"] == 2
    again = ansible.run("credentials_prune.yml", extra_vars={"application_id": app["application_id"]})
    assert again.rc == 0 and again.recap["changed"] == 0, again


# --- another application's section -------------------------------------


def test_store_in_section_of_another_application_is_refused(modules, ansible, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    others = [
        ("application_key=OtherAppKeyValue0001\napplication_secret=OtherAppSecretValue0001\n", "application_key"),
        ("application_secret=OtherAppSecretValue0001\n", "application_secret"),
        ("application_key=%s\napplication_secret=OtherAppSecretValue0001\n" % DEMO_APPLICATION_KEY, "application_secret"),
    ]
    for lines, option in others:
        text = "[default]\nendpoint=%s\n\n[%s]\n%sconsumer_key=OtherConsumerKeyValue0001\n" % (
            emulator.base_url, emulator.base_url, lines)
        conf.write_text(text)
        for runner, extra in ((modules, ()), (modules, ("--check",)), (ansible, ("-vvv",))):
            rc, result, output = run_module(runner, KEY, {"access_rules": ME_RULES, "store_in": str(conf), "wait": True},
                                            *extra, consumer_key=None)
            assert rc != 0, output
            assert ("store_in: section [%s] of %s holds the %s of another application than this task's"
                    % (emulator.base_url, conf, option)) in result["msg"], result["msg"]
            for secret in ("OtherAppSecretValue0001", "OtherConsumerKeyValue0001", DEMO_APPLICATION_SECRET):
                assert secret not in output
        assert conf.read_text() == text
    assert emulator.log == []  # refused before any request
    # The same application's secret in the section is fine, and kept.
    text = "[%s]\napplication_key=%s\napplication_secret=%s\n" % (emulator.base_url, DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET)
    conf.write_text(text)
    rc, result, output = run_module(modules, KEY, {"access_rules": ME_RULES, "store_in": str(conf)}, consumer_key=None)
    assert rc == 0 and result["changed"], output
    assert conf.read_text().startswith(text) and "consumer_key=" in conf.read_text()
