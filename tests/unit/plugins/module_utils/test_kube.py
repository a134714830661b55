"""module_utils/kube.py without a module: names, versions and upgrade steps, IP blocks, pn- ids, the creation body,
customization and OIDC comparisons, immutable fields of clusters and node pools, templates, the kubeconfig file."""

import os
import stat

import pytest

from ansible_collections.signet.ovh.plugins.module_utils import kube
from ansible_collections.signet.ovh.plugins.module_utils.kube import KubeInputError
from ansible_collections.signet.ovh.plugins.module_utils.state_files import StateFileError


def test_names_versions_and_upgrade_steps():
    assert kube.check_name("prod") == "prod"
    for bad in ("", " ", "x" * 65, "a\nb", "a\x7fb", "a\x85b", None):
        with pytest.raises(KubeInputError, match="must be a name"):
            kube.check_name(bad)
    assert kube.upgrade_steps("1.27", "1.29") == 2 and kube.upgrade_steps("1.29", "1.29") == 0
    with pytest.raises(KubeInputError, match="not downgraded"):
        kube.upgrade_steps("1.29", "1.28")
    with pytest.raises(KubeInputError, match="only minor upgrades"):
        kube.upgrade_steps("1.29", "2.0")
    with pytest.raises(KubeInputError, match="minor version such as 1.29"):
        kube.check_version("v1.29")


def test_ip_blocks_and_private_networks():
    assert kube.ip_blocks(["192.0.2.1", "198.51.100.7/24", "2001:db8::/32"]) == [
        "192.0.2.1/32", "198.51.100.0/24", "2001:db8::/32"]
    with pytest.raises(KubeInputError, match="is not an IP address or block"):
        kube.ip_blocks(["nope"])
    assert kube.check_private_network("5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e")
    with pytest.raises(KubeInputError, match="regions\\[\\].openstackId"):
        kube.check_private_network("pn-12345_100")


def test_creation_body_and_customization():
    params = {"name": "prod", "version": "1.29", "update_policy": None, "kube_proxy_mode": "ipvs",
              "private_network_id": None, "nodes_subnet_id": None, "load_balancers_subnet_id": None,
              "private_network_configuration": {"default_vrack_gateway": None, "private_network_routing_as_default": True},
              "customization": {"admission_plugins": {"enabled": ["NodeRestriction"], "disabled": None},
                                "kube_proxy": {"ipvs": {"scheduler": "rr", "sync_period": "PT30S"}, "iptables": None}}}
    body = kube.creation_body(params, "GRA11")
    assert body == {"name": "prod", "region": "GRA11", "version": "1.29", "kubeProxyMode": "ipvs",
                    "privateNetworkConfiguration": {"defaultVrackGateway": "", "privateNetworkRoutingAsDefault": True},
                    "customization": {"apiServer": {"admissionPlugins": {"enabled": ["NodeRestriction"], "disabled": []}},
                                      "kubeProxy": {"iptables": None, "ipvs": {"scheduler": "rr", "syncPeriod": "PT30S"}}}}
    current = {"apiServer": {"admissionPlugins": {"enabled": ["NodeRestriction"], "disabled": []}},
               "kubeProxy": {"iptables": None, "ipvs": {"scheduler": "rr", "syncPeriod": "PT30S", "tcpTimeout": None}}}
    assert kube.same_customization(current, body["customization"])
    assert not kube.same_customization(current, dict(body["customization"], kubeProxy={"ipvs": {"scheduler": "lc"}}))
    # kube-proxy unset in the options: only the admission plugins count.
    assert kube.same_customization(current, {"apiServer": current["apiServer"], "kubeProxy": None})
    # Admission plugins unset: kept from the cluster's.
    wanted = kube.customization({"admission_plugins": None, "kube_proxy": {"iptables": {"sync_period": "PT1M"}}})
    assert wanted["apiServer"] is None and not kube.same_customization(current, wanted)
    assert kube.complete_customization(current, wanted) == {
        "apiServer": current["apiServer"],
        "kubeProxy": {"iptables": {"syncPeriod": "PT1M"}, "ipvs": {"scheduler": "rr", "syncPeriod": "PT30S"}}}


