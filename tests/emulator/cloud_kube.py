"""Managed Kubernetes of a Public Cloud project (schemas/cloud.json, ``/cloud/project/{serviceName}/kube…``).

Clusters (cloud.kube.Cluster) and their node pools (cloud.kube.NodePool) have statuses on the emulator
clock: a cluster is INSTALLING then READY; an upgrade UPDATING, a customization, OIDC or private network
configuration change REDEPLOYING, then READY; a DELETE DELETING, then gone (404). A node pool is INSTALLING,
UPSCALING, DOWNSCALING or UPDATING, then READY; DELETING, then gone. ``step_seconds`` (a test may set it) is the
unit: a cluster installs in 6 steps, an update or redeployment takes 3, a deletion 1, a node pool 2.

Routes: ``GET …/capabilities/kube/flavors`` and ``GET …/kube/{kubeId}/flavors`` (cloud.kube.Flavor),
``GET``/``POST …/kube``, ``GET``/``PUT``/``DELETE …/kube/{kubeId}`` (PUT: name, updatePolicy),
``PUT …/updatePolicy``, ``GET``/``PUT …/privateNetworkConfiguration``, ``POST …/update`` (strategy LATEST_PATCH or
NEXT_MINOR), ``POST …/kubeconfig`` (cloud.kube.Kubeconfig: a secret), ``POST …/kubeconfig/reset``, ``GET``/``PUT …/customization``,
``GET``/``POST``/``PUT …/ipRestrictions`` and ``DELETE …/ipRestrictions/{ip}``, ``GET``/``POST``/``PUT``/
``DELETE …/openIdConnect``, ``GET``/``POST …/nodepool``, ``GET``/``PUT``/``DELETE …/nodepool/{nodePoolId}``.

Rules: a cluster's region is one of ``Project.kube_regions``; ``privateNetworkId`` is the OpenStack UUID
of one of the project's private networks (``Project.networks``, its region's ``openstackId``) in the
cluster's region: a ``pn-…`` id is refused (what Terraform's users met, its issues 833 and 1038); a
node pool's flavor is one of ``FLAVORS`` in state ``available``; a node pool template in a request has every field
of cloud.kube.NodePoolTemplate (metadata's labels, annotations, finalizers; spec's taints, each with key, value and
effect, and unschedulable), none null, as the schema requires. The autoscaler is ``autoscale(...)``:
a test moves an autoscaled pool's ``desiredNodes`` within [minNodes, maxNodes], as the real one does.

Inferred wordings (not in NOTES): a write on a cluster that is not READY (409 "… is not ready …", the
Terraform issues 1173 and 1332 show only that such writes fail), an upgrade refused under NEVER_UPDATE
(400), the region, private network, flavor, node count and version refusals (400), an OIDC provider
created twice (409), a node pool name taken (409), a PUT of an immutable node pool field (400 "Unknown
or read-only property", the API's wording for a field outside the body's model).
"""

import ipaddress
import uuid

from .cloud import project_of
from .errors import ApiError, bad_request, object_not_found
from .product import Product, iso_date, only_keys, random_key
from .tasks import Task

VERSIONS = ("1.26", "1.27", "1.28", "1.29")  # cloud.kube.VersionEnum
# A cluster reports its version with the patch (the OVHcloud Terraform provider trims it to compare with the minor
# version asked): the patch each minor version runs here.
PATCHES = {"1.26": "1.26.15", "1.27": "1.27.13", "1.28": "1.28.9", "1.29": "1.29.4"}
UPDATE_POLICIES = ("ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE")
KUBE_PROXY_MODES = ("iptables", "ipvs")
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")
ADMISSION_PLUGINS = ("AlwaysPullImages", "NodeRestriction")
IPVS_SCHEDULERS = ("dh", "lc", "nq", "rr", "sed", "sh")
SIGNING_ALGORITHMS = ("ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512")
# cloud.kube.Flavor: a few of the real catalogue's names; one unavailable.
FLAVORS = (
    {"name": "b2-7", "category": "b", "state": "available", "vCPUs": 2, "ram": 7, "gpus": 0},
    {"name": "b2-15", "category": "b", "state": "available", "vCPUs": 4, "ram": 15, "gpus": 0},
    {"name": "c2-7", "category": "c", "state": "available", "vCPUs": 2, "ram": 7, "gpus": 0},
    {"name": "d2-4", "category": "d", "state": "available", "vCPUs": 2, "ram": 4, "gpus": 0},
    {"name": "t1-45", "category": "t", "state": "unavailable", "vCPUs": 8, "ram": 45, "gpus": 1},
)
READY = "READY"
# Steps (of ``step_seconds``) each change takes.
STEPS = {"install": 6, "update": 3, "redeploy": 3, "delete": 1, "pool": 2}
_CLUSTER_KEYS = ("customization", "kubeProxyMode", "loadBalancersSubnetId", "name", "nodepool", "nodesSubnetId",
                 "privateNetworkConfiguration", "privateNetworkId", "region", "updatePolicy", "version")
