"""module_utils/masking.py: secrets masked in every form and every piece."""

import json

import pytest

from hostile import SECRET

from ansible_collections.signet.ovh.plugins.module_utils.masking import holds_secret_piece, mask_secrets


@pytest.mark.parametrize("form", [
    SECRET, repr(SECRET + "\n")[1:-1], json.dumps(SECRET + "\r")[1:-1], "AppSecretValue0123%0A", SECRET[5:13], SECRET[-9:]])
def test_masking_covers_every_form_and_every_piece(form):
    text = "before %s after" % form
    masked = mask_secrets(text, [SECRET + "\n"])
    assert not holds_secret_piece(masked, [SECRET + "\n"]), masked
    assert masked.startswith("before ") and masked.endswith(" after")