def test_customization_compared_on_what_is_given():
    # The API fills in defaults (every kube-proxy setting, the plugin lists): only the settings given count.
    filled = {"apiServer": {"admissionPlugins": {"enabled": ["NodeRestriction"], "disabled": ["AlwaysPullImages"]}},
              "kubeProxy": {"iptables": {"minSyncPeriod": "PT1S", "syncPeriod": "PT30S"},
                            "ipvs": {"minSyncPeriod": "PT0S", "scheduler": "rr", "syncPeriod": "PT30S",
                                     "tcpFinTimeout": "PT0S", "tcpTimeout": "PT0S", "udpTimeout": "PT0S"}}}
    wanted = kube.wanted_customization({"admission_plugins": {"enabled": ["NodeRestriction"], "disabled": None},
                                        "kube_proxy": {"iptables": {"min_sync_period": "PT1S", "sync_period": None},
                                                       "ipvs": None}})
    assert kube.same_customization(filled, wanted)
    wanted = kube.wanted_customization({"admission_plugins": {"enabled": ["AlwaysPullImages"], "disabled": None},
                                        "kube_proxy": None})
    assert not kube.same_customization(filled, wanted)
    # Enabled now: taken out of the disabled list kept; kube-proxy kept whole.
    assert kube.complete_customization(filled, wanted) == {
        "apiServer": {"admissionPlugins": {"enabled": ["AlwaysPullImages"], "disabled": []}},
        "kubeProxy": filled["kubeProxy"]}


def test_oidc_and_immutable_fields():
    wanted = kube.oidc_body({"issuer_url": "https://sso.example.com", "client_id": "c", "groups_claim": None})
    assert wanted == {"issuerUrl": "https://sso.example.com", "clientId": "c"}
    assert kube.same_oidc({"issuerUrl": "https://sso.example.com", "clientId": "c", "usernameClaim": "sub"}, wanted)
    assert not kube.same_oidc(None, wanted)
    # Lists are sets to the API server: another order (or a repeat) is no change, another member is.
    wanted = kube.oidc_body({"issuer_url": "https://sso.example.com", "client_id": "c",
                             "signing_algorithms": ["RS256", "ES256"], "required_claim": ["aud=k8s", "tier=ops"]})
    current = {"issuerUrl": "https://sso.example.com", "clientId": "c", "signingAlgorithms": ["ES256", "RS256", "RS256"],
               "requiredClaim": ["tier=ops", "aud=k8s"]}
    assert kube.same_oidc(current, wanted)
    assert not kube.same_oidc(dict(current, signingAlgorithms=["ES256"]), wanted)
    assert not kube.same_oidc(dict(current, requiredClaim=None), wanted)
    # An empty text or list given is the null the API may answer for it.
    wanted = kube.oidc_body({"issuer_url": "https://sso.example.com", "client_id": "c", "groups_claim": [], "username_prefix": ""})
    assert kube.same_oidc({"issuerUrl": "https://sso.example.com", "clientId": "c", "groupsClaim": None}, wanted)
    assert not kube.same_oidc({"issuerUrl": "https://sso.example.com", "clientId": "c", "usernamePrefix": "oidc:"}, wanted)
    cluster = {"region": "GRA11", "kubeProxyMode": "iptables", "privateNetworkId": None}
    params = {"kube_proxy_mode": "ipvs", "private_network_id": None, "nodes_subnet_id": None, "load_balancers_subnet_id": None}
    assert kube.immutable_changes(cluster, params, "SBG5") == [
        ("region", "GRA11", "SBG5"), ("kube_proxy_mode", "iptables", "ipvs")]
    pool = {"flavor": "b2-7", "antiAffinity": False, "monthlyBilled": False}
    assert kube.pool_immutable_changes(pool, {"flavor": "b2-7", "anti_affinity": True, "monthly_billed": None}) == [
        ("anti_affinity", False, True)]
    assert kube.describe_changes([("flavor", "b2-7", "c2-7")]) == 'flavor is "b2-7", asked "c2-7"'


