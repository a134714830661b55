"""ovh_cloud_kube in-process: a cluster created and waited for through INSTALLING, found by name on rerun (no write),
update policy, upgrade only with upgrade=true (and through NEVER_UPDATE, put back after), customization, IP
restrictions as a set, OIDC added, changed and removed, immutable fields refused before any write, pn- ids refused,
deletion waited for until 404, check mode and diff, bad input before any request, API errors with their QueryID."""

import json

import pytest

from api_log import sent
from tamper import replaced, tamper

PROJECT = "0123456789abcdef0123456789abcdef"
KUBE = "/cloud/project/%s/kube" % PROJECT
DEMO = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # demo-cluster, 1.28, MINIMAL_DOWNTIME, READY
NETWORK = "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"  # pn-12345_100 in GRA11


def writes(emulator):
    return [(entry["method"], entry["path"], json.loads(entry["body"]) if entry["body"] else None)
            for entry in emulator.writes()]


def run(modules, args, *options):
    return modules.run("ovh_cloud_kube", dict({"project": PROJECT}, **args), *options)


def test_create_waits_for_ready_then_rerun_sends_nothing(modules, emulator):
    args = {"name": "prod", "region": "gra11", "version": "1.29", "update_policy": "NEVER_UPDATE",
            "private_network_id": NETWORK, "private_network_configuration": {"default_vrack_gateway": "10.0.0.1"},
            "ip_restrictions": ["198.51.100.7", "203.0.113.0/24"]}
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"] is None and result["diff"]["after"]["region"] == "GRA11"
    assert result["diff"]["after"]["ip_restrictions"] == ["198.51.100.7/32", "203.0.113.0/24"]
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["cluster"]["status"] == "READY", output
    kube_id = result["cluster"]["id"]
    assert writes(emulator) == [
        ("POST", KUBE, {"name": "prod", "region": "GRA11", "version": "1.29", "updatePolicy": "NEVER_UPDATE",
                        "privateNetworkId": NETWORK, "privateNetworkConfiguration": {
                            "defaultVrackGateway": "10.0.0.1", "privateNetworkRoutingAsDefault": False}}),
        ("PUT", "%s/%s/ipRestrictions" % (KUBE, kube_id), {"ips": ["198.51.100.7/32", "203.0.113.0/24"]})]
    # The restrictions waited for the installation: the cluster was read INSTALLING until READY.
    assert sum(1 for request in sent(emulator) if request == ("GET", "%s/%s" % (KUBE, kube_id))) > 2
    assert result["ip_restrictions"] == ["198.51.100.7/32", "203.0.113.0/24"]
    assert result["cluster"]["private_network_id"] == NETWORK
    emulator.clear_log()
    rc, result, output = run(modules, dict(args, ip_restrictions=["203.0.113.0/24", "198.51.100.7/32"]))
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_without_wait_the_cluster_is_left_installing(modules, emulator):
    rc, result, output = run(modules, {"name": "fast", "region": "SBG5", "wait": False})
    assert rc == 0 and result["changed"] and result["cluster"]["status"] == "INSTALLING", output
    assert writes(emulator) == [("POST", KUBE, {"name": "fast", "region": "SBG5"})]
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "fast", "region": "SBG5", "update_policy": "ALWAYS_UPDATE"})
    assert rc == 0 and not result["changed"], output  # ALWAYS_UPDATE is the API's default
    rc, result, output = run(modules, {"name": "fast", "update_policy": "NEVER_UPDATE"})
    assert rc == 0 and result["changed"], output
    kube_id = result["cluster"]["id"]
    assert writes(emulator) == [("PUT", "%s/%s/updatePolicy" % (KUBE, kube_id), {"updatePolicy": "NEVER_UPDATE"})]
    assert modules.clock.sleeps  # it waited for READY before the write


def test_update_policy_with_diff_then_rerun(modules, emulator):
    args = {"name": "demo-cluster", "update_policy": "ALWAYS_UPDATE"}
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"]["update_policy"] == "MINIMAL_DOWNTIME"
    assert result["diff"]["after"]["update_policy"] == "ALWAYS_UPDATE"
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["cluster"]["update_policy"] == "ALWAYS_UPDATE", output
    assert writes(emulator) == [("PUT", "%s/%s/updatePolicy" % (KUBE, DEMO), {"updatePolicy": "ALWAYS_UPDATE"})]
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert sent(emulator) == [("GET", KUBE), ("GET", "%s/%s" % (KUBE, DEMO))]


