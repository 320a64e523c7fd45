"""`manage.py db_worker`: django-tasks-db's worker, plus the mail outbox and the scheduled
jobs.

Beside the queue, two threads of the worker process:

- the outbox poll sends the mails that are due (notify.outbox.mails_deliver_due), then
  looks again after OUTBOX_POLL_SECONDS; mail needs no task row (docs/mail-and-calendar.md);
- the scheduler asks every few seconds whether a scheduled job (notify.periodic: the lease
  sweeper, the daily retention) is due, and enqueues it; the queue then runs it like any
  task.

`--batch` (the tests' worker) has neither thread: it runs the queue and sends the due mail
in turns until both are empty, then exits. This command replaces django-tasks-db's own
because notify comes before django_tasks_db in INSTALLED_APPS.
"""

import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from notify import outbox, periodic

logger = logging.getLogger("notify.worker")


class Scheduler(threading.Thread):
    def __init__(self, tick: float) -> None:
        super().__init__(name="scheduler", daemon=True)
        self.tick = tick

    def run(self) -> None:
        while True:
            try:
                started = periodic.run_due()
                if started:
                    logger.info("scheduled jobs enqueued: %s", ", ".join(started))
            except Exception:  # the queue keeps running; the next tick tries again
                logger.exception("scheduled jobs could not be checked")
            finally:
                connections.close_all()
            time.sleep(self.tick)


class OutboxPoll(threading.Thread):
    """Sends the due mail, and looks again every `every` seconds while there is none.

    Not a daemon: when the worker stops (SIGTERM: django-tasks-db's handler ends the main
    thread), the mail being sent is finished and recorded before the process exits, rather
    than left SENDING until its lease runs out."""

    def __init__(self, every: float, worker: str) -> None:
        super().__init__(name="outbox", daemon=False)
        self.every = every
        self.worker = worker

    def run(self) -> None:
        running = threading.main_thread().is_alive
        while running():
            sent = {}
            try:
                close_old_connections()  # CONN_MAX_AGE and the health check, as per request
                sent = outbox.mails_deliver_due(worker=self.worker, keep_going=running)
            except Exception:  # the database went away: log, and try again after a pause
                logger.exception("the outbox could not be polled")
                connections.close_all()
            if not sent:
                self._pause(running)
        connections.close_all()

    def _pause(self, running) -> None:
        # In steps of at most a fifth of a second, so a stopping worker exits promptly.
        deadline = time.monotonic() + self.every
        while running() and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))


class Command(db_worker.Command):
    help = "Run the task worker: the queue in the database, and the scheduled jobs."

    def handle(self, *args, **options) -> None:
        if not settings.SITE_URL:
            # The worker writes every link in every mail; without its start they all break.
            raise CommandError(
                "SITE_URL is not set. Set it to the site's public address, e.g. "
                "SITE_URL=https://booking.example.dk (see .env.example); DEBUG=1 derives it "
                "from PORT."
            )
        if options.get("batch"):
            self._batch(*args, **options)
            return
        reloading = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        # With --reload only the child process (the one that runs tasks) polls and schedules.
        if not reloading:
            OutboxPoll(max(settings.OUTBOX_POLL_SECONDS, 0.05), options["worker_id"]).start()
            tick = min(max(settings.WORKER_SWEEP_SECONDS, 1), 60)
            Scheduler(tick).start()
        super().handle(*args, **options)

    def _batch(self, *args, **options) -> None:
        """The queue and the mail in turns: a task may write mail (a reminder), and sending
        mail writes no task, so this ends once a round sends nothing. A SIGTERM while mail
        is sent lets the mail in hand finish and be recorded, then stops."""
        options = {**options, "reload": False}
        stopping = threading.Event()
        while True:
            super().handle(*args, **options)
            options["startup_delay"] = False  # the random delay is for the first start only
            previous = signal.signal(signal.SIGTERM, lambda *_: stopping.set())
            try:
                sent = outbox.mails_deliver_due(
                    worker=options["worker_id"], keep_going=lambda: not stopping.is_set()
                )
            finally:
                signal.signal(signal.SIGTERM, previous)
            if not sent or stopping.is_set():
                return
