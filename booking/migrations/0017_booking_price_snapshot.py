"""Each booking keeps the price it was made at (tours.pricing). Bookings made before this
take their tour's price of today, the best that is known of it."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def take_tour_prices(apps, schema_editor):
    Booking = apps.get_model("booking", "Booking")
    Tour = apps.get_model("tours", "Tour")
    tour = Tour.objects.filter(slots=OuterRef("slot_id"))
    Booking.objects.update(
        unit_price=Subquery(tour.values("price")[:1]),
        price_per=Subquery(tour.values("price_per")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0016_personal_data_erasure"),
        ("tours", "0006_tour_online_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="unit_price",
            field=models.DecimalField(
                decimal_places=2,
                editable=False,
                max_digits=8,
                null=True,
                verbose_name="price at booking (DKK)",
            ),
        ),
        migrations.AddField(
            model_name="booking",
            name="price_per",
            field=models.CharField(
                choices=[("person", "per person"), ("group", "per group")],
                editable=False,
                max_length=10,
                default="person",
                verbose_name="price applies",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(take_tour_prices, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="booking",
            name="unit_price",
            field=models.DecimalField(
                decimal_places=2,
                editable=False,
                max_digits=8,
                verbose_name="price at booking (DKK)",
            ),
        ),
    ]
