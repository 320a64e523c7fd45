"""OutboundMail.about keeps one plain index and loses PostgreSQL's LIKE copy, which no query
uses. The LIKE index is dropped and the plain one renamed to its Meta name: no index is
built, so mail (and the bookings that write it) is not held up while this runs."""

from django.db import migrations, models

from core.migration_ops import DropColumnIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0006_outboundmail_claimed_by"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="outboundmail",
                    name="about",
                    field=models.CharField(blank=True, max_length=80, verbose_name="about"),
                ),
            ],
            database_operations=[
                DropColumnIndexes("notify_outboundmail", "about", like_only=True)
            ],
        ),
        # The field's own index, now found by its column alone, gets the Meta index's name.
        migrations.RenameIndex(
            model_name="outboundmail", new_name="notify_mail_about", old_fields=("about",)
        ),
    ]
