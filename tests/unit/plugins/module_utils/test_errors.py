"""module_utils/errors.py: how a failed call reads (status, class and code, message, details, QueryID,
a hint), which failures may have been carried out all the same, masking, and the result fields."""

import json

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError, parse_error


def test_a_failure_names_everything_support_asks_for_and_a_hint():
    error = parse_error("GET", "/me", 403, {"X-Ovh-QueryID": "EU.ext-1.abc"},
                        json.dumps({"class": "Client::Forbidden", "message": "This call has not been granted"}))
    assert str(error) == ("GET /me failed: HTTP 403, Client::Forbidden (NOT_GRANTED_CALL): This call has not been granted "
                          "[QueryID: EU.ext-1.abc]; check the consumer key's access rules (GET /auth/currentCredential "
                          "shows them)")
    assert error.as_result() == {"http_status": 403, "error_class": "Client::Forbidden", "error_code": "NOT_GRANTED_CALL",
                                 "error_message": "This call has not been granted", "error_details": None,
                                 "query_id": "EU.ext-1.abc"}


def test_details_are_quoted_as_json_and_a_missing_query_id_says_none():
    error = OvhApiError("POST", "/x", 400, "Client::BadRequest", None, "Invalid", details={"b": 1, "a": "v"})
    assert str(error) == 'POST /x failed: HTTP 400, Client::BadRequest: Invalid (details: {"a": "v", "b": 1}) [QueryID: none]'


def test_control_characters_of_the_api_never_reach_a_message_raw():
    error = parse_error("GET", "/x", 400, {}, json.dumps({"class": "Client::Bad\rRequest",
                                                          "message": "first line\nFAILED: forged\x1b[31m"}))
    text = str(error)
    assert "\n" not in text and "\r" not in text and "\x1b" not in text
    assert "first line\\nFAILED: forged\\u001b[31m" in text and "Client::Bad\\rRequest" in text
    assert error.message == "first line\nFAILED: forged\x1b[31m"  # the result keeps the API's own text


@pytest.mark.parametrize("sent, status, applied", [
    (False, None, False), (True, None, True), (True, 500, True), (True, 503, True), (True, 200, True),
    (True, 400, False), (True, 404, False), (True, 409, False), (True, 429, False)])
def test_which_failures_may_have_been_carried_out(sent, status, applied):
    assert OvhApiError("POST", "/x", status, sent=sent).may_have_applied is applied


def test_masked_hides_a_secret_in_the_message_the_path_and_the_details():
    secret = "S3cretValue0123456789"
    error = OvhApiError("GET", "/x/" + secret, 400, "Client::BadRequest", None, "bad %s here" % secret,
                        details={"value": secret})
    text = str(error.masked([secret, None, ""]))
    assert secret[:8] not in text and secret[:8] not in json.dumps(error.as_result())


def test_a_non_json_answer_is_a_short_tag_free_excerpt():
    error = parse_error("GET", "/z", 502, {}, "<html><body><h1>Bad Gateway</h1>" + "x" * 5000 + "</body></html>")
    assert "<h1>" not in str(error) and "Bad Gateway" in str(error) and len(str(error)) < 400


def test_a_write_answered_2xx_was_carried_out_a_read_was_not():
    assert OvhApiError("POST", "/x", 200).accepted_write and OvhApiError("DELETE", "/x", 204).accepted_write
    assert not OvhApiError("GET", "/x", 200).accepted_write  # a read changes nothing, whatever it answers
    assert not OvhApiError("POST", "/x", 500).accepted_write  # may have, not for sure: no change claimed
    assert not OvhApiError("POST", "/x", 200, sent=False).accepted_write
    read = OvhApiError("POST", "/kubeconfig", 200)
    read.read_only = True  # a POST that only reads (a kubeconfig, a token, an S3 secret)
    assert not read.accepted_write
