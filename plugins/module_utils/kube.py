# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed Kubernetes of a Public Cloud project (``/cloud/project/{serviceName}/kube/…``).

- clusters and node pools are found by name (the API makes their ids up): one of each name, or an error;
- their statuses: what is READY, what is still moving (waited for), what is a failure;
- the plans of the modules: the cluster's creation body, its changes, the node pool's changes and the
  immutable fields whose change is refused (or makes a new pool);
- the kubeconfig file: written 0600, atomically, under its lock, only when its bytes differ.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import os
import re

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, project_path
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape
from ansible_collections.signet.ovh.plugins.module_utils.state_files import (
    StateFileError, digest, read_bytes, write_private_file)

CLUSTER = Shape("object", ("id", "name", "region", "status", "version", "updatePolicy"), "a Kubernetes cluster")
# cloud.kube.NodePoolTemplate: its parts are read (compared, merged into a PUT, carried over to a new pool), so an
# answer of another shape fails there rather than deep in the module.
TEMPLATE = Shape("object", (), "a node pool template", nullable=True, fields={
    "metadata": Shape("object", (), nullable=True, fields={
        "labels": Shape("object", (), nullable=True), "annotations": Shape("object", (), nullable=True),
        "finalizers": Shape("names", nullable=True)}),
    "spec": Shape("object", (), nullable=True, fields={"taints": Shape("objects", ("key", "effect"), "a list of taints",
                                                                       nullable=True)})})
POOL = Shape("object", ("id", "name", "flavor", "status", "desiredNodes"), "a Kubernetes node pool", fields={"template": TEMPLATE})
POOLS = Shape("objects", ("id", "name", "flavor", "status"), "a list of Kubernetes node pools", fields={"template": TEMPLATE})
FLAVORS = Shape("objects", ("name",), "a list of Kubernetes flavors")
KUBECONFIG = Shape("object", ("content",), "a kubeconfig")
OIDC = Shape("object", ("issuerUrl", "clientId"), "an OpenID Connect provider", fields=dict(
    (field, Shape("names", nullable=True)) for field in ("groupsClaim", "requiredClaim", "signingAlgorithms")))
# cloud.ProjectKubeCustomization: compared and merged part by part.
CUSTOMIZATION_SHAPE = Shape("object", (), "a cluster customization", fields={
    "apiServer": Shape("object", (), nullable=True, fields={"admissionPlugins": Shape("object", (), nullable=True, fields={
        "enabled": Shape("names", nullable=True), "disabled": Shape("names", nullable=True)})}),
    "kubeProxy": Shape("object", (), nullable=True, fields={
        "iptables": Shape("object", (), nullable=True), "ipvs": Shape("object", (), nullable=True)})})
IPS = Shape("names", (), "a list of IP blocks")
OBJECT = Shape("object", (), "an object")

VERSIONS = ("1.26", "1.27", "1.28", "1.29")  # cloud.kube.VersionEnum (newer ones pass through)
UPDATE_POLICIES = ("ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE")
READY = ("READY",)
# cloud.kube.ClusterStatusEnum and NodePoolStatusEnum: what goes on by itself, waited for.
CLUSTER_PENDING = ("INSTALLING", "UPDATING", "REDEPLOYING", "RESETTING", "REOPENING", "MAINTENANCE", "SUSPENDING")
POOL_PENDING = ("INSTALLING", "UPSCALING", "DOWNSCALING", "UPDATING", "REDEPLOYING", "RESETTING", "REOPENING",
                "MAINTENANCE", "RESIZING")
# The failure statuses of both enums: a deletion that reaches one of them will not end by itself.
CLUSTER_FAILED = ("ERROR", "USER_ERROR", "USER_QUOTA_ERROR", "USER_WEBHOOK_PREVENTING_OPERATIONS_ERROR")
POOL_FAILED = CLUSTER_FAILED + ("USER_NODE_NOT_FOUND_ERROR",)
# A node pool's fields the API cannot change once it exists (cloud.ProjectKubeNodePoolUpdate lacks them).
POOL_IMMUTABLE = (("flavor", "flavor"), ("anti_affinity", "antiAffinity"), ("monthly_billed", "monthlyBilled"))


class KubeInputError(CloudInputError):
    """Input refused before any request, or before any write."""


def kube_path(project, *parts):
    return project_path(project, "kube", *parts)


