# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: ovh
short_description: OVHcloud dedicated servers, VPS and Public Cloud instances as an inventory
version_added: 0.1.0
description:
  - Builds an inventory of the account's dedicated servers and VPS, and with O(products) V(cloud_instance) the
    instances of its Public Cloud projects, read from the OVHcloud API.
  - Each host is named by its service name (for example C(ns3001234.ip-203-0-113.eu) or C(vps-1a2b3c4d.vps.ovh.net)),
    or by O(hostname); C(ansible_host) is its main IPv4 address (see O(connect_with)).
  - Host variables are the API object's fields, prefixed C(ovh_) and in snake_case (C(ovh_name), C(ovh_datacenter),
    C(ovh_region), C(ovh_commercial_range), C(ovh_power_state), C(ovh_state), C(ovh_os), C(ovh_reverse)... for a
    dedicated server; C(ovh_display_name), C(ovh_zone), C(ovh_model), C(ovh_vcore), C(ovh_memory_limit)... for a VPS),
    plus C(ovh_product) (V(dedicated_server) or V(vps)), C(ovh_ips) (the IP blocks or addresses), C(ovh_main_ipv4),
    C(ovh_main_ipv6) (the first IPv6 address; of a block, its first address C(::1)), C(ovh_tags) (the IAM tags) and
    C(ovh_location), a short datacenter code for both products (a dedicated server's C(datacenter) such as V(gra3); for a
    VPS, the datacenter named at the end of its C(zone), V(gra7) for the zone C(Region OpenStack) C(os-gra7)).
  - Every string read from the API (host variables, C(ansible_host), host names, and group names and composed values
    made from them) is data, never a template, on every supported ansible-core version; on ansible-core 2.16 to 2.18
    it is marked unsafe. A service name that is not a valid host name (a slash, C(..), a space, a control character or
    any character other than letters, digits, hyphens, underscores and dots) is skipped with a warning naming it, or
    fails the source with O(strict). Group names are always made valid (other characters become C(_)).
  - Hosts are also put in the group C(ovh_dedicated_server), C(ovh_vps) or C(ovh_cloud_instance).
  - A Public Cloud instance is named by its name (which the API does not keep unique; two instances of one name fail
    the source, as below; name them with O(hostname), for example V({{ ovh_id }})). Its host variables are the API's
    fields (C(ovh_id), C(ovh_name), C(ovh_region), C(ovh_flavor_id), C(ovh_image_id), C(ovh_status), C(ovh_created),
    C(ovh_ip_addresses)...) plus C(ovh_product) V(cloud_instance), C(ovh_project) (the project's id), C(ovh_ips) (every
    address), C(ovh_public_ips), C(ovh_private_ips), C(ovh_main_ipv4) (the first public IPv4 address, else the first
    private one), C(ovh_main_ipv6) (the first public IPv6 address) and C(ovh_location) (the region in lower case,
    V(gra11)). Flavors and images are given by id (their names would take one request each). An instance name
    goes through the same host name checks as a service name when it is the host name; with O(hostname), only the
    name the template gives is checked (an instance name is in no request path). API text in them stays data.
  - Public Cloud instances take one request for the project list (none with O(cloud_projects)) and one per project.
    A project whose instances the API refuses to list (HTTP 403 or 404) is skipped with a warning (the source fails
    with O(strict)); any other error fails the source.
  - Reads in batches of 50 (C(X-Ovh-Batch)); 120 dedicated servers and 40 VPS take 10 requests (11 with the server
    time); with the cache on, a cached run makes none.
  - Uses the same credentials as the modules (options here, then the environment variables E(OVH_ENDPOINT),
    E(OVH_APPLICATION_KEY), E(OVH_APPLICATION_SECRET), E(OVH_CONSUMER_KEY), E(OVH_CLIENT_ID), E(OVH_CLIENT_SECRET), then
    the ovh.conf files), with an application or a service account (OAuth2). Secrets never appear in its output.
  - The file must be named C(*.ovh.yml) or C(*.ovh.yaml).
  - Public Cloud instances are also OpenStack instances; the C(openstack.cloud.openstack) inventory reads them through
    OpenStack (one project and region at a time, with the project's OpenStack user).
author:
  - signet.ovh team (@signet-ovh)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - signet.ovh.ovh
  - signet.ovh.iam_tags
options:
  plugin:
    description: The name of this plugin; this file is for it.
    type: str
    required: true
    choices: [signet.ovh.ovh]
  products:
    description:
      - Which services become hosts.
      - V(cloud_instance) lists the instances of the account's Public Cloud projects (or of O(cloud_projects)); O(iam_tags)
        does not apply to them.
    type: list
    elements: str
    choices: [dedicated_server, vps, cloud_instance]
    default: [dedicated_server, vps]
  cloud_projects:
    description:
      - With O(products) V(cloud_instance), the Public Cloud projects (their ids) whose instances become hosts; unset,
        every project of the account (C(GET /cloud/project)).
    type: list
    elements: str
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
        V(ipv6) the main IPv6 address (C(ovh_main_ipv6), a VPS's first IPv6 address, the first address C(::1) of a
        dedicated server's IPv6 block), V(reverse) its reverse name (a dedicated server's C(reverse); a VPS's service
        name, which is its DNS name), V(name) the service name. Falls back to the service name when the value is
        missing.
      - For a Public Cloud instance, V(ipv4) is C(ovh_main_ipv4) (its first public IPv4 address, else its first private
        one), V(ipv6) C(ovh_main_ipv6), V(reverse) and V(name) its name.
    type: str
    choices: [ipv4, ipv6, reverse, name]
    default: ipv4
  hostname:
    description:
      - A Jinja2 template over the host variables (and extra vars) that names the host instead of its service name,
        for example V({{ ovh_display_name | default(ovh_name\) }}) (a dedicated server has no C(ovh_display_name)).
      - The result must be a valid host name (see above); a host whose name is not valid, or whose template fails or
        gives an empty string, is skipped with a warning (with O(strict), the source fails).
      - Two services given the same name fail the source with an error naming both (nothing is renamed silently).
      - The service name stays available as C(ovh_name).
    type: str
  with_ips:
    description:
      - Read each service's IPs for C(ovh_ips) (one batched request per 50 services and product).
    type: bool
    default: true
'''

EXAMPLES = r'''
# ovh.ovh.yml: every dedicated server and VPS, grouped by datacenter (dc_gra3, dc_gra7...) and by the "env" tag.
plugin: signet.ovh.ovh
keyed_groups:
  - key: ovh_location
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

# cloud.ovh.yml: the instances of one Public Cloud project (one request), named by their id (instance names need not
# be unique, nor host names), grouped by region and status, reached over their first public IPv4 address (else
# their first private one).
# plugin: signet.ovh.ovh
# products: [cloud_instance]
# cloud_projects: [0123456789abcdef0123456789abcdef]
# hostname: "{{ ovh_id }}"
# keyed_groups:
#   - key: ovh_location
#     prefix: region
#   - key: ovh_status | lower
#     prefix: status

# named.ovh.yml: VPS named by their display name, dedicated servers by their service name, reached over
# IPv6, with the consumer key from the environment.
# plugin: signet.ovh.ovh
# hostname: "{{ ovh_display_name | default(ovh_name) }}"
# connect_with: ipv6
# consumer_key: "{{ lookup('ansible.builtin.env', 'MY_OVH_CONSUMER_KEY') }}"
'''

from ansible.errors import AnsibleError
from ansible.inventory.group import to_safe_group_name
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.vars import combine_vars

try:
    # ansible-core 2.16 to 2.18 template any string that is not marked unsafe; from 2.19, wrap_var
    # removes the "trusted as template" tag (API data never has it, wrapping costs nothing).
    from ansible.utils.unsafe_proxy import wrap_var
except ImportError:  # pragma: no cover - a future ansible-core without it treats untagged data as data
    def wrap_var(value):
        return value

from ansible_collections.signet.ovh.plugins.module_utils.client import CONNECTION_OPTIONS, client_from_options
from ansible_collections.signet.ovh.plugins.module_utils.cloud_instances import instance_variables, list_instances, list_projects
from ansible_collections.signet.ovh.plugins.module_utils.errors import OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.masking import mask_secrets
from ansible_collections.signet.ovh.plugins.module_utils.transport import REQUESTS_IMPORT_ERROR, TransportError
from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError
from ansible_collections.signet.ovh.plugins.module_utils.config import OvhConfigError
from ansible_collections.signet.ovh.plugins.module_utils.names import host_name_problem, printable
from ansible_collections.signet.ovh.plugins.module_utils.servers import ServerInputError, host_variables, list_names, read_objects

display = Display()

# The connection options written as text: those a template may give (a lookup, vault, extra vars).
TEXT_OPTIONS = ("endpoint", "application_key", "application_secret", "consumer_key", "client_id", "client_secret", "config_file",
                "ca_path")
PRODUCT_GROUPS = {"dedicated_server": "ovh_dedicated_server", "vps": "ovh_vps", "cloud_instance": "ovh_cloud_instance"}


def _truthy(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


def make_unsafe(value):
    """API data, recursively (keys included), as data that Ansible never templates."""
    return wrap_var(value)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "signet.ovh.ovh"

    @staticmethod
    def _sanitize_group_name(name):
        # Always valid: a keyed group made from API text keeps neither braces nor quotes, whatever
        # TRANSFORM_INVALID_GROUP_CHARS says; and it stays data.
        return make_unsafe(to_safe_group_name(name, force=True, silent=True))

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

    def _connection_options(self):
        """The connection options, those written as text templated (lookups, vault, extra vars) as the
        user wrote them in this file; values from the environment or ovh.conf are never templated."""
        self.templar.available_variables = self._vars
        options = {}
        for name in CONNECTION_OPTIONS:
            value = self.get_option(name)
            if name not in TEXT_OPTIONS:
                options[name] = value
                continue
            if isinstance(value, str) and self.templar.is_template(value):
                try:
                    value = self.templar.template(value)
                except Exception as exc:  # pylint: disable=broad-except
                    # The message may quote a secret the template produced: name the option only.
                    raise AnsibleError("signet.ovh.ovh inventory: could not template the %s option: %s"
                                       % (name, type(exc).__name__))
            options[name] = to_text(value) if value is not None else None
        return options

    def _client(self):
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleError("the signet.ovh.ovh inventory needs the Python library requests on the controller")
        try:
            return client_from_options(self._connection_options(), warn=display.warning)
        except OvhConfigError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)
        except TransportError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)

    def _read_services(self):
        """[[product, name, object, ips]] of every service of the products asked, from the API."""
        products = self.get_option("products") or []
        client = self._client()
        services = []
        try:
            for product in products:
                if product == "cloud_instance":
                    services.extend(self._read_instances(client))
                    continue
                # Checked before any request puts them in a path, and again in _populate (cached data).
                names = [name for name in list_names(client, product, self.get_option("iam_tags"))
                         if self._valid_service_name(product, name)]
                found = read_objects(client, product, names, with_ips=self.get_option("with_ips"))
                for name in sorted(found):
                    obj, ips = found[name]
                    services.append([product, name, obj, ips])
        except (ServerInputError, CloudInputError) as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % exc)
        except OvhApiError as exc:
            raise AnsibleError("signet.ovh.ovh inventory: %s" % mask_secrets(to_native(exc), client.secrets()))
        finally:
            client.close()
        display.vvv("signet.ovh.ovh inventory: %d services read in %d requests" % (len(services), client.request_count))
        return services

    def _read_instances(self, client):
        """[["cloud_instance", name, {"project", "instance"}, []]] of the projects' instances: the project list
        (unless cloud_projects names them), then one request per project."""
        projects, refused = list_projects(client, self.get_option("cloud_projects"))
        for value in refused:
            self._refuse("the Public Cloud project id %s is not a project id (32 hexadecimal characters)" % printable(value))
        services = []
        for project in projects:
            try:
                instances = list_instances(client, project)
            except OvhApiError as exc:
                # A project the credentials may not read (403) or that is gone or not delivered (404): its
                # instances are skipped, as a host that cannot be added is, and the other projects still read.
                if exc.status not in (403, 404):
                    raise
                self._refuse("the instances of Public Cloud project %s cannot be read: %s"
                             % (project, mask_secrets(to_native(exc), client.secrets())))
                continue
            for instance in instances:
                services.append(["cloud_instance", instance["name"], {"project": project, "instance": instance}, []])
        return services

    def _ansible_host(self, product, name, variables):
        mode = self.get_option("connect_with")
        if mode == "ipv4":
            return variables.get("ovh_main_ipv4") or name
        if mode == "ipv6":
            return variables.get("ovh_main_ipv6") or name
        if mode == "reverse":
            reverse = variables.get("ovh_reverse") if product == "dedicated_server" else name  # a VPS's, an instance's name
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

    def _refuse(self, message):
        """A host that cannot be added: the source fails with strict, else a warning and it is skipped."""
        if self.get_option("strict"):
            raise AnsibleError("signet.ovh.ovh inventory: %s" % message)
        display.warning("signet.ovh.ovh inventory: %s; the service is skipped" % message)

    def _host_name(self, name, variables):
        """The host's name: the service name, or the hostname template's result; None when refused."""
        template = self.get_option("hostname")
        if template:
            self.templar.available_variables = combine_vars(self._vars, variables)
            try:
                rendered = self.templar.template(template)
            except Exception as exc:  # pylint: disable=broad-except
                self._refuse("the hostname template failed for service %s: %s" % (printable(name), to_native(exc)))
                return None
            rendered = to_text(rendered).strip() if rendered is not None else ""
            problem = host_name_problem(rendered)
            if problem:
                self._refuse("the hostname template gives %s for service %s, not a valid host name: %s"
                             % (printable(rendered), printable(name), problem))
                return None
            return make_unsafe(rendered)
        return make_unsafe(name)

    def _valid_service_name(self, product, name):
        problem = host_name_problem(name)
        if problem:
            self._refuse("the %s service name %s is not a valid host name: %s" % (product, printable(name), problem))
        return not problem

    def _populate(self, services):
        strict = self.get_option("strict")
        named = {}
        for product, name, obj, ips in services:
            # An instance's name is in no path: with a hostname template, only the host name it gives is checked.
            if (product != "cloud_instance" or not self.get_option("hostname")) and not self._valid_service_name(product, name):
                continue
            if product == "cloud_instance":
                variables = make_unsafe(instance_variables(obj["project"], obj["instance"]))
            else:
                variables = make_unsafe(host_variables(product, obj, ips))
            ansible_host = self._ansible_host(product, name, variables)
            # An instance's name unchecked above is still what ansible_host falls back to: never an ssh option or path.
            if product == "cloud_instance" and self.get_option("hostname") and \
                    ansible_host not in (variables.get("ovh_main_ipv4"), variables.get("ovh_main_ipv6")) and \
                    not self._valid_service_name(product, ansible_host):
                continue
            variables["ansible_host"] = make_unsafe(ansible_host)
            if not self._keep(variables, name):
                continue
            host = self._host_name(name, variables)
            if host is None:
                continue
            if host in named:
                raise AnsibleError("signet.ovh.ovh inventory: services %s and %s both get the host name %s; make the "
                                   "hostname template give each its own name (e.g. add ovh_name)"
                                   % (printable(named[host]), printable(name), printable(host)))
            named[host] = name
            group = self.inventory.add_group(PRODUCT_GROUPS[product])
            self.inventory.add_host(host, group=group)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)

    def _set_composite_vars(self, compose, variables, host, strict=False):
        """Constructed's compose, then each composed value marked as data: it may hold API text."""
        super(InventoryModule, self)._set_composite_vars(compose, variables, host, strict=strict)
        host_vars = self.inventory.get_host(host).vars
        for name in compose or {}:
            if name in host_vars:
                self.inventory.set_variable(host, name, make_unsafe(host_vars[name]))
