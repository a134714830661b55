# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the collection reads the time and waits: one object that tests can replace."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time


class Clock(object):
    """Where the collection reads the time and waits. Every default goes through the one
    instance, CLOCK, so that a harness running modules in-process can simulate time by
    replacing its methods (the unit tests of a function pass their own clock instead)."""

    def time(self):
        return time.time()

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


CLOCK = Clock()