def check_name(value, option="name"):
    """A cluster's or node pool's name: the stable id the modules find it by."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64 or not value.isprintable():
        raise KubeInputError("%s must be a name of 1 to 64 printable characters, got %s" % (option, printable(str(value))))
    return value


def version_key(version):
    try:
        return tuple(int(part) for part in version.split("."))
    except (AttributeError, ValueError):
        raise KubeInputError("version must be a Kubernetes minor version such as 1.29, got %s" % printable(str(version)))


def check_version(value):
    if value is None:
        return None
    version_key(value)
    return value


def ip_blocks(values, option="ip_restrictions"):
    """The blocks as the API writes them (``203.0.113.0/24``, an address as ``/32``), checked."""
    blocks = []
    for value in values or []:
        try:
            blocks.append(str(ipaddress.ip_network(str(value), strict=False)))
        except ValueError:
            raise KubeInputError("%s: %s is not an IP address or block" % (option, printable(str(value))))
    return blocks


def check_private_network(value):
    """The OpenStack UUID of the network in the cluster's region; a ``pn-…`` id is the API's other id."""
    if value is None:
        return None
    if value.startswith("pn-"):
        raise KubeInputError("private_network_id must be the OpenStack id of the network in the cluster's region "
                             "(a UUID, the network's regions[].openstackId), not its %s id" % printable(value))
    return value


def delete_gone(client, path):
    """DELETE ``path``; a 404 means it is gone already (a DELETE sent again after a lost answer, or another
    deletion in between), which is what was asked."""
    client.call("DELETE", path, expected=(200, 204, 404))


def find_cluster(client, project, name):
    """The project's cluster named ``name``, or None (two of that name: an error with their ids)."""
    ids = client.get(kube_path(project), shape=NAMES)
    clusters = client.get_many(kube_path(project), ids, shape=CLUSTER) if ids else {}
    found = [cluster for cluster in clusters.values() if cluster.get("name") == name and cluster.get("status") != "DELETED"]
    if len(found) > 1:
        raise KubeInputError("name %s matches %d clusters of the project (ids %s): give each cluster its own name" % (
            printable(name), len(found), ", ".join(sorted(printable(cluster["id"]) for cluster in found))))
    return found[0] if found else None


def require_cluster(client, project, name, option="cluster"):
    cluster = find_cluster(client, project, name)
    if cluster is None:
        raise KubeInputError("%s %s: no Kubernetes cluster of that name in project %s" % (option, printable(name), project))
    return cluster


def find_pool(client, project, kube_id, name):
    pools = client.get(kube_path(project, kube_id, "nodepool"), shape=POOLS)
    found = [pool for pool in pools if pool.get("name") == name and pool.get("status") != "DELETED"]
    if len(found) > 1:
        raise KubeInputError("name %s matches %d node pools of the cluster (ids %s)" % (
            printable(name), len(found), ", ".join(sorted(printable(pool["id"]) for pool in found))))
    return found[0] if found else None


def flavor_names(client, project, region):
    """The flavors a node pool can have in ``region`` (state available)."""
    flavors = client.get(project_path(project, "capabilities", "kube", "flavors"), query={"region": region}, shape=FLAVORS)
    return sorted(flavor["name"] for flavor in flavors if flavor.get("state", "available") == "available")


def check_flavor(flavor, available):
    if flavor not in available:
        raise KubeInputError("flavor %s is not a Kubernetes flavor available in the cluster's region; available: %s" % (
            printable(flavor), ", ".join(printable(name) for name in available) or "none"))
    return flavor


_API_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:[.+-].*)?$")


def cluster_minor(version):
    """The (major, minor) of the version a cluster reports: the API answers the patch too (``1.29.3``, as the
    OVHcloud Terraform provider's trimming of it shows); an answer of no such form is an error naming it."""
    match = _API_VERSION.match(version) if isinstance(version, str) else None
    if not match:
        raise KubeInputError("the cluster's version as the API reports it, %s, is not a Kubernetes version"
                             % printable(str(version)))
    return int(match.group(1)), int(match.group(2))


def upgrade_steps(current, wanted):
    """How many NEXT_MINOR upgrades take the cluster's ``current`` version (with its patch) to the minor version
    ``wanted`` (0 when it runs that minor version); a downgrade is refused."""
    have, want = cluster_minor(current), version_key(wanted)[:2]
    if want < have:
        raise KubeInputError("version %s is older than the cluster's %s: Kubernetes clusters are not downgraded" % (
            printable(wanted), printable(current)))
    if want[:1] != have[:1]:
        raise KubeInputError("version %s: only minor upgrades within %d.x are possible" % (printable(wanted), have[0]))
    return want[1] - have[1] if len(want) > 1 and len(have) > 1 else 0


