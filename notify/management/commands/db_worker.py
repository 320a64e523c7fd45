"""`manage.py db_worker`: django-tasks-db's worker, plus the scheduled jobs.

Beside the queue, a thread of the worker process asks every few seconds whether a
scheduled job (notify.periodic: the lease sweeper, the daily retention) is due, and
enqueues it; the queue then runs it like any task. Not in `--batch` mode, which drains the
queue once and exits (the tests' worker). This command replaces django-tasks-db's own
because notify comes before django_tasks_db in INSTALLED_APPS.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from notify import periodic

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
        reloading = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        # With --reload only the child process (the one that runs tasks) schedules.
        if not options.get("batch") and not reloading:
            tick = min(max(settings.WORKER_SWEEP_SECONDS, 1), 60)
            Scheduler(tick).start()
        super().handle(*args, **options)
