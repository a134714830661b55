"""module_utils/cloud_instances.py: the project list (ids that are not project ids left out), one request per
project, and the host variables of an instance (public and private addresses, the main ones)."""

import pytest

from api_log import sent
from tamper import tamper

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError
from ansible_collections.signet.ovh.plugins.module_utils.cloud_instances import instance_variables, list_instances, list_projects

PROJECT = "0123456789abcdef0123456789abcdef"


def test_projects_then_one_request_per_project(client, emulator):
    projects, refused = list_projects(client)
    assert projects == [PROJECT, "fedcba9876543210fedcba9876543210"] and refused == []
    assert [instance["name"] for instance in list_instances(client, PROJECT)][0] == "web-1"
    assert sent(emulator) == [("GET", "/cloud/project"), ("GET", "/cloud/project/%s/instance" % PROJECT)]
    assert list_projects(client, [PROJECT.upper()]) == ([PROJECT], [])
    with pytest.raises(CloudInputError, match="cloud_projects must be a Public Cloud project id"):
        list_projects(client, ["../x"])


def test_a_project_id_from_the_api_that_is_no_project_id_is_left_out(client, monkeypatch):
    tamper(monkeypatch, "GET", "/cloud/project", lambda answer: answer[:1] + ["../../me"])
    assert list_projects(client) == ([PROJECT], ["../../me"])


def test_instance_variables():
    instance = {"id": "i", "name": "n", "region": "SBG5", "flavorId": "f", "imageId": "m", "status": "ACTIVE",
                "ipAddresses": [{"ip": "10.0.0.5", "type": "private", "version": 4, "networkId": "p"},
                                {"ip": "2001:db8::5", "type": "public", "version": 6, "networkId": "e"},
                                {"ip": "not an ip", "type": "public", "version": 4, "networkId": "e"}]}
    variables = instance_variables(PROJECT, instance)
    assert variables["ovh_flavor_id"] == "f" and variables["ovh_image_id"] == "m" and variables["ovh_location"] == "sbg5"
    assert variables["ovh_public_ips"] == ["2001:db8::5"] and variables["ovh_private_ips"] == ["10.0.0.5"]
    assert variables["ovh_main_ipv4"] == "10.0.0.5" and variables["ovh_main_ipv6"] == "2001:db8::5"
    assert variables["ovh_ip_addresses"][0]["network_id"] == "p" and variables["ovh_project"] == PROJECT
    assert variables["ovh_product"] == "cloud_instance" and variables["ovh_tags"] == {}
