# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API objects (camelCase keys) as module results (snake_case keys), the way amazon.aws's
camel_dict_to_snake_dict does it: keys converted at every depth, values left as they are, and the
keys of user-named maps (IAM tags) kept as written."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# Maps whose keys are names the user chose, not API fields.
USER_KEYED = ("tags",)


def snake_case(name):
    """commercialRange -> commercial_range, imageURL -> image_url, allowedIPs -> allowed_ips."""
    # A plural acronym (IPs) is one word, not "I" + "Ps".
    name = re.sub(r"([A-Z])([A-Z]+)s(?=$|[A-Z0-9_])", lambda match: match.group(1) + match.group(2).lower() + "s", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def snake_dict(value, keep=USER_KEYED):
    """``value`` with every mapping's keys in snake_case, recursively; under a key of ``keep``
    (after conversion) the mapping's own keys are kept."""
    if isinstance(value, dict):
        converted = {}
        for key, item in value.items():
            name = snake_case(key) if isinstance(key, str) else key
            if name in keep and isinstance(item, dict):
                converted[name] = dict((inner, snake_dict(child, keep)) for inner, child in item.items())
            else:
                converted[name] = snake_dict(item, keep)
        return converted
    if isinstance(value, list):
        return [snake_dict(item, keep) for item in value]
    return value
