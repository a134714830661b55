"""ovh_cloud_kube_nodepool in-process: a pool created with its flavor checked and waited for, resized in one PUT,
an autoscaled pool whose size the emulator's autoscaler moved is not fought (a warning when desired_nodes is given),
labels and taints, immutable fields refused or the pool recreated with recreate=true, deletion until gone, check mode
and diff, reruns without a write, bad input before any request, API errors with their QueryID."""

import json

import pytest

from api_log import sent
from tamper import tamper

PROJECT = "0123456789abcdef0123456789abcdef"
DEMO = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
POOLS = "/cloud/project/%s/kube/%s/nodepool" % (PROJECT, DEMO)
DEFAULT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"  # b2-7, 2 nodes in [1, 5], label role=web


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None)
            for entry in emulator.writes()]


def run(modules, args, *options):
    return modules.run("ovh_cloud_kube_nodepool", dict({"project": PROJECT, "cluster": "demo-cluster"}, **args), *options)


def test_create_with_flavor_checked_then_rerun_sends_nothing(modules, emulator):
    args = {"name": "web", "flavor": "b2-15", "desired_nodes": 2, "min_nodes": 1, "max_nodes": 4, "autoscale": True,
            "labels": {"tier": "web"}, "taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]}
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"] is None and result["diff"]["after"]["flavor"] == "b2-15"
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["nodepool"]["status"] == "READY", output
    assert result["nodepool"]["template"]["metadata"]["labels"] == {"tier": "web"}
    assert writes(emulator) == [("POST", POOLS, {
        "name": "web", "flavorName": "b2-15", "desiredNodes": 2, "minNodes": 1, "maxNodes": 4, "autoscale": True,
        "template": {"metadata": {"labels": {"tier": "web"}, "annotations": {}, "finalizers": []},
                     "spec": {"taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}],
                              "unschedulable": False}}})]
    assert ("GET", "/cloud/project/%s/capabilities/kube/flavors?region=GRA11" % PROJECT) in sent(emulator)
    pool_id = result["nodepool"]["id"]
    # The autoscaler grows the pool: the rerun does not bring it back to 2, and says why.
    emulator.state.cloud_kube.autoscale(DEMO, pool_id, 4)
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert result["nodepool"]["desired_nodes"] == 4
    assert any("desired_nodes is not enforced" in warning for warning in result["warnings"])
    # New bounds below the autoscaler's size: the size is brought inside them, nothing more.
    rc, result, output = run(modules, dict(args, max_nodes=3, desired_nodes=None))
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, pool_id), {"maxNodes": 3, "desiredNodes": 3})]


def test_resize_and_labels_in_one_put(modules, emulator):
    args = {"name": "default", "desired_nodes": 3, "labels": {"role": "api"}}
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"]["desired_nodes"] == 2 and result["diff"]["after"]["desired_nodes"] == 3
    assert result["diff"]["after"]["labels"] == {"role": "api"}
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["nodepool"]["status"] == "READY", output
    assert result["nodepool"]["desired_nodes"] == 3
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {
        "desiredNodes": 3, "template": {"metadata": {"labels": {"role": "api"}, "annotations": {}, "finalizers": []},
                                        "spec": {"taints": [], "unschedulable": False}}})]
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert sent(emulator) == [("GET", "/cloud/project/%s/kube" % PROJECT), ("GET", "/cloud/project/%s/kube/%s" % (PROJECT, DEMO)),
                              ("GET", POOLS)]


def test_without_wait_the_next_run_waits_before_its_write(modules, emulator):
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 4, "wait": False})
    assert rc == 0 and result["changed"] and result["nodepool"]["status"] == "UPSCALING", output
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 1, "wait": False})
    assert rc == 0 and result["changed"] and result["nodepool"]["status"] == "DOWNSCALING", output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {"desiredNodes": 1})]
    assert [entry["status"] for entry in emulator.writes()] == [200]


