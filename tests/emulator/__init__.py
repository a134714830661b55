"""A local emulator of the OVHcloud API (/auth, /me/api, /domain/zone) for the signet.ovh tests."""

from .seed import DEFAULT_SEED
from .http_server import Emulator

__all__ = ["DEFAULT_SEED", "Emulator"]
