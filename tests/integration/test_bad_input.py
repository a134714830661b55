"""Invalid input: a failed task whose message names the option and what is wrong, and no
write request in the emulator's log. One playbook runs a case of every module through
ansible-playbook, to show the messages reach the user unchanged. Each case of tests/bad_input_cases.py
runs in-process in tests/unit/plugins/modules/test_module_registry.py (test_bad_input)."""

import json

from bad_input_cases import CASES, case_arguments
from module_registry import MODULES
from ovh_playbooks import read_json


# Cases run again through ansible-playbook, one task each in one run: an argument-spec and a module
# check, a config file whose secret must stay out of the message, and the bad input of every module
# of the registry (tests/module_registry.py).
PLAYBOOK_CASES = [4, 18, 40]


def test_bad_input_through_ansible_playbook(ansible, emulator, tmp_path):
    cases = [CASES[number] for number in PLAYBOOK_CASES] + [(entry.fqcn, entry.bad_args, entry.bad_message) for entry in MODULES]
    names = ["case %d" % number for number in PLAYBOOK_CASES] + ["module %s" % entry.name for entry in MODULES]
    tasks, expected, registers = [], [], []
    for number, (name, (module, options, message)) in enumerate(zip(names, cases)):
        args, message = case_arguments(tmp_path, options, message, ansible.module_credentials())
        tasks.append({"name": name, module: args, "register": "case_%d" % number, "ignore_errors": True})
        expected.append(message)
        registers.append("case_%d" % number)
    result_file = tmp_path / "results.json"
    tasks.append({"name": "Save the results", "ansible.builtin.copy": {
        "content": "{{ [%s] | to_json }}" % ", ".join(registers), "dest": str(result_file), "mode": "0600"}})
    (ansible.workdir / "bad_input.yml").write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    run = ansible.run("bad_input.yml", playbook_dir=str(ansible.workdir))
    assert run.rc == 0 and run.recap["failed"] == 0, run
    results = read_json(result_file)
    assert len(results) == len(names)
    for name, message, result in zip(names, expected, results):
        assert result["failed"] and message in result["msg"], (name, result["msg"])
        assert "Secret" not in json.dumps(result)
    assert "Secret" not in run.output
    assert emulator.writes() == []
