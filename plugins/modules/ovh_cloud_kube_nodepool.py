#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_kube_nodepool
short_description: Create, resize, change or delete a node pool of an OVHcloud Managed Kubernetes cluster
version_added: 0.1.0
description:
  - A node pool (C(/cloud/project/{serviceName}/kube/{kubeId}/nodepool)) of the cluster named O(cluster), found by its
    O(name) (the API makes its id up).
  - V(present) creates the pool when there is none of that name (C(POST …/nodepool)), its O(flavor) checked first
    against the flavors available in the cluster's region (C(GET …/capabilities/kube/flavors)); otherwise it sends one
    C(PUT …/nodepool/{nodePoolId}) with what differs among the sizes, O(autoscale) and the nodes' labels,
    annotations and taints. An option left unset is left as it is. V(absent) deletes the pool.
  - With autoscaling on, the cluster autoscaler moves the pool's desired size within [O(min_nodes), O(max_nodes)]; the
    task never sets O(desired_nodes) then (a warning says so when it is given; it is only the initial size of a new
    pool), except to bring it inside new bounds.
  - O(flavor), O(anti_affinity) and O(monthly_billed) cannot change once the pool exists. A pool that differs in one of
    them is refused with the reason, before any write; with O(recreate=true) it is deleted (waited for until gone)
    and created again, which replaces every node; the new pool keeps the old one's sizes, autoscaling, labels,
    annotations and taints for each option left unset. Its flavor (given, or the old pool's) is checked against the
    region's before the deletion; an existing pool whose flavor is no longer offered is otherwise left with it.
  - The API refuses a write on a pool or a cluster that is not C(READY); the task waits for both before its write,
    whatever O(wait) says; O(wait) decides whether it waits for the pool to be C(READY) (or gone) after it. A
    deletion that reaches a failure status (C(ERROR)...) fails the wait at once with that status. A pool already in a
    failure status is deleted (V(absent), or O(recreate=true)) without waiting for a C(READY) it will not reach; any
    other change of it fails with its status.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the cluster, the pool and the flavors and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the pool's flavor, sizes, autoscaling, billing, anti-affinity, labels, annotations and taints.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  cluster:
    description:
      - The name of the cluster (see M(signet.ovh.ovh_cloud_kube)).
    type: str
    required: true
  name:
    description:
      - The node pool's name, its stable identifier in the cluster.
    type: str
    required: true
  state:
    description:
      - V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  flavor:
    description:
      - The nodes' flavor, for example V(b2-7); required to create a pool. Set at creation (see O(recreate)).
    type: str
  desired_nodes:
    description:
      - The number of nodes. Not enforced while autoscaling is on (the initial size of a new pool only).
      - Unset for a new pool, the API's default of one node, or the nearest of O(min_nodes) and O(max_nodes) when one
        node is outside them.
    type: int
  min_nodes:
    description:
      - The lowest number of nodes the autoscaler may leave.
    type: int
  max_nodes:
    description:
      - The highest number of nodes the autoscaler may reach.
    type: int
  autoscale:
    description:
      - Whether the cluster autoscaler sizes the pool.
    type: bool
  anti_affinity:
    description:
      - Whether the nodes are spread over different hypervisors (at most 5 nodes). Set at creation.
    type: bool
  monthly_billed:
    description:
      - Whether the nodes are billed monthly. Set at creation.
    type: bool
  labels:
    description:
      - The Kubernetes labels of every node (the whole set; V({}) removes them).
    type: dict
  annotations:
    description:
      - The Kubernetes annotations of every node (the whole set).
    type: dict
  taints:
    description:
      - The taints of every node (the whole list, compared without order).
    type: list
    elements: dict
    suboptions:
      key:
        description: The taint's key.
        type: str
        required: true
      value:
        description: The taint's value.
        type: str
      effect:
        description: What the taint does to pods that do not tolerate it.
        type: str
        required: true
        choices: [NoExecute, NoSchedule, PreferNoSchedule]
  recreate:
    description:
      - Delete and create the pool again when O(flavor), O(anti_affinity) or O(monthly_billed) differ (every node is
        replaced). Without it such a difference fails the task before any write. What the options leave unset is
        taken from the old pool.
    type: bool
    default: false
  wait_timeout:
    default: 1800
'''

EXAMPLES = r'''
- name: An autoscaled pool of b2-7 nodes for the web tier
  signet.ovh.ovh_cloud_kube_nodepool:
    project: 0123456789abcdef0123456789abcdef
    cluster: demo-cluster
    name: web
    flavor: b2-7
    desired_nodes: 2
    min_nodes: 1
    max_nodes: 6
    autoscale: true
    labels:
      tier: web
    taints:
      - key: dedicated
        value: web
        effect: NoSchedule

- name: Three nodes in the default pool
  signet.ovh.ovh_cloud_kube_nodepool:
    project: 0123456789abcdef0123456789abcdef
    cluster: demo-cluster
    name: default
    desired_nodes: 3
'''

RETURN = r'''
nodepool:
  description: The node pool after the task (API C(cloud.kube.NodePool) in snake_case, labels and annotations as
    given); V(null) when absent.
  returned: success
  type: dict
  sample: {"id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "name": "default", "flavor": "b2-7", "desired_nodes": 3,
           "min_nodes": 1, "max_nodes": 5, "autoscale": false, "status": "READY",
           "template": {"metadata": {"labels": {"role": "web"}, "annotations": {}, "finalizers": []},
                        "spec": {"taints": [], "unschedulable": false}}}
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import project_id, wait_for_status, wait_until_gone
from ansible_collections.signet.ovh.plugins.module_utils.kube import (
    CLUSTER, CLUSTER_PENDING, POOL, POOL_FAILED, POOL_PENDING, READY, KubeInputError, check_flavor, check_name, delete_gone, describe_changes,
    find_pool, flavor_names, kube_path, merged_template, pool_count, pool_immutable_changes, pool_template, require_cluster,
    template_differs)
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.naming import KEEP, snake_keys

_KEEP = KEEP + ("labels", "annotations")  # user-named maps keep their keys
_COUNTS = (("desired_nodes", "desiredNodes"), ("min_nodes", "minNodes"), ("max_nodes", "maxNodes"))
_API_DEFAULT_SIZE = 1  # cloud.ProjectKubeNodePoolCreation.desiredNodes: "1 by default"


def check_options(params):
    project = project_id(params["project"])
    check_name(params["cluster"], "cluster")
    check_name(params["name"])
    for option, dummy in _COUNTS:
        if params[option] is not None and params[option] < 0:
            raise KubeInputError("%s must be 0 or more, got %d" % (option, params[option]))
    low, high = params["min_nodes"], params["max_nodes"]
    if low is not None and high is not None and low > high:
        raise KubeInputError("min_nodes (%d) must not be more than max_nodes (%d)" % (low, high))
    desired = params["desired_nodes"]
    if desired is not None and ((low is not None and desired < low) or (high is not None and desired > high)):
        raise KubeInputError("desired_nodes (%d) must be within min_nodes and max_nodes" % desired)
    for option in ("labels", "annotations"):
        for key, value in (params[option] or {}).items():
            if not isinstance(value, str):
                raise KubeInputError("%s.%s must be a string" % (option, key))
    return project


def view(pool):
    if pool is None:
        return None
    template = pool.get("template") or {}
    return {"name": pool.get("name"), "flavor": pool.get("flavor"), "desired_nodes": pool_count(pool, "desiredNodes"),
            "min_nodes": pool_count(pool, "minNodes"), "max_nodes": pool_count(pool, "maxNodes"),
            "autoscale": pool.get("autoscale"),
            "anti_affinity": pool.get("antiAffinity"), "monthly_billed": pool.get("monthlyBilled"),
            "labels": (template.get("metadata") or {}).get("labels") or {},
            "annotations": (template.get("metadata") or {}).get("annotations") or {},
            "taints": (template.get("spec") or {}).get("taints") or []}


def creation_body(params):
    body = {"name": params["name"], "flavorName": params["flavor"]}
    for option, field in _COUNTS + (("autoscale", "autoscale"), ("anti_affinity", "antiAffinity"),
                                    ("monthly_billed", "monthlyBilled")):
        if params[option] is not None:
            body[field] = params[option]
    start = _within(_API_DEFAULT_SIZE, params["min_nodes"], params["max_nodes"])
    if params["desired_nodes"] is None and start != _API_DEFAULT_SIZE:
        body["desiredNodes"] = start  # the API's default size outside the bounds given is refused: the nearest bound
    template = pool_template(params)
    if template is not None:
        body["template"] = template
    return body


def update_body(module, pool):
    """The PUT body with what differs, or {}; the autoscaler's desired size is left alone. A size the API
    answers null (or leaves out) is unknown: an option given for it is sent, and no bound is checked against it."""
    params = module.params
    body = {}
    autoscale = pool.get("autoscale") if params["autoscale"] is None else params["autoscale"]
    if params["autoscale"] is not None and params["autoscale"] != pool.get("autoscale"):
        body["autoscale"] = params["autoscale"]
    have_low, have_high, desired = (pool_count(pool, field) for field in ("minNodes", "maxNodes", "desiredNodes"))
    low = have_low if params["min_nodes"] is None else params["min_nodes"]
    high = have_high if params["max_nodes"] is None else params["max_nodes"]
    if low != have_low:
        body["minNodes"] = low
    if high != have_high:
        body["maxNodes"] = high
    if autoscale:
        if params["desired_nodes"] is not None:
            module.warn("desired_nodes is not enforced on node pool %s: the autoscaler sizes it (now %s, within "
                        "min_nodes and max_nodes)" % (params["name"], "unknown" if desired is None else "%d nodes" % desired))
        wanted = desired if desired is None else _within(desired, low, high)  # only to bring it inside new bounds
    else:
        wanted = desired if params["desired_nodes"] is None else params["desired_nodes"]
    if wanted != desired:
        body["desiredNodes"] = wanted
    if wanted is not None and ((low is not None and wanted < low) or (high is not None and wanted > high)):
        raise KubeInputError("node pool %s would have %d nodes outside min_nodes %s and max_nodes %s: give desired_nodes "
                             "or bounds around it" % (params["name"], wanted, _shown(low), _shown(high)))
    if low is not None and high is not None and low > high:
        raise KubeInputError("node pool %s would have min_nodes %d above max_nodes %d" % (params["name"], low, high))
    if template_differs(pool, params):
        body["template"] = merged_template(pool, params)
    return body


def carried_over(pool, params):
    """The options of the pool that replaces ``pool``: those given, and for each one left unset what the old
    pool has (its sizes, autoscaling, labels, annotations and taints), so that a new flavor does not also
    shrink the pool to the API's default size or drop its template."""
    kept = dict(params, flavor=params["flavor"] or pool.get("flavor"))
    given = dict((option, params[option]) for option, dummy in _COUNTS)
    for option, field in _COUNTS:
        if kept[option] is None:
            kept[option] = pool_count(pool, field)
    # A size kept from the old pool yields to the sizes given (the API refuses a size outside its bounds).
    low, high, desired = kept["min_nodes"], kept["max_nodes"], kept["desired_nodes"]
    if given["desired_nodes"] is None and desired is not None:
        kept["desired_nodes"] = desired = _within(desired, low, high)
    if desired is not None:
        if given["min_nodes"] is None and low is not None and low > desired:
            kept["min_nodes"] = desired
        if given["max_nodes"] is None and high is not None and high < desired:
            kept["max_nodes"] = desired
    for option, field in (("autoscale", "autoscale"), ("anti_affinity", "antiAffinity"), ("monthly_billed", "monthlyBilled")):
        if kept[option] is None and isinstance(pool.get(field), bool):
            kept[option] = pool[field]
    template = pool.get("template") or {}
    metadata = template.get("metadata") or {}
    spec = template.get("spec") or {}
    for option, have in (("labels", metadata.get("labels")), ("annotations", metadata.get("annotations"))):
        if kept[option] is None and isinstance(have, dict) and have:
            kept[option] = dict(have)
    if kept["taints"] is None and isinstance(spec.get("taints"), list) and spec["taints"]:
        kept["taints"] = [dict(key=taint.get("key"), value=taint.get("value"), effect=taint.get("effect"))
                          for taint in spec["taints"] if isinstance(taint, dict)]
    return kept


def _within(count, low, high):
    """``count`` brought inside the bounds that are known."""
    if low is not None:
        count = max(count, low)
    if high is not None:
        count = min(count, high)
    return count


def _shown(count):
    return "unknown" if count is None else "%d" % count


class Run(object):
    def __init__(self, module, client, project, cluster, result):
        self.module = module
        self.client = client
        self.project = project
        self.cluster = cluster
        self.result = result
        self.params = module.params
        self.pools = kube_path(project, cluster["id"], "nodepool")

    def wait_pool(self, pool_id):
        return wait_for_status(self.client, "%s/%s" % (self.pools, pool_id), "node pool %s" % self.params["name"], READY,
                               POOL_PENDING, timeout=self.params["wait_timeout"], shape=POOL)

    def ready(self, pool=None, deleting=False):
        """Before a write: the cluster and the pool READY (the API refuses a write otherwise). Before a deletion,
        a pool in a failure status (ERROR...) is not waited for: it will never be READY, and deleting it is how
        it is cleaned up; only what is still moving is waited for."""
        if self.cluster["status"] not in READY:
            self.cluster = wait_for_status(self.client, kube_path(self.project, self.cluster["id"]),
                                           "cluster %s" % self.params["cluster"], READY, CLUSTER_PENDING,
                                           timeout=self.params["wait_timeout"], shape=CLUSTER)
        if pool is not None and pool["status"] not in READY and (not deleting or pool["status"] in POOL_PENDING):
            self.wait_pool(pool["id"])

    def check_flavor(self, flavor):
        """A flavor a new pool can have (an existing pool keeps its own, even one no longer offered)."""
        check_flavor(flavor, flavor_names(self.client, self.project, self.cluster["region"]))

    def create(self):
        pool = self.client.post(self.pools, creation_body(self.params), shape=POOL)
        self.result["changed"] = True
        return self.wait_pool(pool["id"]) if self.params["wait"] else pool

    def delete(self, pool, wait):
        delete_gone(self.client, "%s/%s" % (self.pools, pool["id"]))
        self.result["changed"] = True
        if wait:
            self.wait_gone(pool)

    def wait_gone(self, pool):
        # The failure status the pool had before its DELETE (if any) may still be answered for a moment: only a
        # failure status it reaches is the deletion's.
        failed = tuple(status for status in POOL_FAILED if status != pool.get("status"))
        wait_until_gone(self.client, "%s/%s" % (self.pools, pool["id"]), "the deletion of node pool %s"
                        % self.params["name"], timeout=self.params["wait_timeout"], failed=failed, gone=("DELETED",))


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            cluster=dict(type="str", required=True),
            name=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            flavor=dict(type="str"),
            desired_nodes=dict(type="int"),
            min_nodes=dict(type="int"),
            max_nodes=dict(type="int"),
            autoscale=dict(type="bool"),
            anti_affinity=dict(type="bool"),
            monthly_billed=dict(type="bool"),
            labels=dict(type="dict"),
            annotations=dict(type="dict"),
            taints=dict(type="list", elements="dict", options=dict(
                key=dict(type="str", required=True, no_log=False), value=dict(type="str"),
                effect=dict(type="str", required=True, choices=["NoExecute", "NoSchedule", "PreferNoSchedule"]))),
            recreate=dict(type="bool", default=False),
            **wait_options(wait=True, timeout=1800)
        ),
        supports_check_mode=True,
    )
    params = module.params
    project = check_input(module, check_options, params)
    check_wait_options(module)
    result = dict(changed=False, nodepool=None)
    with ovh_session(module, result, last_read="nodepool",
                     what_goes_on="it goes on: run the task again to wait more (nothing is started twice)") as client:
        cluster = require_cluster(client, project, params["cluster"])
        run = Run(module, client, project, cluster, result)
        pool = find_pool(client, project, cluster["id"], params["name"])
        if params["state"] == "absent":
            with_diff(module, result, view(pool), None)
            if pool is not None and pool["status"] == "DELETING":  # a run without wait deleted it: not again
                if not module.check_mode and params["wait"]:
                    run.wait_gone(pool)
            elif pool is not None:
                result["changed"] = module.check_mode
                if not module.check_mode:
                    run.ready(pool, deleting=True)
                    run.delete(pool, params["wait"])
            module.exit_json(**result)
        if pool is None:
            if params["flavor"] is None:
                raise KubeInputError("flavor is required to create node pool %s (none of that name in cluster %s)"
                                     % (params["name"], params["cluster"]))
            run.check_flavor(params["flavor"])
            present_new(run)
        elif pool["status"] == "DELETING":  # nothing can change it, and it is about to go
            result["nodepool"] = snake_keys(pool, _KEEP)
            module.fail_json(msg="node pool %s is being deleted: run the task again once it is gone to create it anew"
                             % params["name"], **result)
        else:
            present_existing(run, pool)
    module.exit_json(**result)


