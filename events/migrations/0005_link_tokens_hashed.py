"""Participants' and hosts' link tokens are no longer stored: each row keeps a seed its link
is derived from and the link's keyed digest; the plain token it had is kept as a digest
too, so every link already mailed keeps working (core.secrets).

A host request still waiting in the outbox names the digest of the host link it was written
for (events.mail.token_digest); the host link is now the derived one, so those mails are
pointed at it, or they would be skipped as superseded."""

import hashlib

from django.db import migrations

from core.secrets import derived_secret, plain_token_migration


def _short(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def forward(apps, schema_editor) -> None:
    Stop = apps.get_model("events", "Stop")
    OutboundMail = apps.get_model("notify", "OutboundMail")
    waiting = OutboundMail.objects.filter(
        kind="host_requested", state__in=["pending", "sending", "failed"]
    )
    stops = {}
    for mail in waiting:
        stop_id = mail.context.get("stop_id")
        if stop_id not in stops:
            stops[stop_id] = Stop.objects.filter(pk=stop_id).first()
        stop = stops[stop_id]
        if stop is None:
            continue
        derived = derived_secret(str(stop.token_seed), purpose="host-link")
        if mail.context.get("token_digest") == _short(stop.host_token):
            mail.context = {**mail.context, "token_digest": _short(derived)}
            mail.save(update_fields=["context"])


# Going back, the plain host token becomes the derived link again (restore_plain_tokens),
# so the mails' digests still match: nothing to do.
backward = migrations.RunPython.noop


_registration = plain_token_migration(
    "events.registration", purpose="registration-link", plain_field="token"
)
_stop = plain_token_migration("events.stop", purpose="host-link", plain_field="host_token")
# The stop's operations up to and including the data step (seed and digests filled, the
# plain token still there), then the mails, then the rest.
_FILLED = 5


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_translated_texts"),
        ("notify", "0002_outboundmail_about_instead_of_booking"),
    ]

    operations = [
        *_registration,
        *_stop[:_FILLED],
        migrations.RunPython(forward, backward),
        *_stop[_FILLED:],
    ]
