"""A local emulator of the OVHcloud API for the signet.ovh tests: its products (products.PRODUCTS, one
file each) behind an HTTP layer (http_server.py). See README.md."""

from .seed import DEFAULT_SEED
from .http_server import Emulator

__all__ = ["DEFAULT_SEED", "Emulator"]
