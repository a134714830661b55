# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: ovh_api
short_description: Read any route of the OVHcloud API from a template
version_added: 0.1.0
description:
  - Sends a signed C(GET) for each path given and returns the decoded answers.
  - Runs on the controller. The endpoint and credentials are found like the modules find them; options first,
    then the E(OVH_ENDPOINT), E(OVH_APPLICATION_KEY), E(OVH_APPLICATION_SECRET), E(OVH_CONSUMER_KEY), E(OVH_CLIENT_ID)
    and E(OVH_CLIENT_SECRET) environment variables, then the ovh.conf files (C(./ovh.conf), C(~/.ovh.conf), C(/etc/ovh.conf)).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - signet.ovh.ovh
options:
  _terms:
    description:
      - API paths relative to the endpoint's C(/1.0), each starting with C(/).
    type: list
    elements: str
    required: true
  query:
    description:
      - Query string parameters, sent with every path.
    type: dict
notes:
  - All paths of one lookup share one HTTP connection and one server-time offset.
'''

EXAMPLES = r'''
- name: Show the account's DNS zones
  ansible.builtin.debug:
    msg: "{{ lookup('signet.ovh.ovh_api', '/domain/zone') }}"

- name: Loop over the validated credentials
  ansible.builtin.debug:
    msg: "credential {{ item }}"
  loop: "{{ lookup('signet.ovh.ovh_api', '/me/api/credential', query={'status': 'validated'}) }}"
'''

RETURN = r'''
_raw:
  description:
    - The decoded answer of each path, in order.
    - Every string is marked unsafe, so that Ansible never templates text from the API (a name or description holding
      C({{ }}) stays that text), also with C(allow_unsafe_lookups).
  type: list
  elements: raw
'''

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.signet.ovh.plugins.module_utils.client import CONNECTION_OPTIONS, client_from_options
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets
from ansible_collections.signet.ovh.plugins.module_utils.transport import REQUESTS_IMPORT_ERROR, TransportError


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleLookupError("the signet.ovh.ovh_api lookup needs the Python library 'requests' on the controller")
        try:
            client = client_from_options(dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS), warn=Display().warning)
        except OvhConfigError as exc:
            raise AnsibleLookupError(str(exc))
        except TransportError as exc:
            raise AnsibleLookupError("signet.ovh.ovh_api: %s" % exc)
        try:
            results = []
            for path in terms:
                if not isinstance(path, str) or not path.startswith("/"):
                    raise AnsibleLookupError("signet.ovh.ovh_api: path %r must start with '/'" % (path,))
                results.append(client.get(path, self.get_option("query")))
            # API data is data: never templated, even where unsafe lookups are allowed (allow_unsafe_lookups).
            return wrap_var(results)
        except (OvhApiError, ValueError) as exc:
            raise AnsibleLookupError("signet.ovh.ovh_api: %s" % mask_secrets(str(exc), client.secrets()))
        finally:
            client.close()