_POOL_KEYS = ("antiAffinity", "autoscale", "autoscaling", "desiredNodes", "flavorName", "maxNodes", "minNodes",
              "monthlyBilled", "name", "template")
_POOL_UPDATE_KEYS = ("autoscale", "autoscaling", "desiredNodes", "maxNodes", "minNodes", "nodesToRemove", "template")
_OIDC_KEYS = ("caContent", "clientId", "groupsClaim", "groupsPrefix", "issuerUrl", "requiredClaim", "signingAlgorithms",
              "usernameClaim", "usernamePrefix")
_AUTOSCALING = {"scaleDownUnneededTimeSeconds": 600, "scaleDownUnreadyTimeSeconds": 1200,
                "scaleDownUtilizationThreshold": 0.5}


def _uuid(kind, number):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kube/{kind}/{number}"))


def _enum(name, value, allowed, enum_name):
    if value not in allowed:
        raise bad_request(f"[{name}] Given data ({value}) does not belong to the {enum_name} enumeration")
    return value


def _long(name, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"[{name}] Given data ({value}) is not valid for type long")
    return value


def not_ready(what, status):
    """A write on a cluster or node pool that is not READY (inferred wording)."""
    return ApiError(409, "CONFLICT", f"{what} is not ready (status {status}): retry once it is READY")


class Cluster:
    """A cluster on the emulator clock: ``status_task`` says where the last change is."""

    def __init__(self, kube, project, data, now):
        self.kube = kube
        self.project = project
        self.kube_id = data.get("id") or _uuid("cluster", kube.state.new_id("kube"))
        self.fields = {
            "name": data.get("name") or self.kube_id, "region": data["region"],
            "version": data.get("version") or VERSIONS[-1], "updatePolicy": data.get("updatePolicy") or "ALWAYS_UPDATE",
            "kubeProxyMode": data.get("kubeProxyMode") or "iptables",
            "customization": _full_customization(data.get("customization")),
            "privateNetworkId": data.get("privateNetworkId"),
            "privateNetworkConfiguration": data.get("privateNetworkConfiguration"),
            "nodesSubnetId": data.get("nodesSubnetId"), "loadBalancersSubnetId": data.get("loadBalancersSubnetId"),
        }
        self.created = data.get("created", now)
        self.updated = self.created
        self.kubeconfig = data.get("kubeconfig") or self.new_kubeconfig()
        self.ip_restrictions = list(data.get("ipRestrictions", []))
        oidc = data.get("openIdConnect")
        self.oidc = dict((name, oidc.get(name)) for name in _OIDC_KEYS) if oidc else None
        self.pools = {}
        seconds = 0 if data.get("status", "INSTALLING") == READY else kube.seconds("install")
        self.task = Task(0, "install", now, [(0, "INSTALLING"), (seconds, READY)], initial="INSTALLING")
        self.gone_at = None

    def new_kubeconfig(self):
        name = self.fields["name"]
        return ("apiVersion: v1\nkind: Config\nclusters:\n- name: %s\n  cluster:\n    server: https://%s.c1.%s.k8s.ovh.net\n"
                "users:\n- name: kubernetes-admin-%s\n  user:\n    client-key-data: %s\n" % (
                    name, self.kube_id[:6], self.fields["region"].lower(), name, random_key(48)))

    def status(self, now):
        return self.task.status(now)

    def start(self, first, steps, now):
        """A change: ``first`` now, READY after ``steps`` steps."""
        self.task = Task(0, first, now, [(0, first), (self.kube.seconds(steps), READY)], initial=first)
        self.updated = now

    def require_ready(self, now):
        status = self.status(now)
        if status != READY:
            raise not_ready(f"Cluster {self.kube_id}", status)

    def next_versions(self):
        index = VERSIONS.index(self.fields["version"]) if self.fields["version"] in VERSIONS else len(VERSIONS)
        return list(VERSIONS[index + 1:index + 2])

    def to_api(self, now):
        status = self.status(now)
        ready = status == READY
        return dict(
            self.fields, version=PATCHES.get(self.fields["version"], self.fields["version"]), id=self.kube_id, status=status,
            url=f"{self.kube_id[:6]}.c1.{self.fields['region'].lower()}.k8s.ovh.net",
            nodesUrl=f"{self.kube_id[:6]}.nodes.c1.{self.fields['region'].lower()}.k8s.ovh.net",
            createdAt=iso_date(self.created), updatedAt=iso_date(self.updated), auditLogsSubscribed=False,
            controlPlaneIsUpToDate=ready, isUpToDate=ready, nextUpgradeVersions=self.next_versions())


