"""Standard Webhooks signatures (standardwebhooks.com, "Signature scheme").

An endpoint's secret is `whsec_` + base64 of 32 bytes. The server must be able to sign with
it on every delivery, so it cannot keep only a digest as it does for log-in links and API
keys. It keeps no secret at all: the bytes are derived from the endpoint's random
`secret_seed` (a UUID4) and SECRET_KEY (core.secrets.derived_secret). A copy of the database
alone signs nothing; rotating the seed makes a new secret; rotating SECRET_KEY changes
every endpoint's secret (docs/webhooks.md says what to do then). We chose this over storing
the secret encrypted because it needs no second key to manage and no new dependency.

A delivery is signed as HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", sent as
`webhook-signature: v1,<base64>`; while a rotation overlaps, with both secrets, separated
by a space, so a receiver holding either one accepts it.
"""

import base64
import hashlib
import hmac
from datetime import datetime
from uuid import UUID

from django.utils import timezone

from core.secrets import derived_secret
from notify.models import WebhookEndpoint

PREFIX = "whsec_"
_PURPOSE = "webhook-signing"


def secret_for_seed(seed: UUID) -> str:
    """The `whsec_` secret of a seed: the same every time for the same seed and SECRET_KEY."""
    urlsafe = derived_secret(str(seed), purpose=_PURPOSE)
    raw = base64.urlsafe_b64decode(urlsafe + "=" * (-len(urlsafe) % 4))
    return PREFIX + base64.b64encode(raw).decode()


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's current secret (what the coordinator is shown once, when it is made)."""
    return secret_for_seed(endpoint.secret_seed)


def signing_secrets(endpoint: WebhookEndpoint, *, now: datetime | None = None) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the previous one while
    its overlap lasts."""
    now = now or timezone.now()
    secrets = [endpoint_secret(endpoint)]
    until = endpoint.previous_secret_until
    if endpoint.previous_secret_seed and until and now < until:
        secrets.append(secret_for_seed(endpoint.previous_secret_seed))
    return secrets


def sign(secret: str, *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` signature of the body under `secret`."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = b"%s.%d.%s" % (webhook_id.encode(), timestamp, body)
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets: list[str], *, webhook_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(
        sign(secret, webhook_id=webhook_id, timestamp=timestamp, body=body) for secret in secrets
    )
