"""The credential modules (ovh_consumer_key, ovh_credential_info, ovh_credential) run with explicit
credentials, in-process or with `ansible localhost -m`, and the faults their reliability tests inject:
shared by their in-process tests (tests/unit/plugins/modules) and their playbook tests
(tests/integration)."""

import json
import os
import re
import subprocess
import sys
import time

from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
from module_runner import ModuleRunner

KEY = "signet.ovh.ovh_consumer_key"
INFO = "signet.ovh.ovh_credential_info"
CRED = "signet.ovh.ovh_credential"
ME_RULES = [{"path": "/me", "method": "GET"}]
LIST = "/me/api/credential"
ONE = "/me/api/credential/*"
NEW_KEY = "/auth/credential"
CURRENT = "/auth/currentCredential"


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


# (name, fault without method and path, module options, expected outcome: "ok" or "fail")
FAULTS = [
    ("429", dict(status=429, retry_after=1), {}),
    ("500", dict(status=500), {}),
    ("502 HTML", dict(status=502), {}),
    ("503", dict(status=503), {}),
    ("dropped connection", dict(drop=True), {}),
    # The emulator holds the answer 1 s, 4 times the client's timeout; the slow one 0.3 s of 10.
    ("read timeout", dict(delay=1), {"timeout": 0.25}),
    ("slow answer", dict(delay=0.3), {"timeout": 10}),
]


# What GET, PUT and DELETE (retried after a gateway error, a dropped connection or a timeout) and
# POST /auth/credential (never sent again once it may have reached the API) do with each fault.
IDEMPOTENT_OUTCOME = {"429": "ok", "500": "fail", "502 HTML": "ok", "503": "ok", "dropped connection": "ok",
                      "read timeout": "ok", "slow answer": "ok"}


NEW_KEY_OUTCOME = {"429": "ok", "500": "fail", "502 HTML": "fail", "503": "fail", "dropped connection": "fail",
                   "read timeout": "fail", "slow answer": "ok"}


IDS = [case[0] for case in FAULTS]


def without_consumer_key(runner, **args):
    """Module arguments with the application's credentials only (a consumer key is to be requested)."""
    credentials = runner.module_credentials()
    del credentials["consumer_key"]
    return dict(credentials, **args)


def new_restricted_key(emulator):
    key = emulator.add_consumer_key(DEMO_APPLICATION_KEY, [{"method": "GET", "path": "/*"}])
    return key, credential(emulator, key).credential_id


def assert_failure_names_the_call(output, result, method, path):
    assert "Traceback" not in output
    msg = result["msg"]
    assert msg.startswith("%s %s failed: " % (method, path)) or " %s %s failed: " % (method, path) in msg, msg
    assert ("HTTP " in msg and "[QueryID:" in msg) or "no answer from 127.0.0.1" in msg, msg


def calls(emulator, method, path):
    return [entry for entry in emulator.log if entry["method"] == method and entry["path"] == path]


def wait_for_landing(emulator, name, method, path, sent):
    """After a "read timeout" fault, the delayed request is still held by the emulator when the
    module returns: wait until the ``sent`` requests to ``method path`` are all logged (answered)."""
    if name != "read timeout":
        return
    deadline = time.monotonic() + 120  # a bound for a stuck emulator only, not a timing assumption
    while len(calls(emulator, method, path)) < sent:
        assert time.monotonic() < deadline, calls(emulator, method, path)
        time.sleep(0.05)