class NodePool:
    """A node pool on the emulator clock."""

    def __init__(self, kube, cluster, data, now):
        self.kube = kube
        self.cluster = cluster
        self.pool_id = data.get("id") or _uuid("pool", kube.state.new_id("kube_pool"))
        desired = data.get("desiredNodes", 1)
        self.fields = {
            "name": data["name"], "flavor": data["flavorName"], "desiredNodes": desired,
            "minNodes": data.get("minNodes", 0), "maxNodes": data.get("maxNodes", 100),
            "autoscale": bool(data.get("autoscale")), "antiAffinity": bool(data.get("antiAffinity")),
            "monthlyBilled": bool(data.get("monthlyBilled")),
            "autoscaling": dict(_AUTOSCALING, **(data.get("autoscaling") or {})),
            "template": _template(data.get("template")),
        }
        self.created = data.get("created", now)
        self.updated = self.created
        seconds = 0 if data.get("status", "INSTALLING") == READY else kube.seconds("pool")
        self.task = Task(0, "install", now, [(0, "INSTALLING"), (seconds, READY)], initial="INSTALLING")
        self.gone_at = None

    def status(self, now):
        return self.task.status(now)

    def start(self, first, now):
        self.task = Task(0, first, now, [(0, first), (self.kube.seconds("pool"), READY)], initial=first)
        self.updated = now

    def to_api(self, now):
        status = self.status(now)
        desired = self.fields["desiredNodes"]
        current = desired if status == READY else min(desired, self.fields.get("currentNodes", 0))
        return dict(
            self.fields, id=self.pool_id, projectId=self.cluster.project.project_id, status=status,
            currentNodes=desired, availableNodes=current, upToDateNodes=current,
            sizeStatus="CAPACITY_OK" if status == READY else "UNDER_CAPACITY",
            createdAt=iso_date(self.created), updatedAt=iso_date(self.updated))


def _template(template):
    """cloud.kube.NodePoolTemplate with every field (the API answers them all)."""
    template = template or {}
    metadata = template.get("metadata") or {}
    spec = template.get("spec") or {}
    for taint in spec.get("taints") or []:
        _enum("template.spec.taints.effect", taint.get("effect"), TAINT_EFFECTS, "cloud.kube.TaintEffectEnum")
    return {"metadata": {"labels": dict(metadata.get("labels") or {}), "annotations": dict(metadata.get("annotations") or {}),
                         "finalizers": list(metadata.get("finalizers") or [])},
            "spec": {"taints": [dict(taint) for taint in spec.get("taints") or []],
                     "unschedulable": bool(spec.get("unschedulable", False))}}


def _mandatory(data, name, path, kind, type_name):
    if name not in data or data[name] is None:
        raise bad_request(f"[{path}.{name}] Property is mandatory")
    if not isinstance(data[name], kind) or (kind is not bool and isinstance(data[name], bool)):
        raise bad_request(f"[{path}.{name}] Given data ({data[name]}) is not valid for type {type_name}")
    return data[name]


def _check_template(template):
    """A cloud.kube.NodePoolTemplate of a request: metadata (labels, annotations, finalizers) and spec (taints,
    unschedulable) are required and cannot be null (the schema's required and canBeNull)."""
    if template is None:
        return None
    if not isinstance(template, dict):
        raise bad_request(f"[template] Given data ({template}) is not valid for type cloud.kube.NodePoolTemplate")
    only_keys(template, ("metadata", "spec"))
    metadata = _mandatory(template, "metadata", "template", dict, "cloud.kube.NodePoolTemplateMetadata")
    spec = _mandatory(template, "spec", "template", dict, "cloud.kube.NodePoolTemplateSpec")
    only_keys(metadata, ("annotations", "finalizers", "labels"))
    only_keys(spec, ("taints", "unschedulable"))
    for name in ("labels", "annotations"):
        for key, value in _mandatory(metadata, name, "template.metadata", dict, "map[string]string").items():
            if not isinstance(value, str):
                raise bad_request(f"[template.metadata.{name}] Given data ({key}: {value}) is not valid for type "
                                  "map[string]string")
    for finalizer in _mandatory(metadata, "finalizers", "template.metadata", list, "string[]"):
        if not isinstance(finalizer, str):
            raise bad_request(f"[template.metadata.finalizers] Given data ({finalizer}) is not valid for type string[]")
    _mandatory(spec, "unschedulable", "template.spec", bool, "boolean")
    for taint in _mandatory(spec, "taints", "template.spec", list, "cloud.kube.Taint[]"):
        if not isinstance(taint, dict):
            raise bad_request(f"[template.spec.taints] Given data ({taint}) is not valid for type cloud.kube.Taint")
        only_keys(taint, ("effect", "key", "value"))
        for name in ("key", "value", "effect"):
            _mandatory(taint, name, "template.spec.taints", str, "string")
    return template


