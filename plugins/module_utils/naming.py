# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Return values in snake_case: an API object's camelCase keys converted (``nameServers`` is
``name_servers``, ``allowedIPs`` ``allowed_ips``, ``isDNSSECSupported`` ``is_dnssec_supported``),
in nested objects and lists too. Values are never changed, and the keys under a key of ``keep``
(such as IAM ``tags``, whose keys are the user's) are left as they are. A word that the
collection's options spell as one word keeps that spelling (``subDomain`` is ``subdomain``, like
the option), so that a result reads as the task that asked for it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# One word of a camelCase key: an acronym with a plural "s" (IPs), an acronym and its digits (URL,
# H2; before a capitalised word or the end), a word and its digits (Html5, line1), or digits.
_WORD = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z][a-z0-9]*|[0-9]+")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9]*\Z")
_VARIABLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\Z")

KEEP = ("tags",)
OPTION_WORDS = {"subDomain": "subdomain"}  # keys whose value is the user's data: its keys are not the API's names


def snake_name(key):
    """``key`` in snake_case; a key that is not a plain identifier (``a-b``, ``x_y``) is left as it is."""
    if key in OPTION_WORDS:
        return OPTION_WORDS[key]
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        return key
    return "_".join(word.lower() for word in _WORD.findall(key))


def snake_keys(value, keep=KEEP):
    """``value`` (an API object, a list of them, or a scalar) with every key in snake_case."""
    if isinstance(value, dict):
        return dict((snake_name(key), item if key in keep else snake_keys(item, keep)) for key, item in value.items())
    if isinstance(value, list):
        return [snake_keys(item, keep) for item in value]
    return value


def variable_fields(obj, prefix="ovh_"):
    """An API object's fields as variables (``prefix`` + snake_case name: values as they are): a field whose
    name is not an identifier is left out, as it would be no variable name (and is API text, never a template)."""
    return dict((prefix + snake_name(key), value) for key, value in obj.items()
                if isinstance(key, str) and _VARIABLE.match(snake_name(key)))
