#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_kube
short_description: Create, change, upgrade or delete an OVHcloud Managed Kubernetes cluster
version_added: 0.1.0
description:
  - A cluster of a Public Cloud project (C(/cloud/project/{serviceName}/kube)), found by its O(name); the API makes
    the id up, so the name is the cluster's stable identifier and two clusters of one name in the project are an error.
  - V(present) creates the cluster when there is none of that name (C(POST …/kube)), then brings the update policy
    (C(PUT …/updatePolicy)), the customization (C(PUT …/customization)), the IP restrictions of the API server
    (C(PUT …/ipRestrictions)) and the OpenID Connect provider (C(POST), C(PUT) or C(DELETE …/openIdConnect)) to the
    options given; an option left unset is left as it is. V(absent) deletes it (C(DELETE …/kube/{kubeId})); with
    O(wait=true) it waits until the API answers 404, and a deletion that reaches a failure status fails at once with it.
  - The API refuses a write while the cluster is not C(READY) (it is C(INSTALLING) after its creation, C(UPDATING)
    during an upgrade, C(REDEPLOYING) after a customization or OIDC change). The task waits for C(READY) before its
    first write and between two writes, whatever O(wait) says; O(wait) decides whether it waits after the last one.
    A cluster in a failure status (C(ERROR), C(USER_ERROR)...) fails the task with that status.
  - The version is upgraded only with O(upgrade=true) (C(POST …/update) with the C(NEXT_MINOR) strategy, once per minor
    version, waiting for each); without it, a cluster older than O(version) gives a warning and nothing is sent. A
    downgrade is refused, and so is an upgrade whose next minor version the API does not offer the cluster
    (C(nextUpgradeVersions)), before any write. The API does not upgrade a cluster whose update policy is C(NEVER_UPDATE); the task sets
    C(MINIMAL_DOWNTIME) for the upgrade, waits for it and puts C(NEVER_UPDATE) back (whatever O(wait) says), also when
    the upgrade fails (when the API refuses that too, a warning names the policy the cluster is left with).
  - The region, O(kube_proxy_mode), the private network and its subnets are set when the cluster is created; a cluster
    that differs in one of them is refused with the reason, before any write (delete and recreate it to change them).
    O(private_network_configuration) is changed in place (C(PUT …/privateNetworkConfiguration), the cluster redeploys).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the cluster and predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the cluster's name, region, version, update policy, kube-proxy mode, private network, customization,
      IP restrictions and OpenID Connect provider before and after.
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  name:
    description:
      - The cluster's name, its stable identifier in the project.
    type: str
    required: true
  state:
    description:
      - V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  region:
    description:
      - The region of the cluster (one of C(GET …/capabilities/kube/regions), for example V(GRA11)). Required to create
        one; checked against the cluster's when given.
    type: str
  version:
    description:
      - The Kubernetes minor version, for example V(1.29). At creation the API's default when unset. On an existing
        cluster, see O(upgrade); it is compared with the minor version the cluster runs (the API reports the patch
        too, V(1.29.4)).
    type: str
  upgrade:
    description:
      - Upgrade an existing cluster older than O(version) (one minor version at a time).
    type: bool
    default: false
  update_policy:
    description:
      - How OVHcloud applies patch versions to the cluster.
    type: str
    choices: [ALWAYS_UPDATE, MINIMAL_DOWNTIME, NEVER_UPDATE]
  kube_proxy_mode:
    description:
      - The kube-proxy mode, set at creation.
    type: str
    choices: [iptables, ipvs]
  customization:
    description:
      - The API server's admission plugins and kube-proxy's settings (C(cloud.ProjectKubeCustomization)). Compared with
        the cluster's field by field. What is left unset (a part, a plugin list, a kube-proxy mode or setting) is left
        as it is, and a setting the API fills in with its default is not compared unless given.
    type: dict
    suboptions:
      admission_plugins:
        description:
          - The admission plugins enabled and disabled.
        type: dict
        suboptions:
          enabled:
            description: Plugins enabled.
            type: list
            elements: str
            choices: [AlwaysPullImages, NodeRestriction]
          disabled:
            description: Plugins disabled.
            type: list
            elements: str
            choices: [AlwaysPullImages, NodeRestriction]
      kube_proxy:
        description:
          - kube-proxy's settings for the mode of O(kube_proxy_mode); durations in RFC 3339 form (V(PT30S)).
        type: dict
        suboptions:
          iptables:
            description: Settings of the iptables mode.
            type: dict
            suboptions:
              min_sync_period:
                description: The shortest period between two refreshes of the rules.
                type: str
              sync_period:
                description: The period of the refreshes of the rules.
                type: str
          ipvs:
            description: Settings of the ipvs mode.
            type: dict
            suboptions:
              min_sync_period:
                description: The shortest period between two refreshes of the rules.
                type: str
              sync_period:
                description: The period of the refreshes of the rules.
                type: str
              scheduler:
                description: The ipvs scheduler.
                type: str
                choices: [dh, lc, nq, rr, sed, sh]
              tcp_fin_timeout:
                description: Timeout of TCP sessions after a FIN.
                type: str
              tcp_timeout:
                description: Timeout of idle TCP sessions.
                type: str
              udp_timeout:
                description: Timeout of UDP packets.
                type: str
  private_network_id:
    description:
      - The OpenStack id (a UUID) of the private network in the cluster's region, set at creation. This is the network's
        C(regions[].openstackId), not its C(pn-…) id, which is refused.
    type: str
  private_network_configuration:
    description:
      - The routing of the nodes through the private network (O(private_network_id)), changed in place; unset, it is
        left as it is.
    type: dict
    suboptions:
      default_vrack_gateway:
        description: The address in the private network all egress traffic is routed to (none when unset).
        type: str
      private_network_routing_as_default:
        description: Whether the nodes' private interface is their default route.
        type: bool
        default: false
  nodes_subnet_id:
    description:
      - The OpenStack id of the subnet the nodes use, set at creation (with O(private_network_id)).
    type: str
  load_balancers_subnet_id:
    description:
      - The OpenStack id of the subnet the load balancers use, set at creation (with O(private_network_id)).
    type: str
  ip_restrictions:
    description:
      - The addresses and blocks allowed to reach the API server, compared as a set of networks (V([]) lets every
        address in). Unset, the restrictions are left as they are.
    type: list
    elements: str
  oidc:
    description:
      - The OpenID Connect provider of the API server. V({}) removes it; unset, it is left as it is.
      - Only the fields given are compared with the provider's (a field left out keeps its value).
    type: dict
    suboptions:
      issuer_url:
        description: The issuer's URL (required unless O(oidc={})).
        type: str
      client_id:
        description: The client id (required unless O(oidc={})).
        type: str
      ca_content:
        description: The certificate of the CA that signed the provider's certificate, base64-encoded.
        type: str
      groups_claim:
        description: The JWT claims holding the user's groups.
        type: list
        elements: str
      groups_prefix:
        description: The prefix prepended to group claims.
        type: str
      required_claim:
        description: V(key=value) claims the ID token must hold.
        type: list
        elements: str
      signing_algorithms:
        description: The signing algorithms accepted.
        type: list
        elements: str
        choices: [ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512]
      username_claim:
        description: The JWT claim used as the user name.
        type: str
      username_prefix:
        description: The prefix prepended to username claims.
        type: str
  wait_timeout:
    default: 3600
