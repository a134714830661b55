"""The product table: each product's routes, seed keys and shared names are its own, the router and
the State take them from the table, the README lists every product; and the emulator's clock can be
frozen so that what depends on time moves only when a test moves it."""

import os

import pytest
import requests

from emulator import routes
from emulator.products import PRODUCTS
from emulator.seed import DEFAULT_SEED
from emulator.state import State

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator", "README.md")


def test_the_router_serves_the_routes_of_the_products_and_only_those():
    owned = [(method, template) for product in PRODUCTS for method, template, _handler in product.routes]
    assert len(owned) == len(set(owned)), "a route is served by two products"
    assert [(method, template) for method, template, _handler in routes.ROUTES] == owned
    assert routes.UNSIGNED == {route for product in PRODUCTS for route in product.unsigned}
    for product in PRODUCTS:
        assert set(product.unsigned) <= {(method, template) for method, template, _handler in product.routes}, product


def test_every_seed_key_belongs_to_one_product():
    keys = [key for product in PRODUCTS for key in product.seed_keys]
    assert len(keys) == len(set(keys)), "two products read one seed key"
    assert set(DEFAULT_SEED) == set(keys)


def test_the_state_holds_one_of_each_product_and_lends_their_shared_names():
    state = State(DEFAULT_SEED)
    names = [product.name for product in PRODUCTS]
    assert len(names) == len(set(names)) and all(names)
    for product in state.products:
        assert getattr(state, product.name) is product
        for name in product.shared:
            assert getattr(state, name) == getattr(product, name), (product.name, name)
    assert state.zones is state.dns.zones and state.servers.reverses is state.ips.reverses


def test_two_products_may_not_share_one_name(monkeypatch):
    clashing = type("Clashing", (PRODUCTS[0],), {"name": "clashing"})
    monkeypatch.setattr("emulator.state.PRODUCTS", PRODUCTS + (clashing,))
    with pytest.raises(TypeError, match="already has"):
        State(DEFAULT_SEED)


def test_the_readme_lists_every_product_with_its_file_and_seed_keys():
    with open(README, encoding="utf-8") as handle:
        rows = [line for line in handle if line.startswith("| `")]
    for product in PRODUCTS:
        module = product.__module__.rsplit(".", 1)[-1]
        row = [line for line in rows if line.startswith(f"| `{product.__name__}` (`{module}.py`, `state.{product.name}`")]
        assert len(row) == 1, product.__name__
        assert all(f"`{key}`" in row[0] for key in product.seed_keys + product.shared), row[0]


def test_a_frozen_clock_moves_only_with_the_offset_and_the_step(emulator, api):
    assert requests.post(emulator.root_url + "/_emulator/clock", json={"frozen": True}, timeout=10).status_code == 200
    assert emulator.clock_frozen
    before = emulator.state.now()
    assert requests.get(emulator.base_url + "/auth/time", timeout=10).json() == int(before)
    emulator.clock_step = 3
    api.get("/me")
    api.get("/me")
    assert emulator.state.now() == before + 6
    emulator.clock_step = 0
    emulator.clock_offset += 100
    assert emulator.state.now() == before + 106
    emulator.clock_frozen = False  # it goes on from where it stood
    assert before + 106 <= emulator.state.now() < before + 106 + 60
    assert requests.post(emulator.root_url + "/_emulator/clock", json={}, timeout=10).status_code == 400


def test_a_refused_request_moves_the_clock_too(emulator, api):
    emulator.clock_frozen = True
    emulator.clock_step = 1
    emulator.set_rate_limit(rate=1, burst=1)
    before = emulator.state.now()
    # Each request moves the clock one second on before the limit is checked: a slot each time.
    assert [api.get("/me").status_code for dummy in range(3)] == [200, 200, 200]
    emulator.clock_step = 0.5
    assert [api.get("/me").status_code for dummy in range(4)] == [429, 200, 429, 200]
    assert emulator.state.now() == before + 5
