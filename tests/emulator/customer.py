"""A customer in front of the emulator: answers the consumer keys waiting for validation while a
client (a playbook with ``wait``) polls, through the Python API or through the validation page
in a browser (see tests/integration/test_credentials_scenario.py)."""

import threading
import time


class Customer(threading.Thread):
    """Watches the emulator for consumer keys waiting for validation and answers each one, once,
    with ``answer(item)`` (an item of Emulator.pending_validations()). Use as a context manager."""

    def __init__(self, emulator, answer, interval=0.1):
        super().__init__(daemon=True, name="emulator-customer")
        self.emulator = emulator
        self.answer = answer
        self.interval = interval
        self.answered = []
        self.errors = []
        self._stop_event = threading.Event()

    def run(self):
        done = set()
        while not self._stop_event.is_set():
            for item in self.emulator.pending_validations():
                if item["consumer_key"] in done:
                    continue
                done.add(item["consumer_key"])
                try:
                    self.answer(item)
                except Exception as exc:  # pylint: disable=broad-except
                    self.errors.append(exc)
                self.answered.append(item)
            self._stop_event.wait(self.interval)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
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
