# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client-side rate limit shared by every fork and task of the controller."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.signet.ovh.plugins.module_utils.caches import cache_path
from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.state_files import update_json_object


class RateLimiter(object):
    """At most ``rate`` requests per second for one endpoint and key, shared by every fork and task
    of the controller: each request takes the next free slot from a locked file
    (``rate-limit.json``) and waits for it. Keys are stored as hashes, never as values."""

    def __init__(self, rate, key, path=None, clock=None, sleep=None):
        self.interval = 1.0 / rate
        self.key = key
        self.path = path or cache_path("rate-limit.json")
        self.clock = CLOCK.time if clock is None else clock
        self.sleep = CLOCK.sleep if sleep is None else sleep

    @staticmethod
    def key_for(settings):
        identity = settings.client_id if settings.oauth2 else (settings.consumer_key or settings.application_key or "")
        return hashlib.sha256(("%s\n%s" % (settings.base_url, identity)).encode("utf-8")).hexdigest()[:32]

    def _take(self, not_before=None):
        waits = []

        def change(data):
            now = self.clock()
            for key in [key for key, value in data.items() if not isinstance(value, (int, float)) or value < now - 3600]:
                del data[key]  # slots long past: forget them
            start = max(now, data.get(self.key, 0), not_before or 0)
            data[self.key] = start + self.interval
            waits.append(start - now)
            return True
        update_json_object(self.path, change)
        return waits[0]

    def wait(self):
        """Wait for this process's next slot."""
        delay = self._take()
        if delay > 0:
            self.sleep(delay)

    def hold_until(self, moment):
        """After a 429: no fork sends with this key before ``moment``."""
        self._take(not_before=moment)
