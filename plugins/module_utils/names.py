# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names that come from the API and become something else: an inventory host name (which Ansible
uses as a folder name, e.g. ``fetch``'s ``dest/<host>/``), or a message shown to the user."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

# Labels of letters, digits, hyphens and underscores (Ansible host names often hold one), neither
# starting nor ending with a hyphen; dot-separated, so "..", a leading dot and "/" never pass.
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
MAX_HOST_NAME = 253


def host_name_problem(name):
    """None when ``name`` is a valid host name, else why not (without repeating the name)."""
    if not isinstance(name, str) or not name:
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


def printable(text, limit=120):
    """``text`` quoted for a message: control and non-ASCII characters escaped, braces kept as
    they are but the whole never longer than ``limit`` characters (then cut and marked)."""
    quoted = json.dumps(str(text), ensure_ascii=True)
    if len(quoted) > limit:
        quoted = quoted[:limit - 4] + '..."'
    return quoted
