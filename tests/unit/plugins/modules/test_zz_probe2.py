import pytest
from tamper import tamper, replaced

PROJECT = "0123456789abcdef0123456789abcdef"

@pytest.fixture
def frozen(emulator):
    emulator.clock_frozen = True
    return emulator

@pytest.mark.parametrize("value", [123, None, "", {"a": 1}])
def test_content(modules, frozen, monkeypatch, tmp_path, value):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/user/{userId}/openrc", replaced("content", value))
    path = tmp_path / "f"
    rc, result, output = modules.run("ovh_cloud_user", {"project": PROJECT, "description": "backup", "openrc": {"path": str(path), "region": "GRA11"}})
    print(repr(value), rc, result.get("msg"), path.exists() and path.read_text())
    assert "Traceback" not in output

@pytest.mark.parametrize("value", [123, None, "", {"a": 1}])
def test_password(modules, frozen, monkeypatch, tmp_path, value):
    tamper(monkeypatch, "POST", "/cloud/project/{serviceName}/user", replaced("password", value))
    rc, result, output = modules.run("ovh_cloud_user", {"project": PROJECT, "description": "new", "wait": False})
    print(repr(value), rc, result.get("msg"), result.get("changed"), repr(result.get("password")))
    assert "Traceback" not in output

def test_put_bad(modules, frozen, monkeypatch):
    tamper(monkeypatch, "PUT", "/cloud/project/{serviceName}/user/{userId}/role", lambda a: "notjson")
    rc, result, output = modules.run("ovh_cloud_user", {"project": PROJECT, "description": "backup", "roles": ["admin"]})
    print(rc, result.get("msg"), result.get("changed"))

@pytest.mark.parametrize("value", [None, "x", 5, [1]])
def test_roles_ids(modules, frozen, monkeypatch, value):
    tamper(monkeypatch, "GET", "/cloud/project/{serviceName}/role", lambda a: dict(a, roles=value) if not isinstance(value, list) else dict(a, roles=[dict(r, id=value[0]) for r in a["roles"]]))
    rc, result, output = modules.run("ovh_cloud_user", {"project": PROJECT, "description": "backup", "roles": ["admin"]})
    print(repr(value), rc, result.get("msg"), result.get("changed"), frozen.writes())
    assert "Traceback" not in output
