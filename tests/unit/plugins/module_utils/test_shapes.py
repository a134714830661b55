"""module_utils/shapes.py: the shapes an answer is checked against."""

from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape


def test_shapes():
    assert IDS.problem([1, 2]) is None and IDS.problem([]) is None
    assert NAMES.problem(["a.example"]) is None and NAMES.problem([1]) == "item 0 is a number, not a name"
    assert Shape("object", ("id",)).problem({"id": 0}) is None
    assert Shape("object", ("id",)).problem(None) == "null instead of an object with id"