def _check_customization(customization):
    if customization is None:
        return None
    only_keys(customization, ("apiServer", "kubeProxy"))
    plugins = ((customization.get("apiServer") or {}).get("admissionPlugins") or {})
    for key in ("enabled", "disabled"):
        for plugin in plugins.get(key) or []:
            _enum(f"apiServer.admissionPlugins.{key}", plugin, ADMISSION_PLUGINS,
                  "cloud.ProjectKubeCustomizationAPIServerAdmissionPluginsEnum")
    ipvs = ((customization.get("kubeProxy") or {}).get("ipvs") or {})
    if ipvs.get("scheduler") is not None:
        _enum("kubeProxy.ipvs.scheduler", ipvs["scheduler"], IPVS_SCHEDULERS, "cloud.kube.KubeProxyIpvsSchedulerEnum")
    return customization


_PROXY_FIELDS = {"iptables": ("minSyncPeriod", "syncPeriod"),
                 "ipvs": ("minSyncPeriod", "scheduler", "syncPeriod", "tcpFinTimeout", "tcpTimeout", "udpTimeout")}


def _full_customization(data):
    """cloud.ProjectKubeCustomization with every field (null where unset), as the API answers it."""
    data = data or {}
    # Unset at creation, the API server gets the plugins the API enables by default (inferred: both).
    plugins = ((data.get("apiServer") or {"admissionPlugins": {"enabled": list(ADMISSION_PLUGINS)}})
               .get("admissionPlugins") or {})
    proxy = data.get("kubeProxy")
    return {"apiServer": {"admissionPlugins": {"enabled": list(plugins.get("enabled") or []),
                                               "disabled": list(plugins.get("disabled") or [])}},
            "kubeProxy": None if proxy is None else dict(
                (mode, None if proxy.get(mode) is None else dict((name, proxy[mode].get(name)) for name in fields))
                for mode, fields in _PROXY_FIELDS.items())}


def _pool_counts(data, pool=None):
    fields = dict(pool.fields) if pool else {"minNodes": 0, "maxNodes": 100, "desiredNodes": 1}
    for name in ("desiredNodes", "minNodes", "maxNodes"):
        if data.get(name) is not None:
            fields[name] = _long(name, data[name])
    if not 0 <= fields["minNodes"] <= fields["desiredNodes"] <= fields["maxNodes"]:
        raise bad_request("desiredNodes (%d) must be between minNodes (%d) and maxNodes (%d)" % (
            fields["desiredNodes"], fields["minNodes"], fields["maxNodes"]))  # inferred wording
    return fields


def _check_flavor(name, region):
    flavor = next((flavor for flavor in FLAVORS if flavor["name"] == name), None)
    if flavor is None or flavor["state"] != "available":
        raise bad_request(f"Flavor {name} is not available in region {region}")  # inferred wording
    return name


def _check_private_network(project, region, network_id):
    """The OpenStack UUID of one of the project's networks in ``region``; a ``pn-…`` id refused."""
    if network_id is None:
        return None
    for network in project.networks.values():
        for network_region in network.get("regions") or []:
            if network_region.get("openstackId") == network_id:
                if network_region.get("region") != region:
                    raise bad_request(f"Private network {network_id} is not in region {region}")  # inferred
                return network_id
    raise bad_request(f"Private network {network_id} not found in region {region}: give the OpenStack id of the "
                      "network in the region, not its pn- id")  # inferred wording


class KubeClusters(Product):
    """Every project's clusters, by project id then cluster id."""

    name = "cloud_kube"
    routes = ()  # filled below, after the handlers
    seed_keys = ("cloudKube",)
    step_seconds = 10

    def __init__(self, state):
        super().__init__(state)
        self.clusters = {}  # project id -> {kube id -> Cluster}

    def seconds(self, steps):
        return STEPS[steps] * self.step_seconds

    def load(self, seed):
        now = self.state.now()
        for data in seed.get("cloudKube", []):
            project = self.state.cloud.projects[data["projectId"]]
            cluster = Cluster(self, project, dict(data, status=READY), now)
            self.clusters.setdefault(project.project_id, {})[cluster.kube_id] = cluster
            for pool_data in data.get("nodepools", []):
                pool = NodePool(self, cluster, dict(pool_data, status=READY), now)
                cluster.pools[pool.pool_id] = pool

    def project_clusters(self, project, now):
        clusters = self.clusters.setdefault(project.project_id, {})
        for kube_id, cluster in list(clusters.items()):  # deletions that ended are gone
            if cluster.gone_at is not None and cluster.gone_at <= now:
                del clusters[kube_id]
        return clusters

    def autoscale(self, kube_id, pool_id, desired):
        """What the real autoscaler does: an autoscaled pool's desiredNodes moved within its bounds."""
        for clusters in self.clusters.values():
            if kube_id in clusters:
                pool = clusters[kube_id].pools[pool_id]
                fields = pool.fields
                if not fields["autoscale"] or not fields["minNodes"] <= desired <= fields["maxNodes"]:
                    raise ValueError("the autoscaler moves an autoscaled pool within [minNodes, maxNodes] only")
                fields["desiredNodes"] = desired
                return pool.to_api(self.state.now())
        raise KeyError(kube_id)


