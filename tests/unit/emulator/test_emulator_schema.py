"""The emulator answers only routes of the published schemas, with their fields and enums.

A route is checked against the API's 1.0 schema when it has one, else against its OpenAPI 3 form
(the checkers are in tests/answer_checks.py).
"""

import json
from urllib.parse import quote

import pytest
import requests

from answer_checks import (HTTP_METHODS, INFERRED_FILES, INFERRED_OPERATIONS, MODELS, OPENAPI3_FILES,
                           OPENAPI3_OPERATIONS, OPERATIONS, SCHEMA_DIR, SCHEMA_FILES, check_answer, check_openapi3,
                           check_value, response_schema)
from emulator import dns, routes, state
from emulator.vps import image_id

# Seeded values for the path parameters of the GET routes (the seed of tests/emulator/seed.py).
SEEDED_PARAMS = {"zoneName": "example.com", "credentialId": "200000001", "applicationId": "1001",
                 "ip": "203.0.113.10/32", "ipReverse": "203.0.113.10",
                 "keyName": "admin"}
# Where the same parameter name means different objects, a value per route prefix.
SEEDED_PARAMS_BY_PREFIX = {
    "/dedicated/server/": {"serviceName": "ns3005678.ip-198-51-100.eu"},  # the seeded server being reinstalled
    "/vps/": {"serviceName": "vps-1a2b3c4d.vps.ovh.net"},
    "/domain/{serviceName}/": {"serviceName": "example.com"},  # the seeded domain (registrar side)
    "/domain/zone/{zoneName}/dynHost/login/": {"login": "example.com-home"},
    # The server with a vRack interface; the seeded vRack and its members (vrack_members() adds the interface).
    "/dedicated/server/{serviceName}/virtualNetworkInterface": {"serviceName": "ns3001234.ip-203-0-113.eu",
                                                                "uuid": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"},
    "/vrack/": {"serviceName": "pn-12345", "dedicatedServer": "ns3005678.ip-198-51-100.eu",
                "dedicatedServerInterface": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f",
                "project": "0123456789abcdef0123456789abcdef", "ip": "192.0.2.128/28"},
    # The seeded failover IP: its move history, destinations, firewall rule and mitigation entry.
    "/ip/{ip}/move": {"ip": "203.0.113.100/32"},
    # The seeded Public Cloud project, a compute region and its seeded operation.
    "/cloud/project/{serviceName}": {"serviceName": "0123456789abcdef0123456789abcdef", "regionName": "GRA11",
                                     "operationId": "0c10d000-0000-0000-0000-000000000001"},
    # The seeded Kubernetes cluster of that project and its node pool.
    "/cloud/project/{serviceName}/kube/": {"kubeId": "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                                           "nodePoolId": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
    # The seeded private network of the demo project.
    "/cloud/project/{serviceName}/network/private/": {"networkId": "pn-12345_100"},
    "/ip/{ip}/task": {"ip": "203.0.113.100/32"},
    "/ip/{ip}/firewall": {"ip": "203.0.113.100/32", "ipOnFirewall": "203.0.113.100", "sequence": "0"},
    "/ip/{ip}/mitigation": {"ip": "203.0.113.100/32", "ipOnMitigation": "203.0.113.100"},
    # The seeded Public Cloud user and its role (objectstore_operator).
    "/cloud/project/{serviceName}/user/": {"userId": "401001", "roleId": "8a9133d9e79f5e0f93a0ab487af7087f"},
    # The seeded S3 storage: the user's key and the bucket of the S3 region GRA (after the project's entry above).
    "/cloud/project/{serviceName}/user/{userId}": {"userId": "401001", "access": "5a3c0f1e2d4b6a798897a6b5c4d3e2f1"},
    "/cloud/project/{serviceName}/region/{regionName}/storage": {"regionName": "GRA", "name": "demo-backups"},
}
# Query parameters a GET route requires.
SEEDED_QUERIES = {
    "/cloud/project/{serviceName}/user/{userId}/openrc": "region=GRA11&version=v3",
    "/cloud/project/{serviceName}/user/{userId}/rclone": "region=GRA&service=storage-s3",
}


def vrack_members(api, emulator):
    """Before reading a vRack route: the seeded server's interface in pn-12345 (its task ended), and one
    task still running (a vRack's ended tasks are gone), on a frozen clock."""
    emulator.clock_frozen = True
    vrack = "/vrack/pn-12345"
    assert api.post(vrack + "/dedicatedServerInterface",
                    {"dedicatedServerInterface": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"}).status_code == 200
    emulator.clock_offset += 60
    assert api.post(vrack + "/cloudProject", {"project": "fedcba9876543210fedcba9876543210"}).status_code == 200


def test_schemas_are_there():
    names = {path.name for path in SCHEMA_DIR.iterdir()}
    assert set(SCHEMA_FILES) <= names
    assert set(OPENAPI3_FILES) <= names
    assert set(INFERRED_FILES) <= names


@pytest.mark.parametrize("name", sorted(INFERRED_FILES))
def test_inferred_schemas_say_so_and_hold_only_their_routes(name):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert "inferred" in schema["info"]["title"] and "NOT a published" in schema["info"]["x-inferred"]
    routes_in_file = {(method.upper(), path) for path, item in schema["paths"].items() for method in item if method in HTTP_METHODS}
    assert routes_in_file == INFERRED_FILES[name]
    # Never a route the published schemas have: those are checked against the real thing.
    assert not routes_in_file & (set(OPERATIONS) | set(OPENAPI3_OPERATIONS))
    readme = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}`"))
    assert "**inferred**" in row


def test_openapi3_checker_refuses_what_the_schema_does_not_allow():
    operation, components = OPENAPI3_OPERATIONS[("GET", "/dedicated/server/{serviceName}/task/{taskId}")]
    schema = response_schema(operation)
    task = {"comment": None, "doneDate": None, "function": "reinstallServer", "lastUpdate": None, "needSchedule": False,
            "note": None, "plannedInterventionId": None, "startDate": "2026-01-01T00:00:00+00:00", "status": "doing",
            "tags": None, "taskId": 1, "ticketReference": None}
    check_openapi3(task, schema, components, "task")
    for field, wrong in (("status", "running"), ("taskId", "1"), ("startDate", "yesterday"), ("startDate", None),
                         ("function", "reboot")):
        with pytest.raises(AssertionError):
            check_openapi3(dict(task, **{field: wrong}), schema, components, "task")
    with pytest.raises(AssertionError):
        check_openapi3({key: value for key, value in task.items() if key != "note"}, schema, components, "task")
    ips = response_schema(OPENAPI3_OPERATIONS[("GET", "/dedicated/server/{serviceName}/ips")][0])
    check_openapi3(["203.0.113.7/32", "2001:db8::/64"], ips, components, "ips")
    with pytest.raises(AssertionError):
        check_openapi3(["203.0.113.300/32"], ips, components, "ips")


def _is_unsigned_openapi3(operation):
    # Routes open to anyone carry no security requirement.
    return not operation.get("security")


@pytest.mark.parametrize("method, template", [(method, template) for method, template, _handler in routes.ROUTES])
def test_route_exists_in_schemas(method, template):
    if (method, template) in OPERATIONS:
        operation = OPERATIONS[(method, template)]
        assert operation.get("noAuthentication", False) == ((method, template) in routes.UNSIGNED)
        return
    if (method, template) in INFERRED_OPERATIONS:
        operation, _components = INFERRED_OPERATIONS[(method, template)]
        assert _is_unsigned_openapi3(operation) == ((method, template) in routes.UNSIGNED)
        return
    assert (method, template) in OPENAPI3_OPERATIONS, f"{method} {template} is not in the API schemas"
    operation, _components = OPENAPI3_OPERATIONS[(method, template)]
    assert _is_unsigned_openapi3(operation) == ((method, template) in routes.UNSIGNED)


def test_enums_match_the_schemas():
    assert list(dns.RECORD_TYPES) == MODELS["domain.zone.RecordTypeEnum"]["enum"]
    assert list(state.CREDENTIAL_STATES) == MODELS["auth.CredentialStateEnum"]["enum"]
    assert list(state.APPLICATION_STATES) == MODELS["auth.ApplicationStatusEnum"]["enum"]
    assert list(state.HTTP_METHODS) == MODELS["auth.HTTPMethodEnum"]["enum"]


@pytest.mark.parametrize("template", [template for method, template, _handler in routes.ROUTES if method == "GET"])
def test_get_answers_conform(api, emulator, template):
    if template.startswith("/vrack/"):
        vrack_members(api, emulator)
    params = dict(SEEDED_PARAMS)
    for prefix, values in SEEDED_PARAMS_BY_PREFIX.items():
        if template.startswith(prefix):
            params.update(values)
    if "{id}" in template:
        # The first id of the route's own collection (…/record, …/dynHost/record, …/task, …/nameServer).
        collection = template[:template.index("/{id}")].format(**_quoted(params))
        params["id"] = str(api.get(collection).json()[0])
    if "{bootId}" in template:
        collection = template[:template.index("/{bootId}")].format(**_quoted(params))
        params["bootId"] = str(api.get(collection).json()[0])
    if "{taskId}" in template:
        # The first task of the route's own collection (e.g. …/task/{taskId} after …/task).
        collection = template[:template.index("/{taskId}")].format(**_quoted(params))
        params["taskId"] = str(api.get(collection).json()[0])
    path = template.format(**_quoted(params))
    response = api.get(path, query=SEEDED_QUERIES.get(template)) if template != "/auth/time" else requests.get(api.url(path), timeout=5)
    assert response.status_code == 200, response.text
    check_answer("GET", template, response.json(), f"GET {path}")


def _quoted(params):
    # Each value is one path segment ('203.0.113.10/32' goes as 203.0.113.10%2F32).
    return {name: quote(value, safe="") for name, value in params.items()}


def test_post_answers_conform(api, emulator):
    response = requests.post(emulator.base_url + "/auth/credential", headers={"X-Ovh-Application": "DemoAppKey000001"},
                             json={"accessRules": [{"method": "GET", "path": "/*"}]}, timeout=5)
    check_value(response.json(), OPERATIONS[("POST", "/auth/credential")]["responseType"], "POST /auth/credential")
    response = api.post("/domain/zone/example.com/record", {"fieldType": "TXT", "subDomain": "s", "target": "x"})
    check_value(response.json(), OPERATIONS[("POST", "/domain/zone/{zoneName}/record")]["responseType"], "POST record")


def test_openapi3_post_answers_conform(api):
    response = api.post("/dedicated/server/ns3001234.ip-203-0-113.eu/reinstall", {"operatingSystem": "debian12_64"})
    assert response.status_code == 200, response.text
    check_answer("POST", "/dedicated/server/{serviceName}/reinstall", response.json(), "POST reinstall")
    # The reverse must resolve forward to the address first: its A record, published by a refresh.
    api.post("/domain/zone/example.com/record", {"fieldType": "A", "subDomain": "host", "target": "203.0.113.10"})
    api.post("/domain/zone/example.com/refresh")
    response = api.post("/ip/203.0.113.10%2F32/reverse", {"ipReverse": "203.0.113.10", "reverse": "host.example.com."})
    assert response.status_code == 200, response.text
    check_answer("POST", "/ip/{ip}/reverse", response.json(), "POST reverse")


def test_dedicated_server_writes_conform(api):
    server = "ns3001234.ip-203-0-113.eu"
    response = api.put(f"/dedicated/server/{server}", {"monitoring": False, "bootId": 22, "rescueMail": None})
    assert response.status_code == 200, response.text
    check_answer("PUT", "/dedicated/server/{serviceName}", response.json(), "PUT server")
    response = api.post(f"/dedicated/server/{server}/reboot")
    assert response.status_code == 200, response.text
    check_answer("POST", "/dedicated/server/{serviceName}/reboot", response.json(), "POST reboot")
    service_id = api.get(f"/dedicated/server/{server}/serviceInfos").json()["serviceId"]
    response = api.put(f"/service/{service_id}", {"displayName": "web 1"})
    assert response.status_code == 200, response.text
    check_answer("PUT", "/service/{serviceId}", response.json(), "PUT service")
    check_answer("GET", "/dedicated/server/{serviceName}", api.get(f"/dedicated/server/{server}").json(), "GET server")


def test_vrack_write_answers_conform(api):
    for method, template, path, body in (
            ("POST", "/vrack/{serviceName}/ip", "/vrack/pn-12345/ip", {"block": "198.51.100.128/28", "region": "eu-west-gra"}),
            ("POST", "/vrack/{serviceName}/dedicatedServerInterface", "/vrack/pn-12345/dedicatedServerInterface",
             {"dedicatedServerInterface": "7c0c7bc4-5b59-4d2e-9a8f-0a1b2c3d4e5f"}),
            ("DELETE", "/vrack/{serviceName}/cloudProject/{project}", "/vrack/pn-12345/cloudProject/0123456789abcdef0123456789abcdef",
             None),
            ("DELETE", "/vrack/{serviceName}/dedicatedServer/{dedicatedServer}", "/vrack/pn-12345/dedicatedServer/ns3005678.ip-198-51-100.eu",
             None)):
        response = api.call(method, path, body=body)
        assert response.status_code == 200, response.text
        check_answer(method, template, response.json(), f"{method} {path}")


def test_vps_action_answers_conform(api, emulator):
    """Every VPS action answers a vps.Task of the schema, each pending state included."""
    emulator.clock_frozen = True
    web = "/vps/vps-1a2b3c4d.vps.ovh.net"
    actions = (("POST", "/vps/{serviceName}/reboot", None), ("POST", "/vps/{serviceName}/stop", None),
               ("POST", "/vps/{serviceName}/start", None),
               ("POST", "/vps/{serviceName}/rebuild", {"imageId": image_id("Debian 11"), "sshKey": "admin"}),
               ("DELETE", "/vps/{serviceName}/snapshot", None),
               ("POST", "/vps/{serviceName}/createSnapshot", {"description": "again"}),
               ("POST", "/vps/{serviceName}/snapshot/revert", None))
    for method, template, body in actions:
        path = template.replace("/vps/{serviceName}", web)
        answer = api.call(method, path, body)
        assert answer.status_code == 200, (template, answer.text)
        check_answer(method, template, answer.json(), f"{method} {template}")
        for _step in range(6):
            emulator.clock_offset += 1
            task = api.get(f"{web}/tasks/{answer.json()['id']}").json()
            check_answer("GET", "/vps/{serviceName}/tasks/{id}", task, "GET task")
        assert task["state"] == "done"
    assert api.put(web, {"displayName": "renamed"}).status_code == 200
    assert api.put(f"{web}/snapshot", {"description": "renamed"}).status_code == 200


def test_kube_write_answers_conform(api, emulator):
    """The Kubernetes writes that answer something answer it inside cloud.json, every pending status included."""
    emulator.clock_frozen = True
    kube = "/cloud/project/0123456789abcdef0123456789abcdef/kube"
    response = api.post(kube, {"name": "schema", "region": "GRA11", "nodepool": {"flavorName": "b2-7", "name": "first"}})
    assert response.status_code == 200, response.text
    check_answer("POST", "/cloud/project/{serviceName}/kube", response.json(), "POST kube")
    cluster = kube + "/" + response.json()["id"]
    check_answer("GET", "/cloud/project/{serviceName}/kube/{kubeId}/nodepool", api.get(cluster + "/nodepool").json(), "pools")
    emulator.clock_offset += 600
    response = api.post(cluster + "/nodepool", {"flavorName": "b2-15", "name": "second", "autoscale": True,
                                                "template": {"metadata": {"labels": {}, "annotations": {}, "finalizers": []},
                                                             "spec": {"taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}],
                                                                      "unschedulable": False}}})
    assert response.status_code == 200, response.text
    check_answer("POST", "/cloud/project/{serviceName}/kube/{kubeId}/nodepool", response.json(), "POST nodepool")
    for method, template, body in (
            ("POST", "/kubeconfig", None), ("POST", "/ipRestrictions", {"ips": ["192.0.2.0/24"]}),
            ("PUT", "/ipRestrictions", {"ips": ["192.0.2.1"]}),
            ("POST", "/openIdConnect", {"issuerUrl": "https://sso.example.com", "clientId": "c"}),
            ("PUT", "/customization", {"kubeProxy": {"ipvs": {"scheduler": "rr", "syncPeriod": "PT30S"}}}),
            ("PUT", "/privateNetworkConfiguration", {"defaultVrackGateway": "", "privateNetworkRoutingAsDefault": False})):
        emulator.clock_offset += 600
        response = api.call(method, cluster + template, body)
        assert response.status_code == 200, (template, response.text)
        check_answer(method, "/cloud/project/{serviceName}/kube/{kubeId}" + template, response.json(), method + template)
    check_answer("GET", "/cloud/project/{serviceName}/kube/{kubeId}", api.get(cluster).json(), "REDEPLOYING cluster")
    check_answer("GET", "/cloud/project/{serviceName}/kube/{kubeId}/customization", api.get(cluster + "/customization").json(),
                 "customization")
    check_answer("GET", "/cloud/project/{serviceName}/kube/{kubeId}/openIdConnect", api.get(cluster + "/openIdConnect").json(),
                 "oidc")
    check_answer("GET", "/cloud/project/{serviceName}/kube/{kubeId}/privateNetworkConfiguration",
                 api.get(cluster + "/privateNetworkConfiguration").json(), "private network configuration")


def test_cloud_private_network_answers_conform(api, emulator):
    """The POST answers of the private network routes, and their reads while a region builds and once a subnet exists."""
    emulator.clock_frozen = True
    base = "/cloud/project/0123456789abcdef0123456789abcdef/network/private"
    template = "/cloud/project/{serviceName}/network/private"
    created = api.post(base, {"name": "schema", "vlanId": 42, "regions": ["GRA11"]})
    assert created.status_code == 200, created.text
    check_answer("POST", template, created.json(), "POST network")
    added = api.post(base + "/pn-12345_42/region", {"region": "SBG5"})
    check_answer("POST", template + "/{networkId}/region", added.json(), "POST region")
    check_answer("GET", template, api.get(base).json(), "GET networks while building")
    subnet = api.post(base + "/pn-12345_42/subnet", {"region": "GRA11", "network": "10.4.0.0/24", "start": "10.4.0.2",
                                                     "end": "10.4.0.9", "dhcp": False, "noGateway": True})
    assert subnet.status_code == 200, subnet.text
    check_answer("POST", template + "/{networkId}/subnet", subnet.json(), "POST subnet")
    check_answer("GET", template + "/{networkId}/subnet", api.get(base + "/pn-12345_42/subnet").json(), "GET subnets")
