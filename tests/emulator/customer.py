"""A customer in front of the emulator: answers the consumer keys waiting for validation while a
client (a playbook with ``wait``) polls, through the Python API or through the validation page
in a browser (see tests/integration/test_credentials_scenario.py)."""

import threading
import time


class Customer(threading.Thread):
    """Watches the emulator for consumer keys waiting for validation and answers each one, once,
    with ``answer(item)`` (an item of Emulator.pending_validations()). Use as a context manager.

    With ``clock`` (the SimulatedClock of modules run in-process), it runs no thread: it answers
    at each wait of the module, that is after the module has seen the key pending."""

    def __init__(self, emulator, answer, interval=0.1, clock=None):
        super().__init__(daemon=True, name="emulator-customer")
        self.emulator = emulator
        self.answer = answer
        self.interval = interval
        self.clock = clock
        self.answered = []
        self.errors = []
        self._done = set()
        self._waits = None
        self._stop_event = threading.Event()

    def step(self):
        """Answer the keys waiting now."""
        for item in self.emulator.pending_validations():
            if item["consumer_key"] in self._done:
                continue
            self._done.add(item["consumer_key"])
            try:
                self.answer(item)
            except Exception as exc:  # pylint: disable=broad-except
                self.errors.append(exc)
            self.answered.append(item)

    def run(self):
        while not self._stop_event.is_set():
            self.step()
            self._stop_event.wait(self.interval)

    def __enter__(self):
        if self.clock is not None:
            self._waits = self.clock.during_waits(self.step)
            self._waits.__enter__()
        else:
            self.start()
        return self

    def __exit__(self, *exc_info):
        if self._waits is not None:
            self._waits.__exit__(*exc_info)
            return
        self._stop_event.set()
        self.join(30)


def approve(emulator, account="demo-ovh", validity=None, delay=0.0):
    """An answer for Customer: approve through the Python API (validity in seconds, None = unlimited)."""
    def answer(item):
        time.sleep(delay)
        emulator.validate_consumer_key(item["consumer_key"], account=account, validity=validity)
    return answer


def refuse(emulator, delay=0.0):
    """An answer for Customer: refuse."""
    def answer(item):
        time.sleep(delay)
        emulator.refuse_consumer_key(item["consumer_key"])
    return answer