def check_next_minor(cluster, wanted, name):
    """Before an upgrade of cluster ``name`` to ``wanted`` (both checked options): the cluster's next minor version is one the API offers it
    (``nextUpgradeVersions``), else an error naming what it offers (none: it runs the newest). Unknown (null)
    is not checked."""
    offered = cluster.get("nextUpgradeVersions")
    if not isinstance(offered, list):
        return
    have = cluster_minor(cluster["version"])
    minors = set()
    for version in offered:
        try:
            minors.add(cluster_minor(version))
        except KubeInputError:
            continue
    if (have[0], have[1] + 1) not in minors:
        raise KubeInputError("version %s: the API offers cluster %s no upgrade to %d.%d (its next versions: %s), so none is "
                             "started" % (wanted, name, have[0], have[1] + 1,
                                          ", ".join(printable(str(version)) for version in offered) or "none"))


def creation_body(params, region):
    """cloud.ProjectKubeCreation from the module's options (unset options left to the API)."""
    body = {"name": params["name"], "region": region}
    for option, field in (("version", "version"), ("update_policy", "updatePolicy"), ("kube_proxy_mode", "kubeProxyMode"),
                          ("private_network_id", "privateNetworkId"), ("nodes_subnet_id", "nodesSubnetId"),
                          ("load_balancers_subnet_id", "loadBalancersSubnetId")):
        if params.get(option) is not None:
            body[field] = params[option]
    if params.get("private_network_configuration") is not None:
        body["privateNetworkConfiguration"] = network_configuration(params["private_network_configuration"])
    if params.get("customization") is not None:
        body["customization"] = customization(params["customization"])
    return body


def network_configuration(options):
    return {"defaultVrackGateway": options.get("default_vrack_gateway") or "",
            "privateNetworkRoutingAsDefault": bool(options.get("private_network_routing_as_default"))}


def customization(options):
    """cloud.ProjectKubeCustomization from the ``customization`` option (a part left unset is None)."""
    plugins = options.get("admission_plugins")
    body = {"apiServer": None, "kubeProxy": None}
    if plugins is not None:
        body["apiServer"] = {"admissionPlugins": {"enabled": sorted(plugins.get("enabled") or []),
                                                  "disabled": sorted(plugins.get("disabled") or [])}}
    proxy = options.get("kube_proxy")
    if proxy is not None:
        body["kubeProxy"] = {"iptables": _camel(proxy.get("iptables")), "ipvs": _camel(proxy.get("ipvs"))}
    return body


def complete_customization(current, wanted):
    """The customization to PUT: the cluster's ``current`` one with what ``wanted`` gives replaced, field by field
    (an admission plugin list or a kube-proxy setting left unset keeps the cluster's value; a plugin enabled is
    taken out of the disabled list kept, and the other way round)."""
    current = current or {}
    body = {}
    have_api = current.get("apiServer")
    want_api = wanted.get("apiServer")
    if want_api is None:
        body["apiServer"] = have_api
    else:
        have = dict(((have_api or {}).get("admissionPlugins") or {}))
        want = want_api.get("admissionPlugins") or {}
        plugins = {}
        for key, other in (("enabled", "disabled"), ("disabled", "enabled")):
            if want.get(key) is not None:
                plugins[key] = sorted(want[key])
            else:
                plugins[key] = sorted(plugin for plugin in have.get(key) or [] if plugin not in (want.get(other) or []))
        body["apiServer"] = {"admissionPlugins": plugins}
    have_proxy = current.get("kubeProxy")
    want_proxy = wanted.get("kubeProxy")
    if want_proxy is None:
        body["kubeProxy"] = have_proxy
    else:
        proxy = {}
        for mode in ("iptables", "ipvs"):
            fields = dict((key, value) for key, value in ((have_proxy or {}).get(mode) or {}).items() if value is not None)
            fields.update(want_proxy.get(mode) or {})
            proxy[mode] = fields or None
        body["kubeProxy"] = proxy
    return body


def _camel(options):
    if not options:
        return None
    names = {"min_sync_period": "minSyncPeriod", "sync_period": "syncPeriod", "scheduler": "scheduler",
             "tcp_fin_timeout": "tcpFinTimeout", "tcp_timeout": "tcpTimeout", "udp_timeout": "udpTimeout"}
    return dict((names[key], value) for key, value in options.items() if value is not None and key in names)


