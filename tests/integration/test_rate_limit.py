"""A shared rate limit: 10 forks x 10 calls with one consumer key against an API that allows 20
requests a second per key. With rate_limit 10 the whole run stays under it: no 429 is ever
answered. Without it the forks go over, get 429 answers, and every task still succeeds through
Retry-After.

The assertions read the emulator's log (what it received and when), not the wall clock of the
test, so a loaded machine can only make the run slower, never make it fail. With rate_limit, the
API allows bursts of 30: the forks take their slots 1/10 s apart, but a loaded machine may hold
several processes back and send their requests together.

Without rate_limit, the emulator's clock is frozen and moves on only by a step at each request, so
its bucket refills per request, not per second of the machine: each request brings 7/8 of a slot,
each call takes one, and after the burst of 10 the hundred calls are refused exactly 4 times
whatever the order and speed of the forks (fewer than a call's 10 retries after a 429, so every
task succeeds)."""

import json
import sys

from emulator import auth
from module_runner import seed_time_offset

EMULATOR_RATE = 20.0
LIMITED_BURST, UNLIMITED_BURST = 30, 10
CALLS = 10
# Without rate_limit: 14 requests a second and a clock step of 1/16 s give 7/8 of a slot a request
# (both exact in binary: the bucket's arithmetic has no rounding).
STEPPED_RATE, CLOCK_STEP = 14.0, 0.0625


def playbook(rate_limit):
    options = {"endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
               "application_secret": "{{ ovh_application_secret }}", "consumer_key": "{{ ovh_consumer_key }}"}
    if rate_limit:
        options["rate_limit"] = rate_limit
    terms = ", ".join(["'/me'"] * (CALLS - 1))
    kwargs = ", ".join("%s=%s" % (key, value.strip("{} ") if isinstance(value, str) else value) for key, value in sorted(options.items()))
    return [{
        "name": "Ten calls per host, all hosts at once",
        "hosts": "all",
        "gather_facts": False,
        "tasks": [
            {"name": "Nine calls from the lookup", "ansible.builtin.set_fact": {
                "answers": "{{ lookup('signet.ovh.ovh_api', %s, %s) }}" % (terms, kwargs)}},
            {"name": "One call from a module", "signet.ovh.ovh_api_call": dict(options, path="/me"), "register": "module_call"},
            {"name": "Every answer arrived", "ansible.builtin.assert": {"that": [
                "answers | length == %d" % (CALLS - 1), "answers | map(attribute='nichandle') | unique == ['demo-ovh']",
                "module_call.json.nichandle == 'demo-ovh'"]}},
        ],
    }]


def run_ten_forks(ansible, tmp_path, rate_limit):
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("node%d ansible_connection=local ansible_python_interpreter=%s\n" % (number, sys.executable)
                                 for number in range(10)))
    (ansible.workdir / "rate.yml").write_text(json.dumps(playbook(rate_limit)))
    run = ansible.run("rate.yml", "-f", "10", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    failures = [line for line in run.output.splitlines() if line.startswith(("fatal:", "failed:", "ERROR!"))]
    assert run.rc == 0 and sorted(run.recaps) == ["node%d" % number for number in range(10)], (failures, run)
    assert all(recap["failed"] == 0 and recap["ok"] == 3 for recap in run.recaps.values()), run
    return run


def test_rate_limit_keeps_ten_forks_under_the_api_limit(ansible, emulator, tmp_path):
    emulator.set_rate_limit(EMULATOR_RATE, LIMITED_BURST)
    run_ten_forks(ansible, tmp_path, rate_limit=10)
    calls = [entry for entry in emulator.log if entry["path"] == "/me"]
    assert [entry["status"] for entry in calls] == [200] * 100  # no 429, each call sent once
    # Every request of the key (the server-time fetch is unsigned, under the application key) took
    # its own slot of 1/10 s: the first and the last are at least 99 slots apart, whatever the load.
    signed = sorted(entry["time"] for entry in emulator.log if entry["signed"])
    assert len(signed) == 100 and signed[-1] - signed[0] >= 9.9 - 0.5, signed[-1] - signed[0]
    # And no second holds more than the limit allows.
    assert max(sum(1 for moment in signed if start <= moment < start + 1.0) for start in signed) <= EMULATOR_RATE + LIMITED_BURST
    slots = json.loads((tmp_path / "cache" / "signet.ovh" / "rate-limit.json").read_text())
    assert len(slots) == 1 and emulator.base_url not in json.dumps(slots)  # one key, stored as a hash


def test_without_rate_limit_429_answers_are_retried_and_every_task_succeeds(ansible, emulator, tmp_path, monkeypatch):
    emulator.clock_frozen = True
    emulator.clock_step = CLOCK_STEP
    emulator.set_rate_limit(STEPPED_RATE, UNLIMITED_BURST)
    # The forks sign with their own clocks, which the frozen one does not follow: the signature's time
    # window is not what this test is about. The server time is learnt already, so every request of the
    # run is a signed call under the one consumer key and moves the clock by one step.
    monkeypatch.setattr(auth, "TIME_WINDOW", 10 ** 6)
    seed_time_offset(tmp_path / "cache", emulator.base_url)
    run_ten_forks(ansible, tmp_path, rate_limit=None)
    statuses = [entry["status"] for entry in emulator.log if entry["path"] == "/me"]
    assert statuses.count(200) == 100 and statuses.count(429) >= 1, statuses  # over the limit, and still every call answered
    assert set(statuses) == {200, 429}
    # 10 - 1 + 7/8 (k - 1) - (k - 1) slots after the first k calls: none left after 73; then one 429 in
    # every eight requests: 27 calls more make 4.
    assert len(statuses) == len(emulator.log) == 104 and statuses.count(429) == 4, statuses
