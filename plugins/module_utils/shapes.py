# -*- coding: utf-8 -*-
# Copyright: signet.ovh contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a route answers, checked before the answer is used."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class Shape(object):
    """What a route answers, checked before the answer is used: ``kind`` is 'ids' (a list of
    integers), 'names' (a list of strings), 'object' (a mapping with ``keys``), 'objects' (a list
    of such mappings), 'text' (a string) or 'integer' (a number without fraction, not a boolean).
    ``fields`` maps keys of an object to the Shape their value must have when it is there (a nested
    list, a count the module computes with): a tampered answer fails there, not deep in the module.
    ``nullable`` accepts null too (a field the schema says can be null)."""

    def __init__(self, kind, keys=(), what=None, fields=None, nullable=False):
        self.kind = kind
        self.nullable = nullable
        self.keys = tuple(keys)
        self.fields = dict(fields or {})
        self.what = what or {"ids": "a list of integer ids", "names": "a list of names", "integer": "an integer",
                             "text": "a string"}.get(kind) or \
            ("an object with %s" % ", ".join(self.keys) if self.keys else "an object")

    def problem(self, data):
        """None when ``data`` has this shape, else what is wrong with it."""
        if data is None and self.nullable:
            return None
        if self.kind == "text":
            return None if isinstance(data, str) else "%s instead of %s" % (json_kind(data), self.what)
        if self.kind == "integer":
            return None if isinstance(data, int) and not isinstance(data, bool) else "%s instead of %s" % (
                json_kind(data), self.what)
        if self.kind in ("ids", "names", "objects"):
            if not isinstance(data, list):
                return "%s instead of %s" % (json_kind(data), self.what)
            for index, item in enumerate(data):
                wrong = self._item_problem(item)
                if wrong:
                    return "item %d is %s" % (index, wrong)
            return None
        return self._object_problem(data)

    def _item_problem(self, item):
        if self.kind == "ids":
            return None if isinstance(item, int) and not isinstance(item, bool) else "%s, not an integer id" % json_kind(item)
        if self.kind == "names":
            return None if isinstance(item, str) else "%s, not a name" % json_kind(item)
        return self._object_problem(item)

    def _object_problem(self, data):
        if not isinstance(data, dict):
            return "%s instead of %s" % (json_kind(data), self.what)
        missing = [key for key in self.keys if key not in data]
        if missing:
            return "an object without %s" % ", ".join(missing)
        for key in sorted(self.fields):
            wrong = self.fields[key].problem(data[key]) if key in data else None
            if wrong:
                return "an object whose %s is wrong: %s" % (key, wrong)
        return None


IDS = Shape("ids")
NAMES = Shape("names")


def json_kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