def test_upgrade_only_when_asked(modules, emulator):
    args = {"name": "demo-cluster", "version": "1.29"}
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert any('runs Kubernetes "1.28.9", older than version 1.29' in warning for warning in result["warnings"])
    rc, result, output = run(modules, dict(args, upgrade=True), "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["after"]["version"] == "1.29"
    rc, result, output = run(modules, dict(args, upgrade=True))
    assert rc == 0 and result["changed"] and result["cluster"]["version"] == "1.29.4", output
    assert result["cluster"]["status"] == "READY"
    assert writes(emulator) == [("POST", "%s/%s/update" % (KUBE, DEMO), {"strategy": "NEXT_MINOR"})]
    emulator.clear_log()
    rc, result, output = run(modules, dict(args, upgrade=True))
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


@pytest.mark.parametrize("offered", [[], ["1.30.1"], None])
def test_an_upgrade_the_api_does_not_offer_is_refused_before_any_write(modules, emulator, monkeypatch, offered):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/kube/{kubeId}", replaced("nextUpgradeVersions", offered))
    rc, result, output = run(modules, {"name": "demo-cluster", "version": "1.29", "upgrade": True, "wait_timeout": 3600})
    if offered is None:  # not known: the upgrade goes ahead
        assert rc == 0 and result["changed"] and result["cluster"]["version"] == "1.29.4", output
        return
    assert rc == 1 and not result["changed"] and emulator.writes() == [], output
    assert "the API offers cluster demo-cluster no upgrade to 1.29 (its next versions: %s)" % (
        "none" if not offered else '"1.30.1"') in result["msg"], output


def test_a_failed_upgrade_still_puts_never_update_back(modules, emulator):
    rc, result, output = run(modules, {"name": "old", "region": "GRA11", "version": "1.27", "update_policy": "NEVER_UPDATE"})
    assert rc == 0 and result["changed"], output
    path = "%s/%s" % (KUBE, result["cluster"]["id"])
    emulator.clear_log()
    # The API refuses the upgrade: the policy lifted for it is put back before the failure is reported.
    emulator.add_fault(status=400, count=1, method="POST", path="*/update")
    rc, result, output = run(modules, {"name": "old", "version": "1.28", "upgrade": True})
    assert rc == 1 and result["http_status"] == 400 and result["changed"], output
    assert writes(emulator) == [("PUT", path + "/updatePolicy", {"updatePolicy": "MINIMAL_DOWNTIME"}),
                                ("POST", path + "/update", {"strategy": "NEXT_MINOR"}),
                                ("PUT", path + "/updatePolicy", {"updatePolicy": "NEVER_UPDATE"})]
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "old"})
    assert rc == 0 and result["cluster"]["update_policy"] == "NEVER_UPDATE" and result["cluster"]["version"] == "1.27.13"
    # The upgrade's wait runs out while the cluster is UPDATING: the API refuses the policy then, and the warning says
    # which policy the cluster is left with.
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "old", "version": "1.29", "upgrade": True, "wait_timeout": 1})
    assert rc == 1 and "run the task again" in result["msg"], output
    assert writes(emulator)[-1] == ("PUT", path + "/updatePolicy", {"updatePolicy": "NEVER_UPDATE"})
    assert any("left with update policy MINIMAL_DOWNTIME" in warning for warning in result["warnings"]), output


def test_upgrade_of_a_never_update_cluster_changes_the_policy_and_puts_it_back(modules, emulator):
    rc, result, output = run(modules, {"name": "old", "region": "GRA11", "version": "1.27", "update_policy": "NEVER_UPDATE"})
    assert rc == 0 and result["changed"], output
    kube_id = result["cluster"]["id"]
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "old", "version": "1.29", "upgrade": True, "wait": False})
    assert rc == 0 and result["changed"], output
    assert result["cluster"]["version"] == "1.29.4" and result["cluster"]["update_policy"] == "NEVER_UPDATE"
    path = "%s/%s" % (KUBE, kube_id)
    assert writes(emulator) == [("PUT", path + "/updatePolicy", {"updatePolicy": "MINIMAL_DOWNTIME"}),
                                ("POST", path + "/update", {"strategy": "NEXT_MINOR"}),
                                ("POST", path + "/update", {"strategy": "NEXT_MINOR"}),
                                ("PUT", path + "/updatePolicy", {"updatePolicy": "NEVER_UPDATE"})]