def present_new(run):
    module, result = run.module, run.result
    after = view(dict(creation_body(run.params), flavor=run.params["flavor"], template=pool_template(run.params)))
    with_diff(module, result, None, after)
    if module.check_mode:
        result["changed"] = True
        return
    run.ready()
    result["nodepool"] = snake_keys(run.create(), _KEEP)


def present_existing(run, pool):
    module, params, result = run.module, run.params, run.result
    changes = pool_immutable_changes(pool, params)
    if changes and not params["recreate"]:
        raise KubeInputError("node pool %s cannot change what is set at its creation: %s; set recreate=true to replace "
                             "it (every node is replaced)" % (params["name"], describe_changes(changes)))
    if changes:
        kept = carried_over(pool, params)
        run.check_flavor(kept["flavor"])  # the new pool's (given or the old one's): before the DELETE
        wanted = dict(creation_body(kept))
        after = view(dict(wanted, flavor=wanted["flavorName"], template=pool_template(kept)))
        with_diff(module, result, view(pool), after)
        result["changed"] = module.check_mode
        if not module.check_mode:
            run.ready(pool, deleting=True)
            run.delete(pool, wait=True)  # a name is taken until its pool is gone
            run.params = kept
            result["nodepool"] = snake_keys(run.create(), _KEEP)
        return
    body = update_body(module, pool)
    after = dict(view(pool))
    after.update(view(dict(pool, **dict((key, value) for key, value in body.items() if key != "template"),
                           template=body.get("template", pool.get("template")))))
    with_diff(module, result, view(pool), after)
    result["nodepool"] = snake_keys(pool, _KEEP)
    if not body:
        if not module.check_mode and params["wait"] and pool["status"] in POOL_PENDING:
            result["nodepool"] = snake_keys(run.wait_pool(pool["id"]), _KEEP)
        return
    if module.check_mode:
        result["changed"] = True
        return
    run.ready(pool)
    run.client.put("%s/%s" % (run.pools, pool["id"]), body)
    result["changed"] = True
    after = run.wait_pool(pool["id"]) if params["wait"] else run.client.get("%s/%s" % (run.pools, pool["id"]), shape=POOL)
    result["nodepool"] = snake_keys(after, _KEEP)


if __name__ == "__main__":
    main()
