"""The emulator's managed Kubernetes (cloud_kube.py): statuses on the clock, refusals while not READY, the private
network's OpenStack id (a pn- id refused), flavors, the update policy and upgrades, the kubeconfig and its reset,
IP restrictions, OIDC, node pools and the autoscaler control, other accounts' projects."""

import pytest

PROJECT = "0123456789abcdef0123456789abcdef"
KUBE = "/cloud/project/%s/kube" % PROJECT
DEMO = KUBE + "/6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"
POOL = DEMO + "/nodepool/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
NETWORK = "5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e"


@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    emulator.state.cloud_kube.step_seconds = 10
    return emulator


def status(api, path):
    return api.get(path).json()["status"]


def test_a_cluster_installs_then_is_ready_and_refuses_writes_meanwhile(api, frozen):
    response = api.post(KUBE, {"name": "new", "region": "SBG5", "privateNetworkId": None})
    assert response.status_code == 200 and response.json()["status"] == "INSTALLING", response.text
    path = KUBE + "/" + response.json()["id"]
    refused = api.put(path + "/updatePolicy", {"updatePolicy": "NEVER_UPDATE"})
    assert refused.status_code == 409 and "is not ready (status INSTALLING)" in refused.json()["message"]
    frozen.clock_offset += 59
    assert status(api, path) == "INSTALLING"
    frozen.clock_offset += 1
    assert status(api, path) == "READY"
    assert api.put(path + "/updatePolicy", {"updatePolicy": "NEVER_UPDATE"}).status_code == 200
    assert api.get(path).json()["updatePolicy"] == "NEVER_UPDATE"
    assert sorted(api.get(KUBE).json()) == sorted([path.rsplit("/", 1)[1], DEMO.rsplit("/", 1)[1]])


def test_creation_refusals(api, frozen):
    for body, message in (({"region": "GRA"}, "Region GRA is not available for Kubernetes"),
                          ({"region": "GRA11", "version": "1.20"}, "does not belong to the cloud.kube.VersionEnum"),
                          ({"region": "GRA11", "privateNetworkId": "pn-12345_100"}, "not its pn- id"),
                          ({"region": "SBG5", "privateNetworkId": NETWORK}, "is not in region SBG5"),
                          ({"region": "GRA11", "nodesSubnetId": "x"}, "need a privateNetworkId"),
                          ({"region": "GRA11", "bogus": 1}, "[bogus] Unknown or read-only property"),
                          ({"region": "GRA11", "nodepool": {"flavorName": "t1-45"}}, "Flavor t1-45 is not available"),
                          ({}, "[region] Property is mandatory")):
        response = api.post(KUBE, dict({"name": "x"}, **body))
        assert response.status_code == 400 and message in response.json()["message"], (body, response.text)
    response = api.post(KUBE, {"name": "pn", "region": "GRA11", "privateNetworkId": NETWORK})
    assert response.status_code == 200 and response.json()["privateNetworkId"] == NETWORK


def test_upgrade_needs_a_policy_other_than_never_update(api, frozen):
    assert api.put(DEMO, {"updatePolicy": "NEVER_UPDATE"}).status_code == 200
    refused = api.post(DEMO + "/update", {"strategy": "NEXT_MINOR"})
    assert refused.status_code == 400 and "NEVER_UPDATE" in refused.json()["message"]
    assert api.put(DEMO + "/updatePolicy", {"updatePolicy": "MINIMAL_DOWNTIME"}).status_code == 200
    assert api.get(DEMO).json()["nextUpgradeVersions"] == ["1.29"]
    assert api.post(DEMO + "/update", {"strategy": "NEXT_MINOR"}).status_code == 200
    cluster = api.get(DEMO).json()
    assert cluster["status"] == "UPDATING" and cluster["version"] == "1.29.4"
    frozen.clock_offset += 30
    cluster = api.get(DEMO).json()
    assert cluster["status"] == "READY" and cluster["nextUpgradeVersions"] == []
    latest = api.post(DEMO + "/update", {"strategy": "NEXT_MINOR"})
    assert latest.status_code == 400 and "already on the latest version" in latest.json()["message"]


def test_kubeconfig_and_its_reset(api, frozen):
    from emulator.seed import DEMO_KUBECONFIG
    assert api.post(DEMO + "/kubeconfig").json() == {"content": DEMO_KUBECONFIG}
    assert api.post(DEMO + "/kubeconfig/reset").status_code == 200
    content = api.post(DEMO + "/kubeconfig").json()["content"]
    assert content != DEMO_KUBECONFIG and "client-key-data" in content


def test_ip_restrictions_and_oidc(api, frozen):
    assert api.post(DEMO + "/ipRestrictions", {"ips": ["192.0.2.1"]}).json() == ["198.51.100.0/24", "192.0.2.1/32"]
    assert api.put(DEMO + "/ipRestrictions", {"ips": ["203.0.113.0/24"]}).json() == ["203.0.113.0/24"]
    assert api.delete(DEMO + "/ipRestrictions/203.0.113.0%2F24").status_code == 200
    assert api.get(DEMO + "/ipRestrictions").json() == []
    assert api.delete(DEMO + "/ipRestrictions/203.0.113.0%2F24").status_code == 404
    second = api.post(DEMO + "/openIdConnect", {"issuerUrl": "https://a.example.com", "clientId": "a"})
    assert second.status_code == 409
    assert api.delete(DEMO + "/openIdConnect").status_code == 200
    assert status(api, DEMO) == "REDEPLOYING"
    assert api.get(DEMO + "/openIdConnect").status_code == 404
    frozen.clock_offset += 30
    assert api.post(DEMO + "/openIdConnect", {"issuerUrl": "https://a.example.com", "clientId": "a"}).status_code == 200


