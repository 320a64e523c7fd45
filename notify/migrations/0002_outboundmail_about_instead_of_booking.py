"""The outbox stops knowing the booking model (it sits below booking): each mail about a
booking keeps the booking's id in its `context` (as every other mail already did for its
rows) and names it in `about` ("booking.booking:42"), then the foreign key goes and the table
takes notify's name. Going back restores the key from `about`."""

from django.db import migrations, models


def booking_to_about(apps, schema_editor):
    OutboundMail = apps.get_model("notify", "OutboundMail")
    for mail in OutboundMail.objects.exclude(booking=None).only("pk", "booking_id", "context"):
        mail.context = {**mail.context, "booking_id": mail.booking_id}
        mail.about = f"booking.booking:{mail.booking_id}"
        mail.save(update_fields=["context", "about"])
    for key, label in (
        ("entry_id", "booking.waitlistentry"),
        ("registration_id", "events.registration"),
        ("stop_id", "events.stop"),
    ):
        for mail in OutboundMail.objects.filter(booking=None, about="", context__has_key=key):
            mail.about = f"{label}:{mail.context[key]}"
            mail.save(update_fields=["about"])


def about_to_booking(apps, schema_editor):
    OutboundMail = apps.get_model("notify", "OutboundMail")
    for mail in OutboundMail.objects.filter(about__startswith="booking.booking:"):
        mail.booking_id = int(mail.about.partition(":")[2])
        mail.save(update_fields=["booking"])


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_outboundmail_from_booking"),
        ("booking", "0007_outboundmail_moves_to_notify"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundmail",
            name="about",
            field=models.CharField(blank=True, db_index=True, max_length=80, verbose_name="about"),
        ),
        migrations.RunPython(booking_to_about, about_to_booking),
        migrations.RemoveField(model_name="outboundmail", name="booking"),
        migrations.AlterModelTable(name="outboundmail", table=None),
        migrations.RenameIndex(
            model_name="outboundmail",
            new_name="notify_outb_state_95a6dd_idx",
            old_name="booking_out_state_2a1763_idx",
        ),
    ]
