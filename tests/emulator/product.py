"""What every product of the emulator is made of (see README.md, "Products").

A product is one API family in one file: a ``Product`` subclass with its state (attributes of the
instance), its seed (``load``) and its routes. ``products.PRODUCTS`` lists them; the ``State``
makes one of each and loads the seed through them in that order, the router serves their routes.
"""

import datetime
import secrets
import string

from .errors import bad_request

_ALPHANUM = string.ascii_letters + string.digits


class Product:
    """One API family. Subclasses set:

    ``name``      the State attribute that holds the instance (``state.<name>``);
    ``routes``    (method, template, handler): every one a route of the published schemas; a handler
                  takes the ``routes.Call`` and returns the JSON answer (None for void routes);
    ``unsigned``  the (method, template) of its routes answered without authentication;
    ``seed_keys`` the keys of a seed its ``load`` reads;
    ``shared``    attributes and methods the State lends under the same name (``state.zones``), for
                  the other products, the HTTP layer and tests; two products may not share one name.

    Handlers and ``load`` run with ``State.lock`` held."""

    name = ""
    routes = ()
    unsigned = ()
    seed_keys = ()
    shared = ()

    def __init__(self, state):
        self.state = state

    def load(self, seed):
        """Take this product's keys of a seed (see seed.DEFAULT_SEED); other keys are not its business."""


def iso_date(timestamp):
    """ISO 8601 date with time zone, as the API writes datetimes (None stays None)."""
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).isoformat()


def random_key(length):
    """A random key made of letters and digits, like the API's AK/AS/CK."""
    return "".join(secrets.choice(_ALPHANUM) for _index in range(length))


def only_keys(data, allowed):
    """Refuse a body with a property outside ``allowed``, in the API's wording."""
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise bad_request(f"[{extra[0]}] Unknown or read-only property")
