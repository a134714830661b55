"""The credential modules (ovh_consumer_key, ovh_credential_info, ovh_credential) run with explicit
credentials, in-process or with `ansible localhost -m`: shared by their in-process tests
(tests/unit/plugins/modules) and their playbook tests (tests/integration)."""

import json
import os
import re
import subprocess
import sys

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
from module_runner import ModuleRunner

KEY = "signet.ovh.ovh_consumer_key"
INFO = "signet.ovh.ovh_credential_info"
CRED = "signet.ovh.ovh_credential"
ME_RULES = [{"path": "/me", "method": "GET"}]


def run_module(runner, module, args, *options, consumer_key=DEMO_CONSUMER_KEY):
    """One module, in-process (``runner`` is the ``modules`` fixture) or with `ansible localhost -m`
    (the ``ansible`` fixture); returns (rc, result dict, whole output)."""
    arguments = {"endpoint": runner.emulator.base_url, "application_key": DEMO_APPLICATION_KEY,
                 "application_secret": DEMO_APPLICATION_SECRET}
    if consumer_key:
        arguments["consumer_key"] = consumer_key
    arguments.update(args)
    if isinstance(runner, ModuleRunner):
        return runner.run(module, arguments, *options, credentials=False)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,", "-c", "local",
               "-m", module, "-a", json.dumps(arguments)] + list(options)
    process = subprocess.run(command, cwd=str(runner.workdir), env=runner.env, capture_output=True, text=True,
                             timeout=300, check=False)
    output = process.stdout + process.stderr
    from ovh_playbooks import assert_no_unhandled_exception  # tests/integration's, where the ansible fixture is
    assert_no_unhandled_exception(output)
    match = re.search(r"=> (\{.*\})\s*$", process.stdout, re.DOTALL)
    return process.returncode, (json.loads(match.group(1)) if match else None), output


def credential(emulator, consumer_key):
    with emulator.state.lock:
        return emulator.state.credential_by_key(consumer_key)
