#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_dedicated_server
short_description: Set the editable properties and the display name of an OVHcloud dedicated server
version_added: 0.1.0
description:
  - Sets the properties of a dedicated server that the API lets a customer change (monitoring, datacenter
    interventions, where the rescue credentials go, root device, EFI bootloader path, the server's API state) with one
    C(PUT /dedicated/server/{serviceName}) holding only the fields that differ, and its display name (the name the
    OVHcloud Control Panel shows, the server's C(iam.display_name)).
  - Only the options given are compared and written; a rerun with the same values reads the server once and writes
    nothing.
  - The display name is not a field of the server; it is written with C(PUT /service/{serviceId}) where the
    C(serviceId) is read from C(GET /dedicated/server/{serviceName}/serviceInfos), only when it differs. That route is
    not in the API schemas OVHcloud publishes with the server's; it is what other OVHcloud tools use.
  - To choose the boot and reboot, use M(signet.ovh.ovh_dedicated_server_boot).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
attributes:
  check_mode:
    support: full
    details: Reads the server and predicts the change; sends no write.
  diff_mode:
    support: full
    details: Shows the options given, before and after.
options:
  service_name:
    description:
      - The server's service name, for example V(ns3001234.ip-203-0-113.eu).
    type: str
    required: true
  monitoring:
    description:
      - Whether OVHcloud monitors the server by ICMP (pings), and sends a technician when it stops answering.
    type: bool
  no_intervention:
    description:
      - Whether datacenter interventions on the server are prevented.
    type: bool
  rescue_mail:
    description:
      - The e-mail address that receives the rescue mode's credentials, instead of the account's. An empty string removes
        it.
    type: str
  rescue_ssh_key:
    description:
      - A public SSH key (OpenSSH form, C(type base64 [comment])) installed in the rescue system, so that rescue mode can
        be reached with that key instead of an e-mailed password. An empty string removes it.
      - A public key, so not a secret; it is compared as given.
    type: str
  root_device:
    description:
      - The device the server boots its system from, for example V(/dev/sda). An empty string removes it.
    type: str
  efi_bootloader_path:
    description:
      - The path of the EFI bootloader of the installed system, for example V(\\efi\\debian\\grubx64.efi). An empty
        string removes it.
    type: str
  state:
    description:
      - B(The server's state as the API records it), the field C(state) of C(dedicated.server.Dedicated)
        (C(dedicated.server.StateEnum)); not V(present)/V(absent) as in other modules. This module neither creates nor
        deletes servers.
      - V(ok) is the normal state; V(error), V(hacked) and V(hackedBlocked) are set by OVHcloud when it finds a problem.
        A customer typically sets V(ok) back once a server flagged as hacked is cleaned; whether the API accepts another
        value from a customer is up to OVHcloud.
    type: str
    choices: [error, hacked, hackedBlocked, ok]
  display_name:
    description:
      - The server's display name (its C(iam.display_name)), shown in the OVHcloud Control Panel and usable by IAM.
      - Read from the server; when it differs, the server's service information is read for its C(serviceId) and the
        name written with C(PUT /service/{serviceId}).
    type: str
notes:
  - The boot (C(bootId)) and the iPXE boot script (C(bootScript)) are editable too; M(signet.ovh.ovh_dedicated_server_boot)
    sets the boot and reboots.
seealso:
  - module: signet.ovh.ovh_dedicated_server_boot
  - module: signet.ovh.ovh_dedicated_server_info
'''

EXAMPLES = r'''
- name: Rescue credentials by SSH key, no ICMP monitoring, a display name
  signet.ovh.ovh_dedicated_server:
    service_name: ns3001234.ip-203-0-113.eu
    monitoring: false
    rescue_ssh_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo4QQ8nA9mB1DdlL6N3Yy4gB6w8v1HpHcWQm8vJg2kP admin@example.com
    display_name: web1 (gra3)
  register: server

- name: What changed
  ansible.builtin.debug:
    msg: "{{ server.changed_fields }}"

- name: Stop sending the rescue credentials to another address
  signet.ovh.ovh_dedicated_server:
    service_name: ns3001234.ip-203-0-113.eu
    rescue_mail: ""
'''

RETURN = r'''
server:
  description:
    - The server after the task (in check mode, as it would be), the API's C(dedicated.server.DedicatedWithIAM) object
      with its keys in snake_case (C(name), C(monitoring), C(no_intervention), C(rescue_mail), C(rescue_ssh_key),
      C(root_device), C(efi_bootloader_path), C(state), C(boot_id), C(iam) with C(display_name)...).
  returned: success
  type: dict
  sample: {"name": "ns3001234.ip-203-0-113.eu", "monitoring": false, "no_intervention": false, "state": "ok",
           "rescue_ssh_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo4QQ8nA9mB1DdlL6N3Yy4gB6w8v1HpHcWQm8vJg2kP admin@example.com",
           "iam": {"display_name": "web1 (gra3)"}}
changed_fields:
  description: The options whose value differed, so were written (in check mode, would have been); empty when none.
  returned: success
  type: list
  elements: str
  sample: [monitoring, rescue_ssh_key, display_name]
'''

import copy

from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys
from ansible_collections.signet.ovh.plugins.module_utils.module import check_input, ovh_module, ovh_session, with_diff
from ansible_collections.signet.ovh.plugins.module_utils.servers import (
    check_service_name, PROPERTY_FIELDS, SERVER_STATES, check_display_name, display_name_of, property_changes, read_server, set_display_name,
    wanted_properties, write_properties)


def main():
    module = ovh_module(
        dict(
            service_name=dict(type="str", required=True),
            monitoring=dict(type="bool"),
            no_intervention=dict(type="bool"),
            rescue_mail=dict(type="str"),
            rescue_ssh_key=dict(type="str", no_log=False),
            root_device=dict(type="str"),
            efi_bootloader_path=dict(type="str"),
            state=dict(type="str", choices=list(SERVER_STATES)),
            display_name=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = check_input(module, check_service_name, params["service_name"])
    wanted = check_input(module, wanted_properties, params)
    display_name = check_input(module, check_display_name, params["display_name"])
    options = dict((field, option) for option, field in PROPERTY_FIELDS)
    result = dict(changed=False, changed_fields=[])
    with ovh_session(module, result) as client:
        server = read_server(client, name)
        body = property_changes(server, wanted)
        rename = display_name is not None and display_name_of(server) != display_name
        result["changed_fields"] = [options[field] for field in body] + (["display_name"] if rename else [])
        after = copy.deepcopy(server)
        after.update(body)
        if rename:
            after["iam"] = dict(after.get("iam") or {}, displayName=display_name)
        result["server"] = snake_keys(server)  # as it is, until a write is accepted
        if not module.check_mode:
            if body:
                write_properties(client, name, body)
                result["changed"] = True
                result["server"] = snake_keys(dict(server, **body))  # should the display name fail next
            if rename:
                set_display_name(client, name, display_name)
                result["changed"] = True
        else:
            result["changed"] = bool(result["changed_fields"])
        result["server"] = snake_keys(after)
    given = [option for option, field in PROPERTY_FIELDS if field in wanted] + (["display_name"] if display_name is not None else [])
    module.exit_json(**with_diff(module, result, _shown(server, given), _shown(after, given)))


def _shown(server, given):
    """The options given, as the server has them (for the diff)."""
    fields = dict(PROPERTY_FIELDS)
    return dict((option, display_name_of(server) if option == "display_name" else server.get(fields[option])) for option in given)


if __name__ == "__main__":
    main()