def cluster_of(call):
    project = project_of(call)
    now = call.state.now()
    cluster = call.state.cloud_kube.project_clusters(project, now).get(call.params["kubeId"])
    if cluster is None:
        raise object_not_found(call.params["kubeId"], "kubeId")
    return project, cluster, now


def pool_of(call):
    project, cluster, now = cluster_of(call)
    pool = cluster.pools.get(call.params["nodePoolId"])
    if pool is not None and pool.gone_at is not None and pool.gone_at <= now:
        del cluster.pools[pool.pool_id]
        pool = None
    if pool is None:
        raise object_not_found(call.params["nodePoolId"], "nodePoolId")
    return cluster, pool, now


def flavors(call):
    """GET …/capabilities/kube/flavors (cloud.kube.Flavor[]); ``region`` must be a kube region."""
    project = project_of(call)
    region = call.query_value("region")
    if region is not None and region not in project.kube_regions:
        raise bad_request(f"Region {region} is not available for Kubernetes")  # inferred wording
    return [dict(flavor) for flavor in FLAVORS]


def cluster_flavors(call):
    """GET …/kube/{kubeId}/flavors"""
    cluster_of(call)
    return [dict(flavor) for flavor in FLAVORS]


def cluster_list(call):
    project = project_of(call)
    return sorted(call.state.cloud_kube.project_clusters(project, call.state.now()))


def cluster_create(call):
    """POST …/kube (cloud.ProjectKubeCreation): INSTALLING, READY later; an initial node pool may come with it."""
    project = project_of(call)
    data = call.json_body()
    only_keys(data, _CLUSTER_KEYS)
    region = data.get("region")
    if not isinstance(region, str):
        raise bad_request("[region] Property is mandatory")
    if region not in project.kube_regions:
        raise bad_request(f"Region {region} is not available for Kubernetes")  # inferred wording
    if data.get("version") is not None:
        _enum("version", data["version"], VERSIONS, "cloud.kube.VersionEnum")
    if data.get("updatePolicy") is not None:
        _enum("updatePolicy", data["updatePolicy"], UPDATE_POLICIES, "cloud.kube.UpdatePolicyEnum")
    if data.get("kubeProxyMode") is not None:
        _enum("kubeProxyMode", data["kubeProxyMode"], KUBE_PROXY_MODES, "cloud.kube.KubeProxyModeEnum")
    _check_customization(data.get("customization"))
    _check_private_network(project, region, data.get("privateNetworkId"))
    if (data.get("nodesSubnetId") or data.get("loadBalancersSubnetId")) and not data.get("privateNetworkId"):
        raise bad_request("nodesSubnetId and loadBalancersSubnetId need a privateNetworkId")  # inferred wording
    pool_data = data.get("nodepool")
    if pool_data is not None:
        _check_flavor(pool_data.get("flavorName"), region)
        _pool_counts(pool_data)
        _check_template(pool_data.get("template"))
    kube = call.state.cloud_kube
    now = call.state.now()
    cluster = Cluster(kube, project, data, now)
    kube.project_clusters(project, now)[cluster.kube_id] = cluster
    if pool_data is not None:
        pool = NodePool(kube, cluster, dict(pool_data, name=pool_data.get("name") or "nodepool"), now)
        cluster.pools[pool.pool_id] = pool
    return cluster.to_api(now)


def cluster_get(call):
    dummy, cluster, now = cluster_of(call)
    return cluster.to_api(now)


def cluster_put(call):
    """PUT …/kube/{kubeId} (cloud.ProjectKubeUpdate: name, updatePolicy)."""
    dummy, cluster, now = cluster_of(call)
    data = call.json_body()
    only_keys(data, ("name", "updatePolicy"))
    cluster.require_ready(now)
    if data.get("updatePolicy") is not None:
        cluster.fields["updatePolicy"] = _enum("updatePolicy", data["updatePolicy"], UPDATE_POLICIES,
                                               "cloud.kube.UpdatePolicyEnum")
    if data.get("name") is not None:
        cluster.fields["name"] = str(data["name"])
    cluster.updated = now


