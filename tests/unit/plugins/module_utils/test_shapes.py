"""module_utils/shapes.py: the shapes an answer is checked against."""

from ansible_collections.signet.ovh.plugins.module_utils.shapes import IDS, NAMES, Shape


def test_shapes():
    assert IDS.problem([1, 2]) is None and IDS.problem([]) is None
    assert NAMES.problem(["a.example"]) is None and NAMES.problem([1]) == "item 0 is a number, not a name"
    assert Shape("object", ("id",)).problem({"id": 0}) is None
    assert Shape("object", ("id",)).problem(None) == "null instead of an object with id"


def test_integer_and_nested_fields():
    count = Shape("integer")
    assert count.problem(3) is None and count.problem("3") == "a string instead of an integer"
    assert count.problem(True) == "a boolean instead of an integer" and count.problem(1.5) == "a number instead of an integer"
    bucket = Shape("object", ("name", "count"), "a bucket", fields={"count": count})
    assert bucket.problem({"name": "b", "count": 2}) is None
    assert bucket.problem({"name": "b", "count": "2"}) == "an object whose count is wrong: a string instead of an integer"
    regions = Shape("objects", ("region",), "a list of regions", fields={"region": Shape("text")})
    network = Shape("object", ("regions",), fields={"regions": regions})
    assert network.problem({"regions": [{"region": "GRA11"}]}) is None
    assert network.problem({"regions": ["GRA11"]}) == "an object whose regions is wrong: item 0 is a string instead of a list of regions"
    assert network.problem({"regions": [{"region": 1}]}) == (
        "an object whose regions is wrong: item 0 is an object whose region is wrong: a number instead of a string")
    assert network.problem({"regions": None}) == "an object whose regions is wrong: null instead of a list of regions"
    listed = Shape("objects", ("regions",), fields={"regions": regions})
    assert listed.problem([{"regions": [{}]}]) == "item 0 is an object whose regions is wrong: item 0 is an object without region"


def test_a_nullable_shape_takes_null_and_nothing_else_of_the_wrong_kind():
    setting = Shape("object", what="a setting or null", nullable=True)
    assert setting.problem(None) is None and setting.problem({}) is None
    assert setting.problem("on") == "a string instead of a setting or null"
    assert Shape("object", what="a setting").problem(None) == "null instead of a setting"
