"""module_utils/state_files.py and the state files built on it, shared by forks: pending refreshes,
server-time offsets, rate-limit slots, store_in. Forks are real processes here (multiprocessing),
calling the same functions the modules call. Also what hand mutants of state_files.py changed
unnoticed (tests/MUTATION.md): a corrupt file is moved aside and replaced even when the change
writes nothing, file modes; and files that cannot be locked, written or moved aside."""

import json
import multiprocessing
import os
import signal
import stat

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.caches import JsonCache, TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.rate_limit import RateLimiter
from ansible_collections.signet.ovh.plugins.module_utils.credentials import CredentialError, read_ini_value, store_in_file
from ansible_collections.signet.ovh.plugins.module_utils.dns import PendingRefreshes
from ansible_collections.signet.ovh.plugins.module_utils.state_files import (
    CorruptStateFile, StateFileError, atomic_write, keep_corrupt_copy, locked, read_json_object, update_json_object,
    write_private_file)


class FakeClient(object):
    base_url = "http://127.0.0.1:1/1.0"


def _mark_zones(path, fork, count):
    pending = PendingRefreshes(path)
    for number in range(count):
        pending.mark(FakeClient(), "zone%d-%d.example" % (fork, number))


def _run(target, args_list):
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=target, args=args) for args in args_list]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0


def test_ten_forks_marking_thirty_zones_each_keep_all_300(tmp_path):
    # Without the lock, a read-modify-write of one fork overwrites another's: zones go missing
    # (54 of 300 kept in one run of the unlocked code).
    path = str(tmp_path / "cache" / "pending-refresh.json")
    _run(_mark_zones, [(path, fork, 30) for fork in range(10)])
    pending = PendingRefreshes(path)
    assert all(pending.owed(FakeClient(), "zone%d-%d.example" % (fork, number)) for fork in range(10) for number in range(30))
    assert len(json.load(open(path))) == 300
    assert not [name for name in os.listdir(os.path.dirname(path)) if name.endswith(".tmp")]  # no temporary file left


def test_a_corrupt_file_is_reported_kept_aside_and_owes_every_zone(tmp_path):
    path = tmp_path / "pending-refresh.json"
    path.write_text('{"http://127.0.0.1:1/1.0 a.example": 17')  # truncated
    warnings = []
    pending = PendingRefreshes(str(path))
    pending.warn = warnings.append
    assert pending.owed(FakeClient(), "b.example")  # unknown: refresh rather than lose a debt
    assert len(warnings) == 1 and "is corrupt" in warnings[0] and str(path) in warnings[0], warnings
    pending.clear(FakeClient(), "b.example")
    assert json.loads(path.read_text()) == {}  # replaced by a valid file
    assert (tmp_path / "pending-refresh.json.corrupt").read_text().startswith('{"http')
    assert any("moved to" in text for text in warnings)
    assert not pending.owed(FakeClient(), "b.example")


def test_an_unwritable_file_warns_that_the_refresh_owed_is_not_recorded(tmp_path):
    # A directory in place of the file: no user, root included, can replace it.
    path = tmp_path / "pending-refresh.json"
    path.mkdir()
    warnings = []
    pending = PendingRefreshes(str(path))
    pending.warn = warnings.append
    assert pending.owed(FakeClient(), "a.example")
    pending.mark(FakeClient(), "a.example")
    assert any("DNS zone refresh owed" in text and "could not be recorded" in text and "POST /domain/zone/<zone>/refresh" in text
               for text in warnings), warnings
    assert any("is unknown" in text for text in warnings), warnings


def test_time_offsets_corrupt_file_is_reported_and_replaced(tmp_path):
    path = tmp_path / "time-offsets.json"
    path.write_text("[1, 2")
    warnings = []
    cache = TimeOffsetCache(str(path), warn=warnings.append)
    assert cache.get("http://h/1.0") is None
    cache.put("http://h/1.0", 5)
    assert cache.get("http://h/1.0") == 5
    assert [text for text in warnings if "is corrupt" in text]
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


def _offsets(path, number):
    cache = TimeOffsetCache(path)
    for round_number in range(30):
        cache.put("http://h%d-%d/1.0" % (number, round_number), round_number)


def test_server_time_offsets_of_ten_forks_are_all_kept(tmp_path):
    path = str(tmp_path / "time-offsets.json")
    _run(_offsets, [(path, number) for number in range(10)])
    assert len(json.load(open(path))) == 300


def test_json_cache_set_none_of_a_missing_key_writes_nothing(tmp_path):
    cache = JsonCache(str(tmp_path / "x.json"))
    assert cache.set("k", None)
    assert not (tmp_path / "x.json").exists()


