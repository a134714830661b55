"""module_utils/state_files.py: what hand mutants of the file changed unnoticed (tests/MUTATION.md):
a corrupt file is moved aside and replaced even when the change writes nothing, file modes.
(test_state_files.py holds the older tests of the file: locking across processes.)"""

import json
import os
import stat

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.state_files import (
    CorruptStateFile, atomic_write, read_json_object, update_json_object)


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
