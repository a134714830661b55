# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reverse DNS of an address (``/ip/{ipBlock}/reverse``).

The API sets a reverse only when the name resolves forward to the address: the A or AAAA record
must exist and be published (its zone refreshed) first.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re
from urllib.parse import quote

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError, OvhApiError
from ansible_collections.signet.ovh.plugins.module_utils.names import block_holding, host_name_problem, parse_address
from ansible_collections.signet.ovh.plugins.module_utils.shapes import Shape

REVERSE = Shape("object", ("ipReverse", "reverse"))
ADDRESSES = Shape("names", what="a list of IP addresses")
# How the API words its refusal of a name that does not resolve to the address.
_NOT_RESOLVING = re.compile(r"does not resolve|doesn't resolve|not resolv", re.IGNORECASE)


class ReverseInputError(InputError):
    """Input refused before any request."""


def address_block(address, ip_block=None):
    """The block the reverse routes are named after: ``ip_block`` when given (it must hold ``address``),
    else the address itself (a /32 or /128)."""
    if not ip_block:
        return parse_address(str(address))[1]
    return block_holding(address, ip_block)


def normalize_name(name):
    """A fully qualified host name (names.host_name_problem, two labels at least), lower case, with its trailing dot."""
    text = str(name or "").strip().lower().rstrip(".")
    if host_name_problem(text) or len(text.split(".")) < 2:
        raise ReverseInputError("reverse %r is not a fully qualified host name (e.g. host.example.com)" % name)
    return text + "."


def reverse_path(block, address=None):
    path = "/ip/%s/reverse" % quote(str(block), safe="")
    if address is not None:
        path += "/" + quote(str(address), safe="")
    return path


def read_reverse(client, block, address):
    """The address's reverse name, or None when it has none. The block's list comes first: its 404
    means the block is not the account's, which must not pass for "no reverse"."""
    listed = client.get(reverse_path(block), shape=ADDRESSES)
    if not any(_same_address(item, address) for item in listed):
        return None
    try:
        data = client.get(reverse_path(block, address), shape=REVERSE)
    except OvhApiError as exc:
        if exc.status == 404:  # removed meanwhile
            return None
        raise
    return data.get("reverse")


def _same_address(text, address):
    try:
        return ipaddress.ip_address(text) == address
    except ValueError:
        return False


def is_unresolved_refusal(error):
    return error.status == 400 and bool(_NOT_RESOLVING.search(error.message or ""))


def unresolved_hint(name, address):
    record = "A" if address.version == 4 else "AAAA"
    return ("the API sets a reverse only when the name resolves to the address: create the %s record %s -> %s, refresh its "
            "zone (signet.ovh.ovh_dns_record does both), then set the reverse" % (record, name, address))