'''

EXAMPLES = r'''
- name: A cluster in GRA11, patched with minimal downtime, its API server reachable from the office only
  signet.ovh.ovh_cloud_kube:
    project: 0123456789abcdef0123456789abcdef
    name: prod
    region: GRA11
    version: "1.29"
    update_policy: MINIMAL_DOWNTIME
    ip_restrictions:
      - 198.51.100.0/24
  register: prod

- name: Upgrade the demo cluster to 1.29 (one minor version at a time)
  signet.ovh.ovh_cloud_kube:
    project: 0123456789abcdef0123456789abcdef
    name: demo-cluster
    version: "1.29"
    upgrade: true

- name: Log in through the company's identity provider
  signet.ovh.ovh_cloud_kube:
    project: 0123456789abcdef0123456789abcdef
    name: demo-cluster
    oidc:
      issuer_url: https://sso.example.com/realms/ops
      client_id: demo-cluster
      username_claim: email

- name: No staging cluster
  signet.ovh.ovh_cloud_kube:
    project: 0123456789abcdef0123456789abcdef
    name: staging
    state: absent
'''

RETURN = r'''
cluster:
  description: The cluster after the task (API C(cloud.kube.Cluster) in snake_case); V(null) when absent.
  returned: success
  type: dict
  sample: {"id": "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", "name": "demo-cluster", "region": "GRA11", "version": "1.29.4",
           "status": "READY", "update_policy": "MINIMAL_DOWNTIME", "kube_proxy_mode": "iptables",
           "url": "6f1c2b.c1.gra11.k8s.ovh.net", "next_upgrade_versions": []}
