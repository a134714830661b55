"""Customer accounts (nichandles) and ``GET /me``.

Seed: ``accounts``, a list of nichandle.Nichandle objects plus the ``password`` the validation
page asks for (never answered). Every other product's objects belong to one of these accounts.
"""

from .product import Product


def me(call):
    """GET /me (nichandle.Nichandle)"""
    account = dict(call.state.accounts[call.account])
    account.pop("password", None)
    return account


class Accounts(Product):
    """The customer accounts, by nichandle."""

    name = "me"
    routes = (("GET", "/me", me),)
    seed_keys = ("accounts",)
    shared = ("accounts",)

    def __init__(self, state):
        super().__init__(state)
        self.accounts = {}

    def load(self, seed):
        for account in seed.get("accounts", []):
            self.accounts[account["nichandle"]] = account
