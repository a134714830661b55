# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small JSON files kept between tasks under the user's cache directory, shared by forks."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.common.warnings import warn as module_warning

from ansible_collections.signet.ovh.plugins.module_utils.clock import CLOCK
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError, read_json_object, update_json_object

TIME_OFFSET_TTL = 600  # seconds a cached server-time offset is trusted


def cache_path(name):
    """A file of the collection's under the user's cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "signet.ovh", name)


class JsonCache(object):
    """A small JSON object kept in a file between tasks, shared by forks: every change is read,
    made and written under the file's exclusive lock and replaced atomically (state_files.py).

    A corrupt file is reported (a warning), moved aside to ``<file>.corrupt`` and replaced by the
    next change; ``load()`` returns None while the file cannot be read or is corrupt, so that a
    caller can tell "nothing recorded" from "unknown"."""

    what = "state"  # what the file records, for messages
    if_lost = "the next tasks may repeat a request"  # what a lost change means

    def __init__(self, path, warn=None):
        self.path = path
        self.warn = warn or module_warning
        self._warned = set()

    def _report(self, text):
        if text not in self._warned:
            self._warned.add(text)
            self.warn("signet.ovh: %s" % text)

    def load(self):
        try:
            return read_json_object(self.path)
        except StateFileError as exc:
            self._report("%s; the %s it records is unknown" % (exc, self.what))
            return None

    def set(self, key, value):
        """Store ``value`` under ``key``; None removes the key. A failure is reported, not raised."""
        def change(data):
            if value is None:
                return data.pop(key, None) is not None
            data[key] = value
            return True
        try:
            problem = update_json_object(self.path, change)
        except StateFileError as exc:
            done = "forgotten" if value is None else "recorded"
            self._report("%s: the %s %r could not be %s; %s" % (exc, self.what, key, done, self.if_lost))
            return False
        if problem is not None:
            self._report(str(problem))
        return True


class TimeOffsetCache(JsonCache):
    """Server-time offsets per endpoint, kept a few minutes so that each task does not
    pay a GET /auth/time."""

    def __init__(self, path=None, ttl=TIME_OFFSET_TTL, warn=None):
        super(TimeOffsetCache, self).__init__(path or cache_path("time-offsets.json"), warn=warn)
        self.ttl = ttl

    what = "server-time offset"
    if_lost = "the next tasks fetch the server time again"

    def get(self, base_url):
        entry = (self.load() or {}).get(base_url)
        try:
            if abs(CLOCK.time() - float(entry["saved"])) < self.ttl:
                return int(entry["offset"])
        except (TypeError, KeyError, ValueError):
            pass
        return None

    def put(self, base_url, offset):
        self.set(base_url, {"offset": int(offset), "saved": CLOCK.time()})