def test_templates_keep_what_the_options_leave_unset():
    pool = {"template": {"metadata": {"labels": {"a": "1"}, "annotations": {"n": "x"}, "finalizers": []},
                         "spec": {"taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}], "unschedulable": False}}}
    params = {"labels": {"a": "2"}, "annotations": None, "taints": None}
    assert kube.template_differs(pool, params)
    merged = kube.merged_template(pool, params)
    assert merged["metadata"] == {"labels": {"a": "2"}, "annotations": {"n": "x"}, "finalizers": []}
    assert merged["spec"]["taints"] == pool["template"]["spec"]["taints"]
    same = {"labels": None, "annotations": None, "taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}]}
    assert not kube.template_differs(pool, same)
    assert kube.pool_template({"labels": None, "annotations": None, "taints": None}) is None


def test_the_kubeconfig_file(tmp_path):
    path = str(tmp_path / "config")
    assert kube.check_file_path(path) == path
    with pytest.raises(KubeInputError, match="does not exist"):
        kube.check_file_path(str(tmp_path / "missing" / "config"))
    changed, before, after = kube.write_secret_file(path, "secret: 1\n", check_mode=True)
    assert changed and before is None and after.startswith("sha256:") and not os.path.exists(path)
    changed, before, after = kube.write_secret_file(path, "secret: 1\n", check_mode=False)
    assert changed and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert kube.write_secret_file(path, "secret: 1\n", check_mode=False) == (False, after, after)
    assert kube.write_secret_file(path, "secret: 2\n", check_mode=False)[0]
    # The checksum the diff shows, read by state_files (no copy of its reader here).
    assert kube.file_checksum(path) == kube.write_secret_file(path, "secret: 2\n", check_mode=True)[2]
    assert kube.file_checksum(str(tmp_path / "none")) is None
    with pytest.raises(StateFileError, match="cannot read"):
        kube.file_checksum(str(tmp_path))


def test_pool_sizes_the_api_does_not_give_are_unknown():
    pool = {"minNodes": None, "maxNodes": "5", "desiredNodes": True, "autoscale": False}
    assert [kube.pool_count(pool, field) for field in ("minNodes", "maxNodes", "desiredNodes", "currentNodes")] == [
        None, None, None, None]
    assert kube.pool_count({"minNodes": 0, "maxNodes": -1}, "minNodes") == 0
    assert kube.pool_count({"maxNodes": -1}, "maxNodes") is None


class Listing(object):
    """A client whose answers are the API's text to quote: clusters and node pools of one name, odd flavors."""

    def __init__(self, ids):
        self.ids = ids

    def get(self, path, shape=None, query=None):
        if path.endswith("/nodepool"):
            return [{"id": pool_id, "name": "twin", "status": "READY"} for pool_id in self.ids]
        if path.endswith("/flavors"):
            return [{"name": "b2-7\u202e"}]
        return list(self.ids)

    def get_many(self, path, ids, shape=None):
        return dict((cluster_id, {"id": cluster_id, "name": "twin", "status": "READY"}) for cluster_id in ids)


def test_api_text_is_quoted_in_messages():
    client = Listing(["a\x1b[31m", "b"])
    project = "0123456789abcdef0123456789abcdef"
    with pytest.raises(KubeInputError) as error:
        kube.find_cluster(client, project, "twin")
    assert '(ids "a\\u001b[31m", "b")' in str(error.value) and "\x1b" not in str(error.value)
    with pytest.raises(KubeInputError) as error:
        kube.find_pool(client, project, "k", "twin")
    assert "\x1b" not in str(error.value) and '"a\\u001b[31m"' in str(error.value)
    with pytest.raises(KubeInputError) as error:
        kube.check_flavor("b2-7", kube.flavor_names(client, project, "GRA11"))
    assert 'available: "b2-7\\u202e"' in str(error.value)
    with pytest.raises(KubeInputError, match='version "1.28" is older than the cluster\'s "1.29"'):
        kube.upgrade_steps("1.29", "1.28")


def test_the_cluster_version_is_compared_on_its_minor_version():
    # The API reports the patch (and a build suffix): only major.minor counts against the version asked.
    assert kube.upgrade_steps("1.29.4", "1.29") == 0
    assert kube.upgrade_steps("1.27.13-2", "1.29") == 2
    assert kube.upgrade_steps("1.28", "1.29") == 1
    with pytest.raises(kube.KubeInputError, match="older than the cluster's"):
        kube.upgrade_steps("1.29.4", "1.28")
    with pytest.raises(kube.KubeInputError, match="the cluster's version as the API reports it"):
        kube.upgrade_steps("latest", "1.29")


def test_private_network_configuration_compared_as_the_api_writes_it():
    cluster = {"region": "GRA11", "privateNetworkId": "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e", "privateNetworkConfiguration": None}
    params = {"private_network_configuration": {"default_vrack_gateway": None, "private_network_routing_as_default": False}}
    assert kube.network_configuration_change(cluster, params, "c") is None
    assert kube.immutable_changes(cluster, params, "GRA11") == []  # changed in place, not set at creation only
    cluster["privateNetworkConfiguration"] = {"defaultVrackGateway": "10.0.0.1", "privateNetworkRoutingAsDefault": False}
    assert kube.network_configuration_change(cluster, params, "c") == {"defaultVrackGateway": "",
                                                                       "privateNetworkRoutingAsDefault": False}
    params["private_network_configuration"]["default_vrack_gateway"] = "10.0.0.1"
    assert kube.network_configuration_change(cluster, params, "c") is None
    assert kube.network_configuration_change(cluster, {"private_network_configuration": None}, "c") is None
    cluster.update(privateNetworkId=None, privateNetworkConfiguration=None)
    with pytest.raises(kube.KubeInputError, match='cluster "c" has no private network'):
        kube.network_configuration_change(cluster, params, "c")
