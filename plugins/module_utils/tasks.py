# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for asynchronous OVHcloud operations (tasks, DNSSEC...) to reach a final state."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

FIRST_DELAY = 1.0  # seconds before the second read; doubles up to MAX_DELAY
MAX_DELAY = 10.0


class WaitTimeout(Exception):
    """The operation was still pending when the timeout ran out; ``last`` is what was read last."""

    def __init__(self, what, timeout, last):
        self.what = what
        self.timeout = timeout
        self.last = last
        super(WaitTimeout, self).__init__("%s still pending after %s seconds (last read: %s)" % (what, timeout, last))


def poll(read, is_final, timeout, what="the task", sleep=time.sleep, clock=time.monotonic, first_delay=FIRST_DELAY,
         max_delay=MAX_DELAY):
    """Call ``read()`` until ``is_final(answer)``; return the final answer, or raise WaitTimeout.

    The first read is immediate, then reads back off from ``first_delay`` to ``max_delay`` seconds
    and never sleep past the deadline. ``sleep`` and ``clock`` are injectable so that tests drive
    time (e.g. by advancing an emulator's clock) instead of waiting."""
    deadline = clock() + timeout
    delay = first_delay
    while True:
        answer = read()
        if is_final(answer):
            return answer
        left = deadline - clock()
        if left <= 0:
            raise WaitTimeout(what, timeout, answer)
        sleep(min(delay, left))
        delay = min(delay * 2, max_delay)
