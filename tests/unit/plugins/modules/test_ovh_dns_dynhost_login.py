"""ovh_dns_dynhost_login in-process (tests/module_runner.py) against the emulator: the exact requests,
check mode, the password update, bad input and API errors."""

from api_log import write_statuses
from emulator.seed import DEMO_DYNHOST_PASSWORD

ZONE_PATH = "/domain/zone/example.com"


def test_dynhost_login_bad_input_and_api_errors(modules, emulator):
    login = ZONE_PATH + "/dynHost/login/example.com-home"
    args = {"zone": "example.com", "login_suffix": "home", "subdomain": "office", "update_password": "always",
            "password": "OfficeSecret-9d2c"}
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_login", dict(args, subdomain="bad sub"))
    assert rc == 1 and result["msg"] == "subdomain 'bad sub' is not a valid DNS name relative to the zone", result
    assert emulator.log == []
    emulator.add_fault(status=500, method="GET", path=login)
    rc, result, _output = modules.run("signet.ovh.ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], result["http_status"]) == (1, False, 500), result
    assert result["msg"].startswith("GET %s failed: HTTP 500, Server::InternalServerError" % login) and "[QueryID: EU." in result["msg"]
    assert emulator.writes() == []
    # The subdomain is moved, then the password change fails: changed, and the password is the old one.
    emulator.add_fault(status=500, method="POST", path=login + "/changePassword")
    rc, result, output = modules.run("signet.ovh.ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], result["http_status"]) == (1, True, 500), result
    assert result["msg"].startswith("POST %s/changePassword failed: HTTP 500" % login) and "[QueryID: EU." in result["msg"]
    assert "OfficeSecret-9d2c" not in output
    assert write_statuses(emulator) == [("PUT", login, 200), ("POST", login + "/changePassword", 500)]
    stored = emulator.zone("demo-ovh", "example.com").extras.dynhost_logins["example.com-home"]
    assert stored == {"subDomain": "office", "password": DEMO_DYNHOST_PASSWORD}


def test_dynhost_login(logged_run, emulator):
    login = ZONE_PATH + "/dynHost/login/example.com-office"
    args = {"zone": "example.com", "login_suffix": "office", "subdomain": "office", "password": "OfficeSecret-7f3a"}
    rc, result, output, requests = logged_run("ovh_dns_dynhost_login", args, "--check")
    assert (rc, result["changed"], requests) == (0, True, [("GET", login)])
    rc, result, output, requests = logged_run("ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], requests) == (0, True, [("GET", login), ("POST", ZONE_PATH + "/dynHost/login")])
    assert "OfficeSecret-7f3a" not in output
    rc, result, output, requests = logged_run("ovh_dns_dynhost_login", args)
    assert (rc, result["changed"], requests) == (0, False, [("GET", login)])
    rc, result, output, requests = logged_run("ovh_dns_dynhost_login", dict(args, update_password="always", password="OfficeSecret-8e4b"))
    assert (rc, result["changed"], requests) == (0, True, [("GET", login), ("POST", login + "/changePassword")])
    assert "OfficeSecret-8e4b" not in output
    assert emulator.zone("demo-ovh", "example.com").extras.dynhost_logins["example.com-office"]["password"] == "OfficeSecret-8e4b"
    rc, result, output, requests = logged_run("ovh_dns_dynhost_login", dict(args, login_suffix="bad suffix"))
    assert rc == 1 and "login_suffix" in result["msg"] and requests == []
