# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every check of a name or an address, in one place: host names that come from the API and become
an inventory host (which Ansible uses as a folder name, e.g. ``fetch``'s ``dest/<host>/``), domain and
host names a user gives, IP addresses and blocks, and text quoted in a message."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re

from ansible_collections.signet.ovh.plugins.module_utils.errors import InputError
# printable is used from here by most modules; it lives in masking for the layers below (tasks).
from ansible_collections.signet.ovh.plugins.module_utils.masking import printable

# Labels of letters, digits, hyphens and underscores (Ansible host names often hold one), neither
# starting nor ending with a hyphen; dot-separated, so "..", a leading dot and "/" never pass.
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
MAX_HOST_NAME = 253
# A system's host name (RFC 1035): labels of letters, digits and hyphens starting with a letter.
_SYSTEM_LABEL = re.compile(r"^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
# A registered domain or a name server: lower-case labels, two at least, the last not numeric.
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")


def host_name_problem(name):
    """None when ``name`` is a valid host name, else why not (without repeating the name)."""
    if not isinstance(name, str):
        return "it is not text" if name is not None else "it is null"
    if not name:
        return "it is empty"
    if len(name) > MAX_HOST_NAME:
        return "it is longer than %d characters" % MAX_HOST_NAME
    if "/" in name or "\\" in name:
        return "it holds a slash"
    if ".." in name:
        return "it holds '..'"
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return "it holds control characters"
    if any(char.isspace() for char in name):
        return "it holds spaces"
    if not all(_LABEL.match(label) for label in name.split(".")):
        return ("it holds characters not valid in a host name (labels of letters, digits, hyphens and underscores "
                "separated by dots, none starting or ending with a hyphen, at most 63 characters each)")
    return None


def system_host_name_problem(name):
    """None when ``name`` can be a system's host name (RFC 1035), else what it must be."""
    if len(name) <= MAX_HOST_NAME and all(_SYSTEM_LABEL.match(label) for label in name.split(".")):
        return None
    return ("labels of at most 63 letters, digits and hyphens, starting with a letter and not ending with a hyphen "
            "(RFC 1035)")


def service_name(value, what):
    """A service name (a server's, a VPS's) as its route's path segment takes it, stripped; InputError before
    any request when it cannot be one: empty, or holding a slash, a query or fragment mark, whitespace or a
    control character (the request would reach another route). ``what`` says what is expected."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or any(char in "/?#\\" or char.isspace() or not char.isprintable() for char in text):
        raise InputError("service_name must be %s, got %s" % (what, printable(value)))
    return text


def domain_name(value):
    """``value`` as a domain or name server name (lower case, no trailing dot), or None when it is not one."""
    name = str(value or "").strip().rstrip(".").lower()
    return name if _DOMAIN.match(name) else None


# --- Addresses ------------------------------------------------------------------------

def normalize_ip(value, what="ip"):
    """One IPv4 or IPv6 address, in its canonical text."""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise InputError("%s %r is not an IP address" % (what, value)) from None


def parse_address(value, what="ip"):
    """(address, block) from '203.0.113.7', '203.0.113.7/32', '2001:db8::1' or a block with the
    address: one address, and the single-address block an API route is named after."""
    text = str(value or "").strip()
    try:
        if "/" in text:
            address_text, prefix = text.split("/", 1)
            address = ipaddress.ip_address(address_text)
            block = ipaddress.ip_network(text, strict=False)
            single = int(prefix) == block.max_prefixlen
        else:
            address = ipaddress.ip_address(text)
            block = ipaddress.ip_network(text)
            single = True
    except (TypeError, ValueError):
        raise InputError("%s %r is not an IPv4 or IPv6 address" % (what, value)) from None
    if not single:
        raise InputError("%s %r: give one address, e.g. %s" % (what, value, address))
    return address, block


def block_holding(address, ip_block, what="ip_block"):
    """``ip_block`` (text) as a network, checked to hold ``address``."""
    try:
        block = ipaddress.ip_network(str(ip_block).strip(), strict=False)
    except ValueError:
        raise InputError("%s %r is not an IP block (e.g. 203.0.113.0/29 or 2001:db8::/64)" % (what, ip_block)) from None
    if block.version != address.version or address not in block:
        raise InputError("ip %s is not in %s %s" % (address, what, block))
    return block


def normalize_ip_blocks(blocks, option):
    """CIDR blocks as sorted unique strings: '192.0.2.1' is '192.0.2.1/32'. None stays None."""
    if blocks is None:
        return None
    networks = []
    for block in blocks:
        try:
            network = ipaddress.ip_network(str(block).strip(), strict=True)
        except ValueError as exc:
            if "has host bits set" in str(exc):
                network = ipaddress.ip_network(str(block).strip(), strict=False)
                raise InputError("%s: %r has host bits set; the network is %s" % (option, block, network)) from None
            raise InputError("%s: %r is not an IP address or CIDR block" % (option, block)) from None
        if network not in networks:
            networks.append(network)
    networks.sort(key=lambda net: (net.version, net.network_address, net.prefixlen))
    return [str(net) for net in networks]