def test_node_pools_resize_autoscale_and_delete(api, frozen, emulator):
    assert api.put(POOL, {"desiredNodes": 4}).status_code == 200
    assert status(api, POOL) == "UPSCALING"
    assert api.put(POOL, {"desiredNodes": 3}).status_code == 409  # not READY yet
    frozen.clock_offset += 20
    assert status(api, POOL) == "READY" and api.get(POOL).json()["desiredNodes"] == 4
    bad = api.put(POOL, {"desiredNodes": 9})
    assert bad.status_code == 400 and "between minNodes (1) and maxNodes (5)" in bad.json()["message"]
    assert api.put(POOL, {"flavor": "c2-7"}).status_code == 400  # immutable: not in the update's model
    with emulator.state.lock, pytest.raises(ValueError):
        emulator.state.cloud_kube.autoscale(DEMO.rsplit("/", 1)[1], POOL.rsplit("/", 1)[1], 3)  # not autoscaled
    assert api.put(POOL, {"autoscale": True}).status_code == 200
    with emulator.state.lock:
        emulator.state.cloud_kube.autoscale(DEMO.rsplit("/", 1)[1], POOL.rsplit("/", 1)[1], 2)
    assert api.get(POOL).json()["desiredNodes"] == 2
    frozen.clock_offset += 20
    taken = api.post(DEMO + "/nodepool", {"flavorName": "b2-7", "name": "default"})
    assert taken.status_code == 409
    assert api.delete(POOL).status_code == 200 and status(api, POOL) == "DELETING"
    frozen.clock_offset += 20
    assert api.get(POOL).status_code == 404 and api.get(DEMO + "/nodepool").json() == []


def test_a_node_pool_template_is_whole(api, frozen):
    # cloud.kube.NodePoolTemplate: metadata (labels, annotations, finalizers) and spec (taints, unschedulable) are
    # required and cannot be null, in a creation as in an update.
    whole = {"metadata": {"labels": {}, "annotations": {}, "finalizers": []}, "spec": {"taints": [], "unschedulable": False}}
    for part, field, value in (("metadata", "annotations", None), ("metadata", "finalizers", None),
                               ("spec", "unschedulable", None), ("spec", "taints", None), ("metadata", "labels", "x")):
        template = dict(whole, **{part: dict(whole[part], **{field: value})})
        for method, path, body in (("put", POOL, {"template": template}),
                                   ("post", DEMO + "/nodepool", {"flavorName": "b2-7", "name": "p", "template": template})):
            refused = getattr(api, method)(path, body)
            assert refused.status_code == 400 and "template.%s.%s" % (part, field) in refused.json()["message"], refused.text
    refused = api.put(POOL, {"template": {"metadata": whole["metadata"]}})
    assert refused.status_code == 400 and "[template.spec] Property is mandatory" in refused.json()["message"]
    assert api.put(POOL, {"template": whole}).status_code == 200


def test_the_private_network_configuration_changes_in_place(api, frozen):
    default = {"defaultVrackGateway": "", "privateNetworkRoutingAsDefault": False}
    assert api.get(DEMO + "/privateNetworkConfiguration").json() == default
    refused = api.put(DEMO + "/privateNetworkConfiguration", {"privateNetworkRoutingAsDefault": True})
    assert refused.status_code == 400 and "no private network" in refused.json()["message"]  # demo-cluster has none
    cluster = api.post(KUBE, {"name": "pn", "region": "GRA11", "privateNetworkId": NETWORK}).json()
    path = KUBE + "/" + cluster["id"]
    wanted = {"defaultVrackGateway": "10.0.0.1", "privateNetworkRoutingAsDefault": True}
    assert api.put(path + "/privateNetworkConfiguration", wanted).status_code == 409  # still INSTALLING
    frozen.clock_offset += 60
    assert api.put(path + "/privateNetworkConfiguration", dict(wanted, bogus=1)).status_code == 400
    assert api.put(path + "/privateNetworkConfiguration", {"defaultVrackGateway": None}).status_code == 400
    response = api.put(path + "/privateNetworkConfiguration", wanted)
    assert response.status_code == 200 and "message" in response.json(), response.text
    assert status(api, path) == "REDEPLOYING"
    assert api.get(path + "/privateNetworkConfiguration").json() == wanted
    assert api.get(path).json()["privateNetworkConfiguration"] == wanted


def test_a_deleted_cluster_is_gone_later(api, frozen):
    assert api.delete(DEMO).status_code == 200
    assert status(api, DEMO) == "DELETING"
    frozen.clock_offset += 10
    assert api.get(DEMO).status_code == 404 and api.get(KUBE).json() == []


def test_another_accounts_project(api, emulator):
    with emulator.state.lock:
        emulator.state.cloud.projects[PROJECT].account = "customer-ovh"
    for path in (KUBE, DEMO, POOL):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["message"] == "This service does not exist"
