# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public Cloud instances as the inventory sees them (``GET /cloud/project/{serviceName}/instance``).

One request per project: the list answers every instance with its region, flavor and image ids, status
and addresses (``ipAddresses``: ``type`` public or private, ``version`` 4 or 6). Flavor and image names
would take one more request per distinct flavor and image, per project; the inventory gives the ids.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.signet.ovh.plugins.module_utils.cloud import CloudInputError, project_id, project_path
from ansible_collections.signet.ovh.plugins.module_utils.naming import snake_keys, variable_fields
from ansible_collections.signet.ovh.plugins.module_utils.shapes import NAMES, Shape

INSTANCES = Shape("objects", ("id", "name", "region", "status"), "a list of Public Cloud instances")


def list_projects(client, wanted=None):
    """The account's project ids (one request), or the ``wanted`` ones, checked (they go in paths).
    Returns (ids, refused): ids the API gave that are not project ids are left out and listed."""
    if wanted:
        return _distinct(project_id(value, "cloud_projects") for value in wanted), []
    ids, refused = [], []
    for value in client.get("/cloud/project", shape=NAMES):
        try:
            ids.append(project_id(value))
        except CloudInputError:
            refused.append(value)
    return _distinct(ids), refused


def _distinct(ids):
    """``ids`` in their order, each once: a project named twice is read once (its instances twice would be two
    hosts of one name)."""
    seen = []
    for value in ids:
        if value not in seen:
            seen.append(value)
    return seen


def list_instances(client, project):
    """The project's instances (one request)."""
    return client.get(project_path(project, "instance"), shape=INSTANCES)


def _addresses(instance, kind, version):
    found = []
    for address in instance.get("ipAddresses") or ():
        if not isinstance(address, dict) or address.get("type") != kind:
            continue
        text = str(address.get("ip"))
        try:
            parsed = ipaddress.ip_address(text)
        except ValueError:
            continue
        if "%" in text:  # an IPv6 zone index, which ipaddress takes with any text but a slash: no address to reach
            continue
        if parsed.version == version:
            found.append(str(parsed))
    return found


def instance_variables(project, instance):
    """The inventory variables of an instance: its fields as ``ovh_<snake_case>`` (``ovh_flavor_id``,
    ``ovh_image_id``, ``ovh_ip_addresses``...), plus ``ovh_product``, ``ovh_project``, ``ovh_ips`` (every
    address), ``ovh_public_ips`` and ``ovh_private_ips``, ``ovh_main_ipv4`` (the first public IPv4, else
    the first private one), ``ovh_main_ipv6`` (the first public IPv6), ``ovh_location`` (the region in
    lower case) and ``ovh_tags`` (none: instances have no IAM tags). A field whose name is not an identifier is
    left out (it would be no variable name); an address with a zone index (``%…``) is no address."""
    variables = snake_keys(variable_fields(instance))
    public = _addresses(instance, "public", 4) + _addresses(instance, "public", 6)
    private = _addresses(instance, "private", 4) + _addresses(instance, "private", 6)
    variables["ovh_product"] = "cloud_instance"
    variables["ovh_project"] = project
    variables["ovh_ips"] = public + private
    variables["ovh_public_ips"] = public
    variables["ovh_private_ips"] = private
    main4 = _addresses(instance, "public", 4) or _addresses(instance, "private", 4)
    main6 = _addresses(instance, "public", 6)
    variables["ovh_main_ipv4"] = main4[0] if main4 else None
    variables["ovh_main_ipv6"] = main6[0] if main6 else None
    region = instance.get("region")
    variables["ovh_location"] = region.lower() if isinstance(region, str) else None
    variables["ovh_tags"] = {}
    return variables