def cluster_delete(call):
    """DELETE …/kube/{kubeId}: DELETING, then gone."""
    dummy, cluster, now = cluster_of(call)
    if cluster.status(now) == "DELETING":
        raise not_ready(f"Cluster {cluster.kube_id}", "DELETING")
    seconds = call.state.cloud_kube.seconds("delete")
    cluster.task = Task(0, "delete", now, [(0, "DELETING"), (seconds + 1, "DELETED")], initial="DELETING")
    cluster.gone_at = now + seconds


def update_policy(call):
    """PUT …/kube/{kubeId}/updatePolicy"""
    dummy, cluster, now = cluster_of(call)
    data = call.json_body()
    only_keys(data, ("updatePolicy",))
    cluster.require_ready(now)
    cluster.fields["updatePolicy"] = _enum("updatePolicy", data.get("updatePolicy"), UPDATE_POLICIES,
                                           "cloud.kube.UpdatePolicyEnum")
    cluster.updated = now


def cluster_update(call):
    """POST …/kube/{kubeId}/update: NEXT_MINOR upgrades to the next minor version (UPDATING, then READY);
    LATEST_PATCH redeploys the same one. Refused under NEVER_UPDATE (inferred: the module must change the
    policy first)."""
    dummy, cluster, now = cluster_of(call)
    data = call.json_body()
    only_keys(data, ("force", "strategy"))
    strategy = _enum("strategy", data.get("strategy"), ("LATEST_PATCH", "NEXT_MINOR"), "cloud.kube.UpdateStrategyEnum")
    cluster.require_ready(now)
    if cluster.fields["updatePolicy"] == "NEVER_UPDATE":
        raise bad_request("Cluster update policy is NEVER_UPDATE: change it before updating the cluster")  # inferred
    if strategy == "NEXT_MINOR":
        versions = cluster.next_versions()
        if not versions:
            raise bad_request(f"Cluster is already on the latest version ({cluster.fields['version']})")  # inferred
        cluster.fields["version"] = versions[0]
    cluster.start("UPDATING", "update", now)


def kubeconfig(call):
    """POST …/kube/{kubeId}/kubeconfig (cloud.Kubeconfig): the secret file."""
    dummy, cluster, now = cluster_of(call)
    if cluster.status(now) in ("INSTALLING", "DELETING"):
        raise not_ready(f"Cluster {cluster.kube_id}", cluster.status(now))
    return {"content": cluster.kubeconfig}


def kubeconfig_reset(call):
    """POST …/kube/{kubeId}/kubeconfig/reset: a new kubeconfig, the old one no longer valid."""
    dummy, cluster, now = cluster_of(call)
    cluster.require_ready(now)
    cluster.kubeconfig = cluster.new_kubeconfig()
    cluster.updated = now


def customization_get(call):
    dummy, cluster, dummy_now = cluster_of(call)
    return cluster.fields["customization"]


def customization_put(call):
    """PUT …/customization: REDEPLOYING, then READY."""
    dummy, cluster, now = cluster_of(call)
    data = _check_customization(call.json_body())
    cluster.require_ready(now)
    cluster.fields["customization"] = _full_customization(data)
    cluster.start("REDEPLOYING", "redeploy", now)
    return {"message": "Customization is being applied: the cluster is redeploying"}  # inferred wording


_NO_NETWORK_CONFIGURATION = {"defaultVrackGateway": "", "privateNetworkRoutingAsDefault": False}


def _network_configuration(cluster):
    """cloud.kube.PrivateNetworkConfiguration as the API answers it (no gateway: "")."""
    configuration = cluster.fields.get("privateNetworkConfiguration") or {}
    return {"defaultVrackGateway": configuration.get("defaultVrackGateway") or "",
            "privateNetworkRoutingAsDefault": bool(configuration.get("privateNetworkRoutingAsDefault"))}


def network_configuration_get(call):
    dummy, cluster, dummy_now = cluster_of(call)
    return _network_configuration(cluster)


def network_configuration_put(call):
    """PUT …/privateNetworkConfiguration (cloud.kube.PrivateNetworkConfiguration): the nodes' routing through the
    private network, changed in place; the cluster redeploys (REDEPLOYING, then READY, inferred as for a
    customization, whose answer is the same cloud.kube.ResponseMessage). Refused on a cluster without a private
    network (inferred wording)."""
    dummy, cluster, now = cluster_of(call)
    data = call.json_body()
    only_keys(data, ("defaultVrackGateway", "privateNetworkRoutingAsDefault"))
    if "defaultVrackGateway" in data and not isinstance(data["defaultVrackGateway"], str):
        raise bad_request(f"[defaultVrackGateway] Given data ({data['defaultVrackGateway']}) is not valid for type string")
    routing = data.get("privateNetworkRoutingAsDefault")
    if routing is not None and not isinstance(routing, bool):
        raise bad_request(f"[privateNetworkRoutingAsDefault] Given data ({routing}) is not valid for type boolean")
    wanted = {"defaultVrackGateway": data.get("defaultVrackGateway") or "", "privateNetworkRoutingAsDefault": bool(routing)}
    if wanted != _NO_NETWORK_CONFIGURATION and not cluster.fields.get("privateNetworkId"):
        raise bad_request(f"Cluster {cluster.kube_id} has no private network: its private network configuration "
                          "cannot be set")  # inferred wording
    cluster.require_ready(now)
    cluster.fields["privateNetworkConfiguration"] = wanted
    cluster.start("REDEPLOYING", "redeploy", now)
    return {"message": "Private network configuration is being applied: the cluster is redeploying"}  # inferred


