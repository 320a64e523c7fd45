"""The lease sweeper: work claimed by a task worker that died is given back.

A worker killed mid-send (SIGKILL, the host lost, the OOM killer) leaves behind what it had
claimed: the mail it was sending stays SENDING, the webhook deliveries of its task stay
PENDING with no task left to send them, and its task row stays RUNNING for ever. Every
claim carries a lease (`claimed_at` of a mail or delivery, the task row's `started_at`);
once a lease has run out, `sweep()`, run by the worker every WORKER_SWEEP_SECONDS
(notify.periodic):

- returns each mail SENDING longer than OUTBOX_LEASE_SECONDS to PENDING, due now (or
  FAILED when its attempts are used up: a message that kills the worker each time stops
  after MAX_ATTEMPTS); the workers' poll of due mails sends it. A PENDING mail needs no
  sweep: the poll finds every due mail, whichever worker wrote or last tried it;
- does the same for webhook deliveries (notify.webhooks, with its own lease), and, since
  these are sent by tasks, queues a delivery for each PENDING one overdue by more than the
  lease (its task died with the worker) and makes it due from now, so it is queued again
  only after another lease. Should its task still be waiting behind a long queue, the
  extra task finds the delivery claimed or sent and does nothing (the claim is a
  conditional UPDATE);
- marks each task row RUNNING longer than TASK_LEASE_SECONDS as FAILED, naming the cause;
- runs the sweepers other outboxes registered (`@sweeps`).

The mail that was in flight is sent again: at least once, and at most once more than
needed when the server had taken it before the worker died (docs/mail-and-calendar.md).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notify import outbox, webhooks
from notify.models import OutboundMail, WebhookDelivery

logger = logging.getLogger(__name__)

Sweeper = Callable[[datetime], int]
_SWEEPERS: list[Sweeper] = []


def sweeps(sweeper: Sweeper) -> Sweeper:
    """Registers `sweeper(now) -> rows given back` with the sweep, for an outbox of an app
    above notify. It must be idempotent: every worker may run it."""
    _SWEEPERS.append(sweeper)
    return sweeper


def task_lease() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def sweep_every() -> timedelta:
    return timedelta(seconds=settings.WORKER_SWEEP_SECONDS)


@task
def sweep_task() -> dict[str, int]:
    """The sweep, as the worker's periodic job; returns what it gave back."""
    return sweep()


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    result = {
        "mails": mails_sweep(now=now),
        "webhooks": webhooks_sweep(now=now),
        "tasks": tasks_sweep(now=now),
    }
    for sweeper in _SWEEPERS:
        result[sweeper.__module__] = sweeper(now)
    if any(result.values()):
        logger.warning("lease sweep gave back %s", result)
    return result


def _give_back(
    model, *, now: datetime, lease: timedelta, max_attempts: int, enqueue: Callable | None
) -> int:
    """One outbox's sweep: rows SENDING past their lease go back to PENDING, due now
    (FAILED when their attempts are used up). For an outbox sent by tasks (`enqueue`), one
    task is queued for them and for the PENDING rows overdue by more than the lease; an
    outbox that is polled needs neither. Returns how many rows it gave back or failed."""
    expired = now - lease
    State = model.State
    with transaction.atomic():
        # Each UPDATE repeats the lease condition: a live worker may re-claim an expired
        # row (an old duplicate task) between the SELECT and the UPDATE.
        stuck = model.objects.filter(state=State.SENDING, claimed_at__lt=expired)
        stuck_ids = list(stuck.select_for_update(skip_locked=True).values_list("pk", flat=True))
        stuck = stuck.filter(pk__in=stuck_ids)
        spent = stuck.filter(attempts__gte=max_attempts).update(
            state=State.FAILED, claimed_at=None, last_error="the worker sending it stopped"
        )
        given_back = stuck.update(
            state=State.PENDING,
            next_attempt_at=now,
            claimed_at=None,
            last_error="the worker sending it stopped; sent again",
        )
        if enqueue is None:
            return given_back + spent
        due = model.objects.filter(state=State.PENDING).filter(
            Q(pk__in=stuck_ids) | Q(next_attempt_at__lte=expired)
        )
        due_ids = sorted(due.values_list("pk", flat=True))
        # Due from now: the next sweep queues them again only if another lease runs out.
        model.objects.filter(pk__in=due_ids).update(next_attempt_at=now)
        if due_ids:
            enqueue(due_ids)
    return len(due_ids) + spent


def mails_sweep(*, now: datetime) -> int:
    """Gives back the mails of dead workers; the poll sends them."""
    return _give_back(
        OutboundMail,
        now=now,
        lease=outbox.sending_lease(),
        max_attempts=outbox.MAX_ATTEMPTS,
        enqueue=None,
    )


def webhooks_sweep(*, now: datetime) -> int:
    """The same for webhook deliveries (notify.webhooks, with its own lease)."""
    return _give_back(
        WebhookDelivery,
        now=now,
        lease=webhooks.SENDING_LEASE,
        max_attempts=webhooks.MAX_ATTEMPTS,
        enqueue=lambda ids: webhooks.deliver_webhooks.enqueue(delivery_ids=ids),
    )


def tasks_sweep(*, now: datetime) -> int:
    """Marks the task rows of dead workers FAILED, so the task admin shows what happened
    (the work they held is given back by the outboxes' own sweeps); returns how many."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - task_lease()
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="notify.sweep.WorkerLost",
        traceback=(
            "The worker running this task stopped before it finished (its lease of "
            f"{settings.TASK_LEASE_SECONDS} s ran out); the lease sweeper gave its work back."
        ),
    )


def tasks_prune_every() -> timedelta:
    return timedelta(days=1)


@task
def tasks_prune_task() -> int:
    """The daily job: forgets finished task rows older than RETENTION_DAYS (they hold ids and
    outcomes only, but nothing needs them longer); returns how many."""
    return tasks_prune(now=timezone.now())


def tasks_prune(*, now: datetime) -> int:
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    return deleted
