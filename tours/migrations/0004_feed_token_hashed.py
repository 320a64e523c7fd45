"""Companies' private feed tokens are no longer stored: each company keeps a seed its feed
address is derived from and the address's keyed digest; the plain token it had is kept as a
digest too, so every calendar already subscribed keeps working (core.secrets)."""

from django.db import migrations

from core.secrets import plain_token_migration


class Migration(migrations.Migration):
    dependencies = [("tours", "0003_translated_texts")]

    operations = plain_token_migration(
        "tours.company", purpose="feed-link", plain_field="feed_token"
    )