def same_customization(current, wanted):
    """Whether the cluster's customization already has what ``wanted`` gives: each admission plugin list given,
    and each kube-proxy setting given (a setting the options leave out, or one the API fills in with its default,
    is not compared)."""
    current = current or {}
    if wanted.get("apiServer") is not None:
        have = ((current.get("apiServer") or {}).get("admissionPlugins") or {})
        want = wanted["apiServer"].get("admissionPlugins") or {}
        for key in ("enabled", "disabled"):
            if want.get(key) is not None and sorted(have.get(key) or []) != sorted(want[key]):
                return False
    if wanted.get("kubeProxy") is not None:
        have = current.get("kubeProxy") or {}
        for mode in ("iptables", "ipvs"):
            settings = (have.get(mode) or {})
            if any(settings.get(key) != value for key, value in ((wanted["kubeProxy"].get(mode)) or {}).items()):
                return False
    return True


def wanted_customization(options):
    """What the ``customization`` option asks, for the comparison: only what it gives (None for a part, a plugin list
    or a kube-proxy mode left unset)."""
    body = {"apiServer": None, "kubeProxy": None}
    plugins = options.get("admission_plugins")
    if plugins is not None:
        body["apiServer"] = {"admissionPlugins": dict((key, plugins.get(key)) for key in ("enabled", "disabled"))}
    proxy = options.get("kube_proxy")
    if proxy is not None:
        body["kubeProxy"] = dict((mode, _camel(proxy.get(mode))) for mode in ("iptables", "ipvs"))
    return body


def oidc_body(options):
    """cloud.ProjectKubeOpenIdConnectCreation from the ``oidc`` option."""
    names = {"issuer_url": "issuerUrl", "client_id": "clientId", "ca_content": "caContent", "groups_claim": "groupsClaim",
             "groups_prefix": "groupsPrefix", "required_claim": "requiredClaim", "signing_algorithms": "signingAlgorithms",
             "username_claim": "usernameClaim", "username_prefix": "usernamePrefix"}
    return dict((field, options.get(option)) for option, field in names.items() if options.get(option) is not None)


def same_oidc(current, wanted):
    """The provider already configured as asked. Lists (groups claims, required claims, signing algorithms) are sets
    to the API server, so their order is no difference: a provider listed in another order is not rewritten. An
    empty text or list is no setting, as null is: the API may answer either for a field left empty."""
    def comparable(value):
        if value in ("", [], None):
            return None
        return sorted(set(value), key=str) if isinstance(value, list) else value
    return current is not None and all(comparable(current.get(field)) == comparable(value) for field, value in wanted.items())


def immutable_changes(cluster, params, region):
    """The cluster's fields the API cannot change that the options ask changed: [(option, have, want)]."""
    changes = []
    if cluster["region"] != region:
        changes.append(("region", cluster["region"], region))
    for option, field in (("kube_proxy_mode", "kubeProxyMode"), ("private_network_id", "privateNetworkId"),
                          ("nodes_subnet_id", "nodesSubnetId"), ("load_balancers_subnet_id", "loadBalancersSubnetId")):
        if params.get(option) is not None and params[option] != cluster.get(field):
            changes.append((option, cluster.get(field), params[option]))
    return changes


NO_NETWORK_CONFIGURATION = {"defaultVrackGateway": "", "privateNetworkRoutingAsDefault": False}


def cluster_network_configuration(cluster):
    """The cluster's cloud.kube.PrivateNetworkConfiguration as the API writes it (null, a gateway null or "": no
    gateway, no private routing)."""
    have = cluster.get("privateNetworkConfiguration") if isinstance(cluster.get("privateNetworkConfiguration"), dict) else {}
    return {"defaultVrackGateway": have.get("defaultVrackGateway") or "",
            "privateNetworkRoutingAsDefault": bool(have.get("privateNetworkRoutingAsDefault"))}


def network_configuration_change(cluster, params, name):
    """The body of ``PUT …/privateNetworkConfiguration`` that brings the cluster's to what the option asks, or None
    (the API changes it in place); one set on a cluster without a private network is refused before any write."""
    if params.get("private_network_configuration") is None:
        return None
    want = network_configuration(params["private_network_configuration"])
    if want == cluster_network_configuration(cluster):
        return None
    if want != NO_NETWORK_CONFIGURATION and not cluster.get("privateNetworkId"):
        raise KubeInputError("private_network_configuration: cluster %s has no private network (private_network_id is set "
                             "at creation)" % printable(name))
    return want


