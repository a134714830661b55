"""The EXAMPLES of every plugin run against the emulator and are checked for what they claim, so
the docs cannot drift from the code.

Each plugin has an expectation file tests/integration/examples/<plugin>.yml; a plugin without one
fails its test. A new plugin needs only that file, not a change here. Its keys (all optional but
at least one check — ``after``, ``requests`` or ``output`` — is required):

``vars``        values the examples take from the user's inventory or vault;
``emulator``    set-up before the run: a list of calls on the test's Emulator object (those inside
                its ``state`` under the state lock), each ``{method: {argument: value}}``, dotted for an object inside it
                (``state.add_application``); a name that is not a method sets that attribute
                (``state.servers.step_seconds: 1``); a string "=N.name" is the attribute or key
                ``name`` of the result of call N;
``before``      tasks run before the examples (in the same play);
``after``       tasks run after the examples, in the same play (registered variables are there):
                typically ``ansible.builtin.assert`` on results, or reads that show the claimed state;
``requests``    API calls the examples must have made, "METHOD /path" (query left out), in any order;
``writes``      every write (POST, PUT, DELETE answered 2xx) of the run, ``before`` and ``after`` tasks included,
                in any order: "METHOD /path" for a write without a body, ``{"METHOD /path": body}`` with its
                JSON body, compared as data (so a changed EXAMPLES value fails); ``[]``: no write at all.
                Required (every plugin's file holds it);
``http_errors`` API answers outside 2xx the examples may get, "METHOD /path STATUS": any other fails;
``output``      texts the run's output must show (what a debug example claims to show).
Every play has module_defaults for the group signet.ovh.ovh and OVH_* in its environment, both from
the emulator's demo credentials.
"""

import ast
import contextlib
import glob
import json
import os

import pytest
import yaml

from ovh_playbooks import ROOT

PLUGINS = sorted(glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) + glob.glob(os.path.join(ROOT, "plugins", "lookup", "*.py")))
EXPECTATIONS = os.path.join(ROOT, "tests", "integration", "examples")
KEYS = {"vars", "emulator", "before", "after", "requests", "writes", "http_errors", "output"}


def examples(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "EXAMPLES" for target in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no EXAMPLES" % path)


def expectation(name):
    path = os.path.join(EXPECTATIONS, name + ".yml")
    if not os.path.isfile(path):
        pytest.fail("%s has no expectation file %s: write what its EXAMPLES claim there (see this test's docstring)"
                    % (name, os.path.relpath(path, ROOT)))
    with open(path) as handle:
        data = yaml.safe_load(handle) or {}
    assert set(data) <= KEYS, "unknown keys in %s: %s" % (path, sorted(set(data) - KEYS))
    assert data.get("after") or data.get("requests") or data.get("output"), "%s checks nothing" % path
    assert isinstance(data.get("writes"), list), "%s has no writes list (the writes of its run, [] for none)" % path
    return data


def write_key(method, path, body):
    """A write as comparable data: (method, path, canonical JSON of its body or None)."""
    return (method, path, None if body is None else json.dumps(body, sort_keys=True))


def expected_writes(entries):
    keys = []
    for entry in entries:
        if isinstance(entry, str):
            request, body = entry, None
        else:
            ((request, body),) = entry.items()
        method, path = request.split(" ", 1)
        keys.append(write_key(method, path, body))
    return sorted(keys, key=repr)


def made_writes(log):
    return sorted((write_key(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None)
                   for entry in log if entry["method"] in ("POST", "PUT", "DELETE") and 200 <= entry["status"] < 300), key=repr)


def endpoints(value):
    """Every endpoint an example sets, wherever it sets it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "endpoint":
                yield item
            yield from endpoints(item)
    elif isinstance(value, list):
        for item in value:
            yield from endpoints(item)


def set_up(emulator, steps):
    """Run the ``emulator`` calls of an expectation file."""
    results = []

    def resolve(value):
        if isinstance(value, str) and value.startswith("="):
            number, name = value[1:].split(".", 1)
            found = results[int(number)]
            return found[name] if isinstance(found, dict) else getattr(found, name)
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    for step in steps:
        ((name, arguments),) = step.items()
        *parents, attribute = name.split(".")
        target = emulator
        for parent in parents:
            target = getattr(target, parent)
        # The Emulator's own methods take the state lock themselves; the State's need it taken.
        with emulator.state.lock if parents[:1] == ["state"] else contextlib.nullcontext():
            if callable(getattr(target, attribute)):
                results.append(getattr(target, attribute)(**resolve(arguments or {})))
            else:
                setattr(target, attribute, resolve(arguments))
                results.append(None)


@pytest.mark.parametrize("path", PLUGINS, ids=[os.path.basename(path)[:-3] for path in PLUGINS])
def test_examples_do_what_they_claim(ansible, emulator, path):
    name = os.path.basename(path)[:-3]
    expected = expectation(name)
    tasks = examples(path)
    assert tasks, "no example task"
    # An example may name a real endpoint only as a default: the test must never leave 127.0.0.1.
    for endpoint in endpoints(tasks):
        assert "ovh_endpoint" in str(endpoint), endpoint
    set_up(emulator, expected.get("emulator") or [])
    playbook = [{
        "name": "Examples of %s" % name,
        "hosts": "localhost",
        "gather_facts": False,
        "vars": expected.get("vars") or {},
        "module_defaults": {"group/signet.ovh.ovh": {"endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
                                                     "application_secret": "{{ ovh_application_secret }}",
                                                     "consumer_key": "{{ ovh_consumer_key }}"}},
        "environment": {"OVH_ENDPOINT": "{{ ovh_endpoint }}", "OVH_APPLICATION_KEY": "{{ ovh_application_key }}",
                        "OVH_APPLICATION_SECRET": "{{ ovh_application_secret }}", "OVH_CONSUMER_KEY": "{{ ovh_consumer_key }}"},
        "tasks": (expected.get("before") or []) + tasks + (expected.get("after") or []),
    }]
    playbook_name = "examples_%s.yml" % name
    (ansible.workdir / playbook_name).write_text(json.dumps(playbook))
    # Lookups run in the controller's process: they see its environment, not the play's.
    env = {"OVH_" + key.upper(): value for key, value in ansible.module_credentials().items()}
    run = ansible.run(playbook_name, playbook_dir=str(ansible.workdir), env=env)
    assert run.rc == 0, run
    assert run.recap["failed"] == 0
    allowed = set(expected.get("http_errors") or [])
    errors = ["%s %s %s" % (entry["method"], entry["path"], entry["status"]) for entry in emulator.log if not 200 <= entry["status"] < 300]
    assert set(errors) <= allowed, "API errors the expectation file does not allow: %s" % sorted(set(errors) - allowed)
    made = set("%s %s" % (entry["method"], entry["path"]) for entry in emulator.log if 200 <= entry["status"] < 300)
    missing = [request for request in expected.get("requests") or [] if request not in made]
    assert not missing, "requests the examples did not make: %s; made: %s" % (missing, sorted(made))
    wanted, made_ = expected_writes(expected["writes"]), made_writes(emulator.log)
    assert made_ == wanted, "the writes differ from the expectation file's: missing %s, not expected %s" % (
        [key for key in wanted if key not in made_], [key for key in made_ if key not in wanted])
    for text in expected.get("output") or []:
        assert text in run.output, "%r not in the output\n%s" % (text, run.output[-4000:])