ip_restrictions:
  description: The API server's IP restrictions after the task, when O(ip_restrictions) is given.
  returned: when O(ip_restrictions) is given
  type: list
  elements: str
oidc:
  description: The OpenID Connect provider after the task (C(cloud.kube.OpenIdConnect) in snake_case), V(null) for none,
    when O(oidc) is given.
  returned: when O(oidc) is given
  type: dict
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import (
    check_region, kube_regions, project_id, region_name, wait_for_status, wait_until_gone)
from ansible_collections.signet.ovh.plugins.module_utils.kube import (
    CLUSTER, CLUSTER_FAILED, CLUSTER_PENDING, CUSTOMIZATION_SHAPE, IPS, KubeInputError, OBJECT, OIDC, READY, check_name,
    check_next_minor, check_private_network, check_version, cluster_network_configuration, complete_customization, creation_body, delete_gone,
    describe_changes, find_cluster, immutable_changes, ip_blocks, kube_path, network_configuration_change, oidc_body,
    same_customization, same_oidc, upgrade_steps, wanted_customization)
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.tasks import TaskFailed, WaitTimeout

_DURATIONS = dict(min_sync_period=dict(type="str"), sync_period=dict(type="str"))
CUSTOMIZATION = dict(
    admission_plugins=dict(type="dict", options=dict(
        enabled=dict(type="list", elements="str", choices=["AlwaysPullImages", "NodeRestriction"]),
        disabled=dict(type="list", elements="str", choices=["AlwaysPullImages", "NodeRestriction"]))),
    kube_proxy=dict(type="dict", options=dict(
        iptables=dict(type="dict", options=dict(_DURATIONS)),
        ipvs=dict(type="dict", options=dict(_DURATIONS, scheduler=dict(type="str", choices=["dh", "lc", "nq", "rr", "sed", "sh"]),
                                            tcp_fin_timeout=dict(type="str"), tcp_timeout=dict(type="str"),
                                            udp_timeout=dict(type="str"))))))
OIDC_OPTIONS = dict(
    issuer_url=dict(type="str"), client_id=dict(type="str"), ca_content=dict(type="str"),
    groups_claim=dict(type="list", elements="str"), groups_prefix=dict(type="str"),
    required_claim=dict(type="list", elements="str"),
    signing_algorithms=dict(type="list", elements="str",
                            choices=["ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"]),
    username_claim=dict(type="str"), username_prefix=dict(type="str"))


def check_options(params):
    """Everything checkable before a request."""
    project = project_id(params["project"])
    check_name(params["name"])
    if params["region"] is not None:
        region_name(params["region"])
    check_version(params["version"])
    check_private_network(params["private_network_id"])
    if (params["nodes_subnet_id"] or params["load_balancers_subnet_id"]) and not params["private_network_id"]:
        raise KubeInputError("nodes_subnet_id and load_balancers_subnet_id need private_network_id")
    oidc = params["oidc"]
    if oidc is not None and any(value is not None for value in oidc.values()):
        missing = [name for name in ("issuer_url", "client_id") if not oidc.get(name)]
        if missing:
            raise KubeInputError("oidc needs %s (or oidc={} to remove the provider)" % " and ".join(missing))
        if not oidc["issuer_url"].startswith("https://"):
            raise KubeInputError("oidc.issuer_url must be an https:// URL")
    ips = ip_blocks(params["ip_restrictions"]) if params["ip_restrictions"] is not None else None
    return project, ips


