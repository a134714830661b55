"""module_utils/cloud.py against the emulator: project ids, regions per product, operations and
resource statuses waited for on the emulator clock."""

import pytest

from api_log import sent
from module_runner import EmulatorTime

from ansible_collections.signet.ovh.plugins.module_utils.cloud import (
    CloudInputError, S3_SERVICES, StatusFailed, check_region, find_user, kube_regions, project_id, region_name,
    regions_running, wait_for_operation, wait_for_status, wait_until_gone)
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TaskFailed, WaitTimeout, task_of_call

PROJECT = "0123456789abcdef0123456789abcdef"


def test_project_id_is_normalized_or_refused():
    assert project_id(" 0123456789ABCDEF0123456789ABCDEF ") == PROJECT
    for bad in ("pn-12345", "0123", PROJECT + "0", None, "0123456789abcdef0123456789abcdeg"):
        with pytest.raises(CloudInputError, match="project must be a Public Cloud project id"):
            project_id(bad)
    with pytest.raises(CloudInputError, match=r'"\\u001b\[31m"'):
        region_name("\x1b[31m")
    # A final line break is not the end of the name (re's $ would allow it).
    with pytest.raises(CloudInputError, match="region must be a region name"):
        region_name("GRA11\n")


def test_regions_per_product_in_three_requests(client, emulator):
    compute = regions_running(client, PROJECT, ("instance",))
    s3 = regions_running(client, PROJECT, S3_SERVICES)
    assert compute == ["BHS5", "GRA11", "SBG5"] and s3 == ["GRA", "SBG"]
    region_list = "/cloud/project/%s/region" % PROJECT
    # The list, then one batch read of every region, per call.
    assert sent(emulator) == [("GET", region_list), ("GET", region_list + "/BHS5,GRA,GRA11,SBG,SBG5")] * 2
    assert kube_regions(client, PROJECT) == ["BHS5", "GRA11", "SBG5"]
    assert check_region("gra11", compute, "instances") == "GRA11"
    with pytest.raises(CloudInputError) as refused:
        check_region("GRA", compute, "private networks")
    assert str(refused.value) == ('region "GRA" is not a region where the project runs private networks; '
                                  "its regions for it: BHS5, GRA11, SBG5")


def _operation(emulator, outcome="completed", seconds=(1, 3)):
    project = emulator.state.cloud.projects[PROJECT]
    with emulator.state.lock:
        return project.new_operation("kube#create", ["GRA11"], "some-id", outcome=outcome, seconds=seconds).op_id


def test_operation_is_followed_until_completed_on_the_emulator_clock(client, emulator):
    emulator.clock_frozen = True
    op_id = _operation(emulator)
    time = EmulatorTime(emulator)
    done = wait_for_operation(client, PROJECT, {"id": op_id, "action": "kube#create", "status": "created"}, 60,
                              sleep=time.sleep, clock=time.clock)
    assert done["status"] == "completed" and done["progress"] == 100 and done["completedAt"]
    assert time.sleeps == [1.0, 2.0, 4.0]
    assert sent(emulator) == [("GET", "/cloud/project/%s/operation/%s" % (PROJECT, op_id))] * 4


def test_operation_in_error_and_timeout_name_the_status(client, emulator):
    emulator.clock_frozen = True
    time = EmulatorTime(emulator)
    with pytest.raises(TaskFailed) as failed:
        wait_for_operation(client, PROJECT, _operation(emulator, outcome="in-error"), 60, sleep=time.sleep, clock=time.clock)
    assert 'ended in-error: "kube#create"' in str(failed.value)
    with pytest.raises(WaitTimeout) as late:
        wait_for_operation(client, PROJECT, _operation(emulator, seconds=(1, 3600)), 20, sleep=time.sleep, clock=time.clock)
    assert late.value.status == "in-progress" and "status: in-progress" in str(late.value)


def test_an_operation_is_a_task_of_ovh_api_call_but_a_cluster_is_not():
    path = "/cloud/project/%s/kube" % PROJECT
    operation = {"id": "0c10d000-0000-0000-0000-000000000001", "action": "kube#create", "status": "created"}
    kind, service, task_id = task_of_call(path, operation)
    assert (kind.product, service, task_id) == ("Public Cloud", PROJECT, operation["id"])
    assert task_of_call(path, {"id": "a-cluster", "status": "INSTALLING", "name": "k"}) is None


