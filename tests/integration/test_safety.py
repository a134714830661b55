"""Hostile answers are refused before they are used, transport settings say what they do, and
store_in loses nothing when forks write one file. Cases share a playbook run (ignore_errors and
register), their results are read back from a file. (A write answered 200 with garbage and a consumer
key request that never connected run in-process, in the modules' test files.)"""

import json
import os
import stat
import sys

from hostile import HostileServer
from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET

HTML = b"<html><head><title>Welcome</title></head><body><h1>Maintenance</h1><p>Back soon</p></body></html>"


def failing_task(name, module, args, register):
    return {"name": name, module: args, "register": register, "ignore_errors": True}


def run_cases(ansible, cases, name):
    """Run (task, check) cases in one playbook; returns the registered results, in order."""
    tasks = []
    for index, (task_name, module, args) in enumerate(cases):
        if module == "lookup":
            tasks.append({"name": task_name, "ansible.builtin.set_fact": {
                "answer": "{{ lookup('signet.ovh.ovh_api', option_path, **options) }}"},
                "vars": {"option_path": args.pop("path"), "options": args}, "register": "r%d" % index, "ignore_errors": True})
        else:
            tasks.append(failing_task(task_name, module, args, "r%d" % index))
    tasks.append({"name": "Keep the results", "ansible.builtin.copy": {
        "dest": str(ansible.workdir / (name + ".json")), "content": "{{ [%s] | to_json }}" % ", ".join("r%d" % i for i in range(len(cases)))}})
    (ansible.workdir / (name + ".yml")).write_text(json.dumps([{"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    run = ansible.run(name + ".yml", credentials=False, playbook_dir=str(ansible.workdir))
    assert run.recap is not None and run.recap["failed"] == 0, run
    return run, json.loads((ansible.workdir / (name + ".json")).read_text())


def test_answers_of_the_wrong_form_fail_before_any_further_request(ansible, emulator):
    credentials = ansible.module_credentials()
    big = json.dumps({"blob": "x" * (1024 * 1024 + 10)}).encode()
    answers = {
        "GET /auth/time": (200, 1700000000, "application/json"),
        "GET /domain/zone/html.example/record": (200, HTML, "text/html"),
        "GET /domain/zone/string.example/record": (200, "h t m l", "application/json"),
        "GET /domain/zone/ids.example/record": (200, [1, "2"], "application/json"),
        "GET /domain/zone/fields.example/record": (200, [5], "application/json"),
        "GET /domain/zone/fields.example/record/5": (200, {"id": 5, "target": "192.0.2.1"}, "application/json"),
        "GET /me": (200, HTML, "text/html"),
        "GET /big": (200, big, "application/json"),
    }
    with HostileServer(answers) as hostile:
        on_hostile = dict(credentials, endpoint=hostile.base_url)
        record = {"subdomain": "www", "type": "A", "value": ["192.0.2.1"]}
        cases = [
            ("HTML list", "signet.ovh.ovh_dns_record", dict(on_hostile, zone="html.example", **record)),
            ("string list", "signet.ovh.ovh_dns_records", dict(on_hostile, zone="string.example", records=[record])),
            ("ids not integers", "signet.ovh.ovh_dns_record_info", dict(on_hostile, zone="ids.example")),
            ("record without its fields", "signet.ovh.ovh_dns_record", dict(on_hostile, zone="fields.example", **record)),
            ("HTML to ovh_api_call", "signet.ovh.ovh_api_call", dict(on_hostile, path="/me")),
            ("over the size cap", "signet.ovh.ovh_api_call", dict(on_hostile, path="/big", max_answer_size=1)),
            ("HTML to the lookup", "lookup", dict(on_hostile, path="/me")),
        ]
        expected = [
            "GET /domain/zone/html.example/record failed: HTTP 200: the answer is not JSON: Welcome Maintenance Back soon",
            "GET /domain/zone/string.example/record failed: HTTP 200: unexpected answer: a string instead of a list of integer ids",
            "GET /domain/zone/ids.example/record failed: HTTP 200: unexpected answer: item 1 is a string, not an integer id",
            "GET /domain/zone/fields.example/record/5 failed: HTTP 200: unexpected answer: an object without fieldType, subDomain",
            "GET /me failed: HTTP 200: the answer is not JSON: Welcome",
            "GET /big failed: HTTP 200: the answer is larger than max_answer_size (1 MiB)",
            "GET /me failed: HTTP 200: the answer is not JSON",
        ]
        run, results = run_cases(ansible, cases, "answers")
        assert not [entry for entry in hostile.log if not entry.startswith("GET ")], hostile.log  # nothing written
        # One read of each list, nothing after the bad answer (no GET /record/h, /record/t...).
        assert hostile.log.count("GET /domain/zone/html.example/record") == 1
        assert not [entry for entry in hostile.log if entry.startswith("GET /domain/zone/") and entry.count("/") > 5
                    and "fields.example" not in entry], hostile.log
    for (case, dummy, dummy), text, result in zip(cases, expected, results):
        assert result.get("failed") and text in result["msg"] and "[QueryID: EU.hostile." in result["msg"], (case, result)
    assert "json" not in results[4]  # the HTML is never presented as the call's answer


def test_a_status_200_error_body_on_the_record_list_changes_nothing(ansible, emulator):
    emulator.add_fault(status=200, method="GET", path="/domain/zone/example.com/record")  # a JSON object, not ids
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "www", "type": "A",
                                                                     "value": ["192.0.2.99"]})
    assert rc != 0 and "unexpected answer: an object instead of a list of integer ids" in result["msg"], output
    assert emulator.writes() == [] and [entry["path"] for entry in emulator.log if entry["path"] != "/auth/time"] == [
        "/domain/zone/example.com/record"]


def test_transport_settings_are_checked_before_any_request(ansible, emulator, tmp_path):
    credentials = ansible.module_credentials()
    service = {"client_id": "EU.demoserviceaccount1", "client_secret": "DemoClientSecret0000000000000001"}
    # .invalid never resolves: with the checks, nothing is even looked up.
    remote = "http://ovh-api.invalid/1.0"
    cases = [
        ("dot segments", "signet.ovh.ovh_api_call", dict(credentials, path="/domain/zone/../me")),
        ("encoded dot segments", "lookup", dict(credentials, path="/me/%2e%2e/auth/time")),
        ("missing ca_path", "signet.ovh.ovh_api_call", dict(credentials, path="/me", ca_path=str(tmp_path / "none.pem"))),
        ("plain http elsewhere", "signet.ovh.ovh_api_call", dict(credentials, path="/me", endpoint=remote, timeout=1)),
        ("plain http elsewhere, lookup", "lookup", dict(credentials, path="/me", endpoint=remote, timeout=1)),
        ("client secret over plain http", "signet.ovh.ovh_api_call",
         dict(service, endpoint=remote, path="/me", allow_insecure_http=True, timeout=1)),
    ]
    expected = [
        "path: API path '/domain/zone/../me' holds a '.' or '..' segment",
        "holds a '.' or '..' segment",
        "ca_path %s does not exist" % (tmp_path / "none.pem"),
        "endpoint http://ovh-api.invalid/1.0 is plain http to a host that is not this machine",
        "endpoint http://ovh-api.invalid/1.0 is plain http to a host that is not this machine",
        "client secret would be sent in clear to http://ovh-api.invalid/auth/oauth2/token",
    ]
    run, results = run_cases(ansible, cases, "transport")
    for (case, dummy, dummy), text, result in zip(cases, expected, results):
        assert result.get("failed") and text in result["msg"], (case, result)
    assert emulator.log == []


def test_two_forks_store_two_sections_in_one_file(ansible, emulator, tmp_path):
    # Two endpoints of the same API (two section names), one file reached through a symlink, an
    # inline comment on a header, and a mode too broad for a file holding keys.
    target = ansible.workdir / "real-ovh.conf"
    target.write_text("[default] ; written by hand\nendpoint=ovh-eu\n")
    target.chmod(0o644)
    link = ansible.workdir / "ovh.conf"
    link.symlink_to(target)
    endpoints = {"node0": emulator.base_url, "node1": emulator.base_url.replace("127.0.0.1", "localhost")}
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("%s store_endpoint=%s ansible_connection=local ansible_python_interpreter=%s\n" % (host, url, sys.executable)
                                 for host, url in sorted(endpoints.items())))
    playbook = [{"name": "Store keys", "hosts": "all", "gather_facts": False, "tasks": [{
        "name": "Request and store a key", "signet.ovh.ovh_consumer_key": {
            "endpoint": "{{ store_endpoint }}", "application_key": "{{ ovh_application_key }}",
            "application_secret": "{{ ovh_application_secret }}", "access_rules": [{"method": "GET", "path": "/me"}],
            "store_in": str(link)}}]}]
    (ansible.workdir / "store.yml").write_text(json.dumps(playbook))
    run = ansible.run("store.yml", "-f", "2", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert run.rc == 0 and all(recap["changed"] == 1 for recap in run.recaps.values()) and len(run.recaps) == 2, run
    text = target.read_text()
    for url in endpoints.values():
        assert text.count("[%s]" % url) == 1, text
    assert text.count("consumer_key=") == 2 and text.count("[default]") == 1, text
    assert os.path.islink(str(link)) and stat.S_IMODE(os.stat(str(target)).st_mode) == 0o600
    pending = [entry["consumer_key"] for entry in emulator.pending_validations()]
    assert len(pending) == 2 and all(key in text for key in pending)


def test_four_forks_asking_for_one_section_get_one_key(ansible, modules, emulator, tmp_path):
    # The lock of store_in spans "read the stored key, request, store": the first fork requests the key,
    # the others find it stored and still pending, and show its validation URL instead of requesting
    # keys of their own that nobody would ever approve (each approval but one would leave an orphan).
    conf = ansible.workdir / "ovh.conf"
    hosts = ["node%d" % number for number in range(4)]
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("".join("%s ansible_connection=local ansible_python_interpreter=%s\n" % (host, sys.executable) for host in hosts))
    playbook = [{"name": "Request one key", "hosts": "all", "gather_facts": False, "tasks": [
        {"name": "Request and store a key", "register": "key", "signet.ovh.ovh_consumer_key": {
            "endpoint": "{{ ovh_endpoint }}", "application_key": "{{ ovh_application_key }}",
            "application_secret": "{{ ovh_application_secret }}", "access_rules": [{"method": "GET", "path": "/me"}],
            "store_in": str(conf)}},
        {"name": "Keep the result", "ansible.builtin.copy": {
            "dest": str(ansible.workdir / "{{ inventory_hostname }}.json"), "content": "{{ key | to_json }}"}}]}]
    (ansible.workdir / "one_key.yml").write_text(json.dumps(playbook))
    run = ansible.run("one_key.yml", "-f", "4", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert run.rc == 0 and sorted(run.recaps) == hosts, run
    results = [json.loads((ansible.workdir / ("%s.json" % host)).read_text()) for host in hosts]
    posts = [entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == "/auth/credential"]
    assert len(posts) == 1, posts
    assert len(emulator.pending_validations()) == 1
    assert len(set(result["validation_url"] for result in results)) == 1 and results[0]["validation_url"], results
    assert sorted(result["changed"] for result in results) == [False, False, False, True], results
    assert all(result["status"] == "pendingValidation" for result in results), results
    assert conf.read_text().count("consumer_key=") == 1
    # A rerun while the key still waits: the same URL again, nothing requested.
    rerun = ansible.run("one_key.yml", "-f", "4", inventory=str(inventory), playbook_dir=str(ansible.workdir))
    assert rerun.rc == 0, rerun
    assert len([entry for entry in emulator.log if entry["method"] == "POST" and entry["path"] == "/auth/credential"]) == 1
    again = [json.loads((ansible.workdir / ("%s.json" % host)).read_text()) for host in hosts]
    assert [result["changed"] for result in again] == [False] * 4, again
    assert set(result["validation_url"] for result in again) == set([results[0]["validation_url"]]), again
    # Check mode predicts the same, and writes nothing.
    before = conf.read_text()
    rc, result, output = modules.run("signet.ovh.ovh_consumer_key", {
        "endpoint": emulator.base_url, "application_key": APPLICATION_KEY, "application_secret": APPLICATION_SECRET,
        "access_rules": [{"method": "GET", "path": "/me"}], "store_in": str(conf)}, "--check", credentials=False)
    assert rc == 0 and not result["changed"] and result["validation_url"] == results[0]["validation_url"], output
    assert conf.read_text() == before and len(emulator.pending_validations()) == 1


IMAGE_PASSWORD = "ImagePassw0rdXYZ"
SIGNATURE = "SignatureValue0123456789abcdef"
USER_DATA = "I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDogVXNlckRhdGFTZWNyZXQ="
SCRIPT = "IyEvYmluL3NoCmVjaG8gU2NyaXB0U2VjcmV0VmFsdWU="
ENDPOINT_PASSWORD = "EndpointPassw0rdQRS"


def test_url_credentials_user_data_and_scripts_never_shown_at_vvv(ansible, emulator):
    # The image URL's user:password and signed query, the config-drive user data and the script: masked in
    # every output, the invocation at -vvv included; the reinstall itself still gets them (check mode here).
    rc, result, output = ansible.adhoc("signet.ovh.ovh_dedicated_server_install", {
        "service_name": "ns3001234.ip-203-0-113.eu", "operating_system": "byolinux_64", "customizations": {
            "image_url": "https://builder:%s@images.example.test/os.qcow2?X-Signature=%s&expires=1" % (IMAGE_PASSWORD, SIGNATURE),
            "config_drive_user_data": USER_DATA, "post_installation_script": SCRIPT}}, "-vvv", "--check")
    assert rc == 0 and result["changed"], output
    for secret in (IMAGE_PASSWORD, SIGNATURE, USER_DATA, SCRIPT):
        assert secret not in output, secret
    assert "images.example.test" in output  # the rest of the URL stays readable
    # An endpoint with a user:password part (from a variable, as a vault would give it): refused before any
    # request, the password never shown, in the task's invocation at -vvv included. (An ad hoc command line
    # is echoed by ansible-core 2.19 itself when a task fails, whatever the module does.)
    emulator.clear_log()
    endpoint = emulator.base_url.replace("http://", "http://user:%s@" % ENDPOINT_PASSWORD)
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": [{
        "name": "Call with a password in the endpoint", "signet.ovh.ovh_api_call": {
            "path": "/me", "endpoint": "{{ bad_endpoint }}", "application_key": "{{ ovh_application_key }}",
            "application_secret": "{{ ovh_application_secret }}", "consumer_key": "{{ ovh_consumer_key }}"}}]}]
    (ansible.workdir / "endpoint_password.yml").write_text(json.dumps(play))
    run = ansible.run("endpoint_password.yml", "-vvv", extra_vars={"bad_endpoint": endpoint}, playbook_dir=str(ansible.workdir))
    assert run.rc != 0 and "holds a user:password part" in run.output, run
    assert ENDPOINT_PASSWORD not in run.output and emulator.log == [], run
