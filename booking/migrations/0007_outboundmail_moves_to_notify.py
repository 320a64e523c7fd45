"""OutboundMail now lives in notify (notify 0001 takes over the model's state; its table
and rows stay where they are until notify 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0006_outbound_mail_waitlist_kinds"),
        ("notify", "0001_outboundmail_from_booking"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="OutboundMail")],
        ),
    ]