def pool_template(params):
    """cloud.kube.NodePoolTemplate from ``labels``, ``annotations``, ``taints`` (None: every one unset)."""
    if all(params.get(name) is None for name in ("labels", "annotations", "taints")):
        return None
    return {"metadata": {"labels": dict(params.get("labels") or {}), "annotations": dict(params.get("annotations") or {}),
                         "finalizers": []},
            "spec": {"taints": [dict(key=taint["key"], value=taint.get("value") or "", effect=taint["effect"])
                                for taint in params.get("taints") or []], "unschedulable": False}}


def template_differs(pool, params):
    """Whether the pool's labels, annotations or taints differ from the options given (unset ones kept)."""
    template = pool.get("template") or {}
    metadata = template.get("metadata") or {}
    spec = template.get("spec") or {}
    wanted = pool_template(params)
    if wanted is None:
        return False
    for option, have, want in (("labels", metadata.get("labels") or {}, wanted["metadata"]["labels"]),
                               ("annotations", metadata.get("annotations") or {}, wanted["metadata"]["annotations"])):
        if params.get(option) is not None and have != want:
            return True
    if params.get("taints") is not None:
        def key(taint):
            return (taint.get("key"), taint.get("value") or "", taint.get("effect"))
        return sorted(map(key, spec.get("taints") or [])) != sorted(map(key, wanted["spec"]["taints"]))
    return False


def merged_template(pool, params):
    """The template to PUT: the pool's, with the parts the options give replaced. Every field of it is required and
    none may be null (cloud.kube.NodePoolTemplate): one the pool's read leaves out or answers null is sent empty."""
    template = pool.get("template") or {}
    metadata = dict(template.get("metadata") or {})
    spec = dict(template.get("spec") or {})
    wanted = pool_template(params)
    for option in ("labels", "annotations"):
        if params.get(option) is not None:
            metadata[option] = wanted["metadata"][option]
    if params.get("taints") is not None:
        spec["taints"] = wanted["spec"]["taints"]
    for fields, field, empty in ((metadata, "labels", {}), (metadata, "annotations", {}), (metadata, "finalizers", []),
                                 (spec, "taints", []), (spec, "unschedulable", False)):
        if fields.get(field) is None:
            fields[field] = empty
    # A taint's value is required too (a taint without one has the value "").
    spec["taints"] = [dict(taint, value=taint.get("value") or "") for taint in spec["taints"]]
    return {"metadata": metadata, "spec": spec}


def pool_count(pool, field):
    """A node pool's ``minNodes``, ``maxNodes`` or ``desiredNodes``, or None when the API does not say (null, left
    out, or not a count): unknown, never compared as a number."""
    value = pool.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def pool_immutable_changes(pool, params):
    """The node pool's fields the API cannot change that the options ask changed: [(option, have, want)]."""
    changes = []
    for option, field in POOL_IMMUTABLE:
        want = params.get(option)
        have = pool.get(field) if option == "flavor" else bool(pool.get(field))
        if want is not None and want != have:
            changes.append((option, have, want))
    return changes


def describe_changes(changes):
    return "; ".join("%s is %s, asked %s" % (option, printable(str(have)), printable(str(want))) for option, have, want in changes)


def check_file_path(path, option="path"):
    """A file path whose directory exists (a kubeconfig is not written to a place made up)."""
    if not isinstance(path, str) or not path or path.endswith(os.sep):
        raise KubeInputError("%s must be a file path, got %s" % (option, printable(str(path))))
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise KubeInputError("%s: the directory %s does not exist" % (option, printable(directory)))
    return path


def file_checksum(path):
    """The checksum of the file at ``path`` as the results show it, None when there is no file; a file that
    cannot be read raises StateFileError."""
    try:
        data = read_bytes(path)
    except (IOError, OSError) as exc:
        raise StateFileError("cannot read %s: %s" % (path, getattr(exc, "strerror", None) or exc))
    return None if data is None else "sha256:" + digest(data)


def write_secret_file(path, content, check_mode):
    """Write ``content`` to ``path`` (0600, atomic, under its lock) when its bytes or mode differ
    (state_files.write_private_file). Returns (changed, digest before or None, digest after); never the
    content itself."""
    changed, before, after = write_private_file(path, content, check_mode)
    return changed, ("sha256:" + before if before else None), "sha256:" + after
