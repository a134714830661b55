"""module_utils/cloud_storage.py: S3 bucket names, policies as data, the secret file, users by description
(a scripted client: the users' route is served by another product), buckets and keys against the emulator."""

import json
import os
import stat

import pytest

from api_log import sent
from emulator.seed import DEMO_S3_ACCESS, DEMO_S3_SECRET

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError
from ansible_collections.signet.ovh.plugins.module_utils.cloud_storage import (
    bucket_name, bucket_result, credentials, credentials_file, object_keys, object_path, policy_text, policy_value, profile_name,
    read_bucket, read_policy, read_secret, secret_file_path, unaddressable_keys, user_id_of, write_secret_file)

PROJECT = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("name", ["abc", "demo-backups", "a.b-c.1", "x" * 63])
def test_valid_bucket_names(name):
    assert bucket_name(name) == name


@pytest.mark.parametrize("name, problem", [
    ("ab", "3 to 63"), ("x" * 64, "3 to 63"), ("Demo", "3 to 63"), ("-abc", "3 to 63"), ("abc-", "3 to 63"),
    ("a_b", "3 to 63"), ("a..b", "no two adjacent dots"), ("192.168.1.10", "not an IP address"),
    ("xn--abc", "no xn-- prefix"), ("abc-s3alias", "-s3alias suffix"), (None, "3 to 63")])
def test_invalid_bucket_names(name, problem):
    with pytest.raises(CloudInputError, match="name .* is not a valid S3 bucket name: .*%s" % problem):
        bucket_name(name)


def test_policy_is_data_whatever_its_form():
    text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"]}]}'
    assert policy_value(text) == policy_value({"Statement": [{"Action": ["s3:GetObject"], "Effect": "Allow"}]})
    assert policy_value(policy_text(policy_value(text))) == policy_value(text)
    assert policy_text({"b": 1, "a": [2]}) == '{"a":[2],"b":1}'
    with pytest.raises(CloudInputError, match="policy is not valid JSON"):
        policy_value("{nope")
    with pytest.raises(CloudInputError, match="policy must be a JSON object"):
        policy_value("[1, 2]")


class ScriptedClient(object):
    """Answers GET /cloud/project/{p}/user (the users' route, served by another emulator product)."""

    def __init__(self, users):
        self.users = users
        self.calls = []

    def get(self, path, query=None, shape=None):
        self.calls.append(path)
        assert shape is None or shape.problem(self.users) is None
        return self.users


def test_user_by_description_or_id():
    client = ScriptedClient([{"id": 401001, "username": "user-a", "description": "backup", "status": "ok"},
                             {"id": 401002, "username": "user-b", "description": "old", "status": "deleted"}])
    assert user_id_of(client, PROJECT, "backup", None) == 401001
    assert client.calls == ["/cloud/project/%s/user" % PROJECT]
    assert user_id_of(client, PROJECT, None, 401009) == 401009 and len(client.calls) == 1  # an id: no request
    with pytest.raises(CloudInputError, match='user "old": no user of the project %s has this description' % PROJECT):
        user_id_of(client, PROJECT, "old", None)  # deleted users do not count


@pytest.mark.parametrize("user_id", ["..", ".", "401001", None, 1.5, True])
def test_a_user_whose_id_is_not_an_integer_is_refused(user_id):
    # The id becomes a path segment of the writes: ".." would send them to another route.
    client = ScriptedClient([{"id": user_id, "username": "user-a", "description": "backup", "status": "ok"}])
    with pytest.raises(ValueError, match='the API answered user "backup" whose id is not an integer'):
        user_id_of(client, PROJECT, "backup", None)


def test_secret_file_written_when_it_differs_only(tmp_path):
    path = str(tmp_path / "s3.credentials")
    content = credentials_file("backup", "AK", "SK")
    assert content == "[backup]\naws_access_key_id = AK\naws_secret_access_key = SK\n"
    assert write_secret_file(path, content, check_mode=True) and not os.path.exists(path)
    assert write_secret_file(path, content, check_mode=False)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and open(path).read() == content
    assert not write_secret_file(path, content, check_mode=False)
    os.chmod(path, 0o644)  # same bytes, wrong mode: rewritten
    assert write_secret_file(path, content, check_mode=False) and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert write_secret_file(path, credentials_file("backup", "AK", "SK2"), check_mode=False)
    assert "SK2" in open(path).read()
    with pytest.raises(CloudInputError, match="does not exist"):
        secret_file_path(str(tmp_path / "missing" / "file"))
    with pytest.raises(CloudInputError, match="is a directory"):
        secret_file_path(str(tmp_path))


