"""Run a module of the collection inside the test's own process, against the emulator.

An Ansible process costs about 2 s; this costs milliseconds. It is for what needs no real
Ansible run: argument checking, module logic, fault and reliability matrices, result shapes.
What only Ansible does (check mode and diff as the CLI passes them, module_defaults and the
action group, no_log masking in -vvv output, forks, lookups) stays in real runs
(tests/integration/ovh_playbooks.py).

Modules run on a simulated clock (``SimulatedClock``): backoff, Retry-After and polling waits
return at once and move the clock, and the emulator's clock, on by the time asked. Tests read
the waits in ``modules.clock.sleeps``; whatever must happen while a module waits (a customer
approving a consumer key) runs at its waits (``modules.clock.during_waits``), not in a thread.

The module's ``main()`` runs with its arguments set by ansible-core's
``ansible.module_utils.testing.patch_module_args``; exit_json/fail_json print the result JSON
(after no_log masking) and exit, which is caught here. Any other exception propagates and fails
the test: an unhandled exception in a module can never pass for a clean failure.
"""

import contextlib
import importlib
import io
import json
import os
import time

from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

COLLECTION = "signet.ovh."
# Options of `ansible -m` that map to module arguments; anything else (-vvv...) needs a real run.
OPTIONS = {"--check": "_ansible_check_mode", "-C": "_ansible_check_mode", "--diff": "_ansible_diff", "-D": "_ansible_diff"}
# Environment variables a module reads; the test's own environment must not leak into a run.
CLEARED_ENV = ("OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY", "OVH_CLIENT_ID",
               "OVH_CLIENT_SECRET")


def import_module(name):
    """The Python module of ``signet.ovh.<name>`` (or of a bare module name)."""
    short = name[len(COLLECTION):] if name.startswith(COLLECTION) else name
    return importlib.import_module("ansible_collections.signet.ovh.plugins.modules." + short)


class SimulatedClock(object):
    """Replaces the methods of the collection's clock.CLOCK during an in-process run.

    ``sleep(seconds)`` records the wait, moves this clock and the emulator's clock on by that much,
    then runs the callbacks given to ``during_waits``: module and emulator agree on the time, and
    nothing depends on how fast the machine is. The clock runs on from one run to the next."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.elapsed = 0.0
        self.sleeps = []
        self._callbacks = []

    def time(self):
        return time.time() + self.elapsed

    def monotonic(self):
        return time.monotonic() + self.elapsed

    def sleep(self, seconds):
        seconds = max(0.0, float(seconds))
        self.sleeps.append(seconds)
        self.elapsed += seconds
        self.emulator.clock_offset += seconds
        for callback in list(self._callbacks):
            callback()

    @contextlib.contextmanager
    def during_waits(self, callback):
        """Call ``callback()`` after each wait of the modules run inside the block."""
        self._callbacks.append(callback)
        try:
            yield
        finally:
            self._callbacks.remove(callback)

    def install(self, patch):
        """Point clock.CLOCK at this clock for the life of ``patch`` (a monkeypatch context)."""
        from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
        for name in ("time", "monotonic", "sleep"):
            patch.setattr(CLOCK, name, getattr(self, name))


class ModuleRunner(object):
    """Runs modules in-process with an isolated HOME, XDG_CACHE_HOME and working directory.

    The directories are those of the ``ansible`` fixture (tmp_path/home, work, cache), so that a
    test may mix real and in-process runs that share ./ovh.conf, ~/.ovh.conf and the time cache.
    """

    def __init__(self, emulator, tmp_path, monkeypatch):
        self.emulator = emulator
        self.monkeypatch = monkeypatch
        self.home = tmp_path / "home"
        self.workdir = tmp_path / "work"
        self.cache = tmp_path / "cache"
        for directory in (self.home, self.workdir, self.cache):
            directory.mkdir(exist_ok=True)
        self.runs = 0
        self.clock = SimulatedClock(emulator)

    def module_credentials(self):
        from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET, DEMO_CONSUMER_KEY
        return {"endpoint": self.emulator.base_url, "application_key": DEMO_APPLICATION_KEY,
                "application_secret": DEMO_APPLICATION_SECRET, "consumer_key": DEMO_CONSUMER_KEY}

    def run(self, module, args, *options, env=None, credentials=True):
        """Run one module like ``ansible localhost -m module -a args [--check] [--diff]``.

        Returns (rc, result, output): rc 0 for exit_json, 1 for fail_json; result the decoded
        JSON; output everything the module printed. ``credentials`` adds the emulator's demo
        credentials under the arguments given.
        """
        arguments = dict(self.module_credentials(), **args) if credentials else dict(args)
        for option in options:
            if option not in OPTIONS:
                raise ValueError("%s needs a real Ansible run (ovh_playbooks.Ansible.adhoc)" % option)
            arguments[OPTIONS[option]] = True
        python_module = import_module(module)
        stdout, stderr = io.StringIO(), io.StringIO()
        with self.monkeypatch.context() as patch:
            for name in CLEARED_ENV:
                patch.delenv(name, raising=False)
            patch.setenv("HOME", str(self.home))
            patch.setenv("XDG_CACHE_HOME", str(self.cache))
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            patch.chdir(str(self.workdir))
            self.clock.install(patch)
            ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
            ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
            rc = None
            try:
                with patch_module_args(arguments), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                    python_module.main()
            except SystemExit as exc:
                rc = exc.code
            warnings = list(ansible_warnings.get_warning_messages())
        self.runs += 1
        output = stdout.getvalue() + stderr.getvalue()
        if rc is None:
            raise AssertionError("%s returned without exit_json or fail_json:\n%s" % (module, output))
        result = json.loads(stdout.getvalue().strip().splitlines()[-1])
        # The controller turns warning objects into their messages: so does this runner.
        if warnings:
            result["warnings"] = warnings
        return rc, result, output


def seed_time_offset(cache_dir, base_url, offset=0):
    """Write the server-time offset the client would learn from GET /auth/time into the cache
    under ``cache_dir`` (an XDG_CACHE_HOME), so that the next runs do not fetch it."""
    from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache_dir)
    try:
        TimeOffsetCache().put(base_url, offset)
    finally:
        if saved is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = saved


def assert_no_crash(result, output):
    """The module ended with its own exit_json or fail_json, not an exception (module_runner lets
    an exception escaping main() fail the test; this checks the result holds none either)."""
    assert result is not None, output
    assert "Traceback" not in output, output
    assert "module_stderr" not in result and "exception" not in result, result


def warned(result, *texts):
    """Whether the result holds a warning with every text (the warnings Ansible shows as [WARNING])."""
    return any(all(text in " ".join(warning.split()) for text in texts) for warning in result.get("warnings", []))


class EmulatorTime(object):
    """sleep() and clock() for poll(): sleeping advances the emulator clock, nobody waits."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        self.emulator.clock_offset += seconds

    def clock(self):
        return self.now
