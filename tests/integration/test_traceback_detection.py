"""The runs of the playbook tests show tracebacks, so that an exception escaped from a module or a
lookup cannot pass for a clean failure (ovh_playbooks.unhandled_exceptions)."""

import json

import pytest

from ovh_playbooks import assert_no_unhandled_exception, unhandled_exceptions

MODULE = '''from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(crash=dict(type="bool")))
    if module.params["crash"]:
        raise ValueError("a module bug")
    try:
        raise ValueError("an API error the module handles")
    except ValueError as exc:
        module.fail_json(msg="clean failure: %s" % exc)


main()
'''
LOOKUP = '''from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if terms[0] == "crash":
            return {}["a lookup bug"]
        try:
            raise ValueError("an API error the lookup handles")
        except ValueError as exc:
            raise AnsibleLookupError("clean failure: %s" % exc)
'''


@pytest.mark.parametrize("crash", [False, True], ids=["clean", "crash"])
def test_escaped_exceptions_are_found_and_handled_failures_are_not(ansible, emulator, crash):
    for directory, name, text in (("library", "probe.py", MODULE), ("lookup_plugins", "probe.py", LOOKUP)):
        (ansible.workdir / directory).mkdir(exist_ok=True)
        (ansible.workdir / directory / name).write_text(text)
    tasks = [{"name": "module", "probe": {"crash": crash}, "ignore_errors": True},
             {"name": "lookup", "ansible.builtin.debug": {"msg": "{{ lookup('probe', '%s') }}" % ("crash" if crash else "clean")},
              "ignore_errors": True}]
    (ansible.workdir / "probe.yml").write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    run = ansible.run("probe.yml", credentials=False, playbook_dir=str(ansible.workdir), allow_exceptions=True)
    assert run.rc == 0 and run.recap["failed"] == 0, run
    assert "Traceback (most recent call last)" in run.output  # shown for every failure
    found = unhandled_exceptions(run.output)
    if crash:
        assert any("Module failed: " in item for item in found), found
        assert "KeyError: 'a lookup bug'" in found, found
        with pytest.raises(AssertionError):
            assert_no_unhandled_exception(run.output)
    else:
        assert "clean failure: an API error the module handles" in run.output
        assert "clean failure: an API error the lookup handles" in run.output
        assert found == [], found
