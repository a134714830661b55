"""The signet.ovh.ovh_api lookup against the emulator."""

import re

import pytest

from emulator.oauth2 import TOKEN_PATH
from emulator.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from ovh_playbooks import APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY, unhandled_exceptions

SECRETS = (APPLICATION_SECRET, CONSUMER_KEY, DEMO_CLIENT_SECRET)


def ovh_conf(endpoint, section, **keys):
    return "[default]\nendpoint=%s\n\n[%s]\n%s" % (endpoint, section, "".join("%s=%s\n" % item for item in sorted(keys.items())))


def application_keys():
    return dict(application_key=APPLICATION_KEY, application_secret=APPLICATION_SECRET, consumer_key=CONSUMER_KEY)


def api_entries(emulator):
    return [entry for entry in emulator.log if entry["path"] not in ("/auth/time", TOKEN_PATH)]


def assert_no_secret(run):
    for secret in SECRETS:
        assert secret not in run.output


def assert_signed_reads(emulator):
    """The lookup sent signed GETs only, and read what lookup.yml reads."""
    entries = api_entries(emulator)
    assert entries and all(entry["signed"] and entry["method"] == "GET" for entry in entries), emulator.log
    assert all(entry["status"] != 400 for entry in emulator.log)
    assert "/domain/zone/example.com/record" in [entry["path"] for entry in entries]


def test_lookup_with_environment_credentials(ansible, emulator):
    env = {"OVH_ENDPOINT": emulator.base_url, "OVH_APPLICATION_KEY": APPLICATION_KEY,
           "OVH_APPLICATION_SECRET": APPLICATION_SECRET, "OVH_CONSUMER_KEY": CONSUMER_KEY}
    run = ansible.run("lookup.yml", "-vvv", env=env, credentials=False)
    assert run.rc == 0, run
    assert_no_secret(run)
    paths = [entry["path"] for entry in emulator.log]
    assert paths.count("/auth/time") == 1
    assert_signed_reads(emulator)


def test_lookup_with_keyword_options(ansible, emulator):
    run = ansible.run("lookup_options.yml", "-vvv")  # credentials as extra vars, passed to the lookup by name
    assert run.rc == 0, run
    assert run.recap["failed"] == 0
    assert_no_secret(run)
    entries = api_entries(emulator)
    assert [entry["path"] for entry in entries] == ["/me", "/domain/zone", "/domain/zone/example.com/record"]
    assert [entry["query"] for entry in entries] == ["", "", "fieldType=MX"]
    assert all(entry["signed"] and entry["status"] == 200 for entry in entries)


# The [default] endpoint and the section name, spelled with and without a trailing slash.
@pytest.mark.parametrize("endpoint_suffix, section_suffix", [("", ""), ("/", ""), ("", "/")], ids=["same", "endpoint-slash", "section-slash"])
def test_lookup_with_ovh_conf_in_working_directory_only(ansible, emulator, endpoint_suffix, section_suffix):
    (ansible.workdir / "ovh.conf").write_text(
        ovh_conf(emulator.base_url + endpoint_suffix, emulator.base_url + section_suffix, **application_keys()))
    run = ansible.run("lookup.yml", "-vvv", credentials=False)
    assert run.rc == 0, run
    assert_no_secret(run)
    assert_signed_reads(emulator)


def test_lookup_with_config_file_option_only(ansible, emulator, tmp_path):
    conf = tmp_path / "lookup-ovh.conf"
    conf.write_text(ovh_conf(emulator.base_url, emulator.base_url, **application_keys()))
    # A ./ovh.conf with a wrong secret: the explicit file must win over it.
    (ansible.workdir / "ovh.conf").write_text(ovh_conf(emulator.base_url, emulator.base_url, application_secret="wrong-secret"))
    run = ansible.run("lookup_config_file.yml", "-vvv", credentials=False, extra_vars={"ovh_config_file": str(conf)})
    assert run.rc == 0, run
    assert_no_secret(run)
    entries = api_entries(emulator)
    assert [entry["path"] for entry in entries] == ["/me", "/domain/zone"]
    assert all(entry["signed"] and entry["status"] == 200 for entry in entries)


def test_lookup_config_file_without_credentials_names_the_file(ansible, emulator, tmp_path):
    conf = tmp_path / "partial.conf"
    conf.write_text(ovh_conf(emulator.base_url, emulator.base_url, application_key=APPLICATION_KEY))
    run = ansible.run("lookup_config_file.yml", credentials=False, extra_vars={"ovh_config_file": str(conf)})
    assert run.rc == 2, run
    assert "missing application_secret, consumer_key" in run.output
    assert str(conf) in run.output
    assert not unhandled_exceptions(run.output)
    assert emulator.log == []


def assert_service_account_reads(emulator):
    tokens = [entry for entry in emulator.log if entry["path"] == TOKEN_PATH]
    assert tokens and all(entry["method"] == "POST" and entry["status"] == 200 for entry in tokens), emulator.log
    assert emulator.log[0]["path"] == TOKEN_PATH
    entries = api_entries(emulator)
    assert entries and not any(entry["signed"] for entry in emulator.log)
    # The emulator redacts the Authorization header in its log; an API call carries it and no application key.
    assert all("Authorization" in entry["headers"] and "X-Ovh-Application" not in entry["headers"] for entry in entries), entries
    assert all(entry["status"] in (200, 404) for entry in entries), entries
    assert "/auth/time" not in [entry["path"] for entry in emulator.log]  # nothing is signed, no clock needed