class Resource(object):
    """A client whose reads of one path answer from a list, then 404 when it runs out."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.reads = 0

    def get(self, path, query=None, shape=None):
        self.reads += 1
        if not self.answers:
            from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
            raise OvhApiError("GET", path, 404, message="gone")
        return self.answers.pop(0)

    def get_or_none(self, path, query=None, shape=None):
        from ansible_collections.signet.ovh.plugins.module_utils.client import OvhClient
        return OvhClient.get_or_none(self, path, query, shape)


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def sleep(self, seconds):
        self.now += seconds

    def clock(self):
        return self.now


def test_status_wait_ready_failed_unknown_and_late():
    clock = Clock()
    states = dict(ready=("READY",), pending=("INSTALLING", "UPDATING"), failed=("ERROR",), sleep=clock.sleep, clock=clock.clock)
    client = Resource([{"status": "INSTALLING"}, {"status": "UPDATING"}, {"status": "READY", "id": "k"}])
    assert wait_for_status(client, "/k", "cluster k", timeout=60, **states)["id"] == "k" and client.reads == 3
    with pytest.raises(StatusFailed, match='cluster k is "ERROR"'):
        wait_for_status(Resource([{"status": "INSTALLING"}, {"status": "ERROR"}]), "/k", "cluster k", **states)
    with pytest.raises(StatusFailed, match='cluster k is "SUSPENDED"'):  # unknown: never waited on
        wait_for_status(Resource([{"status": "SUSPENDED"}]), "/k", "cluster k", **states)
    with pytest.raises(WaitTimeout) as late:
        wait_for_status(Resource([{"status": "INSTALLING"}] * 50), "/k", "cluster k", timeout=30, **states)
    assert late.value.status == "INSTALLING" and "status: INSTALLING" in str(late.value)


def test_gone_wait_ends_on_404_and_times_out_with_the_last_status():
    clock = Clock()
    client = Resource([{"status": "DELETING"}, {"status": "DELETING"}])
    wait_until_gone(client, "/k", "cluster k", timeout=60, sleep=clock.sleep, clock=clock.clock)
    assert client.reads == 3
    with pytest.raises(WaitTimeout) as late:
        wait_until_gone(Resource([{"status": "DELETING"}] * 50), "/k", "cluster k", timeout=20, sleep=clock.sleep,
                        clock=clock.clock)
    assert late.value.status == "DELETING"
    # A deletion that reaches a failure status fails with it at once, not at the end of the timeout.
    client = Resource([{"status": "READY"}, {"status": "DELETING"}, {"status": "ERROR"}] + [{"status": "ERROR"}] * 50)
    start = clock.now
    with pytest.raises(StatusFailed, match='the deletion of cluster k is "ERROR"'):
        wait_until_gone(client, "/k", "the deletion of cluster k", timeout=3600, failed=("ERROR",), sleep=clock.sleep,
                        clock=clock.clock)
    assert client.reads == 3 and clock.now - start < 60
    # A status that says gone (DELETED) ends the wait like a 404.
    client = Resource([{"status": "DELETING"}, {"status": "DELETED"}] + [{"status": "DELETED"}] * 50)
    wait_until_gone(client, "/k", "cluster k", timeout=3600, failed=("ERROR",), gone=("DELETED",), sleep=clock.sleep,
                    clock=clock.clock)
    assert client.reads == 2


def test_find_user_by_description_in_one_request(client, emulator):
    users = "/cloud/project/%s/user" % PROJECT
    assert find_user(client, PROJECT, "backup")["id"] == 401001
    assert find_user(client, PROJECT, "nobody") is None
    assert sent(emulator) == [("GET", users)] * 2
    with emulator.state.lock:
        emulator.state.cloud.projects[PROJECT].add_user({"description": "backup"})
        emulator.state.cloud.projects[PROJECT].add_user({"description": "gone", "status": "deleted"})
    with pytest.raises(CloudInputError) as twice:
        find_user(client, PROJECT, "backup", option="description")
    assert str(twice.value) == ('description "backup" matches 2 users of the project (ids 401001, 401002): '
                                "give each user its own description")
    assert find_user(client, PROJECT, "gone") is None  # a deleted user is no longer the description's


def test_answers_holding_a_secret_never_quoted_when_unusable(tmp_path):
    """A password, an S3 secret, a kubeconfig or an openrc file in an answer the collection cannot use (a key
    missing, a bare string, not JSON): the error says what is wrong, never the answer's text."""
    import pytest as _pytest
    from hostile import TIME, HostileServer, client_for
    from ansible_collections.signet.ovh.plugins.module_utils import cloud_storage, cloud_users
    from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
    from ansible_collections.signet.ovh.plugins.module_utils.kube import KUBECONFIG, kube_path
    from ansible_collections.signet.ovh.plugins.module_utils.cloud import secret_call
    project = "0123456789abcdef0123456789abcdef"
    secret = "Vb2pXk9Rq4TzM7cN1sYw3LdF6gHj8KaE"
    base = "/cloud/project/%s" % project
    answers = dict([
        TIME,
        ("POST %s/user" % base, (200, {"id": 7, "password": secret, "description": "d"}, "application/json")),
        ("POST %s/user/7/regeneratePassword" % base, (200, secret, "application/json")),
        ("POST %s/user/7/s3Credentials/AK/secret" % base, (200, {"Secret": secret}, "application/json")),
        ("GET %s/user/7/openrc" % base, (200, b"export OS_PASSWORD=" + secret.encode(), "text/plain")),
        ("POST %s/kube/k1/kubeconfig" % base,
         (200, b"apiVersion: v1\nusers:\n- user: {token: " + secret.encode() + b"}", "application/yaml")),
    ])
    with HostileServer(answers) as server:
        client = client_for(server, tmp_path)
        calls = (
            lambda: cloud_users.create_user(client, project, "d", None),
            lambda: cloud_users.regenerate_password(client, project, 7),
            lambda: cloud_storage.read_secret(client, project, 7, "AK"),
            lambda: cloud_users.file_content(client, project, 7, "openrc", {"region": "GRA11", "version": "v3"}),
            lambda: secret_call(client, "POST", kube_path(project, "k1", "kubeconfig"), KUBECONFIG, "a kubeconfig"),
        )
        for call in calls:
            with _pytest.raises(OvhApiError) as caught:
                call()
            text = str(caught.value)
            assert secret[:8] not in text and secret[-8:] not in text, text
            assert "its text is not shown" in text and "HTTP 200" in text, text
