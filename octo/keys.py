"""A reseller's Bearer key: made, rotated and revoked by the coordinator (admin) or an
operator (`manage.py octo_reseller`). The key is shown once; the database keeps its keyed
digest (core.secrets), so a copy of the database opens nothing. Rotating replaces the key at
once (the old one stops working); revoking leaves the reseller without any key."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.secrets import new_secret, secret_digest
from octo.models import Reseller

KEY_PURPOSE = "octo-reseller-key"
KEY_PREFIX = "kbocto_"


@dataclass(frozen=True)
class IssuedKey:
    reseller: Reseller
    key: str  # shown to the coordinator once, never stored


def key_digest(key: str) -> str:
    return secret_digest(key, purpose=KEY_PURPOSE)


def reseller_create(*, name: str, contact_email: str = "") -> IssuedKey:
    """A new reseller with its first key."""
    with transaction.atomic():
        reseller = Reseller.objects.create(name=name.strip(), contact_email=contact_email.strip())
        return reseller_key_rotate(reseller=reseller)


def reseller_key_rotate(*, reseller: Reseller) -> IssuedKey:
    """Gives the reseller a new key; any earlier key stops working at once."""
    key = KEY_PREFIX + new_secret()
    reseller.key_digest = key_digest(key)
    reseller.key_hint = key[: len(KEY_PREFIX) + 4]
    reseller.key_created_at = timezone.now()
    reseller.revoked_at = None
    reseller.save(update_fields=["key_digest", "key_hint", "key_created_at", "revoked_at"])
    return IssuedKey(reseller=reseller, key=key)


def reseller_key_revoke(*, reseller: Reseller) -> Reseller:
    """Takes the reseller's key away; its bookings stay as they are."""
    reseller.key_digest = None
    reseller.revoked_at = timezone.now()
    reseller.save(update_fields=["key_digest", "revoked_at"])
    return reseller


def reseller_for_key(key: str) -> Reseller | None:
    """The reseller whose key this is, or None (unknown, rotated away or revoked). The lookup
    is an index match on the digest, so its timing says nothing about a near guess."""
    if not key:
        return None
    return Reseller.objects.filter(key_digest=key_digest(key)).first()
