"""A dedicated server's life through real Ansible runs, where Ansible itself is the point: what -vvv shows
(a rescue key is a public key, shown; scripts and user data stay masked beside the new reinstall
options), and check mode then a real run then a rerun through ansible-playbook's --check/--diff."""

import json

USER_DATA = "I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDogVXNlckRhdGFTZWNyZXQ="
SCRIPT = "IyEvYmluL3NoCmVjaG8gU2NyaXB0U2VjcmV0VmFsdWU="
RESCUE_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFJlc2N1ZUtleUlzUHVibGljMDAwMDAwMDAwMDAwMDAw rescue@example.com"
WEB = "ns3001234.ip-203-0-113.eu"


def test_scripts_stay_masked_beside_metadata_storage_and_extra_customizations(ansible, emulator):
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dedicated_server_install", {
        "service_name": WEB, "operating_system": "debian11_64",
        "customizations": {"config_drive_user_data": USER_DATA, "post_installation_script": SCRIPT,
                           "config_drive_metadata": {"role": "metadata-is-shown"}},
        "storage": [{"partitioning": {"layout": [{"file_system": "ext4", "mount_point": "/"}]}}],
        "extra_customizations": {"futureOption": "future-is-shown"}}, "-vvv", "--check")
    assert rc == 0 and result["changed"], output
    for secret in (USER_DATA, SCRIPT):
        assert secret not in output, secret
    assert "metadata-is-shown" in output and "future-is-shown" in output  # documented as not masked
    assert "extra_customizations: futureOption sent as given" in output
    assert emulator.writes() == []


def test_a_rescue_key_is_shown_and_the_server_modules_check_apply_rerun(ansible, emulator):
    emulator.state.servers.reboot_seconds = 3
    tasks = [
        {"name": "Properties", "signet.ovh.ovh_dedicated_server": {"service_name": WEB, "rescue_ssh_key": RESCUE_KEY,
                                                                   "display_name": "web1"}, "register": "props"},
        {"name": "Rescue", "signet.ovh.ovh_dedicated_server_boot": {"service_name": WEB, "boot": "rescue", "wait": False},
         "register": "boot"},
        {"name": "Keep", "check_mode": False, "ansible.builtin.copy": {
            "dest": "{{ playbook_dir }}/results_{{ phase }}.json", "content": "{{ {'props': props, 'boot': boot} | to_json }}"}},
    ]
    play = [{"hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/signet.ovh.ovh": ansible.module_credentials()}, "tasks": tasks}]
    (ansible.workdir / "life.yml").write_text(json.dumps(play))
    results = {}
    for phase, options in (("check", ("--check", "--diff")), ("apply", ("--diff", "-vvv")), ("rerun", ("--diff",))):
        run = ansible.run("life.yml", *options, extra_vars={"phase": phase}, playbook_dir=str(ansible.workdir))
        assert run.rc == 0, run
        results[phase] = json.loads((ansible.workdir / ("results_%s.json" % phase)).read_text())
        if phase == "apply":
            assert RESCUE_KEY in run.output  # a public key: not a secret, shown like any value
    assert [results[phase]["props"]["changed"] for phase in ("check", "apply", "rerun")] == [True, True, False]
    assert [results[phase]["boot"]["changed"] for phase in ("check", "apply", "rerun")] == [True, True, False]
    assert results["check"]["props"]["diff"]["after"]["rescue_ssh_key"] == RESCUE_KEY
    assert results["apply"]["boot"]["diff"] == {"before": {"boot_id": 1, "rebooted": False}, "after": {"boot_id": 22, "rebooted": True}}
    writes = [(entry["method"], entry["path"]) for entry in emulator.writes()]
    assert writes == [("PUT", "/dedicated/server/" + WEB), ("PUT", "/service/24000001"), ("PUT", "/dedicated/server/" + WEB),
                      ("POST", "/dedicated/server/%s/reboot" % WEB)]
