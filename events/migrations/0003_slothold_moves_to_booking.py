"""Slot holds now live in booking (booking 0009 copied the rows); this drops the old table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_organisers_group"),
        ("booking", "0009_slothold"),
    ]

    operations = [migrations.DeleteModel(name="SlotHold")]
