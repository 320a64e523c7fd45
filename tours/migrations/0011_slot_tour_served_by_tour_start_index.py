"""Slot.tour loses its own index: (tour_id, start) serves every lookup by tour. The index is
dropped directly (core.migration_ops), not by AlterField, which would also drop and re-add
the foreign key and re-check every slot under a lock that stops writes."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropColumnIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("tours", "0010_company_photo_fields_removed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="slot",
                    name="tour",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="slots",
                        to="tours.tour",
                        verbose_name="tour",
                    ),
                ),
            ],
            database_operations=[DropColumnIndexes("tours_slot", "tour_id")],
        ),
    ]
