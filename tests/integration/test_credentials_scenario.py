"""The seeds' "manage a customer's account" scenario, end to end with ansible-playbook: a customer
approves the consumer key on the validation page in headless Chromium (tests/setup_browser.sh
installs it), then the scenario runs again and changes nothing."""

import configparser
import json
import os
import shutil
import sys
import tempfile

import pytest

from emulator.customer import Customer, approve
from emulator.seed import DEMO_APPLICATION_KEY, DEMO_APPLICATION_SECRET

CUSTOMER = "customer-ovh"
WRITES = ("POST", "PUT", "DELETE")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def scenario_vars(emulator, tmp_path):
    """Extra vars of credentials_scenario.yml; creates another application's credential on the
    customer's account (the one the scenario restricts and revokes)."""
    legacy = emulator.add_application(account="demo-ovh", name="legacy-sync", description="an old sync script")
    legacy_ck = emulator.add_consumer_key(legacy["application_key"], [{"method": "GET", "path": "/*"}], account=CUSTOMER)
    with emulator.state.lock:
        legacy_id = emulator.state.credential_by_key(legacy_ck).credential_id
    return {
        "ovh_endpoint": emulator.base_url,
        "ovh_application_key": DEMO_APPLICATION_KEY,
        "ovh_application_secret": DEMO_APPLICATION_SECRET,
        "conf": str(tmp_path / "customer.conf"),
        "landing_url": emulator.root_url + "/_emulator/landing?from=ovh",
        "customer": CUSTOMER,
        "legacy_application_id": legacy["application_id"],
        "legacy_credential_id": legacy_id,
        "legacy_application_key": legacy["application_key"],
        "legacy_application_secret": legacy["application_secret"],
        "legacy_consumer_key": legacy_ck,
        "result_file": str(tmp_path / "scenario.json"),
    }


def read_json(path):
    with open(str(path)) as handle:
        return json.load(handle)


def read_conf_key(path, section):
    """consumer_key of a section of an ovh.conf file, read as python-ovh reads it."""
    parser = configparser.RawConfigParser()
    parser.read(path)
    return parser.get(section, "consumer_key")


def file_mode(path):
    return os.stat(path).st_mode & 0o777