def view(cluster, custom=None, ips=None, oidc=None, params=None):
    """What the diff shows: the fields the options set."""
    if cluster is None:
        return None
    shown = dict((key, cluster.get(field)) for key, field in (
        ("name", "name"), ("region", "region"), ("version", "version"), ("update_policy", "updatePolicy"),
        ("kube_proxy_mode", "kubeProxyMode"), ("private_network_id", "privateNetworkId")))
    params = params or {}
    if params.get("customization") is not None:
        shown["customization"] = snake_keys(custom)
    if params.get("ip_restrictions") is not None:
        shown["ip_restrictions"] = sorted(ips or [])
    if params.get("oidc") is not None:
        shown["oidc"] = snake_keys(oidc)
    if params.get("private_network_configuration") is not None:
        shown["private_network_configuration"] = snake_keys(cluster_network_configuration(cluster))
    return shown


class Run(object):
    """One run of the module on one cluster: its reads, its writes and its waits."""

    def __init__(self, module, client, project, result):
        self.module = module
        self.client = client
        self.project = project
        self.result = result
        self.params = module.params
        self.pending = False  # a write started something the next write must wait for

    def path(self, kube_id, *parts):
        return kube_path(self.project, kube_id, *parts)

    def wait_ready(self, kube_id):
        return wait_for_status(self.client, self.path(kube_id), "cluster %s" % self.params["name"], READY, CLUSTER_PENDING,
                               timeout=self.params["wait_timeout"], shape=CLUSTER)

    def write(self, method, kube_id, parts, body=None, shape=None, settle=True):
        """A write on a READY cluster; with ``settle``, what it started is waited for before the next one."""
        answer = self.client.call(method, self.path(kube_id, *parts), body=body, shape=shape)
        self.result["changed"] = True
        self.pending = settle
        return answer

    def ready_for_write(self, kube_id):
        if self.pending:
            self.wait_ready(kube_id)
            self.pending = False


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            name=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            region=dict(type="str"),
            version=dict(type="str"),
            upgrade=dict(type="bool", default=False),
            update_policy=dict(type="str", choices=["ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE"]),
            kube_proxy_mode=dict(type="str", choices=["iptables", "ipvs"]),
            customization=dict(type="dict", options=CUSTOMIZATION),
            private_network_id=dict(type="str"),
            private_network_configuration=dict(type="dict", options=dict(
                default_vrack_gateway=dict(type="str"),
                private_network_routing_as_default=dict(type="bool", default=False))),
            nodes_subnet_id=dict(type="str"),
            load_balancers_subnet_id=dict(type="str"),
            ip_restrictions=dict(type="list", elements="str"),
            oidc=dict(type="dict", options=OIDC_OPTIONS),
            **wait_options(wait=True, timeout=3600)
        ),
        supports_check_mode=True,
    )
    params = module.params
    project, ips = check_input(module, check_options, params)
    check_wait_options(module)
    result = dict(changed=False, cluster=None)
    with ovh_session(module, result, last_read="cluster",
                     what_goes_on="it goes on: run the task again to wait more (nothing is started twice)") as client:
        run = Run(module, client, project, result)
        cluster = find_cluster(client, project, params["name"])
        if params["state"] == "absent":
            absent(run, cluster)
        else:
            present(run, cluster, ips)
    module.exit_json(**result)


def absent(run, cluster):
    module, result = run.module, run.result
    with_diff(module, result, view(cluster), None)
    if cluster is None:
        return
    if module.check_mode:
        result["changed"] = cluster["status"] != "DELETING"
        return
    if cluster["status"] != "DELETING":
        delete_gone(run.client, run.path(cluster["id"]))
        result["changed"] = True
    if run.params["wait"]:
        # The failure status the cluster had before its DELETE may still be answered for a moment: only a failure
        # status it reaches is the deletion's.
        failed = tuple(status for status in CLUSTER_FAILED if status != cluster["status"])
        wait_until_gone(run.client, run.path(cluster["id"]), "the deletion of cluster %s" % run.params["name"],
                        timeout=run.params["wait_timeout"], failed=failed, gone=("DELETED",))


