"""Booking.slot and WaitlistEntry.slot lose their own indexes: the (slot, status[, created])
indexes serve every lookup by slot. Dropped directly (core.migration_ops), not by
AlterField, which would also drop and re-add the foreign keys and re-check every booking
under a lock that stops bookings."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropColumnIndexes


def _slot_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="tours.slot",
        verbose_name="slot",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0017_booking_price_snapshot"),
        ("tours", "0011_slot_tour_served_by_tour_start_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="booking", name="slot", field=_slot_field("bookings")
                ),
                migrations.AlterField(
                    model_name="waitlistentry",
                    name="slot",
                    field=_slot_field("waitlist_entries"),
                ),
            ],
            database_operations=[
                DropColumnIndexes("booking_booking", "slot_id"),
                DropColumnIndexes("booking_waitlistentry", "slot_id"),
            ],
        ),
    ]
