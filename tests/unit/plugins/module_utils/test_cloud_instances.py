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


def test_a_project_given_twice_is_read_once(client, emulator, monkeypatch):
    # cloud_projects with one id twice (in two cases), or a project list that names one twice: one request per project,
    # never its instances twice (which failed the source: "both get the host name").
    assert list_projects(client, [PROJECT, PROJECT.upper(), " %s " % PROJECT]) == ([PROJECT], [])
    tamper(monkeypatch, "GET", "/cloud/project", lambda answer: answer + answer[:1])
    assert list_projects(client) == ([PROJECT, "fedcba9876543210fedcba9876543210"], [])


def test_an_address_with_a_zone_index_is_no_address():
    # ipaddress takes "addr%anything" (an IPv6 zone index, any text but a slash): never an ovh_ips entry nor ansible_host.
    instance = {"id": "i", "name": "n", "region": "GRA11", "status": "ACTIVE",
                "ipAddresses": [{"ip": "2001:db8::1% -oProxyCommand=id", "type": "public", "version": 6},
                                {"ip": "fe80::1%{{ lookup('pipe','id') }}", "type": "private", "version": 6},
                                {"ip": "2001:db8::7", "type": "public", "version": 6}]}
    variables = instance_variables(PROJECT, instance)
    assert variables["ovh_main_ipv6"] == "2001:db8::7" and variables["ovh_ips"] == ["2001:db8::7"]
    assert variables["ovh_public_ips"] == ["2001:db8::7"] and variables["ovh_private_ips"] == []


def test_a_field_whose_name_is_no_variable_name_is_left_out():
    # A key of the API's object becomes a variable name: one that is not an identifier is no variable (ansible-core
    # 2.19 warns, 2.23 will fail the source), and a template in it is never a name.
    instance = {"id": "i", "name": "n", "region": "GRA11", "status": "ACTIVE", "planCode": "d2-2.consumption",
                "{{ lookup('pipe','id') }}": 1, "a-b": 2, "": 3, "9x": 4}
    variables = instance_variables(PROJECT, instance)
    assert variables["ovh_plan_code"] == "d2-2.consumption"
    assert sorted(variables) == ["ovh_id", "ovh_ips", "ovh_location", "ovh_main_ipv4", "ovh_main_ipv6", "ovh_name",
                                 "ovh_plan_code", "ovh_private_ips", "ovh_product", "ovh_project", "ovh_public_ips",
                                 "ovh_region", "ovh_status", "ovh_tags"]
