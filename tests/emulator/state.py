"""Everything the emulated API knows: the clock, the id counters and one instance of each product.

The products (``products.PRODUCTS``) hold their own data; the State makes one of each
(``state.<product.name>``), loads the seed through them in the table's order and lends the names
each one shares (``state.zones``, ``state.credential_by_key``, ...). All access goes through
``State.lock`` (a plain Lock, taken once per request by the HTTP layer and by the Python API of
``Emulator``).
"""

import copy
import threading
import time

# The enums the schema test reads here.
from .credentials import APPLICATION_STATES, CREDENTIAL_STATES, HTTP_METHODS  # noqa: F401 pylint: disable=unused-import
from .products import PRODUCTS
from .tasks import DEFAULT_TASK_SECONDS

# The first id of each kind; ids are never reused. Real record ids are large integers (e.g. 5123456789).
FIRST_IDS = {
    "application": 1001,
    "credential": 200000001,
    "record": 5000000001,
    "task": 900000001,  # zone and domain tasks
    "name_server": 1000001,
    "server": 100001,
    "service": 24000001,  # serviceId of a service (GET …/serviceInfos)
    "server_task": 8000001,
    "vps_task": 60000001,
    "vrack_task": 70000001,
    "ip_task": 7000001,
    "cloud_operation": 1,  # cloud.Operation ids are UUIDs made from this counter (cloud.operation_id)
    "cloud_user": 401001,
    "cloud_s3_credential": 1,  # an S3 access key is the MD5 of this counter (cloud_storage.credential_create)
    "kube": 1,  # cluster and node pool ids are UUIDs made from these counters (cloud_kube._uuid)
    "kube_pool": 1,
}


class State:
    """The emulator's clock, id counters and products."""

    def __init__(self, seed):
        self.lock = threading.Lock()
        self.clock_offset = 0
        self.frozen_at = None  # machine time at which the clock stopped (freeze_clock), or None
        self.task_seconds = DEFAULT_TASK_SECONDS  # (todo, doing) of zone and domain tasks
        self._next_ids = dict(FIRST_IDS)
        self.products = []
        for product_class in PRODUCTS:
            product = product_class(self)
            self.products.append(product)
            setattr(self, product.name, product)
            for name in product.shared:
                if hasattr(self, name):
                    raise TypeError(f"{product_class.__name__} shares {name!r}, which the State already has")
                setattr(self, name, getattr(product, name))
        seed = copy.deepcopy(seed)
        for product in self.products:
            product.load(seed)

    def now(self):
        """The emulator clock: the machine clock (or the moment it was frozen) plus the offset."""
        return (time.time() if self.frozen_at is None else self.frozen_at) + self.clock_offset

    def freeze_clock(self, frozen=True):
        """Stop the emulator clock where it is (it then moves only with clock_offset and clock_step),
        or let it follow the machine clock again from where it is."""
        if frozen and self.frozen_at is None:
            self.frozen_at = time.time()
        elif not frozen and self.frozen_at is not None:
            self.clock_offset -= time.time() - self.frozen_at
            self.frozen_at = None

    def new_id(self, kind, wanted=None):
        """The next id of a kind (a key of FIRST_IDS), or ``wanted`` (a seeded id) with the counter
        moved past it."""
        if wanted is None:
            wanted = self._next_ids[kind]
        self._next_ids[kind] = max(self._next_ids[kind], wanted + 1)
        return wanted