def test_immutable_fields_refused_or_recreated(modules, emulator):
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "monthly_billed": True})
    assert rc == 1 and not result["changed"], output
    assert 'flavor is "b2-7", asked "c2-7"' in result["msg"] and "monthly_billed is" in result["msg"]
    assert "recreate=true" in result["msg"] and emulator.writes() == []
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "recreate": True}, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["after"]["flavor"] == "c2-7"
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "recreate": True})
    assert rc == 0 and result["changed"] and result["nodepool"]["flavor"] == "c2-7", output
    assert result["nodepool"]["id"] != DEFAULT and result["nodepool"]["status"] == "READY"
    # The new pool keeps the old one's sizes and labels (not the API's default of one node, no label).
    assert result["nodepool"]["desired_nodes"] == 2 and result["nodepool"]["template"]["metadata"]["labels"] == {"role": "web"}
    assert writes(emulator) == [("DELETE", "%s/%s" % (POOLS, DEFAULT), None),
                                ("POST", POOLS, {"name": "default", "flavorName": "c2-7", "desiredNodes": 2, "minNodes": 1,
                                                 "maxNodes": 5, "autoscale": False, "antiAffinity": False,
                                                 "monthlyBilled": False,
                                                 "template": {"metadata": {"labels": {"role": "web"}, "annotations": {},
                                                                           "finalizers": []},
                                                              "spec": {"taints": [], "unschedulable": False}}})]


def test_recreate_keeps_sizes_within_the_bounds_given(modules, emulator):
    # The old pool has 2 nodes in [1, 5]: new bounds [3, 4] bring the kept size inside them; labels given replace its.
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "recreate": True, "min_nodes": 3,
                                       "max_nodes": 4, "labels": {}}, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["after"]["desired_nodes"] == 3 and result["diff"]["after"]["labels"] == {}
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "recreate": True, "min_nodes": 3,
                                       "max_nodes": 4, "labels": {}})
    assert rc == 0 and result["changed"], output
    posted = writes(emulator)[-1]
    assert posted[0] == "POST" and [posted[2][key] for key in ("desiredNodes", "minNodes", "maxNodes")] == [3, 3, 4]
    assert posted[2]["template"]["metadata"]["labels"] == {}


@pytest.mark.parametrize("status", [None, "ERROR"])
def test_absent(modules, emulator, status):
    if status:  # deleting it is how a failed pool is cleaned up: not refused because it will never be READY
        failed_pool(emulator, status)
    rc, result, output = run(modules, {"name": "default", "state": "absent"}, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"]["name"] == "default" and result["diff"]["after"] is None
    rc, result, output = run(modules, {"name": "default", "state": "absent"})
    assert rc == 0 and result["changed"] and result["nodepool"] is None, output
    assert writes(emulator) == [("DELETE", "%s/%s" % (POOLS, DEFAULT), None)]
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "default", "state": "absent"})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_absent_rerun_while_the_pool_is_still_deleting(modules, emulator):
    rc, result, output = run(modules, {"name": "default", "state": "absent", "wait": False})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    # Still DELETING: no second DELETE, nothing to report changed, the check run predicts no change either.
    rc, result, output = run(modules, {"name": "default", "state": "absent"}, "--check")
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    # state=present on it: refused with the reason (it would be gone right after an "ok").
    rc, result, output = run(modules, {"name": "default"})
    assert rc == 1 and "node pool default is being deleted" in result["msg"] and emulator.writes() == [], output
    assert result["nodepool"]["status"] == "DELETING"
    rc, result, output = run(modules, {"name": "default", "state": "absent", "wait": False})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    rc, result, output = run(modules, {"name": "default", "state": "absent"})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert ("GET", "%s/%s" % (POOLS, DEFAULT)) in sent(emulator)
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "default", "state": "absent"})
    assert rc == 0 and not result["changed"] and sent(emulator) == LIST_READS, output


def sizes_unknown(*fields, **kwargs):
    """An edit of the node pool list: ``fields`` answered null (or left out, with ``absent=True``)."""
    def edit(pools):
        return [dict((key, value) for key, value in pool.items() if key not in fields) if kwargs.get("absent")
                else dict(pool, **dict((field, None) for field in fields)) for pool in pools]
    return edit


NODEPOOL_LIST = "/cloud/project/{serviceName}/kube/{kubeId}/nodepool"
LIST_READS = [("GET", "/cloud/project/%s/kube" % PROJECT), ("GET", "/cloud/project/%s/kube/%s" % (PROJECT, DEMO)),
              ("GET", POOLS)]


