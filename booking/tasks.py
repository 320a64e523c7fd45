"""Old addresses of queued tasks, kept so that task rows enqueued under them still run.

Each task now lives beside the service it runs: mail delivery in notify.outbox, reminders in
booking.reminders, the lost-link lookup in booking.links, offer expiry in booking.waitlist.
The worker finds a task by the dotted path stored in its row (`task_path`), so rows that an
older release enqueued name the paths below. Migration booking 0008 rewrites the paths of
rows still waiting at deploy time; these aliases cover rows that old processes enqueue
during a rolling deploy. Once no READY row names `booking.tasks.` (see docs/architecture.md,
"Moving a task"), this module can go.
"""

from booking.links import send_lost_link
from booking.reminders import booking_remind_task
from booking.waitlist import waitlist_expire_task
from notify.outbox import deliver_mail

# The old path -> the task's home now (also read by migration booking 0008).
MOVED = {
    "booking.tasks.deliver_mail": "notify.outbox.deliver_mail",
    "booking.tasks.booking_remind_task": "booking.reminders.booking_remind_task",
    "booking.tasks.send_lost_link": "booking.links.send_lost_link",
    "booking.tasks.waitlist_expire_task": "booking.waitlist.waitlist_expire_task",
}

__all__ = ["booking_remind_task", "deliver_mail", "send_lost_link", "waitlist_expire_task"]
