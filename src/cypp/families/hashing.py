"""Ids from a case management extract, kept only as keyed hashes.

An SSD extract's ids (``pers_person_id``, ``fami_family_id``...) are the council's own.
CYPP keeps ``HMAC-SHA256(key, object + ":" + id)``: the same id always gives the same
hash, so a re-import matches its rows, but the id cannot be recovered or matched against
another system without the key. The key is the site's ``CYPP_FAMILIES_HASH_KEY`` (or,
when unset, one derived from ``SECRET_KEY``) with the partnership's own random salt, so two
partnerships' hashes of the same id differ. Changing the key orphans every stored family:
the next import would load them all as new (docs/families.md says so).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

from cypp.accounts.models import Partnership
from cypp.families.models import FamiliesSettings


def families_settings(partnership: Partnership) -> FamiliesSettings:
    """The partnership's early help settings, made (with a fresh salt) the first time."""
    found, _ = FamiliesSettings.objects.get_or_create(
        partnership=partnership, defaults={"hash_salt": secrets.token_hex(16)}
    )
    if not found.hash_salt:
        found.hash_salt = secrets.token_hex(16)
        found.save(update_fields=["hash_salt"])
    return found


def _site_key() -> bytes:
    configured = getattr(settings, "CYPP_FAMILIES_HASH_KEY", "")
    if configured:
        return str(configured).encode()
    return hashlib.sha256(b"cypp-families:" + str(settings.SECRET_KEY).encode()).digest()


class Hasher:
    """Keyed hashes for one partnership: ``hasher("person", "12345")``."""

    def __init__(self, partnership: Partnership) -> None:
        salt = families_settings(partnership).hash_salt
        self._key = _site_key() + salt.encode()

    def __call__(self, kind: str, raw_id: str) -> str:
        message = f"{kind}:{raw_id.strip()}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


def reference_for(key_hash: str) -> str:
    """A short family reference people can say aloud (``F-3K9Q2B``), from the hash."""
    digest = bytes.fromhex(key_hash)[:5]
    return "F-" + base64.b32encode(digest).decode()[:6].replace("O", "8").replace("I", "9")
