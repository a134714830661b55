"""module_utils/caches.py: where the cache lives, a server-time offset trusted for its TTL on the
collection's clock only, entries that are not what was written, and removing a key."""

import json

from ansible_collections.signet.ovh.plugins.module_utils import caches
from ansible_collections.signet.ovh.plugins.module_utils.caches import JsonCache, TimeOffsetCache, cache_path

URL = "https://eu.api.ovh.com/1.0"


class Now(object):
    def __init__(self, value):
        self.value = value

    def time(self):
        return self.value


def test_the_cache_is_under_xdg_cache_home_or_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_path("time-offsets.json") == str(tmp_path / "xdg" / "signet.ovh" / "time-offsets.json")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_path("x.json") == str(tmp_path / "home" / ".cache" / "signet.ovh" / "x.json")


def test_an_offset_is_trusted_for_its_ttl_on_the_collections_clock(monkeypatch, tmp_path):
    now = Now(1000000.0)
    monkeypatch.setattr(caches, "CLOCK", now)
    cache = TimeOffsetCache(str(tmp_path / "offsets.json"), ttl=600)
    assert cache.get(URL) is None
    cache.put(URL, -42.7)
    assert cache.get(URL) == -42 and cache.get(URL + "/other") is None
    now.value += 599
    assert cache.get(URL) == -42
    now.value += 1  # the TTL is over: fetch the server time again
    assert cache.get(URL) is None
    now.value -= 2000  # a clock set back far: an entry "from the future" is not trusted either
    assert cache.get(URL) is None


def test_entries_that_are_not_what_was_written_are_unknown_never_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(caches, "CLOCK", Now(1000.0))
    path = tmp_path / "offsets.json"
    for entry in ("text", None, {"offset": "x", "saved": 1000}, {"offset": 3}, {"offset": 3, "saved": "soon"}, [1, 2]):
        path.write_text(json.dumps({URL: entry}))
        assert TimeOffsetCache(str(path), warn=lambda text: None).get(URL) is None, entry


def test_setting_none_removes_a_key_and_a_failure_is_warned_once(tmp_path):
    warnings = []
    cache = JsonCache(str(tmp_path / "state.json"), warn=warnings.append)
    assert cache.set("a", 1) and cache.set("b", 2) and cache.set("a", None)
    assert cache.load() == {"b": 2} and warnings == []
    blocked = JsonCache(str(tmp_path / "file" / "state.json"), warn=warnings.append)
    (tmp_path / "file").write_text("a file where the directory goes")
    assert blocked.set("a", 1) is False and blocked.set("a", 1) is False
    assert len(warnings) == 1 and warnings[0].startswith("signet.ovh: cannot lock") and "could not be recorded" in warnings[0]
