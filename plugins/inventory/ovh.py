# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: ovh
short_description: OVHcloud dedicated servers and VPS as an inventory
version_added: 0.1.0
description:
  - Builds an inventory of the account's dedicated servers and VPS, read from the OVHcloud API.
  - Each host is named by its service name (for example C(ns3001234.ip-203-0-113.eu) or C(vps-1a2b3c4d.vps.ovh.net));
    C(ansible_host) is its main IPv4 address (see O(connect_with)).
  - Host variables are the API object's fields, prefixed C(ovh_) and in snake_case (C(ovh_datacenter), C(ovh_region),
    C(ovh_commercial_range), C(ovh_power_state), C(ovh_state), C(ovh_os), C(ovh_reverse)... for a dedicated server;
    C(ovh_display_name), C(ovh_zone), C(ovh_model), C(ovh_vcore), C(ovh_memory_limit)... for a VPS), plus
    C(ovh_product) (V(dedicated_server) or V(vps)), C(ovh_ips) (the IP blocks or addresses), C(ovh_main_ipv4) and
    C(ovh_tags) (the IAM tags).
  - Hosts are also put in the group C(ovh_dedicated_server) or C(ovh_vps).
  - Reads in batches of 50 (C(X-Ovh-Batch)); 120 dedicated servers and 40 VPS take 10 requests (11 with the server
    time); with the cache on, a cached run makes none.
  - Uses the same credentials as the modules (options here, then the environment variables E(OVH_ENDPOINT),
    E(OVH_APPLICATION_KEY), E(OVH_APPLICATION_SECRET), E(OVH_CONSUMER_KEY), E(OVH_CLIENT_ID), E(OVH_CLIENT_SECRET), then
    the ovh.conf files), with an application or a service account (OAuth2). Secrets never appear in its output.
  - The file must be named C(*.ovh.yml) or C(*.ovh.yaml).
  - Public Cloud instances are OpenStack instances; use the C(openstack.cloud.openstack) inventory for them.
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - signet.ovh.ovh
options:
  plugin:
    description: The name of this plugin; this file is for it.
    type: str
    required: true
    choices: [signet.ovh.ovh]
  products:
    description:
      - Which services become hosts.
    type: list
    elements: str
    choices: [dedicated_server, vps]
    default: [dedicated_server, vps]
  iam_tags:
    description:
      - Only services whose IAM tags match, filtered by the API (C(iamTags)).
      - A mapping of tag name to a value (equal), V(null) (the tag exists), or a list of conditions, each a value or a
        C({operator, value}) mapping (operators V(EQ), V(NEQ), V(LIKE), V(ILIKE) with C(%) and C(_) wildcards, V(EXISTS),
        V(NEXISTS)). Conditions on different tags must all hold; how the API combines several conditions on one tag is not
        documented, so prefer one condition per tag (a V(LIKE) pattern for alternatives).
    type: dict
  filters:
    description:
      - Jinja2 conditions on the host variables (for example V(ovh_datacenter == 'gra3')); a host is kept only when
        all are true. Evaluated after the API's O(iam_tags) filter.
    type: list
    elements: str
    default: []
  connect_with:
    description:
      - What C(ansible_host) is. V(ipv4) is the main IPv4 address (a dedicated server's C(ip), a VPS's first IPv4),
        V(reverse) its reverse name (a dedicated server's C(reverse); a VPS's service name, which is its DNS name),
        V(name) the service name. Falls back to the service name when the value is missing.
    type: str
    choices: [ipv4, reverse, name]
    default: ipv4
  with_ips:
    description:
      - Read each service's IPs for C(ovh_ips) (one batched request per 50 services and product).
    type: bool
    default: true
'''

EXAMPLES = r'''
# ovh.ovh.yml: every dedicated server and VPS, grouped by datacenter and by the "env" tag.
plugin: signet.ovh.ovh
keyed_groups:
  - key: ovh_datacenter | default(ovh_zone)
    prefix: dc
  - key: ovh_tags.env | default('none')
    prefix: env
