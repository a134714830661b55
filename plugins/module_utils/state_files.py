# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files the collection writes: read, changed and written under an exclusive lock, replaced atomically.

Forks of one run (and concurrent runs) share these files. Every change is a read-modify-write
under ``flock`` on a sidecar ``<file>.lock`` (the file itself is replaced, so it cannot carry the
lock), and the new content goes to a temporary file in the same directory, is flushed to disk and
renamed over the old one: a reader sees the old or the new file, never half of one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import fcntl
import hashlib
import json
import os
import stat
import tempfile


class StateFileError(Exception):
    """A state file cannot be read, locked or written; the message names the file and the reason."""


class CorruptStateFile(StateFileError):
    """A state file exists but does not hold what it should (truncated, edited, not JSON)."""


def _reason(exc):
    return getattr(exc, "strerror", None) or str(exc)


_HELD = {}  # lock files this process holds, with how many times: a nested locked() of the same path holds it already


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive lock for ``path`` (on ``path + '.lock'``); creates the directory (0700).

    Any number of forks may arrive first together: creating a directory that another just created
    is not an error. Within one process the lock is re-entrant (a task that holds it across several
    steps may call helpers that take it again)."""
    lock_path = os.path.abspath(path) + ".lock"
    if lock_path in _HELD:
        _HELD[lock_path] += 1
        try:
            yield
        finally:
            _HELD[lock_path] -= 1
        return
    directory = os.path.dirname(lock_path)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except (IOError, OSError) as exc:
        raise StateFileError("cannot lock %s: %s" % (path, _reason(exc)))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD[lock_path] = 1
        yield
    finally:
        _HELD.pop(lock_path, None)
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def atomic_write(path, data, mode=0o600):
    """Replace ``path`` with ``data`` (text or bytes): temporary file in the same directory, fsync,
    rename. Call it with the lock of ``path`` held."""
    directory = os.path.dirname(os.path.abspath(path))
    if not isinstance(data, bytes):
        data = data.encode("utf-8")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".%s." % os.path.basename(path), suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        _fsync_directory(directory)
    except (IOError, OSError) as exc:
        raise StateFileError("cannot write %s: %s" % (path, _reason(exc)))
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def write_private_file(path, data, check_mode=False):
    """Bring ``path`` to hold ``data`` (text or bytes) with mode 0600, for a file that holds a secret
    (a kubeconfig, an S3 key, an openrc): replaced atomically under its lock when its bytes differ, only
    its mode fixed when that alone differs, nothing done when both are right. Check mode only reads
    (no lock file either). Returns (changed, SHA-256 of the bytes before or None, SHA-256 of ``data``),
    never the content; a file that cannot be read or written raises StateFileError. A symlink is followed:
    its target is written, the link kept (as store_in does for ovh.conf)."""
    path = os.path.realpath(path)
    if not isinstance(data, bytes):
        data = data.encode("utf-8")
    try:
        if check_mode:
            current = read_bytes(path)
            return current != data or _mode_wrong(path, current), digest(current), digest(data)
        with locked(path):
            current = read_bytes(path)
            changed = current != data or _mode_wrong(path, current)
            if current != data:
                atomic_write(path, data, mode=0o600)
            elif changed:
                os.chmod(path, 0o600)
    except (IOError, OSError) as exc:
        raise StateFileError("cannot write %s: %s" % (path, _reason(exc)))
    return changed, digest(current), digest(data)


def read_bytes(path):
    """The file's bytes, or None when there is no file (any other failure raises OSError)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError):
        if os.path.lexists(path):
            raise
        return None


def _mode_wrong(path, current):
    return current is not None and stat.S_IMODE(os.stat(path).st_mode) != 0o600


def digest(data):
    """The SHA-256 checksum (hexadecimal) of ``data`` (bytes), None for no data: what a secret file's content is
    shown as."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system syncs directories
    finally:
        os.close(fd)


def read_json_object(path):
    """The JSON object in ``path``; {} when the file does not exist. Raises CorruptStateFile when it
    holds anything else, StateFileError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except (IOError, OSError) as exc:
        if not os.path.exists(path):
            return {}
        raise StateFileError("cannot read %s: %s" % (path, _reason(exc)))
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise CorruptStateFile("%s is corrupt (%d bytes, not JSON)" % (path, len(raw)))
    if not isinstance(data, dict):
        raise CorruptStateFile("%s is corrupt (JSON %s, not an object)" % (path, type(data).__name__))
    return data


def keep_corrupt_copy(path):
    """Move a corrupt file aside (``<file>.corrupt``, replacing an older one) so that it can be
    looked at; returns the new name, or None when it could not be moved."""
    target = path + ".corrupt"
    try:
        os.replace(path, target)
        return target
    except OSError:
        return None


def update_json_object(path, change, mode=0o600):
    """Read the JSON object of ``path`` under its lock, apply ``change(data)`` (which edits the dict
    in place and returns whether to write) and replace the file atomically.

    Returns the problem met on reading (a CorruptStateFile whose text says where the corrupt file
    went; it is replaced by the new content), or None. Raises StateFileError when it cannot lock or write."""
    with locked(path):
        problem = None
        try:
            data = read_json_object(path)
        except CorruptStateFile as exc:
            kept = keep_corrupt_copy(path)
            problem = CorruptStateFile("%s; it was %s and replaced" % (exc, "moved to %s" % kept if kept else "not moved aside (it could not be)"))
            data = {}
        if change(data) or problem is not None:
            atomic_write(path, json.dumps(data, sort_keys=True), mode)
        return problem