def present(run, cluster, ips):
    module, client, params, result = run.module, run.client, run.params, run.result
    region = None
    if params["region"] is not None:
        region = check_region(params["region"], kube_regions(client, run.project), "managed Kubernetes")
    if cluster is None:
        return create(run, region, ips)
    kube_id = cluster["id"]
    if cluster["status"] in ("DELETING", "DELETED"):
        result["cluster"] = snake_keys(cluster)
        module.fail_json(msg="cluster %s is being deleted: run the task again once it is gone to create it anew"
                         % params["name"], **result)
    changes = immutable_changes(cluster, params, region or cluster["region"])
    if changes:
        module.fail_json(msg="cluster %s cannot change what is set at its creation: %s; delete it and create it again"
                         % (params["name"], describe_changes(changes)), **result)
    custom = client.get(run.path(kube_id, "customization"), shape=CUSTOMIZATION_SHAPE) if params["customization"] is not None else None
    have_ips = client.get(run.path(kube_id, "ipRestrictions"), shape=IPS) if ips is not None else None
    have_oidc = client.get_or_none(run.path(kube_id, "openIdConnect"), shape=OIDC) if params["oidc"] is not None else None
    before = view(cluster, custom, have_ips, have_oidc, params)
    plan = plan_changes(run, cluster, custom, have_ips, have_oidc, ips)
    after = dict(before, **plan["after"])
    with_diff(module, result, before, after)
    if module.check_mode or not plan["writes"]:
        result["changed"] = bool(plan["writes"])
        result["cluster"] = snake_keys(cluster)
        if ips is not None:
            result["ip_restrictions"] = have_ips
        if params["oidc"] is not None:
            result["oidc"] = snake_keys(have_oidc)
        if not module.check_mode and params["wait"] and cluster["status"] in CLUSTER_PENDING:
            result["cluster"] = snake_keys(run.wait_ready(kube_id))  # found installing or updating: waited for
        return
    # Not READY yet (still installing, or in a failure status that the wait reports): wait before a write.
    run.pending = cluster["status"] not in READY
    run.policy = cluster["updatePolicy"]
    try:
        for write in plan["writes"]:
            run.ready_for_write(kube_id)
            write(run, kube_id)
    except (OvhApiError, TaskFailed, WaitTimeout):
        if plan["restore"] and run.policy != plan["restore"]:
            put_policy_back(run, kube_id, plan["restore"])
        raise
    if run.pending and params["wait"]:
        run.wait_ready(kube_id)
    finish(run, kube_id, ips)


def plan_changes(run, cluster, custom, have_ips, have_oidc, ips):
    """{"writes": [functions of (run, kube_id)], "after": what the diff shows changed}."""
    params = run.params
    writes, after, restore = [], {}, None
    policy = params["update_policy"] or cluster["updatePolicy"]
    if params["update_policy"] is not None and params["update_policy"] != cluster["updatePolicy"]:
        after["update_policy"] = policy
    steps = upgrade_steps(cluster["version"], params["version"]) if params["version"] else 0
    if steps and not params["upgrade"]:
        run.module.warn("cluster %s runs Kubernetes %s, older than version %s: set upgrade=true to upgrade it" % (
            params["name"], printable(cluster["version"]), params["version"]))
        steps = 0
    if steps:
        check_next_minor(cluster, params["version"], params["name"])  # before any write: an upgrade the API cannot make stops here
        after["version"] = params["version"]
        if policy == "NEVER_UPDATE":  # the API upgrades no NEVER_UPDATE cluster: another policy for the upgrade
            if cluster["updatePolicy"] != "MINIMAL_DOWNTIME":
                writes.append(set_policy("MINIMAL_DOWNTIME"))
            writes.extend([upgrade] * steps)
            writes.append(set_policy("NEVER_UPDATE"))
            restore = "NEVER_UPDATE"  # put back even when an upgrade fails
        else:
            if policy != cluster["updatePolicy"]:
                writes.append(set_policy(policy))
            writes.extend([upgrade] * steps)
    elif policy != cluster["updatePolicy"]:
        writes.append(set_policy(policy))
    configuration = network_configuration_change(cluster, params, params["name"])
    if configuration is not None:
        after["private_network_configuration"] = snake_keys(configuration)
        writes.append(lambda run, kube_id: run.write("PUT", kube_id, ("privateNetworkConfiguration",), configuration,
                                                     shape=OBJECT))
    if params["customization"] is not None:
        wanted = wanted_customization(params["customization"])
        if not same_customization(custom, wanted):
            wanted = complete_customization(custom, wanted)
            after["customization"] = snake_keys(wanted)
            writes.append(lambda run, kube_id, body=wanted: run.write(
                "PUT", kube_id, ("customization",), body, shape=OBJECT))
    if ips is not None and sorted(set(ips)) != sorted(set(ip_blocks(have_ips))):
        after["ip_restrictions"] = sorted(set(ips))
        writes.append(lambda run, kube_id: run.write("PUT", kube_id, ("ipRestrictions",), {"ips": ips}, settle=False))
    if params["oidc"] is not None:
        oidc = oidc_body(params["oidc"])
        if not oidc:
            if have_oidc is not None:
                after["oidc"] = None
                writes.append(lambda run, kube_id: run.write("DELETE", kube_id, ("openIdConnect",)))
        elif have_oidc is None:
            after["oidc"] = snake_keys(oidc)
            writes.append(lambda run, kube_id: run.write("POST", kube_id, ("openIdConnect",), oidc, shape=OIDC))
        elif not same_oidc(have_oidc, oidc):
            # The provider's other fields kept (the PUT replaces the whole provider).
            merged = dict((field, value) for field, value in have_oidc.items() if value is not None)
            merged.update(oidc)
            after["oidc"] = snake_keys(dict(have_oidc, **oidc))
            writes.append(lambda run, kube_id: run.write("PUT", kube_id, ("openIdConnect",), merged))
    return {"writes": writes, "after": after, "restore": restore}


