"""Task rows still waiting to run name the tasks' old module (booking.tasks); they now live
beside their services. Rewrite the paths of waiting rows, so the worker imports the tasks
from their new homes (booking/tasks.py keeps aliases for rows enqueued meanwhile)."""

from django.db import migrations

MOVED = {
    "booking.tasks.deliver_mail": "notify.outbox.deliver_mail",
    "booking.tasks.booking_remind_task": "booking.reminders.booking_remind_task",
    "booking.tasks.send_lost_link": "booking.links.send_lost_link",
    "booking.tasks.waitlist_expire_task": "booking.waitlist.waitlist_expire_task",
}


def forwards(apps, schema_editor):
    _rewrite(apps, MOVED)


def backwards(apps, schema_editor):
    _rewrite(apps, {new: old for old, new in MOVED.items()})


def _rewrite(apps, paths: dict[str, str]) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in paths.items():
        DBTaskResult.objects.filter(task_path=old, status="READY").update(task_path=new)


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0007_outboundmail_moves_to_notify"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
