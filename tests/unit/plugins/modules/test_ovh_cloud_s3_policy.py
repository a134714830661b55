"""ovh_cloud_s3_policy in-process against the emulator: the policy compared as parsed JSON (key order and
spacing ignored), written only when it differs, check mode, diff, bad input and API errors."""

import json

import pytest

from api_log import write_bodies
from emulator.seed import DEFAULT_SEED

PROJECT = "0123456789abcdef0123456789abcdef"
POLICY = "/cloud/project/%s/user/401001/policy" % PROJECT
MODULE = "ovh_cloud_s3_policy"
SEEDED = json.loads(DEFAULT_SEED["cloudStorage"][0]["policies"]["401001"])


def test_same_policy_in_another_form_is_no_change(logged_run, emulator):
    # The seeded policy as text with other spacing and key order: the same data.
    statement = SEEDED["Statement"][0]
    text = json.dumps({"Statement": [dict(reversed(list(statement.items())))]}, indent=4)
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "policy": text})
    assert (rc, result["changed"], requests) == (0, False, [("GET", POLICY)])
    assert result["policy"] == SEEDED and result["user_id"] == 401001


def test_policy_written_when_it_differs(logged_run, emulator):
    wanted = {"Statement": [{"Sid": "RO", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                             "Resource": ["arn:aws:s3:::demo-backups", "arn:aws:s3:::demo-backups/*"]}]}
    args = {"project": PROJECT, "user_id": 401001, "policy": wanted}
    rc, result, output, requests = logged_run(MODULE, args, "--check", "--diff")
    assert (rc, result["changed"], requests) == (0, True, [("GET", POLICY)])
    assert result["diff"] == {"before": {"policy": SEEDED}, "after": {"policy": wanted}}
    emulator.clear_log()
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, True, [("GET", POLICY), ("POST", POLICY)])
    body = write_bodies(emulator)[0][2]
    assert set(body) == {"policy"} and json.loads(body["policy"]) == wanted
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, False, [("GET", POLICY)])


@pytest.mark.parametrize("held, wanted", [(True, 1), (1, True), (False, 0), (0, False), (1, 1.5)])
def test_a_boolean_and_a_number_are_different_values(logged_run, emulator, held, wanted):
    # As Python data true == 1 and false == 0: the policy is compared as JSON, where they differ.
    def condition(value):
        return {"Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::b"],
                               "Condition": {"NumericLessThanEquals": {"s3:max-keys": value}}}]}
    emulator.state.cloud_storage.policies[(PROJECT, 401001)] = json.dumps(condition(held))
    args = {"project": PROJECT, "user_id": 401001, "policy": condition(wanted)}
    rc, result, output, requests = logged_run(MODULE, args, "--check")
    assert (rc, result["changed"], requests) == (0, True, [("GET", POLICY)]), result
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, True, [("GET", POLICY), ("POST", POLICY)]), result
    assert json.dumps(json.loads(emulator.state.cloud_storage.policies[(PROJECT, 401001)]), sort_keys=True) == json.dumps(
        condition(wanted), sort_keys=True)
    rc, result, output, requests = logged_run(MODULE, args)
    assert (rc, result["changed"], requests) == (0, False, [("GET", POLICY)]), result


def test_bad_input_before_any_request_and_api_errors(logged_run, emulator):
    for args, message in (
            ({"project": PROJECT, "user_id": 401001, "policy": "{not json"}, "policy is not valid JSON"),
            ({"project": PROJECT, "user_id": 401001, "policy": ["s3:GetObject"]}, "policy must be a JSON object"),
            ({"project": "x", "user_id": 401001, "policy": {}}, "project must be"),
            ({"project": PROJECT, "policy": {}}, "one of the following is required: user, user_id")):
        rc, result, output, requests = logged_run(MODULE, args)
        assert rc == 1 and message in result["msg"] and requests == [], (args, result)
    emulator.add_fault(status=500, method="POST", path=POLICY)
    rc, result, output, requests = logged_run(MODULE, {"project": PROJECT, "user_id": 401001, "policy": {"Statement": []}})
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("POST %s failed: HTTP 500" % POLICY) and "[QueryID: EU." in result["msg"]


@pytest.mark.parametrize("user", ["", "a\nb", " backup"])
def test_a_user_description_that_cannot_be_one_is_refused_before_any_request(logged_run, user):
    for module, args in (("ovh_cloud_s3_policy", {"policy": {"Statement": []}}), ("ovh_cloud_s3_credential", {}),
                         ("ovh_cloud_s3_bucket", {"region": "GRA", "name": "by-user",
                                                  "user_policies": [{"user": user, "role": "readOnly"}]})):
        rc, result, output, requests = logged_run(module, dict({"project": PROJECT, "user": user}, **args)
                                                  if module != "ovh_cloud_s3_bucket" else dict({"project": PROJECT}, **args))
        assert rc == 1 and requests == [], (module, result)
        assert "user must be 1 to 255 printable characters" in result["msg"] or "user must not begin" in result["msg"], result
