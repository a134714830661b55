#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ovh_credential_info
short_description: List the API credentials of an OVHcloud account, with their applications
version_added: 0.1.0
description:
  - Lists the API credentials (consumer keys) of the account the consumer key is bound to, each with its details
    and the application it was given to, which may be a third party's application the customer approved.
  - "Reads in batches: N credentials with their applications take at most 1 + 2 x ceil(N/50) requests (the id list,
    then batches of 50 credentials and of their applications), with one request per id where the API does not
    answer a batch."
  - The consumer key needs C(GET /me/api/credential) and C(GET /me/api/credential/*) (recursive read access to
    C(/me/api/credential)); with O(current), C(GET /auth/currentCredential).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
  - signet.ovh.attributes
  - signet.ovh.attributes.INFO_MODULE
options:
  status:
    description:
      - Only the credentials in this state.
    type: str
    choices: [expired, pendingValidation, refused, validated]
  application_id:
    description:
      - Only the credentials of this application (RV(credentials[].application.application_id)).
    type: int
  current:
    description:
      - Return only the credential in use, the one of the consumer key of this task (C(GET /auth/currentCredential)).
      - Its application is read with C(GET /me/api/credential/{id}/application) and is null when the key may not.
    type: bool
    default: false
seealso:
  - module: signet.ovh.ovh_credential
  - module: signet.ovh.ovh_consumer_key
'''

EXAMPLES = r'''
- name: List the validated credentials with their applications
  signet.ovh.ovh_credential_info:
    status: validated
  register: creds

- name: Show which applications may use the account
  ansible.builtin.debug:
    msg: "{{ item.credential_id }}: {{ item.application.name }} ({{ item.application.status }}), last used {{ item.last_use }}"
  loop: "{{ creds.credentials }}"
  loop_control:
    label: "{{ item.credential_id }}"

- name: Which credential is this playbook using?
  signet.ovh.ovh_credential_info:
    current: true
  register: me
'''

RETURN = r'''
credentials:
  description: The credentials, sorted by id. Those revoked while the module reads are left out.
  returned: always
  type: list
  elements: dict
  contains:
    credential_id:
      description: The credential's id.
      type: int
      sample: 200000001
    application_id:
      description: The id of the application the credential was given to.
      type: int
      sample: 1001
    status:
      description: V(validated), V(pendingValidation), V(refused) or V(expired).
      type: str
      sample: validated
    rules:
      description: The access rules.
      type: list
      elements: dict
      contains:
        method:
          description: The HTTP method.
          type: str
        path:
          description: The path pattern.
          type: str
      sample: [{"method": "GET", "path": "/*"}]
    creation:
      description: When the credential was created (ISO 8601).
      type: str
      sample: "2024-05-02T09:30:00+00:00"
    expiration:
      description: When it expires, null for never.
      type: str
      sample: "2024-06-01T09:30:00+00:00"
    last_use:
      description: When it was last used, null for never.
      type: str
      sample: "2024-05-20T17:02:11+00:00"
    allowed_ips:
      description: The IP ranges it may be used from, null for anywhere.
      type: list
      elements: str
      sample: ["203.0.113.0/24"]
    ovh_support:
      description: Whether OVHcloud support created it.
      type: bool
      sample: false
    application:
      description: The application, which may belong to another account (a third party the customer approved).
      type: dict
      contains:
        application_id:
          description: The application's id.
          type: int
          sample: 1001
        application_key:
          description: The application key (public).
          type: str
          sample: 7kbG7Bk7S9Nt7ZSV
        name:
          description: The application's name.
          type: str
          sample: my-marketplace
        description:
          description: The application's description.
          type: str
          sample: Installs software on your servers
        status:
          description: V(active), V(blocked), V(inactive) or V(trusted).
          type: str
          sample: active
'''

from ansible_collections.signet.ovh.plugins.module_utils.credentials import CREDENTIAL_STATES, current_credential, list_credentials
from ansible_collections.signet.ovh.plugins.module_utils.module import ovh_module, ovh_session


def main():
    module = ovh_module(
        dict(
            status=dict(type="str", choices=list(CREDENTIAL_STATES)),
            application_id=dict(type="int"),
            current=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("current", "status"), ("current", "application_id")],
        supports_check_mode=True,
    )
    params = module.params
    with ovh_session(module, dict(changed=False)) as client:
        if params["current"]:
            credentials = [current_credential(client)]
        else:
            credentials = list_credentials(client, status=params["status"], application_id=params["application_id"])
    module.exit_json(changed=False, credentials=credentials)


if __name__ == "__main__":
    main()