def require_browser():
    """Fail the test at once, with the reason, when the browser cannot be driven (not after the
    playbook has waited for an approval that never comes)."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail("the browser test needs %s: run `bash tests/setup_browser.sh` (installs the Debian packages "
                    "chromium and chromium-driver)" % " and ".join(missing))
    try:
        import selenium  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        pytest.fail("the browser test needs selenium (tests/requirements.txt): run `source tests/env.sh`")


def chromium(tmp_path):
    """Headless Chromium driven through /usr/bin/chromedriver; nothing is downloaded."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--user-data-dir=%s" % tempfile.mkdtemp(prefix="chromium-", dir=str(tmp_path))):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def approve_in_browser(tmp_path, account, password, validity_label, seen):
    """An answer for Customer: open the validation URL, log in (a wrong password first), pick the
    validity and authorize; record what the browser saw in ``seen``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def fill(driver, secret):
        login = driver.find_element(By.ID, "login")
        login.clear()
        login.send_keys(account)
        driver.find_element(By.ID, "password").send_keys(secret)
        Select(driver.find_element(By.ID, "validity")).select_by_visible_text(validity_label)
        driver.find_element(By.ID, "approve").click()

    def answer(item):
        driver = chromium(tmp_path)
        try:
            driver.set_page_load_timeout(30)
            driver.get(item["validation_url"])
            seen["title"] = driver.title
            seen["application"] = driver.find_element(By.ID, "application").text
            seen["rules"] = driver.find_element(By.ID, "rules").text
            fill(driver, "not-the-password")
            seen["error"] = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "error")).text
            fill(driver, password)
            WebDriverWait(driver, 20).until(lambda d: d.current_url.startswith(item["redirection"].split("?")[0]))
            seen["landed_on"] = driver.current_url
            seen["landing_text"] = driver.find_element(By.TAG_NAME, "h1").text
        finally:
            driver.quit()
    return answer


def test_scenario_approved_in_a_browser_then_run_again(ansible, emulator, tmp_path):
    require_browser()
    variables = scenario_vars(emulator, tmp_path)
    legacy_id = variables["legacy_credential_id"]
    seen = {}
    with Customer(emulator, approve_in_browser(tmp_path, CUSTOMER, "customer", "1 day", seen)) as customer:
        first = ansible.run("credentials_scenario.yml", extra_vars=variables, credentials=False)
    assert not customer.errors, customer.errors
    assert first.rc == 0, first
    assert len(customer.answered) == 1
    # Changed: the key request, the restriction and the revocation.
    assert first.recap["changed"] == 3, first
    result = read_json(variables["result_file"])
    assert result["key"]["changed"] and result["restricted"]["changed"] and result["revoked"]["changed"]
    assert result["restricted"]["credential"]["allowed_ips"] == ["192.0.2.0/24"]
    assert result["outside"]["error_code"] == "FORBIDDEN"

    # What the customer saw and did.
    assert seen["title"] == "Authorize an application"
    assert seen["application"] == "signet-demo"
    assert "GET /me/api/credential/*" in seen["rules"] and "DELETE /me/api/credential" in seen["rules"]
    assert seen["error"] == "Invalid account or password."
    assert seen["landed_on"] == variables["landing_url"]
    assert seen["landing_text"] == "Landing page"

    # The key is in the file, bound to the customer's account for the validity picked on the page, with the
    # requested rules, and it worked.
    conf = variables["conf"]
    assert file_mode(conf) == 0o600
    consumer_key = read_conf_key(conf, emulator.base_url)
    with emulator.state.lock:
        credential = emulator.state.credential_by_key(consumer_key)
        assert credential.account == CUSTOMER and credential.status == "validated"
        assert 86400 <= credential.expiration - credential.creation <= 86400 + 120
        assert credential.last_use is not None
        assert credential.redirection == variables["landing_url"]
        assert {(rule["method"], rule["path"]) for rule in credential.rules} == {
            ("GET", "/me"), ("GET", "/me/api/credential"), ("GET", "/me/api/credential/*"),
            ("PUT", "/me/api/credential"), ("PUT", "/me/api/credential/*"), ("DELETE", "/me/api/credential"),
            ("DELETE", "/me/api/credential/*"), ("GET", "/auth/currentCredential")}
        assert legacy_id not in emulator.state.credentials
    me = [entry for entry in emulator.log if entry["path"] == "/me" and entry["status"] == 200]
    assert me, "GET /me with the approved key"
    # The key never went through the playbook's output.
    assert consumer_key not in first.output

    # The listing: both credentials of the customer, each with its application (both owned by another account).
    listed = {item["credential_id"]: item for item in result["creds"]["credentials"]}
    assert set(listed) == {credential.credential_id, legacy_id}
    assert listed[legacy_id]["application"]["name"] == "legacy-sync"
    assert listed[legacy_id]["allowed_ips"] is None
    assert set(listed[legacy_id]) == {"credential_id", "application_id", "status", "rules", "creation", "expiration",
                                      "last_use", "allowed_ips", "ovh_support", "application"}
    writes = [(entry["method"], entry["route"]) for entry in emulator.writes()]
    assert writes == [("POST", "/auth/credential"), ("PUT", "/me/api/credential/{credentialId}"),
                      ("DELETE", "/me/api/credential/{credentialId}")]

    # Run again: nothing to approve, nothing written, the same key kept.
    emulator.clear_log()
    with Customer(emulator, approve(emulator, account=CUSTOMER, validity=86400)) as customer:
        second = ansible.run("credentials_scenario.yml", extra_vars=variables, credentials=False)
    assert second.rc == 0, second
    assert second.recap["changed"] == 0, second
    assert customer.answered == []
    assert [entry for entry in emulator.log if entry["method"] in WRITES] == []
    result = read_json(variables["result_file"])
    assert not result["key"]["changed"] and result["key"]["status"] == "validated"
    assert result["restricted"].get("skipped") and not result["revoked"]["changed"]
    assert read_conf_key(conf, emulator.base_url) == consumer_key
    assert shutil.which(CHROMIUM) == CHROMIUM


def test_a_missing_browser_fails_the_browser_test_at_once_with_the_reason(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMEDRIVER", "/nonexistent/chromedriver")
    with pytest.raises(pytest.fail.Exception, match="the browser test needs /nonexistent/chromedriver: run `bash tests/setup_browser.sh`"):
        require_browser()
