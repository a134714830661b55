"""Make ``ansible_collections.signet.ovh`` importable when pytest runs without tests/env.sh."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _ensure_collection_path():
    try:
        import ansible_collections.signet.ovh.plugins.module_utils.signer  # noqa: F401  pylint: disable=unused-import
        return
    except ImportError:
        pass
    collections = os.path.join(ROOT, ".tmp", "collections")
    link = os.path.join(collections, "ansible_collections", "signet", "ovh")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)
    sys.path.insert(0, collections)


_ensure_collection_path()
