"""Secrets never reach the output: every module at -vvv, on success and failure paths, with
credentials from options, the environment and ovh.conf, and distinctive secret values."""

import pytest

MODULE_CASES = [
    ("signet.ovh.ovh_api_call", {"path": "/me"}),
    ("signet.ovh.ovh_api_call", {"method": "POST", "path": "/domain/zone/example.com/refresh"}),
    ("signet.ovh.ovh_dns_record", {"zone": "example.com", "subdomain": "s", "type": "TXT", "value": ["secret test"]}),
    ("signet.ovh.ovh_dns_records", {"zone": "example.com", "records": [{"subdomain": "s2", "type": "A", "value": ["192.0.2.9"]}]}),
    ("signet.ovh.ovh_dns_record_info", {"zone": "example.com"}),
]


def assert_clean(output, secrets):
    assert secrets["application_secret"] not in output
    assert secrets["consumer_key"] not in output


@pytest.mark.parametrize("module, args", MODULE_CASES, ids=[case[0].split(".")[-1] + str(n) for n, case in enumerate(MODULE_CASES)])
def test_options_success_failure_and_diff(ansible, emulator, secrets, module, args):
    rc, dummy, output = ansible.adhoc(module, dict(secrets, **args), "-vvv", "--diff", credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in output  # the invocation is shown, masked
    emulator.add_fault(status=500, count=5)
    rc, dummy, output = ansible.adhoc(module, dict(secrets, **args), "-vvv", credentials=False)
    assert rc != 0 and "HTTP 500" in output, output
    assert_clean(output, secrets)


@pytest.mark.parametrize("module, args", MODULE_CASES[::2], ids=[case[0].split(".")[-1] for case in MODULE_CASES[::2]])
def test_environment_and_ovh_conf(ansible, emulator, secrets, module, args):
    env = {"OVH_ENDPOINT": secrets["endpoint"], "OVH_APPLICATION_KEY": secrets["application_key"],
           "OVH_APPLICATION_SECRET": secrets["application_secret"], "OVH_CONSUMER_KEY": secrets["consumer_key"]}
    rc, dummy, output = ansible.adhoc(module, args, "-vvv", env=env, credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    conf = ansible.workdir / "ovh.conf"
    conf.write_text("[default]\nendpoint=%(endpoint)s\n[%(endpoint)s]\napplication_key=%(application_key)s\n"
                    "application_secret=%(application_secret)s\nconsumer_key=%(consumer_key)s\n" % secrets)
    rc, dummy, output = ansible.adhoc(module, dict(args, config_file=str(conf)), "-vvv", credentials=False)
    assert rc == 0, output
    assert_clean(output, secrets)
    # A wrong secret from the file: the failure message must not print the secret either.
    conf.write_text(conf.read_text().replace(secrets["application_secret"], "WrongSecretValue0000000000000001"))
    rc, dummy, output = ansible.adhoc(module, dict(args, config_file=str(conf)), "-vvv", credentials=False)
    assert rc != 0 and "Invalid signature" in output, output
    assert "WrongSecretValue0000000000000001" not in output
    assert_clean(output, secrets)