def test_sizes_answered_null_are_unknown(modules, emulator, monkeypatch):
    tamper(monkeypatch, "GET", NODEPOOL_LIST, sizes_unknown("minNodes", "maxNodes", "desiredNodes"))
    # Nothing asked about the sizes: nothing to compare, no write, the nulls shown as they are.
    rc, result, output = run(modules, {"name": "default"}, "--diff")
    assert rc == 0 and not result["changed"] and sent(emulator) == LIST_READS, output
    assert [result["nodepool"][key] for key in ("min_nodes", "max_nodes", "desired_nodes")] == [None, None, None]
    assert result["diff"]["before"]["desired_nodes"] is None
    # A size given for an unknown one is sent; no bound is checked against what is unknown.
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 3}, "--check", "--diff")
    assert rc == 0 and result["changed"] and sent(emulator) == LIST_READS, output
    assert result["diff"]["before"]["desired_nodes"] is None and result["diff"]["after"]["desired_nodes"] == 3
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 3, "min_nodes": 1, "max_nodes": 5})
    assert rc == 0 and result["changed"] and result["nodepool"]["desired_nodes"] == 3, output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {"minNodes": 1, "maxNodes": 5, "desiredNodes": 3})]
    # Autoscaled with an unknown size: not brought inside the bounds (it cannot be), and the warning says unknown.
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "default", "autoscale": True, "desired_nodes": 2})
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {"autoscale": True})]
    assert any("the autoscaler sizes it (now unknown" in warning for warning in result["warnings"])


def test_sizes_left_out_or_partly_known(modules, emulator, monkeypatch):
    # minNodes and maxNodes may be left out (the schema does not require them): the known size is still checked
    # against the bounds the options give.
    tamper(monkeypatch, "GET", NODEPOOL_LIST, sizes_unknown("minNodes", "maxNodes", absent=True))
    rc, result, output = run(modules, {"name": "default", "max_nodes": 1})
    assert rc == 1 and "would have 2 nodes outside min_nodes unknown and max_nodes 1" in result["msg"], output
    assert sent(emulator) == LIST_READS
    rc, result, output = run(modules, {"name": "default", "autoscale": True, "max_nodes": 1})
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {"autoscale": True, "maxNodes": 1, "desiredNodes": 1})]


def test_refusals_after_reads_and_api_errors(modules, emulator):
    for args, message in (({"name": "gpu", "flavor": "t1-45"}, 'flavor "t1-45" is not a Kubernetes flavor available'),
                          ({"name": "new"}, "flavor is required to create node pool new"),
                          ({"name": "default", "min_nodes": 3}, "outside min_nodes 3 and max_nodes 5")):
        rc, result, output = run(modules, args)
        assert rc == 1 and message in result["msg"], output
    rc, result, output = run(modules, {"name": "x", "cluster": "nope"})
    assert rc == 1 and 'cluster "nope": no Kubernetes cluster of that name' in result["msg"], output
    assert emulator.writes() == []
    # An API failure of the write, with its status; nothing changed.
    emulator.add_fault(status=503, count=10, method="PUT")
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 3})
    assert rc == 1 and result["http_status"] == 503 and "HTTP 503" in result["msg"] and not result["changed"], output


