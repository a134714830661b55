"""naming: API objects' keys in snake_case, values untouched, the user's keys (IAM tags) kept."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys, snake_name, variable_fields


@pytest.mark.parametrize("key, expected", [
    ("name", "name"), ("nameServers", "name_servers"), ("isDeployed", "is_deployed"), ("dynHost", "dyn_host"),
    ("hasDnsAnycast", "has_dns_anycast"), ("allowedIPs", "allowed_ips"), ("isDNSSECSupported", "is_dnssec_supported"),
    ("clientDataJSON", "client_data_json"), ("kvmipHtml5URL", "kvmip_html5_url"), ("disableH2", "disable_h2"),
    ("vCPUs", "v_cpus"), ("s3Url", "s3_url"), ("ipv6", "ipv6"), ("line1", "line1"), ("quantile999", "quantile999"),
    ("URL", "url"), ("ID", "id"), ("creationDate", "creation_date"), ("taskID", "task_id"),
    ("subDomain", "subdomain"),  # the options' spelling
    ("already_snake", "already_snake"), ("a-b", "a-b"), ("", ""), ("9lives", "9lives"), (7, 7),
])
def test_snake_name(key, expected):
    assert snake_name(key) == expected


def test_snake_keys_nested_values_untouched_tags_kept():
    answer = {"name": "example.com", "nameServers": ["dns1.ovh.net"], "lastUpdate": "2026-11-30T10:00:00+00:00",
              "iam": {"displayName": "Zone", "tags": {"costCenter": "A1", "ovh:env": "prod"}},
              "tasks": [{"creationDate": "x", "status": "enableInProgress"}, [{"doneDate": None}], 3]}
    assert snake_keys(answer) == {
        "name": "example.com", "name_servers": ["dns1.ovh.net"], "last_update": "2026-11-30T10:00:00+00:00",
        "iam": {"display_name": "Zone", "tags": {"costCenter": "A1", "ovh:env": "prod"}},
        "tasks": [{"creation_date": "x", "status": "enableInProgress"}, [{"done_date": None}], 3]}
    assert answer["nameServers"] == ["dns1.ovh.net"]  # a copy: the answer itself is left as it was
    assert snake_keys({"myTags": {"fooBar": 1}}, keep=("myTags",)) == {"my_tags": {"fooBar": 1}}
    assert snake_keys([{"aB": 1}]) == [{"a_b": 1}] and snake_keys("camelCase") == "camelCase" and snake_keys(None) is None


# --- formerly test_casing.py: the cases of the other modules' results ---
@pytest.mark.parametrize("name, expected", [("commercialRange", "commercial_range"), ("imageURL", "image_url"),
                                            ("ip", "ip"), ("availabilityZone", "availability_zone"),
                                            ("memoryLimit", "memory_limit"), ("newUpgradeSystem", "new_upgrade_system"),
                                            ("taskId", "task_id"), ("allowedIPs", "allowed_ips"), ("IPs", "ips"),
                                            ("already_snake", "already_snake"), ("ipv6", "ipv6"), ("bootId", "boot_id")])
def test_casing_snake_case(name, expected):
    assert snake_name(name) == expected


def test_casing_snake_dict_converts_keys_at_every_depth_and_keeps_values():
    task = {"taskId": 1, "function": "reinstallServer", "startDate": "2026-01-01T00:00:00+00:00",
            "steps": [{"lastUpdate": "x", "comment": "helloWorld"}], "nested": {"doneDate": None}}
    assert snake_keys(task) == {"task_id": 1, "function": "reinstallServer", "start_date": "2026-01-01T00:00:00+00:00",
                                "steps": [{"last_update": "x", "comment": "helloWorld"}], "nested": {"done_date": None}}


def test_casing_snake_dict_keeps_the_keys_of_user_named_maps():
    server = {"powerState": "poweron", "iam": {"displayName": "web", "tags": {"costCenter": "A1", "ovh:env": "prod"}}}
    assert snake_keys(server) == {"power_state": "poweron",
                                  "iam": {"display_name": "web", "tags": {"costCenter": "A1", "ovh:env": "prod"}}}


def test_casing_snake_dict_leaves_other_values_alone():
    assert snake_keys(None) is None and snake_keys("camelCase") == "camelCase" and snake_keys([1, "aB"]) == [1, "aB"]


def test_only_fields_named_as_identifiers_become_variables():
    fields = variable_fields({"commercialRange": "x", "os": "debian", "{{ lookup('pipe', 'id') }}": 1, "a-b": 2, "_x": 3,
                              "bootId": None})
    assert fields == {"ovh_commercial_range": "x", "ovh_os": "debian", "ovh_boot_id": None}