groups:
  web: "'web' in (ovh_tags.role | default(''))"
compose:
  ansible_user: "'debian' if ovh_os is defined and ovh_os.startswith('debian') else 'root'"

# production.ovh.yml: production dedicated servers in Gravelines, reached by their reverse name, cached one hour.
# plugin: signet.ovh.ovh
# products: [dedicated_server]
# iam_tags:
#   env: prod
# filters:
#   - ovh_region == 'eu-west-gra'
#   - ovh_power_state == 'poweron'
# connect_with: reverse
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/ansible-inventory
# cache_timeout: 3600
'''

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display

from ansible_collections.signet.ovh.plugins.module_utils.client import DEFAULT_MAX_ANSWER_MB, OvhClient
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets
from ansible_collections.signet.ovh.plugins.module_utils.transport import REQUESTS_IMPORT_ERROR, TransportError
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError, resolve_settings
from ansible_collections.signet.ovh.plugins.module_utils.servers import ServerInputError, host_variables, list_names, read_objects

display = Display()

CONNECTION_OPTIONS = ("endpoint", "application_key", "application_secret", "consumer_key", "client_id", "client_secret",
                      "config_file")
PRODUCT_GROUPS = {"dedicated_server": "ovh_dedicated_server", "vps": "ovh_vps"}


def _truthy(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "signet.ovh.ovh"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith((".ovh.yml", ".ovh.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        services = None
        if use_cache:
            try:
                services = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if services is None:
            services = self._read_services()
        if update_cache:
            self._cache[cache_key] = services
        self._populate(services)

    def _client(self):
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleError("the signet.ovh.ovh inventory needs the Python library requests on the controller")
        options = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        try:
            settings = resolve_settings(options)
        except OvhConfigError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)
        try:
            return OvhClient(settings, timeout=self.get_option("timeout"), validate_certs=self.get_option("validate_certs"),
                             ca_path=self.get_option("ca_path"), allow_insecure_http=self.get_option("allow_insecure_http"),
                             rate_limit=self.get_option("rate_limit"),
                             max_answer_size=self.get_option("max_answer_size") or DEFAULT_MAX_ANSWER_MB, warn=display.warning)
        except TransportError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)

    def _read_services(self):
        """[[product, name, object, ips]] of every service of the products asked, from the API."""
        products = self.get_option("products") or []
        client = self._client()
        services = []
        try:
            for product in products:
                names = list_names(client, product, self.get_option("iam_tags"))
                found = read_objects(client, product, names, with_ips=self.get_option("with_ips"))
                for name in sorted(found):
                    obj, ips = found[name]
                    services.append([product, name, obj, ips])
        except ServerInputError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)
        except OvhApiError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % mask_secrets(to_native(exc), client.secrets()))
        finally:
            client.close()
        display.vvv("signet.ovh.ovh inventory: %d services read in %d requests" % (len(services), client.request_count))
        return services

    def _ansible_host(self, product, name, variables):
        mode = self.get_option("connect_with")
        if mode == "ipv4":
            return variables.get("ovh_main_ipv4") or name
        if mode == "reverse":
            reverse = variables.get("ovh_reverse") if product == "dedicated_server" else name
            return (reverse or name).rstrip(".")
        return name

    def _keep(self, variables, name):
        strict = self.get_option("strict")
        for condition in self.get_option("filters") or []:
            try:
                if not _truthy(self._compose(condition, variables)):
                    return False
            except Exception as exc:  # pylint: disable=broad-except
                if strict:
                    raise AnsibleError("signet.ovh.ovh inventory: could not evaluate filter %r for %s: %s" % (condition, name, to_native(exc)))
                return False
        return True

    def _populate(self, services):
        strict = self.get_option("strict")
        for product, name, obj, ips in services:
            variables = host_variables(product, obj, ips)
            variables["ansible_host"] = self._ansible_host(product, name, variables)
            if not self._keep(variables, name):
                continue
            group = self.inventory.add_group(PRODUCT_GROUPS[product])
            self.inventory.add_host(name, group=group)
            for key, value in variables.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)
