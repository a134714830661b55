"""dns_module: the execution of a record-set plan shared by ovh_dns_record and ovh_dns_records (writes,
one refresh, a refresh owed by an earlier failed task, a failure's changed, replan notes), without HTTP."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.dns import PENDING_REFRESH, Change, PendingRefreshes
from ansible_collections.signet.ovh.plugins.module_utils.dns_module import apply_changes
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError

ZONE = "example.com"
SECRET = "AppSecret-0123456789abcdef"


class Failed(Exception):
    def __init__(self, result):
        super(Failed, self).__init__(result["msg"])
        self.result = result


class FakeModule(object):
    def __init__(self, check_mode=False, refresh=True):
        self.params = {"refresh": refresh}
        self.check_mode = check_mode
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        # What the warnings were when the task failed: the result carries only those.
        result["warnings"] = list(self.warnings)
        raise Failed(result)


class FakeClient(object):
    """Records calls; ``fail`` maps (method, path) to the OvhApiError it raises."""

    base_url = "https://api.example/1.0"

    def __init__(self, fail=None):
        self.calls = []
        self.fail = fail or {}

    def secrets(self):
        return [SECRET]

    def call(self, method, path, **kwargs):
        self.calls.append((method, path))
        if (method, path) in self.fail:
            raise self.fail[(method, path)]
        return None

    def post(self, path, body=None):
        self.call("POST", path)
        return {"id": 7}

    def put(self, path, body=None):
        return self.call("PUT", path)

    def delete(self, path):
        return self.call("DELETE", path)


RECORDS = "/domain/zone/example.com/record"
REFRESH = "/domain/zone/example.com/refresh"


def create(value="192.0.2.7"):
    return Change("POST", "w", "A", body={"fieldType": "A", "subDomain": "w", "target": value, "ttl": 0}, after={"id": None})


def update(record_id=5, value="192.0.2.8"):
    record = {"id": record_id, "target": "192.0.2.1", "ttl": 0}
    return Change("PUT", "w", "A", record=record, body={"target": value}, after=dict(record, target=value))


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return PendingRefreshes()


def test_writes_then_one_refresh():
    module, client = FakeModule(), FakeClient()
    result = apply_changes(module, client, ZONE, [update(), create()])
    assert client.calls == [("PUT", RECORDS + "/5"), ("POST", RECORDS), ("POST", REFRESH)]
    assert result == {"changed": True, "changes": ["update w A id 5: target 192.0.2.8", "create w A 192.0.2.7"]}
    assert module.warnings == []


def test_nothing_to_do_sends_nothing():
    client = FakeClient()
    assert apply_changes(FakeModule(), client, ZONE, []) == {"changed": False, "changes": []}
    assert client.calls == []


def test_check_mode_sends_nothing_and_predicts():
    client = FakeClient()
    result = apply_changes(FakeModule(check_mode=True), client, ZONE, [create()])
    assert client.calls == [] and result == {"changed": True, "changes": ["create w A 192.0.2.7"]}


def test_refresh_false_writes_without_refresh():
    client = FakeClient()
    apply_changes(FakeModule(refresh=False), client, ZONE, [create()])
    assert client.calls == [("POST", RECORDS)]


def test_an_owed_refresh_is_sent_and_reported_as_a_change(cache):
    client = FakeClient()
    cache.mark(client, ZONE)
    result = apply_changes(FakeModule(), client, ZONE, [])
    assert client.calls == [("POST", REFRESH)]
    assert result == {"changed": True, "changes": [PENDING_REFRESH]}
    assert not cache.owed(client, ZONE)
    # With refresh=false the debt is neither paid nor reported.
    cache.mark(client, ZONE)
    assert apply_changes(FakeModule(refresh=False), FakeClient(), ZONE, []) == {"changed": False, "changes": []}


def test_owed_refresh_in_check_mode_is_predicted_not_sent(cache):
    client = FakeClient()
    cache.mark(client, ZONE)
    assert apply_changes(FakeModule(check_mode=True), client, ZONE, [])["changed"]
    assert client.calls == [] and cache.owed(client, ZONE)


def test_a_refused_first_write_fails_unchanged():
    module = FakeModule()
    client = FakeClient(fail={("PUT", RECORDS + "/5"): OvhApiError("PUT", RECORDS + "/5", 400, message="refused")})
    with pytest.raises(Failed) as failed:
        apply_changes(module, client, ZONE, [update(), create()])
    result = failed.value.result
    assert result["changed"] is False and result["http_status"] == 400 and result["applied"] == []
    assert result["not_applied"] == ["update w A id 5: target 192.0.2.8", "create w A 192.0.2.7"]
    assert "Nothing was changed" in result["msg"] and client.calls == [("PUT", RECORDS + "/5")]


def test_a_failure_after_a_write_is_changed_and_refreshes_what_was_applied():
    client = FakeClient(fail={("POST", RECORDS): OvhApiError("POST", RECORDS, 400, message="no %s here" % SECRET)})
    with pytest.raises(Failed) as failed:
        apply_changes(FakeModule(), client, ZONE, [update(), create()])
    result = failed.value.result
    assert result["changed"] is True and result["applied"] == ["update w A id 5: target 192.0.2.8"]
    assert client.calls == [("PUT", RECORDS + "/5"), ("POST", RECORDS), ("POST", REFRESH)]
    assert SECRET not in result["msg"] and SECRET not in str(result["error_message"])  # masked with the client's secrets


def test_a_write_without_answer_may_have_applied():
    client = FakeClient(fail={("PUT", RECORDS + "/5"): OvhApiError("PUT", RECORDS + "/5", None, message="no answer"),
                              ("POST", REFRESH): OvhApiError("POST", REFRESH, 503, message="down")})
    with pytest.raises(Failed) as failed:
        apply_changes(FakeModule(), client, ZONE, [update()])
    # Nothing surely applied nor refreshed, yet the write may have run: changed.
    assert failed.value.result["changed"] is True and failed.value.result["applied"] == []
    assert "zone NOT refreshed" in failed.value.result["msg"]


def test_replan_notes_are_warned_also_on_a_failure():
    stale = OvhApiError("PUT", RECORDS + "/5", 404, message="gone")
    client = FakeClient(fail={("PUT", RECORDS + "/5"): stale, ("POST", RECORDS): OvhApiError("POST", RECORDS, 400, message="no")})
    notes = []

    def replan(change, exc):
        notes.append("planned anew after %s" % exc.status)
        return [create()]

    module = FakeModule()
    with pytest.raises(Failed) as failed:
        apply_changes(module, client, ZONE, [update()], replan=replan, notes=notes)
    assert failed.value.result["warnings"] == ["planned anew after 404"]

    module, client = FakeModule(), FakeClient(fail={("PUT", RECORDS + "/5"): stale})
    del notes[:]
    result = apply_changes(module, client, ZONE, [update()], replan=replan, notes=notes)
    assert module.warnings == ["planned anew after 404"] and result["changes"] == ["create w A 192.0.2.7"]
