"""The emulator answers only routes of the published schemas, with their fields and enums."""

import datetime
import ipaddress
import json
from pathlib import Path

import pytest
import requests

from emulator import dns, routes, state

REPO_ROOT = Path(__file__).resolve().parents[3]
# The API's published schemas, copied into the repository (see its README.md for their origin).
SCHEMA_DIR = REPO_ROOT / "tests" / "emulator" / "schemas"
SCHEMA_FILES = ("auth.json", "domain.json", "me.json")

# Seeded values for the path parameters of the GET routes.
SEEDED_PARAMS = {"zoneName": "example.com", "credentialId": "200000001", "applicationId": "1001"}


def _load_schemas():
    # No skip: without the schemas this test must fail loudly.
    assert SCHEMA_DIR.is_dir(), f"API schemas not found at {SCHEMA_DIR}"
    operations, models = {}, {}
    for name in SCHEMA_FILES:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        models.update(schema["models"])
        for api in schema["apis"]:
            for operation in api["operations"]:
                operations[(operation["httpMethod"], api["path"])] = operation
    return operations, models


OPERATIONS, MODELS = _load_schemas()


def _is_datetime(value):
    try:
        return datetime.datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def _is_ip_block(value):
    try:
        ipaddress.ip_network(value)
        return True
    except (TypeError, ValueError):
        return False


PRIMITIVES = {
    "long": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "password": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "datetime": _is_datetime,
    "ipBlock": _is_ip_block,
    "uuid": lambda value: isinstance(value, str) and len(value) == 36,
    "map[string]string": lambda value: isinstance(value, dict),
}


def check_value(value, type_name, where):
    """Assert that value conforms to the schema type (models recursively, enums by value)."""
    if type_name.endswith("[]"):
        assert isinstance(value, list), f"{where}: a list is expected"
        for index, item in enumerate(value):
            check_value(item, type_name[:-2], f"{where}[{index}]")
        return
    if type_name in PRIMITIVES:
        assert PRIMITIVES[type_name](value), f"{where}: {value!r} is not a {type_name}"
        return
    assert type_name in MODELS, f"{where}: unknown type {type_name}"
    model = MODELS[type_name]
    if "enum" in model:
        assert value in model["enum"], f"{where}: {value!r} not in {type_name}"
        return
    assert isinstance(value, dict), f"{where}: an object is expected"
    properties = model["properties"]
    assert set(value) == set(properties), f"{where}: fields {sorted(set(value) ^ set(properties))} differ from {type_name}"
    for name, field in value.items():
        if field is None:
            assert properties[name]["canBeNull"], f"{where}.{name} must not be null"
        else:
            check_value(field, properties[name]["type"], f"{where}.{name}")


def test_schemas_are_there():
    assert set(SCHEMA_FILES) <= {path.name for path in SCHEMA_DIR.iterdir()}


@pytest.mark.parametrize("method, template", [(method, template) for method, template, _handler in routes.ROUTES])
def test_route_exists_in_schemas(method, template):
    assert (method, template) in OPERATIONS, f"{method} {template} is not in the API schemas"
    operation = OPERATIONS[(method, template)]
    assert operation.get("noAuthentication", False) == ((method, template) in routes.UNSIGNED)


def test_enums_match_the_schemas():
    assert list(dns.RECORD_TYPES) == MODELS["domain.zone.RecordTypeEnum"]["enum"]
    assert list(state.CREDENTIAL_STATES) == MODELS["auth.CredentialStateEnum"]["enum"]
    assert list(state.APPLICATION_STATES) == MODELS["auth.ApplicationStatusEnum"]["enum"]
    assert list(state.HTTP_METHODS) == MODELS["auth.HTTPMethodEnum"]["enum"]


@pytest.mark.parametrize("template", [template for method, template, _handler in routes.ROUTES if method == "GET"])
def test_get_answers_conform(api, template):
    params = dict(SEEDED_PARAMS)
    if "{id}" in template:
        params["id"] = str(api.get("/domain/zone/example.com/record").json()[0])
    path = template.format(**params)
    response = api.get(path) if template != "/auth/time" else requests.get(api.url(path), timeout=5)
    assert response.status_code == 200, response.text
    check_value(response.json(), OPERATIONS[("GET", template)]["responseType"], f"GET {path}")


def test_post_answers_conform(api, emulator):
    response = requests.post(emulator.base_url + "/auth/credential", headers={"X-Ovh-Application": "DemoAppKey000001"},
                             json={"accessRules": [{"method": "GET", "path": "/*"}]}, timeout=5)
    check_value(response.json(), OPERATIONS[("POST", "/auth/credential")]["responseType"], "POST /auth/credential")
    response = api.post("/domain/zone/example.com/record", {"fieldType": "TXT", "subDomain": "s", "target": "x"})
    check_value(response.json(), OPERATIONS[("POST", "/domain/zone/{zoneName}/record")]["responseType"], "POST record")