@pytest.mark.parametrize("args, message", [
    ({"name": "x", "min_nodes": 3, "max_nodes": 2}, "min_nodes (3) must not be more than max_nodes (2)"),
    ({"name": "x", "desired_nodes": 9, "max_nodes": 5}, "desired_nodes (9) must be within"),
    ({"name": "x", "desired_nodes": -1}, "desired_nodes must be 0 or more"),
    ({"name": "", "flavor": "b2-7"}, "name must be a name"),
    ({"name": "x", "labels": {"a": 1}}, "labels.a must be a string"),
    ({"name": "x", "project": "0123"}, "project must be a Public Cloud project id"),
    ({"name": "x", "wait_timeout": -5}, "wait_timeout must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = run(modules, args)
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_a_delete_answered_404_is_gone(modules, emulator):
    emulator.add_fault(status=404, count=1, method="DELETE", path="*/nodepool/%s" % DEFAULT)
    rc, result, output = run(modules, {"name": "default", "state": "absent", "wait": False})
    assert rc == 0 and result["changed"], output
    assert [(entry["method"], entry["status"]) for entry in emulator.writes()] == [("DELETE", 404)]


def failed_pool(emulator, status="ERROR"):
    """The demo pool left in a failure status (an installation or a resize that went wrong)."""
    pool = emulator.state.cloud_kube.clusters[PROJECT][DEMO].pools[DEFAULT]
    pool.start(status, emulator.state.now())
    pool.task.schedule = [(0, status)]
    return pool


def test_a_pool_in_a_failure_status_is_recreated_when_asked(modules, emulator):
    failed_pool(emulator, "USER_QUOTA_ERROR")
    rc, result, output = run(modules, {"name": "default", "desired_nodes": 3})
    assert rc == 1 and 'node pool default is "USER_QUOTA_ERROR"' in result["msg"] and emulator.writes() == [], output
    rc, result, output = run(modules, {"name": "default", "flavor": "c2-7", "recreate": True})
    assert rc == 0 and result["changed"] and result["nodepool"]["status"] == "READY", output
    assert [(method, path) for method, path, body in writes(emulator)] == [("DELETE", "%s/%s" % (POOLS, DEFAULT)),
                                                                           ("POST", POOLS)]


def test_a_flavor_no_longer_offered(modules, emulator):
    # The pool's flavor left the catalogue (state unavailable): the pool still runs and can be resized with its
    # flavor given as it is; it cannot be created again with it, so a recreate is refused before the DELETE.
    emulator.state.cloud_kube.clusters[PROJECT][DEMO].pools[DEFAULT].fields["flavor"] = "t1-45"
    rc, result, output = run(modules, {"name": "default", "flavor": "t1-45", "desired_nodes": 3})
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {"desiredNodes": 3})]
    emulator.clear_log()
    for options in ("--check", None):
        rc, result, output = run(modules, {"name": "default", "anti_affinity": True, "recreate": True},
                                 *([options] if options else []))
        assert rc == 1 and 'flavor "t1-45" is not a Kubernetes flavor available' in result["msg"], output
        assert not result["changed"] and emulator.writes() == []


@pytest.mark.parametrize("template", ["labels", ["x"], {"metadata": "x"}, {"metadata": {"labels": ["a"]}},
                                      {"spec": {"taints": "x"}}, {"spec": {"taints": ["x"]}}, {"spec": []}])
def test_a_template_of_the_wrong_shape_fails_clearly(modules, emulator, monkeypatch, template):
    def edit(pools):
        return [dict(pool, template=template) for pool in pools]
    tamper(monkeypatch, "GET", NODEPOOL_LIST, edit)
    for args in ({"name": "default", "labels": {"a": "b"}, "taints": []}, {"name": "default", "flavor": "c2-7", "recreate": True}):
        rc, result, output = run(modules, args, "--diff")
        assert rc == 1 and "Traceback" not in output and "template is wrong" in result["msg"], output
        assert emulator.writes() == []


@pytest.mark.parametrize("template", [
    None, {}, {"metadata": None, "spec": None},
    {"metadata": {"labels": {"role": "web"}, "annotations": None, "finalizers": None}, "spec": {"taints": None, "unschedulable": None}},
    {"metadata": {"labels": {"role": "web"}}, "spec": {"taints": [{"key": "k", "effect": "NoSchedule", "value": None}]}},
])
def test_a_template_answered_with_nulls_is_put_whole(modules, emulator, monkeypatch, template):
    # The PUT's template has every field the API requires (none of them may be null), whatever the pool's read left out.
    def edit(pools):
        return [dict(pool, template=template) for pool in pools]
    tamper(monkeypatch, "GET", NODEPOOL_LIST, edit)
    rc, result, output = run(modules, {"name": "default", "labels": {"role": "api"}})
    assert rc == 0 and result["changed"], output
    taints = [{"key": "k", "effect": "NoSchedule", "value": ""}] if template and (template.get("spec") or {}).get("taints") else []
    assert writes(emulator) == [("PUT", "%s/%s" % (POOLS, DEFAULT), {
        "template": {"metadata": {"labels": {"role": "api"}, "annotations": {}, "finalizers": []},
                     "spec": {"taints": taints, "unschedulable": False}}})]


@pytest.mark.parametrize("bounds, desired", [({"min_nodes": 3, "max_nodes": 6, "autoscale": True}, 3), ({"max_nodes": 0}, 0)])
def test_a_new_pool_without_desired_nodes_starts_inside_its_bounds(modules, emulator, bounds, desired):
    # The API's default size (1 node) outside the bounds given would be refused: the pool starts at the nearest bound.
    args = dict({"name": "batch", "flavor": "b2-7"}, **bounds)
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and result["diff"]["after"]["desired_nodes"] == desired, output
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["nodepool"]["desired_nodes"] == desired, output
    assert writes(emulator)[0][2]["desiredNodes"] == desired
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
