"""casing: API objects as snake_case results, as amazon.aws's camel_dict_to_snake_dict does it."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.casing import snake_case, snake_dict


@pytest.mark.parametrize("name, expected", [("commercialRange", "commercial_range"), ("imageURL", "image_url"),
                                            ("ip", "ip"), ("availabilityZone", "availability_zone"),
                                            ("memoryLimit", "memory_limit"), ("newUpgradeSystem", "new_upgrade_system"),
                                            ("taskId", "task_id"), ("allowedIPs", "allowed_ips"), ("IPs", "ips"),
                                            ("already_snake", "already_snake"), ("ipv6", "ipv6"), ("bootId", "boot_id")])
def test_snake_case(name, expected):
    assert snake_case(name) == expected


def test_snake_dict_converts_keys_at_every_depth_and_keeps_values():
    task = {"taskId": 1, "function": "reinstallServer", "startDate": "2026-01-01T00:00:00+00:00",
            "steps": [{"lastUpdate": "x", "comment": "helloWorld"}], "nested": {"doneDate": None}}
    assert snake_dict(task) == {"task_id": 1, "function": "reinstallServer", "start_date": "2026-01-01T00:00:00+00:00",
                                "steps": [{"last_update": "x", "comment": "helloWorld"}], "nested": {"done_date": None}}


def test_snake_dict_keeps_the_keys_of_user_named_maps():
    server = {"powerState": "poweron", "iam": {"displayName": "web", "tags": {"costCenter": "A1", "ovh:env": "prod"}}}
    assert snake_dict(server) == {"power_state": "poweron",
                                  "iam": {"display_name": "web", "tags": {"costCenter": "A1", "ovh:env": "prod"}}}


def test_snake_dict_leaves_other_values_alone():
    assert snake_dict(None) is None and snake_dict("camelCase") == "camelCase" and snake_dict([1, "aB"]) == [1, "aB"]