# --- store_in -----------------------------------------------------------------------------

def _store(path, section, key, barrier):
    barrier.wait()
    store_in_file(path, [("default", "endpoint", section, True), (section, "application_key", "AK-" + section, False),
                         (section, "consumer_key", key, False)])


def test_two_forks_storing_two_sections_lose_neither_in_50_rounds(tmp_path):
    context = multiprocessing.get_context("fork")
    lost = 0
    for round_number in range(50):
        path = str(tmp_path / ("ovh%d.conf" % round_number))
        barrier = context.Barrier(2)
        _run(_store, [(path, "ovh-eu", "CK-EU-%d" % round_number, barrier), (path, "ovh-ca", "CK-CA-%d" % round_number, barrier)])
        found = (read_ini_value(path, "ovh-eu", "consumer_key"), read_ini_value(path, "ovh-ca", "consumer_key"))
        lost += found != ("CK-EU-%d" % round_number, "CK-CA-%d" % round_number)
    assert lost == 0


def test_store_in_reads_headers_with_inline_comments_like_config(tmp_path):
    path = tmp_path / "ovh.conf"
    path.write_text("[default] ; where\nendpoint=ovh-eu\n\n[ovh-eu] ; production keys\napplication_key=AK\nconsumer_key=OLD\n")
    store_in_file(str(path), [("default", "endpoint", "ovh-eu", True), ("ovh-eu", "application_key", "AK", False),
                              ("ovh-eu", "consumer_key", "NEW", False)])
    text = path.read_text()
    assert text.count("[ovh-eu]") == 1 and "consumer_key=NEW" in text and "OLD" not in text, text
    assert read_ini_value(str(path), "ovh-eu", "consumer_key") == "NEW"


def test_store_in_narrows_a_broad_file_to_0600(tmp_path):
    path = tmp_path / "ovh.conf"
    path.write_text("[ovh-eu]\nconsumer_key=SAME\n")
    path.chmod(0o644)
    store_in_file(str(path), [("ovh-eu", "consumer_key", "SAME", False)])  # nothing to change but the mode
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    store_in_file(str(path), [("ovh-eu", "consumer_key", "OTHER", False)])
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


def test_store_in_follows_a_symlink_and_keeps_it(tmp_path):
    target = tmp_path / "real.conf"
    target.write_text("[keep]\nx=1\n")
    link = tmp_path / "ovh.conf"
    link.symlink_to(target)
    store_in_file(str(link), [("ovh-eu", "consumer_key", "CK", False)])
    assert link.is_symlink() and os.readlink(str(link)) == str(target)
    assert "[keep]" in target.read_text() and read_ini_value(str(target), "ovh-eu", "consumer_key") == "CK"


def test_store_in_refuses_a_file_it_could_not_read_back(tmp_path):
    path = tmp_path / "ovh.conf"
    path.write_text("[ovh-eu]\nconsumer_key=A\n[ovh-eu]\nconsumer_key=B\n")  # config.py refuses duplicate sections
    before = path.read_text()
    with pytest.raises(CredentialError, match="would not be a valid ovh.conf"):
        store_in_file(str(path), [("ovh-eu", "consumer_key", "C", False)])
    assert path.read_text() == before


# --- rate limit -----------------------------------------------------------------------------

def _limited(path, queue):
    waits = []
    limiter = RateLimiter(20.0, "key", path, clock=lambda: 1000.0, sleep=waits.append)
    for dummy in range(5):
        limiter.wait()
    queue.put(waits)


def test_rate_limit_slots_are_shared_by_forks(tmp_path):
    # A frozen clock: each process's wait is exactly its slot, so the slots of 4 forks x 5 requests
    # at 20/s must be 0, 0.05, ... 0.95, each given once.
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    path = str(tmp_path / "rate-limit.json")
    _run(_limited, [(path, queue)] * 4)
    waits = sorted(round(wait, 6) for dummy in range(4) for wait in queue.get(timeout=10))
    assert waits == [round(0.05 * slot, 6) for slot in range(1, 20)]  # the first slot (0) does not sleep
    assert "key" in json.load(open(path)) and len(json.load(open(path))) == 1


def test_rate_limit_hold_after_429_delays_every_fork(tmp_path):
    path = str(tmp_path / "rate-limit.json")
    waits = []
    limiter = RateLimiter(10.0, "key", path, clock=lambda: 1000.0, sleep=waits.append)
    limiter.hold_until(1003.0)
    limiter.wait()
    other = RateLimiter(10.0, "key", path, clock=lambda: 1000.0, sleep=waits.append)
    other.wait()
    assert [round(wait, 6) for wait in waits] == [3.1, 3.2]


