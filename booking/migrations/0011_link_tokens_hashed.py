"""Bookings' and waiting-list entries' link tokens are no longer stored: each row keeps a
seed its link is derived from and the link's keyed digest; the plain token it had is kept
as a digest too, so every link already mailed keeps working (core.secrets)."""

from django.db import migrations

from core.secrets import plain_token_migration


class Migration(migrations.Migration):
    dependencies = [("booking", "0010_booking_arrival")]

    operations = [
        *plain_token_migration("booking.booking", purpose="booking-link", plain_field="token"),
        *plain_token_migration(
            "booking.waitlistentry", purpose="waitlist-link", plain_field="token"
        ),
    ]
