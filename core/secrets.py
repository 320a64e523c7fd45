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

`SecretLinkModel` keeps a row's secret link that way (seed, digest, legacy digest).

Rotating SECRET_KEY invalidates every stored digest: see docs/deployment.md.
"""

import base64
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

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


class SecretLinkModel(models.Model):
    """An abstract model for a row reached by a secret link (a visitor's booking, an entry on
    a waiting list, a host's answer page, a company's private feed). The database keeps:

    - `token_seed`: a random UUID the link is derived from with SECRET_KEY
      (`derived_secret`), so a mail rendered days later can show the link again, while a
      copy of the database alone opens nothing. A new seed revokes the old link;
    - `token_digest`: the keyed digest of the current link, which lookups use;
    - `token_legacy_digest`: the digest of a link made before links were derived (a plain
      token that the visitor holds in an old mail), so it keeps working until the link is
      renewed. NULL for every row made since.

    A subclass names its `LINK_PURPOSE` (one per kind of link, so that a booking's link
    never opens a waiting-list entry)."""

    LINK_PURPOSE = ""

    token_seed = models.UUIDField(default=uuid.uuid4, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_legacy_digest = models.CharField(  # NULL: unique only where set
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.prepare_save()
        super().save(*args, **kwargs)

    def prepare_save(self) -> None:
        """What saving derives first (also run by core.db.insert): the link's digest."""
        if not self.token_digest:
            self.token_digest = secret_digest(self.token, purpose=self.LINK_PURPOSE)

    @property
    def token(self) -> str:
        """The secret of the current link (derived, never stored)."""
        return derived_secret(str(self.token_seed), purpose=self.LINK_PURPOSE)

    def token_renew(self) -> None:
        """A new link; the old one (and any legacy one) stops working once this is saved
        (save `token_seed`, `token_digest` and `token_legacy_digest`)."""
        self.token_seed = uuid.uuid4()
        self.token_digest = secret_digest(self.token, purpose=self.LINK_PURPOSE)
        self.token_legacy_digest = None

    @classmethod
    def token_lookup(cls, secret: str) -> Q:
        """The filter that finds the row whose current or legacy link is `secret`: an index
        match on the digest, so its timing says nothing about how close a guess was."""
        digest = secret_digest(secret, purpose=cls.LINK_PURPOSE)
        return Q(token_digest=digest) | Q(token_legacy_digest=digest)

    def token_matches(self, secret: str) -> bool:
        """Whether `secret` opens this row (its current or legacy link), in constant time."""
        current = secret_matches(secret, self.token_digest, purpose=self.LINK_PURPOSE)
        legacy = secret_matches(secret, self.token_legacy_digest or "", purpose=self.LINK_PURPOSE)
        return current | legacy

    @classmethod
    def token_fields(cls) -> list[str]:
        """The fields to save after `token_renew()`."""
        return ["token_seed", "token_digest", "token_legacy_digest"]


def migrate_plain_tokens(model, *, purpose: str, plain_field: str) -> None:
    """For a data migration: each row of the historical `model` gets a seed, the digest of
    its derived link, and the digest of its old plain token as its legacy digest (so the
    links visitors already hold keep working)."""
    rows = list(model.objects.only("pk", plain_field))
    for row in rows:
        row.token_seed = uuid.uuid4()
        token = derived_secret(str(row.token_seed), purpose=purpose)
        row.token_digest = secret_digest(token, purpose=purpose)
        plain = getattr(row, plain_field)
        row.token_legacy_digest = secret_digest(plain, purpose=purpose) if plain else None
    model.objects.bulk_update(
        rows, ["token_seed", "token_digest", "token_legacy_digest"], batch_size=1000
    )


def restore_plain_tokens(model, *, purpose: str, plain_field: str) -> None:
    """The reverse: the plain token becomes the current derived link (a legacy link whose
    plain text is gone cannot come back)."""
    rows = list(model.objects.only("pk", "token_seed"))
    for row in rows:
        setattr(row, plain_field, derived_secret(str(row.token_seed), purpose=purpose))
    model.objects.bulk_update(rows, [plain_field], batch_size=1000)


def plain_token_migration(model_name: str, *, purpose: str, plain_field: str) -> list:
    """The migration operations that turn `model_name`'s plain `plain_field` token into a
    SecretLinkModel's seed and digests, keeping every link already handed out working.
    Reversible: going back restores a plain token (the current derived link).

    The plain column first loses its unique default, so that adding it back (going
    backwards) does not give every row the same value."""
    from django.db import migrations

    def forward(apps, schema_editor) -> None:
        migrate_plain_tokens(
            apps.get_model(*model_name.split(".")), purpose=purpose, plain_field=plain_field
        )

    def backward(apps, schema_editor) -> None:
        restore_plain_tokens(
            apps.get_model(*model_name.split(".")), purpose=purpose, plain_field=plain_field
        )

    name = model_name.split(".")[1]
    return [
        migrations.AddField(name, "token_seed", models.UUIDField(null=True, editable=False)),
        migrations.AddField(
            name, "token_digest", models.CharField(max_length=64, null=True, editable=False)
        ),
        migrations.AddField(
            name,
            "token_legacy_digest",
            models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False),
        ),
        migrations.AlterField(
            name, plain_field, models.CharField(max_length=64, null=True, editable=False)
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(name, plain_field),
        migrations.AlterField(
            name, "token_seed", models.UUIDField(default=uuid.uuid4, editable=False)
        ),
        migrations.AlterField(
            name,
            "token_digest",
            models.CharField(max_length=64, unique=True, editable=False),
        ),
    ]
