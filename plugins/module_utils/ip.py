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
from ansible_collections.signet.ovh.plugins.module_utils.names import host_name_problem
from ansible_collections.signet.ovh.plugins.module_utils.shapes import Shape

REVERSE = Shape("object", ("ipReverse", "reverse"))
ADDRESSES = Shape("names", what="a list of IP addresses")
# How the API words its refusal of a name that does not resolve to the address.
_NOT_RESOLVING = re.compile(r"does not resolve|doesn't resolve|not resolv", re.IGNORECASE)


class ReverseInputError(InputError):
    """Input refused before any request."""


def parse_address(value):
    """(address, block) from '203.0.113.7', '203.0.113.7/32', '2001:db8::1' or a block with the
    address: the address whose reverse is set and the block the API's route is named after."""
    text = str(value or "").strip()
    try:
        if "/" in text:
            address_text, prefix = text.split("/", 1)
            address = ipaddress.ip_address(address_text)
            block = ipaddress.ip_network(text, strict=False)
            if int(prefix) != block.max_prefixlen:
                raise ReverseInputError("ip %r: give one address (its reverse is set), e.g. %s" % (value, address))
        else:
            address = ipaddress.ip_address(text)
            block = ipaddress.ip_network(text)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ReverseInputError):
            raise
        raise ReverseInputError("ip %r is not an IPv4 or IPv6 address" % value)
    return address, block


def address_block(address, ip_block=None):
    """The block the reverse routes are named after: ``ip_block`` when given (it must hold ``address``),
    else the address itself (a /32 or /128)."""
    if not ip_block:
        return parse_address(str(address))[1]
    try:
        block = ipaddress.ip_network(ip_block.strip(), strict=False)
    except ValueError:
        raise ReverseInputError("ip_block %r is not an IP block (e.g. 203.0.113.0/29 or 2001:db8::/64)" % ip_block)
    if block.version != address.version or address not in block:
        raise ReverseInputError("ip %s is not in ip_block %s" % (address, block))
    return block


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
