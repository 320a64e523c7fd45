"""OutboundMail moves from booking to notify, keeping its table and rows: this migration
only tells Django's state that the model now lives here (booking 0007 forgets it there).
The next migration changes the table itself."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("booking", "0006_outbound_mail_waitlist_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="OutboundMail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=30, verbose_name="kind")),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("state", models.CharField(choices=[("pending", "Waiting"), ("sending", "Being sent"), ("sent", "Sent"), ("failed", "Failed"), ("skipped", "Not needed")], default="pending", max_length=10, verbose_name="state")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt")),
                        ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="sending since")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("message_id", models.CharField(blank=True, max_length=200, verbose_name="Message-ID")),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("booking", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="booking.booking", verbose_name="booking")),
                    ],
                    options={
                        "verbose_name": "e-mail",
                        "verbose_name_plural": "e-mails",
                        "ordering": ["-created", "-pk"],
                        "db_table": "booking_outboundmail",
                        "indexes": [models.Index(fields=["state", "next_attempt_at"], name="booking_out_state_2a1763_idx")],
                    },
                ),
            ],
        ),
    ]