def _ip_blocks(data):
    only_keys(data, ("ips",))
    ips = data.get("ips")
    if not isinstance(ips, list):
        raise bad_request("[ips] Given data is not valid for type ipBlock[]")
    blocks = []
    for ip in ips:
        try:
            blocks.append(str(ipaddress.ip_network(str(ip), strict=False)))
        except ValueError:
            raise bad_request(f"[ips] Given data ({ip}) is not valid for type ipBlock") from None
    return blocks


def ip_restrictions(call):
    dummy, cluster, dummy_now = cluster_of(call)
    return list(cluster.ip_restrictions)


def ip_restrictions_add(call):
    dummy, cluster, now = cluster_of(call)
    blocks = _ip_blocks(call.json_body())
    cluster.require_ready(now)
    cluster.ip_restrictions += [block for block in blocks if block not in cluster.ip_restrictions]
    return list(cluster.ip_restrictions)


def ip_restrictions_put(call):
    dummy, cluster, now = cluster_of(call)
    blocks = _ip_blocks(call.json_body())
    cluster.require_ready(now)
    cluster.ip_restrictions = list(dict.fromkeys(blocks))
    return list(cluster.ip_restrictions)


def ip_restriction_delete(call):
    dummy, cluster, now = cluster_of(call)
    ip = call.params["ip"]
    try:
        block = str(ipaddress.ip_network(ip, strict=False))
    except ValueError:
        raise bad_request(f"[ip] Given data ({ip}) is not valid for type ipBlock") from None
    if block not in cluster.ip_restrictions:
        raise object_not_found(ip, "ip")
    cluster.require_ready(now)
    cluster.ip_restrictions.remove(block)