def test_bucket_keys_and_policy_against_the_emulator(client, emulator):
    bucket = read_bucket(client, PROJECT, "GRA", "demo-backups")
    assert bucket_result(bucket)["objects_count"] == 3 and "objects" not in bucket_result(bucket)
    assert bucket_result(bucket)["encryption"] == "AES256" and bucket_result(bucket)["versioning"] == "enabled"
    assert read_bucket(client, PROJECT, "GRA", "missing-bucket") is None
    emulator.clear_log()
    assert object_keys(client, PROJECT, "GRA", "demo-backups") == ["db/2026-12-01.sql.gz", "db/2026-12-02.sql.gz", "etc.tar.gz"]
    assert sent(emulator) == [("GET", "/cloud/project/%s/region/GRA/storage/demo-backups?limit=1000" % PROJECT)]
    assert [key["access"] for key in credentials(client, PROJECT, 401001)] == [DEMO_S3_ACCESS]
    assert read_secret(client, PROJECT, 401001, DEMO_S3_ACCESS) == DEMO_S3_SECRET
    assert read_policy(client, PROJECT, 401001)["Statement"][0]["Sid"] == "RWContainer"
    assert json.dumps(read_policy(client, PROJECT, 401001))


def test_object_keys_pages_with_marker(client, emulator, monkeypatch):
    from ansible_collections.signet.ovh.plugins.module_utils import cloud_storage
    monkeypatch.setattr(cloud_storage, "PAGE", 2)
    emulator.clear_log()
    assert object_keys(client, PROJECT, "GRA", "demo-backups") == ["db/2026-12-01.sql.gz", "db/2026-12-02.sql.gz", "etc.tar.gz"]
    path = "/cloud/project/%s/region/GRA/storage/demo-backups" % PROJECT
    assert sent(emulator) == [("GET", path + "?limit=2"), ("GET", path + "?limit=2&marker=db%2F2026-12-02.sql.gz")]


def test_object_keys_read_on_when_the_api_caps_its_pages_lower(monkeypatch):
    # An API whose pages hold 2 keys whatever the limit: with the bucket's count known, short pages do not end the list.
    class CappedPages(object):
        queries = []

        def get(self, path, query=None, shape=None):
            self.queries.append(dict(query))
            keys = [key for key in "abcde" if query.get("marker") is None or key > query["marker"]][:2]
            return {"objects": [{"key": key} for key in keys]}

    client = CappedPages()
    assert object_keys(client, PROJECT, "GRA", "b", expected=5) == list("abcde")
    assert [query.get("marker") for query in client.queries] == [None, "b", "d"]  # the last page, short, ends it
    client.queries = []
    assert object_keys(client, PROJECT, "GRA", "b", expected=9) == list("abcde")  # a count too high: an empty page ends it
    assert [query.get("marker") for query in client.queries] == [None, "b", "d", "e"]
    client.queries = []
    assert object_keys(client, PROJECT, "GRA", "b") == list("ab")  # no count known: a short page is the last


def test_object_keys_stop_when_the_api_ignores_the_marker(monkeypatch):
    # A hostile or broken API answering the same full page whatever the marker: an error, not a loop forever.
    from ansible_collections.signet.ovh.plugins.module_utils import cloud_storage
    monkeypatch.setattr(cloud_storage, "PAGE", 2)

    class SamePage(object):
        calls = 0

        def get(self, path, query=None, shape=None):
            self.calls += 1
            assert self.calls < 5, "object_keys kept reading the same page"
            return {"objects": [{"key": "a"}, {"key": "b"}]}

    client = SamePage()
    with pytest.raises(ValueError, match="did not move past marker \"b\""):
        object_keys(client, PROJECT, "GRA", "demo-backups")
    assert client.calls == 2


def test_an_object_key_is_one_path_segment():
    base = "/cloud/project/p/region/GRA/storage/b/object/"
    assert object_path("p", "GRA", "b", "a/../../x") == base + "a%2F..%2F..%2Fx"
    assert object_path("p", "GRA", "b", "%2e%2e") == base + "%252e%252e"
    assert object_path("p", "GRA", "b", "x?y#z") == base + "x%3Fy%23z"
    assert object_path("p", "GRA", "b", "..a") == base + "..a"
    assert unaddressable_keys(["ok", "", ".", "..", "...", None]) == ["", ".", "..", None]
    with pytest.raises(ValueError, match=r'object key "\.\." of bucket "b" cannot be a path segment of the API'):
        object_path("p", "GRA", "b", "..")


@pytest.mark.parametrize("value", ["default\n", "a\nb", "\n"])
def test_a_profile_name_with_a_line_break_is_refused(value):
    with pytest.raises(CloudInputError, match="secret_profile must be"):
        profile_name(value)