def test_a_downgrade_and_immutable_fields_are_refused_before_any_write(modules, emulator):
    for args, message in (
            ({"version": "1.27", "upgrade": True}, "version \"1.27\" is older than the cluster's \"1.28.9\""),
            ({"region": "SBG5"}, 'region is "GRA11", asked "SBG5"'),
            ({"kube_proxy_mode": "ipvs"}, 'kube_proxy_mode is "iptables", asked "ipvs"'),
            ({"private_network_id": NETWORK}, 'private_network_id is "None", asked "%s"' % NETWORK)):
        rc, result, output = run(modules, dict(args, name="demo-cluster"))
        assert rc == 1 and message in result["msg"] and not result["changed"], output
    assert emulator.writes() == []


def test_customization_ip_restrictions_and_oidc(modules, emulator):
    path = "%s/%s" % (KUBE, DEMO)
    plugins = {"enabled": ["NodeRestriction"], "disabled": ["AlwaysPullImages"]}
    args = {"name": "demo-cluster", "customization": {"admission_plugins": plugins},
            "ip_restrictions": ["198.51.100.0/24", "192.0.2.1"],
            "oidc": {"issuer_url": "https://sso.example.com/realms/ops", "client_id": "demo-cluster",
                     "username_claim": "email"}}
    rc, result, output = run(modules, args, "--diff")
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [
        ("PUT", path + "/customization", {"apiServer": {"admissionPlugins": {
            "enabled": ["NodeRestriction"], "disabled": ["AlwaysPullImages"]}}, "kubeProxy": None}),
        ("PUT", path + "/ipRestrictions", {"ips": ["198.51.100.0/24", "192.0.2.1/32"]}),
        ("PUT", path + "/openIdConnect", {"issuerUrl": "https://sso.example.com/realms/ops", "clientId": "demo-cluster",
                                          "usernameClaim": "email"})]
    assert result["diff"]["before"]["oidc"]["username_claim"] == "preferred_username"
    assert result["diff"]["after"]["oidc"]["username_claim"] == "email"
    assert result["oidc"]["username_claim"] == "email" and result["cluster"]["status"] == "READY"
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    rc, result, output = run(modules, {"name": "demo-cluster", "oidc": {}, "ip_restrictions": []})
    assert rc == 0 and result["changed"] and result["oidc"] is None and result["ip_restrictions"] == [], output
    assert writes(emulator) == [("PUT", path + "/ipRestrictions", {"ips": []}), ("DELETE", path + "/openIdConnect", None)]
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "demo-cluster", "oidc": {"issuer_url": "https://sso.example.com",
                                                                        "client_id": "k"}})
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("POST", path + "/openIdConnect", {"issuerUrl": "https://sso.example.com", "clientId": "k"})]