def set_policy(policy):
    def write(run, kube_id):
        run.write("PUT", kube_id, ("updatePolicy",), {"updatePolicy": policy}, settle=False)
        run.policy = policy
    return write


def put_policy_back(run, kube_id, policy):
    """After a failed upgrade: the update policy lifted for it put back at once (no wait: the failure is
    reported as it is); when the API refuses, a warning says which policy the cluster is left with."""
    try:
        run.write("PUT", kube_id, ("updatePolicy",), {"updatePolicy": policy}, settle=False)
        run.policy = policy
    except OvhApiError as exc:
        run.module.warn("cluster %s is left with update policy %s after the failed upgrade (putting %s back failed: %s); "
                        "run the task again with update_policy=%s" % (
                            run.params["name"], run.policy, policy, exc.describe(), policy))


def upgrade(run, kube_id):
    run.write("POST", kube_id, ("update",), {"strategy": "NEXT_MINOR"})


def create(run, region, ips):
    module, client, params, result = run.module, run.client, run.params, run.result
    if region is None:
        module.fail_json(msg="region is required to create cluster %s (none of that name in the project)" % params["name"],
                         **result)
    body = creation_body(params, region)
    wanted_oidc = oidc_body(params["oidc"]) if params["oidc"] else {}
    after = dict(view(dict(body, updatePolicy=body.get("updatePolicy"), kubeProxyMode=body.get("kubeProxyMode"))),
                 **dict((key, value) for key, value in (("ip_restrictions", sorted(set(ips)) if ips else None),
                                                        ("oidc", snake_keys(wanted_oidc) or None)) if value is not None))
    with_diff(module, result, None, after)
    if module.check_mode:
        result["changed"] = True
        return
    cluster = client.post(kube_path(run.project), body, shape=CLUSTER)
    result["changed"] = True
    kube_id = cluster["id"]
    result["cluster"] = snake_keys(cluster)
    run.pending = True
    if ips:
        run.ready_for_write(kube_id)
        run.write("PUT", kube_id, ("ipRestrictions",), {"ips": ips}, settle=False)
    if wanted_oidc:
        run.ready_for_write(kube_id)
        run.write("POST", kube_id, ("openIdConnect",), wanted_oidc, shape=OIDC)
    if params["wait"]:
        run.ready_for_write(kube_id)
    finish(run, kube_id, ips)


def finish(run, kube_id, ips):
    """The cluster (and the parts the options set) as they are now."""
    client, result = run.client, run.result
    result["cluster"] = snake_keys(client.get(run.path(kube_id), shape=CLUSTER))
    if ips is not None:
        result["ip_restrictions"] = client.get(run.path(kube_id, "ipRestrictions"), shape=IPS)
    if run.params["oidc"] is not None:
        result["oidc"] = snake_keys(client.get_or_none(run.path(kube_id, "openIdConnect"), shape=OIDC))


if __name__ == "__main__":
    main()
