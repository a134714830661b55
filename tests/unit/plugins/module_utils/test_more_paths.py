"""Paths of pure module_utils functions that the rest of the suite left unrun (a coverage run listed
them): the main IPv4 address of a service that has none, state files that cannot be locked,
written or moved aside, and zone file records refused with their line."""

import json
import os

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.dns import DnsInputError
from ansible_collections.signet.ovh.plugins.module_utils.servers import first_ipv4, host_variables
from ansible_collections.signet.ovh.plugins.module_utils.state_files import (
    CorruptStateFile, StateFileError, atomic_write, keep_corrupt_copy, locked, read_json_object, update_json_object)
from ansible_collections.signet.ovh.plugins.module_utils.zonefile import parse_zone_file


def test_main_ipv4_skips_what_is_not_an_address():
    assert first_ipv4(["not an address", "2001:db8:50::/64", "203.0.113.50/32"]) == "203.0.113.50"
    assert first_ipv4(["2001:db8:50::1", "garbage"]) is None
    assert first_ipv4(None) is None
    # A VPS with IPv6 only: no ovh_main_ipv4 to connect to, rather than a wrong one.
    variables = host_variables("vps", {"name": "vps-1.vps.ovh.net", "state": "running"}, ["2001:db8:50::1"])
    assert variables["ovh_main_ipv4"] is None and variables["ovh_ips"] == ["2001:db8:50::1"]


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


@pytest.mark.parametrize("text, message", [
    # dnspython reads the escape as a line break, which no OVHcloud record can hold.
    ('$TTL 60\n@ IN A 192.0.2.1\nnote IN TXT "first\\010second"\n', "site.zone line 3: value 'first\\nsecond' must not contain line breaks"),
    # A name past 255 octets is not a syntax error for dnspython, but it is refused the same way.
    ("$TTL 60\n%s IN A 192.0.2.1\n" % ".".join(["a" * 60] * 5), "site.zone line 2: A DNS name is > 255 octets long."),
    # Directives are named by their own line too, not by the last record's or the next line.
    ("$TTL bad\n@ IN A 192.0.2.1\n", "site.zone line 1: DNS TTL value is not well-formed."),
    ("$TTL 60\n@ IN A 192.0.2.1\n$ORIGIN %s.\nx IN A 192.0.2.2\n" % ".".join(["a" * 60] * 5),
     "site.zone line 3: A DNS name is > 255 octets long."),
    ("$TTL 60\nwww IN A 192.0.2.1\n@ IN NS\n", "site.zone line 3: expecting an identifier"),
])
def test_zone_file_records_refused_with_their_line(text, message):
    with pytest.raises(DnsInputError) as caught:
        parse_zone_file(text, "example.com", "site.zone")
    assert str(caught.value) == message