def test_lookup_with_service_account_keyword_options(ansible, emulator):
    run = ansible.run("lookup_oauth2.yml", "-vvv", credentials=False,
                      extra_vars={"ovh_client_id": DEMO_CLIENT_ID, "ovh_client_secret": DEMO_CLIENT_SECRET})
    assert run.rc == 0, run
    assert_no_secret(run)
    assert_service_account_reads(emulator)
    # One lookup call: one token for its two paths.
    assert [entry["path"] for entry in emulator.log] == [TOKEN_PATH, "/me", "/domain/zone"]


@pytest.mark.parametrize("where", ["environment", "ovh.conf"])
def test_lookup_with_service_account_from_environment_or_ovh_conf(ansible, emulator, where):
    env = {}
    if where == "environment":
        env = {"OVH_ENDPOINT": emulator.base_url, "OVH_CLIENT_ID": DEMO_CLIENT_ID, "OVH_CLIENT_SECRET": DEMO_CLIENT_SECRET}
    else:
        (ansible.workdir / "ovh.conf").write_text(
            ovh_conf(emulator.base_url, emulator.base_url, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET))
    run = ansible.run("lookup.yml", "-vvv", env=env, credentials=False)
    assert run.rc == 0, run
    assert_no_secret(run)
    assert_service_account_reads(emulator)
    assert "/domain/zone/example.com/record" in [entry["path"] for entry in emulator.log]


def test_lookup_with_wrong_client_secret_fails_without_showing_it(ansible, emulator):
    run = ansible.run("lookup_oauth2.yml", "-vvv", credentials=False,
                      extra_vars={"ovh_client_id": DEMO_CLIENT_ID, "ovh_client_secret": "WrongClientSecret000000000000009"})
    assert run.rc == 2, run
    assert "POST %s failed: HTTP 401" % TOKEN_PATH in run.output
    assert "WrongClientSecret000000000000009" not in run.output
    assert not unhandled_exceptions(run.output)
    assert api_entries(emulator) == []


def test_failing_lookup_is_an_ansible_error_with_status_and_query_id(ansible, emulator):
    run = ansible.run("lookup_failure.yml", "-vvv")
    assert run.rc == 2, run
    assert run.recap == {"ok": 0, "changed": 0, "unreachable": 0, "failed": 1}, run
    assert "GET /domain/zone/not-mine.example failed: HTTP 404, Client::NotFound" in run.output
    assert re.search(r"\[QueryID: EU\.[^\]\s]+\]", run.output), run
    assert "QueryID: none" not in run.output
    assert not unhandled_exceptions(run.output)
    assert "the failing lookup did not stop the play" not in run.output
    assert_no_secret(run)
    assert [(entry["path"], entry["status"]) for entry in api_entries(emulator)] == [("/domain/zone/not-mine.example", 404)]


def test_lookup_path_without_slash_fails_before_any_request(ansible, emulator, tmp_path):
    conf = tmp_path / "ovh.conf"
    conf.write_text(ovh_conf(emulator.base_url, emulator.base_url, **application_keys()))
    (tmp_path / "work" / "lookup_bad_path.yml").write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - ansible.builtin.debug:\n"
        "        msg: \"{{ lookup('signet.ovh.ovh_api', 'domain/zone', config_file=ovh_config_file) }}\"\n")
    run = ansible.run("lookup_bad_path.yml", credentials=False, extra_vars={"ovh_config_file": str(conf)},
                      playbook_dir=str(ansible.workdir))
    assert run.rc == 2, run
    assert "path 'domain/zone' must start with '/'" in run.output
    assert not unhandled_exceptions(run.output)
    assert api_entries(emulator) == []


def test_lookup_without_credentials_fails_clearly(ansible, emulator):
    run = ansible.run("lookup.yml", credentials=False)
    assert run.rc != 0
    assert "no OVH endpoint configured" in run.output
    assert emulator.log == []


HOSTILE_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Read a TXT record whose text is a template
      ansible.builtin.set_fact:
        record: "{{ lookup('signet.ovh.ovh_api', '/domain/zone/hostile.example/record/7001', endpoint=ovh_endpoint,
                    application_key=ovh_application_key, application_secret=ovh_application_secret,
                    consumer_key=ovh_consumer_key) }}"
    - name: Use the text in a template
      ansible.builtin.debug:
        msg: "TARGET=[{{ record.target }}]"
"""


@pytest.mark.parametrize("allow_unsafe_lookups", ["false", "true"])
def test_api_text_from_the_lookup_is_never_templated(ansible, emulator, allow_unsafe_lookups):
    # A record whose text would run a command, and a name that would compute, if Ansible templated them;
    # with allow_unsafe_lookups too, which lifts the protection Ansible gives lookups by default.
    marker = ansible.workdir / "templated-by-ansible"
    command = "{{ lookup('pipe', 'touch %s') }}" % marker
    emulator.add_zone("demo-ovh", "hostile.example", [
        {"id": 7001, "fieldType": "TXT", "subDomain": "txt", "target": '"vps-{{7*7}} %s"' % command, "ttl": 3600}])
    (ansible.workdir / "hostile.yml").write_text(HOSTILE_PLAY)
    run = ansible.run("hostile.yml", playbook_dir=str(ansible.workdir), env={"ANSIBLE_ALLOW_UNSAFE_LOOKUPS": allow_unsafe_lookups})
    assert run.rc == 0, run
    assert not marker.exists(), run
    assert "TARGET=[\\\"vps-{{7*7}} {{ lookup('pipe', 'touch" in run.output and "vps-49" not in run.output, run
    assert "lookup('pipe', 'touch" in run.output, run
