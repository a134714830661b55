"""Answers are checked before they are used: JSON, of the route's shape, within the size cap."""

import json

import pytest

from hostile import HostileServer

from ansible_collections.signet.ovh.plugins.module_utils.caches import TimeOffsetCache
from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.masking import holds_secret_piece, mask_secrets, safe_excerpt
from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.config import resolve_settings
from ansible_collections.signet.ovh.plugins.module_utils.credentials import list_credentials
from ansible_collections.signet.ovh.plugins.module_utils.dns import read_records

SECRET = "AppSecretValue0123456789abcdefXY"
CONSUMER_KEY = "ConsumerKeyValue0123456789abcdEF"
TIME = ("GET /auth/time", (200, 1700000000, "application/json"))
RECORDS = "GET /domain/zone/example.com/record"
HTML = b"<html><body><h1>Welcome</h1><p>Maintenance page</p></body></html>"


def client_for(server, tmp_path, **kwargs):
    settings = resolve_settings(dict(endpoint=server.base_url, application_key="AK", application_secret=SECRET,
                                     consumer_key=CONSUMER_KEY), environ={}, default_files=[])
    return OvhClient(settings, time_cache=TimeOffsetCache(str(tmp_path / "offsets.json")), sleep=lambda seconds: None, **kwargs)


@pytest.mark.parametrize("answer, expected", [
    ((200, HTML, "text/html"), "the answer is not JSON: Welcome Maintenance page"),
    ((200, "h t m l", "application/json"), "unexpected answer: a string instead of a list of integer ids"),
    ((200, {"ids": [1]}, "application/json"), "unexpected answer: an object instead of a list of integer ids"),
    ((200, [1, "2"], "application/json"), "unexpected answer: item 1 is a string, not an integer id"),
    ((200, [1, True], "application/json"), "unexpected answer: item 1 is a boolean, not an integer id"),
    ((200, [1.5], "application/json"), "unexpected answer: item 0 is a number, not an integer id"),
])
def test_a_wrong_record_list_fails_before_any_further_request(tmp_path, answer, expected):
    with HostileServer(dict([TIME, (RECORDS, answer)])) as server:
        client = client_for(server, tmp_path)
        with pytest.raises(OvhApiError) as failure:
            read_records(client, "example.com")
        assert server.log == ["GET /auth/time", RECORDS]  # no GET /record/h, /record/t...
    text = str(failure.value)
    assert text.startswith("GET /domain/zone/example.com/record failed: HTTP 200") and expected in text, text
    assert "[QueryID: EU.hostile.2]" in text


def test_records_missing_their_key_fields_fail(tmp_path):
    with HostileServer(dict([TIME, (RECORDS, (200, [1, 2], "application/json")),
                             ("GET /domain/zone/example.com/record/1,2", (200, [
                                 {"key": "1", "value": {"id": 1, "fieldType": "A", "subDomain": "", "target": "192.0.2.1"}, "error": None},
                                 {"key": "2", "value": {"id": 2, "fieldType": "A"}, "error": None}], "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="unexpected answer for id 2: an object without subDomain, target"):
            read_records(client_for(server, tmp_path), "example.com")


def test_a_single_record_of_the_wrong_shape_fails(tmp_path):
    with HostileServer(dict([TIME, (RECORDS, (200, [7], "application/json")),
                             ("GET /domain/zone/example.com/record/7", (200, ["not", "a", "record"], "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="a list instead of a DNS record"):
            read_records(client_for(server, tmp_path), "example.com")


def test_credential_ids_of_the_wrong_shape_fail(tmp_path):
    with HostileServer(dict([TIME, ("GET /me/api/credential", (200, {"credentials": []}, "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="an object instead of a list of integer ids"):
            list_credentials(client_for(server, tmp_path))
        assert server.log == ["GET /auth/time", "GET /me/api/credential"]


def test_shapes():
    assert IDS.problem([1, 2]) is None and IDS.problem([]) is None
    assert NAMES.problem(["a.example"]) is None and NAMES.problem([1]) == "item 0 is a number, not a name"
    assert Shape("object", ("id",)).problem({"id": 0}) is None
    assert Shape("object", ("id",)).problem(None) == "null instead of an object with id"


def test_a_server_time_that_is_not_a_number_fails_clearly(tmp_path):
    with HostileServer(dict([("GET /auth/time", (200, "soon", "application/json"))])) as server:
        with pytest.raises(OvhApiError, match="answer is a string, not the server time"):
            client_for(server, tmp_path).get("/me")


def test_answers_over_the_size_cap_are_refused_without_reading_them(tmp_path):
    big = json.dumps(["x" * 1000] * 1500).encode()  # about 1.5 MB
    with HostileServer(dict([TIME, ("GET /big", (200, big, "application/json"))])) as server:
        client = client_for(server, tmp_path, max_answer_size=1)
        with pytest.raises(OvhApiError, match=r"larger than max_answer_size \(1 MiB\): raise max_answer_size"):
            client.get("/big")
        assert len(client_for(server, tmp_path, max_answer_size=2).get("/big")) == 1500


def test_answer_read_in_chunks_is_capped_without_content_length(tmp_path):
    class NoLength(object):
        status_code = 200
        headers = {"X-Ovh-QueryID": "q"}
        encoding = "utf-8"
        closed = False

        def iter_content(self, size):
            for dummy in range(100):
                yield b"x" * size

        def close(self):
            self.closed = True

    with HostileServer(dict([TIME])) as server:
        client = client_for(server, tmp_path, max_answer_size=1)
    response = NoLength()
    with pytest.raises(OvhApiError, match="larger than max_answer_size"):
        client._read(response, "GET", "/stream")  # pylint: disable=protected-access
    assert response.closed


# --- secrets in error texts -------------------------------------------------------------------

@pytest.mark.parametrize("form", [
    SECRET, repr(SECRET + "\n")[1:-1], json.dumps(SECRET + "\r")[1:-1], "AppSecretValue0123%0A", SECRET[5:13], SECRET[-9:]])
def test_masking_covers_every_form_and_every_piece(form):
    text = "before %s after" % form
    masked = mask_secrets(text, [SECRET + "\n"])
    assert not holds_secret_piece(masked, [SECRET + "\n"]), masked
    assert masked.startswith("before ") and masked.endswith(" after")


def test_an_error_page_echoing_a_piece_of_a_secret_is_not_excerpted(tmp_path):
    page = ("<html><body>Bad request from consumer %s</body></html>" % CONSUMER_KEY[3:15]).encode()
    with HostileServer(dict([TIME, ("GET /me", (400, page, "text/html")), ("GET /ok", (200, page, "application/json"))])) as server:
        client = client_for(server, tmp_path)
        for path in ("/me", "/ok"):
            with pytest.raises(OvhApiError) as failure:
                client.get(path)
            assert "excerpt withheld" in str(failure.value)
            assert not holds_secret_piece(str(failure.value), [CONSUMER_KEY, SECRET])
    assert safe_excerpt("plain <b>text</b>") == "plain text"