def _oidc_body(data):
    only_keys(data, _OIDC_KEYS)
    for name in ("clientId", "issuerUrl"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise bad_request(f"[{name}] Property is mandatory")
    for algorithm in data.get("signingAlgorithms") or []:
        _enum("signingAlgorithms", algorithm, SIGNING_ALGORITHMS, "cloud.kube.OpenIdConnectSigningAlgorithmsEnum")
    return dict((name, data.get(name)) for name in _OIDC_KEYS)


def oidc_get(call):
    dummy, cluster, dummy_now = cluster_of(call)
    if cluster.oidc is None:
        raise ApiError(404, "NOT_FOUND", f"No OpenIdConnect provider configured on cluster {cluster.kube_id}")  # inferred
    return dict(cluster.oidc)


def oidc_create(call):
    """POST …/openIdConnect: the API server is redeployed (REDEPLOYING, then READY)."""
    dummy, cluster, now = cluster_of(call)
    data = _oidc_body(call.json_body())
    cluster.require_ready(now)
    if cluster.oidc is not None:
        raise ApiError(409, "CONFLICT", "An OpenIdConnect provider is already configured: update it")  # inferred
    cluster.oidc = data
    cluster.start("REDEPLOYING", "redeploy", now)
    return dict(data)


def oidc_put(call):
    dummy, cluster, now = cluster_of(call)
    data = _oidc_body(call.json_body())
    if cluster.oidc is None:
        raise ApiError(404, "NOT_FOUND", f"No OpenIdConnect provider configured on cluster {cluster.kube_id}")  # inferred
    cluster.require_ready(now)
    cluster.oidc = data
    cluster.start("REDEPLOYING", "redeploy", now)


def oidc_delete(call):
    dummy, cluster, now = cluster_of(call)
    if cluster.oidc is None:
        raise ApiError(404, "NOT_FOUND", f"No OpenIdConnect provider configured on cluster {cluster.kube_id}")  # inferred
    cluster.require_ready(now)
    cluster.oidc = None
    cluster.start("REDEPLOYING", "redeploy", now)


def pool_list(call):
    dummy, cluster, now = cluster_of(call)
    for pool_id, pool in list(cluster.pools.items()):
        if pool.gone_at is not None and pool.gone_at <= now:
            del cluster.pools[pool_id]
    return [pool.to_api(now) for pool in cluster.pools.values()]


def pool_create(call):
    """POST …/nodepool (cloud.ProjectKubeNodePoolCreation): INSTALLING, READY later."""
    dummy, cluster, now = cluster_of(call)
    data = call.json_body()
    only_keys(data, _POOL_KEYS)
    if not isinstance(data.get("flavorName"), str):
        raise bad_request("[flavorName] Property is mandatory")
    _check_flavor(data["flavorName"], cluster.fields["region"])
    _pool_counts(data)
    _check_template(data.get("template"))
    cluster.require_ready(now)
    name = data.get("name") or "nodepool-%s" % random_key(6).lower()
    pool_list(call)
    if any(pool.fields["name"] == name for pool in cluster.pools.values()):
        raise ApiError(409, "CONFLICT", f"A node pool named {name} already exists")  # inferred wording
    pool = NodePool(call.state.cloud_kube, cluster, dict(data, name=name), now)
    cluster.pools[pool.pool_id] = pool
    return pool.to_api(now)


def pool_get(call):
    dummy, pool, now = pool_of(call)
    return pool.to_api(now)


def pool_put(call):
    """PUT …/nodepool/{nodePoolId} (cloud.ProjectKubeNodePoolUpdate): sizes, autoscale, template; a size change
    UPSCALING or DOWNSCALING, any other UPDATING, then READY."""
    cluster, pool, now = pool_of(call)
    data = call.json_body()
    only_keys(data, _POOL_UPDATE_KEYS)
    counts = _pool_counts(data, pool)
    _check_template(data.get("template"))
    status = pool.status(now)
    if status != READY:
        raise not_ready(f"Node pool {pool.pool_id}", status)
    cluster.require_ready(now)
    before = pool.fields["desiredNodes"]
    pool.fields.update(desiredNodes=counts["desiredNodes"], minNodes=counts["minNodes"], maxNodes=counts["maxNodes"])
    if data.get("autoscale") is not None:
        pool.fields["autoscale"] = bool(data["autoscale"])
    if data.get("autoscaling") is not None:
        pool.fields["autoscaling"] = dict(pool.fields["autoscaling"], **data["autoscaling"])
    if data.get("template") is not None:
        pool.fields["template"] = _template(data["template"])
    after = pool.fields["desiredNodes"]
    pool.start("UPSCALING" if after > before else "DOWNSCALING" if after < before else "UPDATING", now)


def pool_delete(call):
    cluster, pool, now = pool_of(call)
    if pool.status(now) == "DELETING":
        raise not_ready(f"Node pool {pool.pool_id}", "DELETING")
    seconds = call.state.cloud_kube.seconds("pool")
    pool.task = Task(0, "delete", now, [(0, "DELETING"), (seconds + 1, "DELETED")], initial="DELETING")
    pool.gone_at = now + seconds


_BASE = "/cloud/project/{serviceName}"
_KUBE = _BASE + "/kube/{kubeId}"
KubeClusters.routes = (
    ("GET", _BASE + "/capabilities/kube/flavors", flavors),
    ("GET", _BASE + "/kube", cluster_list),
    ("POST", _BASE + "/kube", cluster_create),
    ("GET", _KUBE, cluster_get),
    ("PUT", _KUBE, cluster_put),
    ("DELETE", _KUBE, cluster_delete),
    ("GET", _KUBE + "/flavors", cluster_flavors),
    ("PUT", _KUBE + "/updatePolicy", update_policy),
    ("POST", _KUBE + "/update", cluster_update),
    ("POST", _KUBE + "/kubeconfig", kubeconfig),
    ("POST", _KUBE + "/kubeconfig/reset", kubeconfig_reset),
    ("GET", _KUBE + "/customization", customization_get),
    ("PUT", _KUBE + "/customization", customization_put),
    ("GET", _KUBE + "/privateNetworkConfiguration", network_configuration_get),
    ("PUT", _KUBE + "/privateNetworkConfiguration", network_configuration_put),
    ("GET", _KUBE + "/ipRestrictions", ip_restrictions),
    ("POST", _KUBE + "/ipRestrictions", ip_restrictions_add),
    ("PUT", _KUBE + "/ipRestrictions", ip_restrictions_put),
    ("DELETE", _KUBE + "/ipRestrictions/{ip}", ip_restriction_delete),
    ("GET", _KUBE + "/openIdConnect", oidc_get),
    ("POST", _KUBE + "/openIdConnect", oidc_create),
    ("PUT", _KUBE + "/openIdConnect", oidc_put),
    ("DELETE", _KUBE + "/openIdConnect", oidc_delete),
    ("GET", _KUBE + "/nodepool", pool_list),
    ("POST", _KUBE + "/nodepool", pool_create),
    ("GET", _KUBE + "/nodepool/{nodePoolId}", pool_get),
    ("PUT", _KUBE + "/nodepool/{nodePoolId}", pool_put),
    ("DELETE", _KUBE + "/nodepool/{nodePoolId}", pool_delete),
)
