"""Secrets the system hands out (links in mails, calendar addresses, API keys) and how they
are kept: only a keyed digest is stored, so a copy of the database opens nothing.

- `new_secret()` makes one: 256 bits, URL-safe, never derived from an id.
- `derived_secret(material, purpose=...)` makes a secret the server can make again from a
  row's own unguessable material (a UUID, a version) and SECRET_KEY, without storing it:
  what a mail rendered days later (a reminder) needs in order to show a link that only a
  digest of is stored.
- `secret_digest(secret, purpose=...)` is what the database keeps: HMAC-SHA256 under a key
  derived from SECRET_KEY and the purpose (so a digest made for one kind of secret never
  matches another kind), hex. Look a row up by the digest of the presented secret; the
  lookup is an index match on a fixed-length value, so its timing says nothing about how
  close a guess was. Compare a digest you already hold with `secret_matches`, in constant
  time.

Rotating SECRET_KEY invalidates every stored digest: see docs/deployment.md.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def derived_secret(material: str, *, purpose: str) -> str:
    """A URL-safe secret made from `material` and SECRET_KEY; the same inputs give the same
    secret. `material` must itself be unguessable (e.g. a UUID4) and change to revoke."""
    mac = hmac.new(_key(f"derive:{purpose}"), material.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"klyngebesog-secret:{purpose}:{settings.SECRET_KEY}".encode()).digest()


def secret_digest(secret: str, *, purpose: str) -> str:
    return hmac.new(_key(purpose), secret.encode(), hashlib.sha256).hexdigest()


def secret_matches(secret: str, digest: str, *, purpose: str) -> bool:
    return hmac.compare_digest(secret_digest(secret, purpose=purpose), digest)
