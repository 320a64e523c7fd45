"""Slot holds become booking's (booking.holds): any app may hold a slot through the booking
services, which alone write a slot's status. The rows of events.SlotHold are copied here,
each naming its stop as the holder ("events.stop:<id>"); events 0003 then drops its table.
Going back copies them the other way."""

import django.db.models.deletion
from django.db import migrations, models


def from_events(apps, schema_editor):
    Old = apps.get_model("events", "SlotHold")
    New = apps.get_model("booking", "SlotHold")
    New.objects.bulk_create(
        New(slot_id=hold.slot_id, holder=f"events.stop:{hold.stop_id}", created=hold.created)
        for hold in Old.objects.all()
    )


def to_events(apps, schema_editor):
    Old = apps.get_model("events", "SlotHold")
    New = apps.get_model("booking", "SlotHold")
    rows = New.objects.filter(holder__startswith="events.stop:")
    Old.objects.bulk_create(
        Old(slot_id=hold.slot_id, stop_id=int(hold.holder.partition(":")[2]), created=hold.created)
        for hold in rows
    )


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0008_queued_tasks_new_paths"),
        ("events", "0002_event_organisers_group"),
        ("tours", "0002_company_photo"),
    ]

    operations = [
        migrations.CreateModel(
            name="SlotHold",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("holder", models.CharField(db_index=True, max_length=80, verbose_name="held by")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("slot", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="hold", to="tours.slot", verbose_name="slot")),
            ],
            options={"verbose_name": "slot hold", "verbose_name_plural": "slot holds"},
        ),
        migrations.RunPython(from_events, to_events),
    ]
