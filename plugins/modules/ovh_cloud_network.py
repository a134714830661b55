#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_cloud_network
short_description: Create or delete a Public Cloud private network (on the vRack) and choose its regions
version_added: 0.1.0
description:
  - Makes a private network of a Public Cloud project, on the project's vRack VLAN O(vlan_id), exist in the regions
    given (C(/cloud/project/{serviceName}/network/private)), or not.
  - The network is found by its O(name), the module's stable name for it; two networks of the project with that name
    fail the task, naming their ids.
  - The API names the network C(pn-{vrack}_{vlan}) (for example V(pn-12345_100)). That id is not an OpenStack id;
    each region of the network has its own OpenStack network UUID, which OpenStack tools (C(openstack.cloud)) and
    managed Kubernetes need. Both are returned (RV(network), RV(openstack_ids)).
  - The project must be attached to a vRack (M(signet.ovh.ovh_vrack_member) with its C(cloud_project) option).
    Before creating a network the module reads the project's vRack (C(GET /cloud/project/{serviceName}/vrack)), in
    check mode too; a project in none fails the task before any write, saying what to do. Credentials that may not
    read it (HTTP 403) leave it to the API, which refuses the creation with "Can not get vrack_id and segmentation_id
    value from DB!"; the module fails with that error and what to do.
  - Regions are checked against the project's regions that run C(network) before any write (only when one has to be
    added). A region missing from the network is added (C(POST …/region)). The API has no route that removes a region
    from a network; a network in a region not in O(regions) fails the task and says so (delete the network and create
    it again). The VLAN cannot be changed either; another O(vlan_id) than the network's fails the task likewise.
  - With O(wait=true) the module waits until the network and each of its regions are C(ACTIVE) (they are
    C(BUILDING) first), or after a deletion until the network's read answers 404 (gone).
  - "Requests: one read of the project's private networks; to create one, one read of the project's vRack; when
    regions are to be added, one read of the project's regions and one batch of their objects; then one write per
    change and one read per poll while waiting."
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.wait
attributes:
  check_mode:
    support: full
    details: Reads the networks (the project's vRack before a creation, and the regions when one is to be added) and
      predicts the change; sends no write and does not wait.
  diff_mode:
    support: full
    details: Shows the network's name, VLAN and regions before and after ({} when it does not exist).
options:
  project:
    description:
      - The Public Cloud project's id (32 hexadecimal characters, as C(GET /cloud/project) lists them).
    type: str
    required: true
  name:
    description:
      - The private network's name, the module's stable name for it.
    type: str
    required: true
  vlan_id:
    description:
      - The VLAN of the vRack the network is on, V(0) to V(4000). Each network of a project has its own VLAN; a new
        network on the VLAN of another network of the project fails the task before any write, naming that network.
      - When creating, unset means the API's default (V(0)); for a network that exists, unset means any VLAN.
    type: int
  regions:
    description:
      - The regions the network is in, compute regions such as V(GRA11) (compared without case).
      - When creating, unset means every region of the project that runs C(network) (the API's default); for a network
        that exists, unset leaves its regions as they are. An empty list is refused; a region given twice counts once.
    type: list
    elements: str
  state:
    description:
      - Whether the network exists. V(absent) deletes it (the OpenStack networks of its regions with it).
    type: str
    choices: [present, absent]
    default: present
notes:
  - The project's vRack is chosen by the vRack itself (M(signet.ovh.ovh_vrack_member)); a project is in one vRack at most.
'''

EXAMPLES = r'''
- name: A private network on VLAN 200 in two regions, waited for until ACTIVE
  signet.ovh.ovh_cloud_network:
    project: 0123456789abcdef0123456789abcdef
    name: front
    vlan_id: 200
    regions: [GRA11, SBG5]
  register: front

- name: The OpenStack network id in GRA11, for openstack.cloud or a Kubernetes cluster
  ansible.builtin.debug:
    msg: "{{ front.network.id }} is {{ front.openstack_ids['GRA11'] }} in GRA11"

- name: Add a region to the seeded network
  signet.ovh.ovh_cloud_network:
    project: 0123456789abcdef0123456789abcdef
    name: backend
    regions: [GRA11, BHS5]

- name: Delete a network and wait until it is gone
  signet.ovh.ovh_cloud_network:
    project: 0123456789abcdef0123456789abcdef
    name: front
    state: absent
'''

RETURN = r'''
network:
  description:
    - The network (API C(cloud.network.Network), keys in snake_case) as last read; V(null) when it does not exist.
      C(id) is the API's C(pn-…) id, C(regions) lists each region with its C(status) (V(BUILDING), V(ACTIVE)) and its
      C(openstack_id) (the OpenStack network UUID in that region).
    - In check mode, a network to be created is predicted with C(id) V(null) and its regions without status or id.
  returned: success
  type: dict
  sample: {"id": "pn-12345_200", "name": "front", "vlan_id": 200, "status": "ACTIVE", "type": "private",
           "regions": [{"region": "GRA11", "status": "ACTIVE", "openstack_id": "6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f"}]}
openstack_ids:
  description: The OpenStack network UUID of each region of the network (region -> UUID), those the API has given.
  returned: success
  type: dict
  sample: {"GRA11": "6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f"}
'''

from ansible_collections.signet.ovh.plugins.module_utils.cloud import (
    CloudInputError, check_region, project_id, region_name, regions_running, wait_until_gone)
from ansible_collections.signet.ovh.plugins.module_utils.cloud_network import (
    NETWORK, NETWORK_SERVICES, NoVrack, delete_gone, find_network, is_active, is_vrack_refusal, list_networks, network_name,
    network_result, networks_path, project_vrack, region_list, regions_plan, vlan_holder, vlan_id, wait_active)
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.module import (
    check_input, check_wait_options, fail_on_api_error, ovh_module, ovh_session, wait_options, with_diff)
from ansible_collections.signet.ovh.plugins.module_utils.names import printable


def _inputs(params):
    regions = None
    if params["regions"] is not None:
        if not params["regions"]:
            raise CloudInputError("regions must list at least one region (unset, every region of the project that runs "
                                  "network for a new network, and the regions it has for one that exists)")
        regions = []
        for region in params["regions"]:  # each once, compared without case (the API refuses a region twice)
            region = region_name(region, "regions")
            if region.lower() not in [name.lower() for name in regions]:
                regions.append(region)
    return project_id(params["project"]), network_name(params["name"]), vlan_id(params["vlan_id"]), regions


def _view(network):
    if network is None:
        return {}
    return {"name": network.get("name"), "vlan_id": network.get("vlanId"), "regions": sorted(region_list(network))}


def main():
    module = ovh_module(
        dict(
            project=dict(type="str", required=True),
            name=dict(type="str", required=True),
            vlan_id=dict(type="int"),
            regions=dict(type="list", elements="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            **wait_options(wait=True, timeout=600)
        ),
        supports_check_mode=True,
    )
    params = module.params
    project, name, vlan, regions = check_input(module, _inputs, params)
    check_wait_options(module)
    result = dict(changed=False, network=None, openstack_ids={})
    with ovh_session(module, result, what_goes_on="the network is still changing: run the task again to wait more",
                     last_read="network") as client:
        networks = list_networks(client, project)
        network = find_network(client, project, name, networks=networks)
        before = _view(network)
        if params["state"] == "absent":
            after = {}
            if network is not None:
                deleting = network.get("status") == "DELETING"  # a run without wait deleted it: not again
                if not module.check_mode and not deleting:
                    delete_gone(client, networks_path(project, network["id"]))
                result["changed"] = not deleting
                if params["wait"] and not module.check_mode:
                    wait_until_gone(client, networks_path(project, network["id"]),
                                    "private network %s" % printable(network["id"]), timeout=params["wait_timeout"])
        else:
            if network is None:
                network = _create(module, client, project, name, vlan, regions, result, networks)
            else:
                network = _update(module, client, project, network, vlan, regions, result)
            if params["wait"] and not module.check_mode and network.get("id") and not is_active(network):
                network = wait_active(client, project, network["id"], params["wait_timeout"])
            result["network"] = network_result(network)
            result["openstack_ids"] = result["network"]["openstack_ids"]
            del result["network"]["openstack_ids"]
            after = _view(network)
    module.exit_json(**with_diff(module, result, before, after))


def _checked_regions(client, project, names):
    """The regions' names in the API's case, each checked against the project's network regions."""
    available = regions_running(client, project, NETWORK_SERVICES)
    return [check_region(name, available, "private networks", "regions") for name in names]


def _no_vrack(module, client, project, error, result):
    fail_on_api_error(module, error, client=client, msg=(
        "project %s is in no vRack, and a private network lives on the project's vRack: attach the project with "
        "signet.ovh.ovh_vrack_member (cloud_project: %s) and wait for its task, then run this task again (the API "
        "said: %s)" % (project, project, printable(error.message or ""))), **result)


def _create(module, client, project, name, vlan, regions, result, networks):
    holder = vlan_holder(networks, vlan)
    if holder is not None:
        module.fail_json(msg="vlan_id %s is the VLAN of private network %s (%s) of the project, and each network of a "
                             "project has its own VLAN: choose another vlan_id, or give that network's name" % (
                                 "unset (0)" if vlan is None else vlan, printable(holder["name"]),
                                 printable(holder["id"])), **result)
    try:
        project_vrack(client, project)  # before any write, in check mode too
    except NoVrack as exc:
        _no_vrack(module, client, project, exc.error, result)
    if regions is not None:
        regions = _checked_regions(client, project, regions)
    body = {"name": name}
    if vlan is not None:
        body["vlanId"] = vlan
    if regions is not None:
        body["regions"] = regions
    if module.check_mode:
        result["changed"] = True
        return {"id": None, "name": name, "vlanId": vlan if vlan is not None else 0, "type": "private", "status": None,
                "regions": [{"region": region, "status": None, "openstackId": None} for region in regions or ()]}
    try:
        network = client.post(networks_path(project), body, shape=NETWORK)
    except OvhApiError as exc:
        if not is_vrack_refusal(exc):
            raise
        _no_vrack(module, client, project, exc, result)
    result["changed"] = True
    return network


def _update(module, client, project, network, vlan, regions, result):
    if vlan is not None and network.get("vlanId") != vlan:
        module.fail_json(msg="private network %s (%s) is on VLAN %s, not %d: the API cannot change a network's VLAN; "
                             "delete it (state=absent) and create it again" % (
                                 printable(network["name"]), printable(network["id"]), printable(str(network.get("vlanId"))),
                                 vlan), **result)
    if regions is None:
        return network
    to_add, extra = regions_plan(region_list(network), regions)
    if extra:
        module.fail_json(msg="private network %s (%s) is also in %s, not in regions: the API has no route that removes a "
                             "region from a private network; add it to regions, or delete the network (state=absent) "
                             "and create it again" % (printable(network["name"]), printable(network["id"]),
                                                      ", ".join(printable(name) for name in extra)), **result)
    if not to_add:
        return network
    to_add = _checked_regions(client, project, to_add)
    if module.check_mode:
        result["changed"] = True
        return dict(network, regions=list(network["regions"]) + [{"region": region, "status": None, "openstackId": None}
                                                                 for region in to_add])
    for region in to_add:
        network = client.post(networks_path(project, network["id"], "region"), {"region": region}, shape=NETWORK)
        result["changed"] = True
    return network


if __name__ == "__main__":
    main()
