"""Checks of the emulator's answers against the API's published schemas (copied into
tests/emulator/schemas/, see its README.md), and of the OVH error shape. Shared by the emulator's
tests; a module of its own because ansible-test's pytest cannot import one test file from another.

Two schema formats: the API's 1.0 format (auth.json, cloud.json, domain.json, me.json: ``apis`` and
``models``) and OpenAPI 3 (openapi3-*.json: ``paths`` and ``components/schemas``).
"""

import datetime
import ipaddress
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# The API's published schemas, copied into the repository (see its README.md for their origin).
SCHEMA_DIR = REPO_ROOT / "tests" / "emulator" / "schemas"
SCHEMA_FILES = ("auth.json", "cloud.json", "domain.json", "me.json")
OPENAPI3_FILES = ("openapi3-dedicated-server.json", "openapi3-domain.json", "openapi3-ip.json", "openapi3-me.json",
                  "openapi3-vps.json", "openapi3-vrack.json")
# Hand-written schemas of routes the published copies lack (see schemas/README.md, "Inferred"): each says
# so in its info.x-inferred, and serves only the routes listed here.
INFERRED_FILES = {"inferred-service.json": {("PUT", "/service/{serviceId}")}}
HTTP_METHODS = ("get", "post", "put", "delete")


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


def _load_openapi3(files=OPENAPI3_FILES):
    """(method, path) -> (operation, the components/schemas of its file)."""
    operations = {}
    for name in files:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        components = schema["components"]["schemas"]
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    operations[(method.upper(), path)] = (operation, components)
    return operations


OPENAPI3_OPERATIONS = _load_openapi3()
INFERRED_OPERATIONS = _load_openapi3(tuple(INFERRED_FILES))


def _is_datetime(value):
    try:
        return datetime.datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def _parses(parse):
    """A predicate: whether ``parse(value)`` succeeds."""
    def check(value):
        try:
            parse(value)
            return True
        except (TypeError, ValueError):
            return False
    return check


_is_ip_block = _parses(ipaddress.ip_network)
_is_ip_address = _parses(ipaddress.ip_address)
_is_date = _parses(datetime.date.fromisoformat)


PRIMITIVES = {
    "long": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "password": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "datetime": _is_datetime,
    "ipBlock": _is_ip_block,
    "ip": lambda value: isinstance(value, str) and "/" not in value and _is_ip_block(value),
    "uuid": lambda value: isinstance(value, str) and len(value) == 36,
    "map[string]string": lambda value: isinstance(value, dict),
    "double": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "duration": lambda value: isinstance(value, str),
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


def _is_ip_network(version):
    def check(value):
        try:
            return ipaddress.ip_network(value).version == version
        except (TypeError, ValueError):
            return False
    return check


OPENAPI3_FORMATS = {
    "date-time": _is_datetime,
    "date": _is_date,
    "ipv4": lambda value: _is_ip_address(value) and ipaddress.ip_address(value).version == 4,
    "ipv6": lambda value: _is_ip_address(value) and ipaddress.ip_address(value).version == 6,
    "ip-block": _is_ip_block,
    "ipv4-block": _is_ip_network(4),
    "ipv6-block": _is_ip_network(6),
    "uuid": lambda value: isinstance(value, str) and len(value) == 36,
}
OPENAPI3_TYPES = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}
# The API's generic "ip" type (IPv4 or IPv6) comes out of its OpenAPI 3 export as format ipv4;
# its 1.0 schemas and its answers (IPv6 addresses of a VPS, IPv6 reverses) say otherwise.
ANY_IP_COMPONENTS = {"ip"}


def check_openapi3(value, schema, components, where, nullable=False):
    """Assert that value conforms to an OpenAPI 3 schema: $ref, allOf, nullable, enum, type,
    format, items, properties (every one present, as the API answers) and additionalProperties."""
    nullable = nullable or schema.get("nullable", False)
    if value is None:
        assert nullable, f"{where} must not be null"
        return
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        assert name in components, f"{where}: unknown component {name}"
        if name in ANY_IP_COMPONENTS:
            assert _is_ip_address(value), f"{where}: {value!r} is not an IP address"
            return
        check_openapi3(value, components[name], components, f"{where}", nullable)
        return
    for part in schema.get("allOf", []):
        check_openapi3(value, part, components, where, nullable)
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    kind = schema.get("type")
    if kind is not None:
        assert OPENAPI3_TYPES[kind](value), f"{where}: {value!r} is not of type {kind}"
    if "format" in schema and schema["format"] in OPENAPI3_FORMATS:
        assert OPENAPI3_FORMATS[schema["format"]](value), f"{where}: {value!r} is not a {schema['format']}"
    if kind == "array" and "items" in schema:
        for index, item in enumerate(value):
            check_openapi3(item, schema["items"], components, f"{where}[{index}]")
    if kind == "object" and "properties" in schema:
        properties = schema["properties"]
        assert set(value) == set(properties), f"{where}: fields {sorted(set(value) ^ set(properties))} differ from the schema"
        for name, field in value.items():
            check_openapi3(field, properties[name], components, f"{where}.{name}")
    elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        for name, field in value.items():
            check_openapi3(field, schema["additionalProperties"], components, f"{where}.{name}")


def response_schema(operation):
    """The JSON schema of an OpenAPI 3 operation's 200 answer, or None for a void answer."""
    content = operation["responses"]["200"].get("content", {})
    return content.get("application/json", {}).get("schema")


def check_answer(method, template, value, where):
    """Check an answer against the 1.0 schema of the route, or else its OpenAPI 3 schema."""
    if (method, template) in OPERATIONS:
        check_value(value, OPERATIONS[(method, template)]["responseType"], where)
        return
    operation, components = OPENAPI3_OPERATIONS.get((method, template)) or INFERRED_OPERATIONS[(method, template)]
    schema = response_schema(operation)
    if schema is None:
        assert value is None, f"{where}: the route answers nothing, not {value!r}"
    else:
        check_openapi3(value, schema, components, where)


def assert_error(response, status, error_class, error_code, message=None):
    """An OVH error answer: status, both class and errorCode, httpCode, a QueryID."""
    assert response.status_code == status, response.text
    assert response.headers["X-Ovh-QueryID"].startswith("EU.ext-1.")
    body = response.json()
    assert body["class"] == error_class
    assert body["errorCode"] == error_code
    assert body["httpCode"].startswith(f"{status} ")
    if message is not None:
        assert body["message"] == message
    return body
