"""Jobs the task worker runs on a schedule: the lease sweeper (every minute) and the
retention of personal data (daily). An app registers a task and its period in its
AppConfig.ready(); the worker (notify's `db_worker`) calls `run_due()` every few seconds
beside its queue.

A due job is not run by the caller: it is claimed in the database (notify.PeriodicJob, a
conditional UPDATE of its last run) and its task enqueued in the same transaction, so it
runs once per period across every worker and host, shows in the task admin with its result,
and a worker restarted ten times a day still runs a daily job once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import Task
from django.utils import timezone

from notify.models import PeriodicJob


@dataclass(frozen=True)
class Job:
    task: Task
    # A callable, so that a period set in settings is read when the worker asks, not at
    # import time.
    every: Callable[[], timedelta]

    @property
    def name(self) -> str:
        return self.task.module_path


_JOBS: dict[str, Job] = {}


def register(task: Task, *, every: Callable[[], timedelta]) -> Task:
    """Runs `task` (a task that takes no arguments) once every `every()`."""
    job = Job(task=task, every=every)
    _JOBS[job.name] = job
    return task


def jobs() -> list[Job]:
    return list(_JOBS.values())


def run_due(*, now: datetime | None = None) -> list[str]:
    """Enqueues every registered job that is due and not yet claimed by another worker;
    returns the names of those this call enqueued."""
    now = now or timezone.now()
    known = jobs()
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=job.name) for job in known], ignore_conflicts=True
    )
    started = []
    for job in known:
        with transaction.atomic():
            due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.every())
            if PeriodicJob.objects.filter(due, name=job.name).update(last_run_at=now):
                job.task.enqueue()
                started.append(job.name)
    return started
