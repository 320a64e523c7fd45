"""The lost-link task used to carry the visitor's e-mail address and reference in its
arguments, which the task table keeps long after the request. Rows still waiting are
rewritten to the booking's id (or none); finished rows lose the address."""

from django.db import migrations

PATHS = ["booking.links.send_lost_link", "booking.tasks.send_lost_link"]


def forward(apps, schema_editor) -> None:
    Task = apps.get_model("django_tasks_database", "DBTaskResult")
    Booking = apps.get_model("booking", "Booking")
    for row in Task.objects.filter(task_path__in=PATHS):
        kwargs = (row.args_kwargs or {}).get("kwargs", {})
        if "email" not in kwargs:
            continue
        booking_id = None
        if row.status == "READY":
            match = Booking.objects.filter(
                reference=kwargs.get("reference", ""), email__iexact=kwargs["email"]
            ).values_list("pk", flat=True)
            booking_id = next(iter(match), None)
        row.args_kwargs = {"args": [], "kwargs": {"booking_id": booking_id}}
        row.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0011_link_tokens_hashed"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