def _first_use(barrier, path, fork):
    barrier.wait(30)  # every fork creates the missing directories at the same moment
    PendingRefreshes(path).mark(FakeClient(), "zone%d.example" % fork)


@pytest.mark.parametrize("round_number", range(5))
def test_forty_forks_arriving_first_together_lose_no_mark(tmp_path, round_number):
    # The directory and its parent do not exist yet: every fork creates them at once. Creating a directory
    # that another fork has just created is not an error (it was: "cannot lock ...: File exists", and the
    # mark was dropped with a warning).
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(40)
    path = str(tmp_path / ("new%d" % round_number) / "signet.ovh" / "pending-refresh.json")
    _run(_first_use, [(barrier, path, fork) for fork in range(40)])
    assert len(json.load(open(path))) == 40
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700


def test_locked_is_reentrant_within_a_process(tmp_path):
    path = str(tmp_path / "ovh.conf")
    signal.alarm(20)  # a lock that waited for itself would hang the suite: fail instead
    try:
        with locked(path):
            with locked(path):  # a helper taking the lock its caller holds does not wait for itself
                store_in_file(path, [("default", "endpoint", "ovh-eu", True)])
    finally:
        signal.alarm(0)
    assert read_ini_value(path, "default", "endpoint") == "ovh-eu"


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_a_corrupt_file_is_kept_aside_and_replaced_even_without_a_change(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{truncated")
    problem = update_json_object(str(path), lambda data: False)
    assert isinstance(problem, CorruptStateFile)
    assert "moved to %s.corrupt" % path in str(problem)
    assert (tmp_path / "state.json.corrupt").read_text() == "{truncated"
    assert json.loads(path.read_text()) == {}
    assert update_json_object(str(path), lambda data: False) is None


@pytest.mark.parametrize("content, kind", [("[1, 2]", "JSON list"), ('"text"', "JSON str"), ("not json", "not JSON")])
def test_anything_but_an_object_is_corrupt(tmp_path, content, kind):
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(CorruptStateFile, match=kind):
        read_json_object(str(path))


def test_written_files_are_private_by_default(tmp_path):
    path = tmp_path / "state.json"
    saved = os.umask(0o022)  # a umask that would leave a new file readable by others
    try:
        update_json_object(str(path), lambda data: data.update(a=1) or True)
        atomic_write(str(tmp_path / "other"), "x")
    finally:
        os.umask(saved)
    assert mode(path) == 0o600 and json.loads(path.read_text()) == {"a": 1}
    assert mode(tmp_path / "other") == 0o600
    atomic_write(str(tmp_path / "shared"), b"x", mode=0o640)
    assert mode(tmp_path / "shared") == 0o640


def test_nothing_is_written_when_the_change_says_so(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"a": 1}')
    os.utime(str(path), (1, 1))
    assert update_json_object(str(path), lambda data: False) is None
    assert os.stat(str(path)).st_mtime == 1


def test_state_file_that_cannot_be_locked(tmp_path):
    # A file where the directory of the state file should be: no user, root included, can create it.
    blocker = tmp_path / "cache"
    blocker.write_text("")
    path = str(blocker / "signet.ovh" / "pending-refresh.json")
    with pytest.raises(StateFileError) as caught:
        with locked(path):
            pytest.fail("locked without a lock file")
    assert str(caught.value) == "cannot lock %s: Not a directory" % path


def test_state_file_that_cannot_be_written_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "time-offsets.json"
    target.mkdir()  # a directory in its place: the rename fails for root too
    with pytest.raises(StateFileError) as caught:
        atomic_write(str(target), '{"a": 1}')
    assert str(caught.value) == "cannot write %s: Is a directory" % target
    assert sorted(os.listdir(str(tmp_path))) == ["time-offsets.json"]
    assert os.listdir(str(target)) == []


def test_state_file_with_json_that_is_not_an_object(tmp_path):
    path = tmp_path / "rate-limit.json"
    path.write_text("[1, 2]")
    with pytest.raises(CorruptStateFile) as caught:
        read_json_object(str(path))
    assert str(caught.value) == "%s is corrupt (JSON list, not an object)" % path


def test_corrupt_state_file_that_cannot_be_moved_aside_stays(tmp_path):
    path = tmp_path / "pending-refresh.json"
    path.write_text("{truncated")
    aside = tmp_path / "pending-refresh.json.corrupt"
    aside.mkdir()
    (aside / "keep").write_text("")  # a non-empty directory cannot be replaced
    assert keep_corrupt_copy(str(path)) is None
    assert path.read_text() == "{truncated" and os.listdir(str(aside)) == ["keep"]
    path.write_text("{}")
    os.unlink(str(aside / "keep"))
    os.rmdir(str(aside))
    assert keep_corrupt_copy(str(path)) == str(aside) and aside.read_text() == "{}" and not path.exists()


def test_update_says_where_the_corrupt_file_went(tmp_path):
    path = tmp_path / "time-offsets.json"
    aside = tmp_path / "time-offsets.json.corrupt"
    for movable in (True, False):
        path.write_text("{truncated")
        if not movable:
            aside.mkdir()
            (aside / "keep").write_text("")
        problem = update_json_object(str(path), lambda data: data.update(a=1) or True)
        where = "moved to %s" % aside if movable else "not moved aside (it could not be)"
        assert str(problem) == "%s is corrupt (10 bytes, not JSON); it was %s and replaced" % (path, where)
        assert json.loads(path.read_text()) == {"a": 1}
        if movable:
            assert aside.read_text() == "{truncated"
            aside.unlink()


def test_a_private_file_is_written_0600_only_when_it_differs(tmp_path):
    path = tmp_path / "kubeconfig"
    # Check mode: nothing written, not even a lock file, and the change predicted.
    assert write_private_file(str(path), "secret one", check_mode=True)[0] is True
    assert sorted(os.listdir(str(tmp_path))) == []
    changed, before, after = write_private_file(str(path), "secret one")
    assert changed and before is None and len(after) == 64 and "secret" not in after
    assert path.read_text() == "secret one" and stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert write_private_file(str(path), b"secret one") == (False, after, after)
    os.chmod(str(path), 0o644)  # only the mode is wrong: fixed, the content left as it is
    assert write_private_file(str(path), "secret one", check_mode=True)[0] is True
    assert write_private_file(str(path), "secret one")[0] is True and stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    changed, before, after2 = write_private_file(str(path), "secret two")
    assert changed and before == after and after2 != after and path.read_text() == "secret two"


def test_a_private_file_that_cannot_be_written_is_a_state_file_error(tmp_path):
    path = tmp_path / "s3.credentials"
    os.mkdir(str(path) + ".lock")  # its lock cannot be taken (root included)
    with pytest.raises(StateFileError, match="cannot lock"):
        write_private_file(str(path), "secret")
    os.rmdir(str(path) + ".lock")
    os.mkdir(str(path))  # a directory where the file goes: cannot be read nor replaced
    with pytest.raises(StateFileError, match="cannot write") as caught:
        write_private_file(str(path), "secret")
    assert "secret" not in str(caught.value).replace("s3.credentials", "")


def _write_private_rounds(path, fork, rounds):
    for number in range(rounds):
        content = ("fork %d round %d " % (fork, number)) * 2000  # ~40 kB: a torn write would show
        write_private_file(path, content)


def test_forks_writing_one_private_file_leave_a_whole_one_0600_and_no_temporary_file(tmp_path):
    path = str(tmp_path / "kubeconfig")
    _run(_write_private_rounds, [(path, fork, 15) for fork in range(6)])
    content = open(path).read()
    piece = " ".join(content.split(" ")[:4]) + " "  # "fork F round R "
    assert content == piece * 2000, "a file mixed from two writers"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(os.listdir(str(tmp_path))) == ["kubeconfig", "kubeconfig.lock"]


def test_a_private_file_behind_a_symlink_is_written_through_it_the_link_kept(tmp_path):
    # As store_in does for ovh.conf: the target gets the new secret (a replaced link would leave the old one there).
    target, link = tmp_path / "real.credentials", tmp_path / "s3.credentials"
    target.write_text("old secret")
    target.chmod(0o644)
    link.symlink_to(target)
    assert write_private_file(str(link), "new secret", check_mode=True)[0] and target.read_text() == "old secret"
    assert write_private_file(str(link), "new secret")[0]
    assert link.is_symlink() and target.read_text() == "new secret"
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o600
    assert not write_private_file(str(link), "new secret")[0]
    # A dangling link: its target is created, where it was an error ("No such file or directory").
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "later.credentials")
    assert write_private_file(str(dangling), "x", check_mode=True)[:2] == (True, None)
    assert write_private_file(str(dangling), "x")[:2] == (True, None)
    assert dangling.is_symlink() and (tmp_path / "later.credentials").read_text() == "x"