def test_absent_deletes_and_waits_until_gone(modules, emulator):
    args = {"name": "demo-cluster", "state": "absent"}
    rc, result, output = run(modules, args, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"]["name"] == "demo-cluster" and result["diff"]["after"] is None
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["cluster"] is None, output
    assert writes(emulator) == [("DELETE", "%s/%s" % (KUBE, DEMO), None)]
    assert [entry["status"] for entry in emulator.log if entry["path"] == "%s/%s" % (KUBE, DEMO)][-1] == 404
    emulator.clear_log()
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_a_deletion_that_fails_ends_the_wait_with_its_status(modules, emulator, monkeypatch):
    def failing(answer):
        return dict(answer, status="ERROR") if answer.get("status") == "DELETING" else answer
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/kube/{kubeId}", failing)
    rc, result, output = run(modules, {"name": "demo-cluster", "state": "absent", "wait_timeout": 3600})
    assert rc == 1 and 'the deletion of cluster demo-cluster is "ERROR"' in result["msg"], output
    assert result["changed"] and writes(emulator) == [("DELETE", "%s/%s" % (KUBE, DEMO), None)]
    # Ended by the first read after the DELETE, not by the timeout.
    assert [entry["method"] for entry in emulator.log if entry["path"] == "%s/%s" % (KUBE, DEMO)] == ["GET", "DELETE", "GET"]


def test_a_cluster_in_a_failure_status_is_deleted(modules, emulator, monkeypatch):
    cluster = emulator.state.cloud_kube.clusters[PROJECT][DEMO]
    cluster.start("ERROR", "update", emulator.state.now())
    cluster.task.schedule = [(0, "ERROR")]
    reads = []

    def still_error_once(answer):  # the status it had may still be answered right after the DELETE
        reads.append(answer.get("status"))
        return dict(answer, status="ERROR") if answer.get("status") == "DELETING" and reads.count("DELETING") == 1 else answer
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/kube/{kubeId}", still_error_once)
    rc, result, output = run(modules, {"name": "demo-cluster", "state": "absent"})
    assert rc == 0 and result["changed"] and result["cluster"] is None, output
    assert writes(emulator) == [("DELETE", "%s/%s" % (KUBE, DEMO), None)]
    assert [entry["status"] for entry in emulator.log if entry["path"] == "%s/%s" % (KUBE, DEMO)][-1] == 404


def test_a_cluster_being_deleted_is_not_recreated_yet(modules, emulator):
    rc, result, output = run(modules, {"name": "demo-cluster", "state": "absent", "wait": False})
    assert rc == 0 and result["changed"], output
    emulator.clear_log()
    rc, result, output = run(modules, {"name": "demo-cluster", "region": "GRA11"})
    assert rc == 1 and "cluster demo-cluster is being deleted" in result["msg"], output
    assert result["cluster"]["status"] == "DELETING" and emulator.writes() == []


def test_an_oidc_change_keeps_the_fields_left_out(modules, emulator):
    path = "%s/%s/openIdConnect" % (KUBE, DEMO)
    rc, result, output = run(modules, {"name": "demo-cluster", "oidc": {"issuer_url": "https://sso.example.com/realms/ops",
                                                                        "client_id": "other"}})
    assert rc == 0 and result["changed"] and result["oidc"]["username_claim"] == "preferred_username", output
    assert writes(emulator) == [("PUT", path, {"issuerUrl": "https://sso.example.com/realms/ops", "clientId": "other",
                                               "usernameClaim": "preferred_username"})]


def test_a_failed_cluster_fails_the_wait_with_its_status(modules, emulator):
    cluster = emulator.state.cloud_kube.clusters[PROJECT][DEMO]
    cluster.start("ERROR", "update", emulator.state.now())
    cluster.task.schedule = [(0, "ERROR")]
    rc, result, output = run(modules, {"name": "demo-cluster", "update_policy": "NEVER_UPDATE"})
    assert rc == 1 and 'cluster demo-cluster is "ERROR"' in result["msg"] and result["cluster"]["status"] == "ERROR", output
    assert emulator.writes() == []


@pytest.mark.parametrize("args, message", [
    ({"project": "nope", "name": "x"}, "project must be a Public Cloud project id"),
    ({"name": ""}, "name must be a name of 1 to 64"),
    ({"name": "x", "private_network_id": "pn-12345_100"}, "not its \"pn-12345_100\" id"),
    ({"name": "x", "ip_restrictions": ["300.1.1.1"]}, "ip_restrictions: \"300.1.1.1\" is not an IP"),
    ({"name": "x", "oidc": {"client_id": "k"}}, "oidc needs issuer_url"),
    ({"name": "x", "version": "latest"}, "version must be a Kubernetes minor version"),
    ({"name": "x", "nodes_subnet_id": "abc"}, "need private_network_id"),
    ({"name": "x", "wait_timeout": -1}, "wait_timeout must be"),
])
def test_bad_input_fails_before_any_request(modules, emulator, args, message):
    rc, result, output = run(modules, args)
    assert rc == 1 and message in result["msg"], output
    assert emulator.log == []


def test_region_and_creation_refusals(modules, emulator):
    rc, result, output = run(modules, {"name": "x", "region": "GRA"})
    assert rc == 1 and "region \"GRA\" is not a region where the project runs managed Kubernetes" in result["msg"], output
    assert "GRA11" in result["msg"]
    rc, result, output = run(modules, {"name": "x"})
    assert rc == 1 and "region is required to create cluster x" in result["msg"], output
    # A UUID that is no network of the project: the API's refusal, with its QueryID.
    rc, result, output = run(modules, {"name": "x", "region": "GRA11",
                                       "private_network_id": "00000000-0000-0000-0000-000000000000"})
    assert rc == 1 and result["http_status"] == 400 and result["query_id"], output
    assert "not its pn- id" in result["msg"] and not result["changed"]
    assert emulator.writes()[0]["status"] == 400


def test_create_with_kube_proxy_customization_and_oidc(modules, emulator):
    args = {"name": "ipvs", "region": "BHS5", "kube_proxy_mode": "ipvs",
            "customization": {"kube_proxy": {"ipvs": {"scheduler": "rr", "sync_period": "PT30S"}}},
            "oidc": {"issuer_url": "https://sso.example.com", "client_id": "ipvs", "signing_algorithms": ["RS256"]}}
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"] and result["cluster"]["status"] == "READY", output
    kube_id = result["cluster"]["id"]
    assert writes(emulator) == [
        ("POST", KUBE, {"name": "ipvs", "region": "BHS5", "kubeProxyMode": "ipvs", "customization": {
            "apiServer": None,
            "kubeProxy": {"iptables": None, "ipvs": {"scheduler": "rr", "syncPeriod": "PT30S"}}}}),
        ("POST", "%s/%s/openIdConnect" % (KUBE, kube_id),
         {"issuerUrl": "https://sso.example.com", "clientId": "ipvs", "signingAlgorithms": ["RS256"]})]
    assert result["oidc"]["signing_algorithms"] == ["RS256"]
    emulator.clear_log()
    rc, result, output = run(modules, args, "--diff")
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"] == result["diff"]["after"]
    rc, result, output = run(modules, dict(args, customization={"kube_proxy": {"ipvs": {"scheduler": "lc"}}}), "--diff")
    assert rc == 0 and result["changed"], output
    assert writes(emulator) == [("PUT", "%s/%s/customization" % (KUBE, kube_id), {  # the plugins and syncPeriod kept
        "apiServer": {"admissionPlugins": {"enabled": ["AlwaysPullImages", "NodeRestriction"], "disabled": []}},
        "kubeProxy": {"iptables": None, "ipvs": {"scheduler": "lc", "syncPeriod": "PT30S"}}})]
    assert result["diff"]["before"]["customization"]["api_server"] == result["diff"]["after"]["customization"]["api_server"]
    assert result["diff"]["after"]["customization"]["kube_proxy"]["ipvs"] == {"scheduler": "lc", "sync_period": "PT30S"}


def with_defaults(customization):
    """GET …/customization as an API that fills in every kube-proxy setting with its default."""
    defaults = {"iptables": {"minSyncPeriod": "PT0S", "syncPeriod": "PT30S"},
                "ipvs": {"minSyncPeriod": "PT0S", "scheduler": "rr", "syncPeriod": "PT30S", "tcpFinTimeout": "PT0S",
                         "tcpTimeout": "PT0S", "udpTimeout": "PT0S"}}
    proxy = customization.get("kubeProxy") or {}
    return dict(customization, kubeProxy=dict(
        (mode, dict(fields, **dict((key, value) for key, value in (proxy.get(mode) or {}).items() if value is not None)))
        for mode, fields in defaults.items()))


def test_customization_the_api_fills_with_defaults_is_idempotent(modules, emulator, monkeypatch):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/kube/{kubeId}/customization", with_defaults)
    path = "%s/%s" % (KUBE, DEMO)
    args = {"name": "demo-cluster", "customization": {"kube_proxy": {"iptables": {"min_sync_period": "PT1S"}},
                                                      "admission_plugins": {"enabled": ["NodeRestriction"]}}}
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"], output
    # The settings the API filled in are sent back as they are; the plugin enabled leaves the disabled list.
    assert writes(emulator) == [("PUT", path + "/customization", {
        "apiServer": {"admissionPlugins": {"enabled": ["NodeRestriction"], "disabled": []}},
        "kubeProxy": {"iptables": {"minSyncPeriod": "PT1S", "syncPeriod": "PT30S"},
                      "ipvs": {"minSyncPeriod": "PT0S", "scheduler": "rr", "syncPeriod": "PT30S", "tcpFinTimeout": "PT0S",
                               "tcpTimeout": "PT0S", "udpTimeout": "PT0S"}}})]
    emulator.clear_log()
    rc, result, output = run(modules, args, "--check")
    assert rc == 0 and not result["changed"], output
    rc, result, output = run(modules, args)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_a_delete_answered_404_is_gone(modules, emulator):
    emulator.add_fault(status=404, count=1, method="DELETE", path="*/kube/%s" % DEMO)
    rc, result, output = run(modules, {"name": "demo-cluster", "state": "absent", "wait": False})
    assert rc == 0 and result["changed"], output
    assert [(entry["method"], entry["status"]) for entry in emulator.writes()] == [("DELETE", 404)]


def test_the_private_network_configuration_is_changed_in_place(modules, emulator):
    # PUT …/privateNetworkConfiguration changes it (cloud.json): no cluster to delete and create again.
    args = {"name": "prod", "region": "GRA11", "private_network_id": NETWORK}
    rc, result, output = run(modules, args)
    assert rc == 0 and result["changed"], output
    kube_id = result["cluster"]["id"]
    emulator.clear_log()
    wanted = dict(args, private_network_configuration={"default_vrack_gateway": "10.0.0.1",
                                                       "private_network_routing_as_default": True})
    rc, result, output = run(modules, wanted, "--check", "--diff")
    assert rc == 0 and result["changed"] and emulator.writes() == [], output
    assert result["diff"]["before"]["private_network_configuration"] == {"default_vrack_gateway": "",
                                                                         "private_network_routing_as_default": False}
    assert result["diff"]["after"]["private_network_configuration"] == {"default_vrack_gateway": "10.0.0.1",
                                                                        "private_network_routing_as_default": True}
    rc, result, output = run(modules, wanted)
    assert rc == 0 and result["changed"] and result["cluster"]["status"] == "READY", output
    assert writes(emulator) == [("PUT", "%s/%s/privateNetworkConfiguration" % (KUBE, kube_id),
                                 {"defaultVrackGateway": "10.0.0.1", "privateNetworkRoutingAsDefault": True})]
    assert result["cluster"]["private_network_configuration"] == {"default_vrack_gateway": "10.0.0.1",
                                                                  "private_network_routing_as_default": True}
    emulator.clear_log()
    rc, result, output = run(modules, wanted)
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


def test_a_private_network_configuration_needs_a_private_network(modules, emulator):
    rc, result, output = run(modules, {"name": "demo-cluster", "private_network_configuration": {
        "private_network_routing_as_default": True}})
    assert rc == 1 and 'private_network_configuration: cluster "demo-cluster" has no private network' in result["msg"], output
    assert emulator.writes() == []
    rc, result, output = run(modules, {"name": "demo-cluster", "private_network_configuration": {}})
    assert rc == 0 and not result["changed"] and emulator.writes() == [], output


@pytest.mark.parametrize("route, edit, args", [
    ("/customization", lambda answer: dict(answer, apiServer="x"), {"customization": {"admission_plugins": {"enabled": []}}}),
    ("/customization", lambda answer: dict(answer, apiServer={"admissionPlugins": []}),
     {"customization": {"admission_plugins": {"enabled": []}}}),
    ("/customization", lambda answer: dict(answer, kubeProxy={"iptables": "x"}),
     {"customization": {"kube_proxy": {"iptables": {"sync_period": "PT30S"}}}}),
    ("/openIdConnect", lambda answer: dict(answer, groupsClaim=[{"a": 1}]),
     {"oidc": {"issuer_url": "https://sso.example.com/realms/ops", "client_id": "demo-cluster", "groups_claim": ["g"]}}),
    ("/openIdConnect", lambda answer: dict(answer, requiredClaim="x=y"),
     {"oidc": {"issuer_url": "https://sso.example.com/realms/ops", "client_id": "demo-cluster", "required_claim": ["x=y"]}}),
])
def test_a_part_of_the_wrong_shape_fails_clearly(modules, emulator, monkeypatch, route, edit, args):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/kube/{kubeId}" + route, edit)
    rc, result, output = run(modules, dict(args, name="demo-cluster"), "--diff")
    assert rc == 1 and "Traceback" not in output and "unexpected answer" in result["msg"], output
    assert emulator.writes() == []
