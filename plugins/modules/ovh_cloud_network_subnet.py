#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_network_subnet
short_description: Create or delete the subnet of a Public Cloud private network in one region
version_added: 0.1.0
description:
  - Makes the subnet of a private network (M(signet.ovh.ovh_cloud_network)) in one region exist with the block, the
    address range, DHCP and gateway given (C(/cloud/project/{serviceName}/network/private/{networkId}/subnet)), or not.
  - The API keeps one subnet per region of a network. A subnet in the region that is the one asked (same block, range,
    DHCP and gateway) is left alone. One that differs fails the task, naming what differs, since the API cannot change a
    subnet; with O(replace=true) the module deletes it and creates the one asked (instances on it lose their addresses).
  - The block and the range are checked before any request (a range that holds the gateway, the block's first host
    address, is refused unless O(no_gateway=true)); the region against the network's regions (read with the network, no
    extra request).
  - With O(state=absent), a network that does not exist, or is not in O(region), has no subnet there; nothing to do.
  - "Requests: one read of the project's private networks, one read of the network's subnets, then one write (two
    with O(replace=true))."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the network and its subnets and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the region's subnet (block, range, DHCP, gateway) before and after ({} when there is none).
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters).
    type: str
    required: true
  network:
    description:
      - The private network, by its name or its C(pn-…) id (for example V(pn-12345_100)).
    type: str
    required: true
  region:
    description:
      - The region of the subnet, one of the network's regions (for example V(GRA11); compared without case).
    type: str
    required: true
  cidr:
    description:
      - The subnet's IPv4 block, for example V(10.0.0.0/24), written without host bits, V(/29) or larger.
      - Required with O(state=present). With O(state=absent), the subnet is deleted only when its block is this one
        (any block when unset).
    type: str
  start:
    description:
      - The first address the subnet gives out, inside O(cidr). Default, the block's third address (the first is the
        network's, the second the gateway's) for a new subnet; unset, an existing subnet's is not compared.
    type: str
  end:
    description:
      - The last address the subnet gives out, inside O(cidr), not before O(start). Default, the address before the
        broadcast address for a new subnet; unset, an existing subnet's is not compared.
    type: str
  dhcp:
    description:
      - Whether OpenStack's DHCP gives out the addresses of the range.
    type: bool
    default: true
  no_gateway:
    description:
      - Whether the subnet has no gateway (else the block's first host address is the gateway).
    type: bool
    default: false
  replace:
    description:
      - Whether a subnet of the region that differs from the one asked is deleted and the one asked created (else the
        task fails and says what differs).
    type: bool
    default: false
  state:
    description:
      - Whether the subnet exists.
    type: str
    choices: [present, absent]
    default: present
'''

EXAMPLES = r'''
- name: A subnet of the seeded network in GRA11, addresses .10 to .200 by DHCP
  signet.ovh.ovh_cloud_network_subnet:
    project: 0123456789abcdef0123456789abcdef
    network: backend
    region: GRA11
    cidr: 10.0.0.0/24
    start: 10.0.0.10
    end: 10.0.0.200
  register: subnet

- name: The OpenStack network of the subnet's region
  ansible.builtin.debug:
    msg: "{{ subnet.subnet.cidr }} on {{ subnet.openstack_network_id }}"

- name: The same region with a larger block, without gateway, replacing the subnet
  signet.ovh.ovh_cloud_network_subnet:
    project: 0123456789abcdef0123456789abcdef
    network: pn-12345_100
    region: GRA11
    cidr: 10.0.0.0/16
    no_gateway: true
    replace: true
'''

RETURN = r'''
subnet:
  description:
    - The region's subnet (API C(cloud.network.Subnet), keys in snake_case) after the task; V(null) when there is none.
      C(id) is the subnet's id as the API gives it, C(ip_pools) its range and region, C(gateway_ip) its gateway
      (V(null) without one).
    - In check mode, a subnet to be created is predicted with C(id) V(null).
  returned: success
  type: dict
  sample: {"id": "3c2b1a09-8f7e-5d6c-9b4a-392817161514", "cidr": "10.0.0.0/24", "dhcp_enabled": true,
           "gateway_ip": "10.0.0.1", "ip_pools": [{"region": "GRA11", "network": "10.0.0.0/24", "start": "10.0.0.10",
                                                   "end": "10.0.0.200", "dhcp": true}]}
network_id:
  description: The network's C(pn-…) id.
  returned: success
  type: str
  sample: pn-12345_100
openstack_network_id:
  description: The OpenStack network UUID of the network in O(region) (what OpenStack tools and Kubernetes take).
  returned: success
  type: str
  sample: 5b4e6d2a-1c3f-4a8b-9e7d-2f1a0b3c4d5e
replaced:
  description: Whether a different subnet of the region was deleted to create the one asked.
  returned: success
  type: bool
'''

import ipaddress

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, check_region, project_id, region_name
from ansible_collections.signet.ovh.plugins.module_utils.cloud_network import (
    SUBNET, SUBNETS, delete_gone, find_network, networks_path, region_list, subnet_differences, subnet_in_region, subnet_spec)
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.names import printable
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys


def _inputs(params):
    if not isinstance(params["network"], str) or not params["network"].strip():
        raise CloudInputError("network must be a private network's name or pn- id")
    spec = None
    if params["cidr"] is not None:
        spec = subnet_spec(params["cidr"], params["start"], params["end"],
                           gateway=params["state"] == "present" and not params["no_gateway"])
    elif params["state"] == "present":
        raise CloudInputError("cidr is required with state=present (the subnet's IPv4 block, e.g. 10.0.0.0/24)")
    return project_id(params["project"]), params["network"].strip(), region_name(params["region"]), spec


def _view(subnet):
    if subnet is None:
        return {}
    pool = (subnet.get("ipPools") or [{}])[0]
    return {"cidr": subnet.get("cidr"), "start": pool.get("start"), "end": pool.get("end"),
            "dhcp": subnet.get("dhcpEnabled"), "gateway_ip": subnet.get("gatewayIp")}


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            network=dict(type="str", required=True),
            region=dict(type="str", required=True),
            cidr=dict(type="str"),
            start=dict(type="str"),
            end=dict(type="str"),
            dhcp=dict(type="bool", default=True),
            no_gateway=dict(type="bool", default=False),
            replace=dict(type="bool", default=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    project, reference, region, spec = check_input(module, _inputs, params)
    result = dict(changed=False, subnet=None, replaced=False)
    with ovh_session(module, result) as client:
        network = find_network(client, project, reference, option="network", by_id=True)
        absent = params["state"] == "absent"
        if absent and (network is None or region.lower() not in [name.lower() for name in region_list(network)]):
            module.exit_json(**with_diff(module, result, {}, {}))  # no network, or not in that region: no subnet there
        if network is None:
            module.fail_json(msg="network %s is not a private network of project %s (by name or pn- id); create it with "
                                 "signet.ovh.ovh_cloud_network" % (printable(reference), project), **result)
        result["network_id"] = network["id"]
        region = check_region(region, region_list(network), "network %s" % printable(network["id"]))
        result["openstack_network_id"] = dict((item.get("region"), item.get("openstackId"))
                                              for item in network.get("regions") or ()).get(region)
        subnets_path = networks_path(project, network["id"], "subnet")
        subnet = subnet_in_region(client.get(subnets_path, shape=SUBNETS), region)
        before = _view(subnet)
        if params["state"] == "absent":
            if subnet is not None and (spec is None or subnet.get("cidr") == spec["network"]):
                if not module.check_mode:
                    delete_gone(client, networks_path(project, network["id"], "subnet", subnet["id"]))
                result["changed"] = True
                subnet = None
        else:
            differences = subnet_differences(subnet, spec, params["dhcp"], params["no_gateway"],
                                             (params["start"] is not None, params["end"] is not None)) if subnet else None
            if differences and not params["replace"]:
                result["subnet"] = snake_keys(subnet)
                module.fail_json(msg="network %s already has a subnet in %s (%s) that differs in %s; the API cannot change "
                                     "a subnet: set replace=true to delete it and create this one (instances on it lose "
                                     "their addresses), or delete it (state=absent)" % (
                                         printable(network["id"]), printable(region), printable(str(subnet.get("cidr"))),
                                         ", ".join(differences)), **result)
            if subnet is None or differences:
                body = {"region": region, "network": spec["network"], "start": spec["start"], "end": spec["end"],
                        "dhcp": params["dhcp"], "noGateway": params["no_gateway"]}
                if module.check_mode:
                    result["replaced"] = subnet is not None
                    subnet = _predicted(body)
                else:
                    if subnet is not None:
                        delete_gone(client, networks_path(project, network["id"], "subnet", subnet["id"]))
                        result["changed"] = result["replaced"] = True
                    subnet = client.post(subnets_path, body, shape=SUBNET)
                result["changed"] = True  # in check mode, the prediction; else the API accepted the write
        result["subnet"] = snake_keys(subnet) if subnet is not None else None
    module.exit_json(**with_diff(module, result, before, _view(subnet)))


def _predicted(body):
    gateway = None
    if not body["noGateway"]:
        gateway = str(ipaddress.ip_network(body["network"]).network_address + 1)
    return {"id": None, "cidr": body["network"], "dhcpEnabled": body["dhcp"], "gatewayIp": gateway,
            "ipPools": [{"region": body["region"], "network": body["network"], "start": body["start"], "end": body["end"],
                         "dhcp": body["dhcp"]}]}


if __name__ == "__main__":
    main()
