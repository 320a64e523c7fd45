"""The lease sweeper gives back what a dead worker held, and only that; the scheduled jobs
run once per period across workers."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notify import outbox, periodic, sweep, webhooks
from notify.models import OutboundMail, PeriodicJob, WebhookDelivery, WebhookEndpoint
from tests.factories import SlotFactory, book

pytestmark = pytest.mark.django_db


def _mails_of_a_new_booking() -> list[OutboundMail]:
    book(SlotFactory())
    return list(OutboundMail.objects.order_by("pk"))


def _running_task(*, since) -> DBTaskResult:
    """A task row a worker claimed at `since` (the sweep, as any task)."""
    periodic.run_due(now=since)
    task = DBTaskResult.objects.get(task_path="notify.sweep.sweep_task")
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=since, worker_ids=["dead"]
    )
    return task


def _as_if_a_worker_died_sending(first: OutboundMail, *, ago: timedelta) -> DBTaskResult:
    """What SIGKILL mid-send leaves: the first mail SENDING, the others PENDING, a task
    RUNNING, all since `ago`."""
    then = timezone.now() - ago
    OutboundMail.objects.update(next_attempt_at=then)
    assert outbox.mail_claim(mail_id=first.pk, now=then, worker="dead") is not None
    return _running_task(since=then)


def test_after_the_lease_a_dead_workers_mail_and_task_are_given_back():
    first, second = _mails_of_a_new_booking()
    task = _as_if_a_worker_died_sending(first, ago=outbox.sending_lease() + timedelta(seconds=5))

    assert sweep.sweep() == {"mails": 1, "webhooks": 0, "tasks": 1}

    first.refresh_from_db()
    assert (first.state, first.claimed_at, first.attempts) == ("pending", None, 1)
    assert first.next_attempt_at <= timezone.now()  # due: the next poll sends it
    assert "stopped" in first.last_error
    second.refresh_from_db()
    assert (second.state, second.attempts) == ("pending", 0)  # never claimed: untouched
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "notify.sweep.WorkerLost"
    assert sweep.sweep() == {"mails": 0, "webhooks": 0, "tasks": 0}  # nothing is given back twice
    # The poll sends both, each once.
    assert set(outbox.mails_deliver_due().values()) == {"sent"}
    assert set(OutboundMail.objects.values_list("state", flat=True)) == {"sent"}


def test_within_the_lease_a_living_workers_claims_are_left_alone():
    """The control: the same rows, a second inside the lease, are not touched."""
    first, second = _mails_of_a_new_booking()
    task = _as_if_a_worker_died_sending(first, ago=outbox.sending_lease() - timedelta(seconds=5))

    assert sweep.sweep() == {"mails": 0, "webhooks": 0, "tasks": 0}

    first.refresh_from_db()
    assert (first.state, first.claimed_by) == ("sending", "dead")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    # The poll sends the mail nobody holds and leaves the held one to its worker.
    assert outbox.mails_deliver_due() == {str(second.pk): "sent"}
    first.refresh_from_db()
    assert first.state == "sending"


def test_a_mail_that_used_up_its_attempts_fails_instead_of_killing_workers_for_ever():
    first, _second = _mails_of_a_new_booking()
    _as_if_a_worker_died_sending(first, ago=outbox.sending_lease() * 2)
    OutboundMail.objects.filter(pk=first.pk).update(attempts=outbox.MAX_ATTEMPTS)

    sweep.sweep()

    first.refresh_from_db()
    assert first.state == "failed"


def test_a_scheduled_job_runs_once_per_period_however_many_workers_ask(settings):
    settings.WORKER_SWEEP_SECONDS = 60
    now = timezone.now()
    # Other apps schedule their own jobs at the same period (booking's expiry of holds).
    assert "notify.sweep.sweep_task" in periodic.run_due(now=now)
    assert periodic.run_due(now=now) == []  # the second worker, the same moment
    assert periodic.run_due(now=now + timedelta(seconds=30)) == []
    assert "notify.sweep.sweep_task" in periodic.run_due(now=now + timedelta(seconds=61))
    assert DBTaskResult.objects.filter(task_path="notify.sweep.sweep_task").count() == 2
    assert PeriodicJob.objects.get(name="notify.sweep.sweep_task").last_run_at is not None


def _webhook_delivery(*, claimed_ago: timedelta) -> WebhookDelivery:
    endpoint = WebhookEndpoint.objects.create(
        url="https://partner.example.com/hooks", event_types=["booking.created"]
    )
    with transaction.atomic():
        message = webhooks.webhook_emit(event_type="booking.created", data={"id": 1})
    [delivery] = message.deliveries.all()
    assert delivery.endpoint == endpoint
    then = timezone.now() - claimed_ago
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=then)
    assert webhooks.delivery_claim(delivery_id=delivery.pk, now=then) is not None
    return delivery


def test_a_webhook_delivery_a_dead_worker_held_is_given_back_after_its_lease():
    delivery = _webhook_delivery(claimed_ago=webhooks.SENDING_LEASE + timedelta(seconds=5))
    assert sweep.webhooks_sweep(now=timezone.now()) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.claimed_at) == ("pending", None)
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="notify.webhooks.deliver_webhooks"
    )
    assert [t.args_kwargs["kwargs"] for t in queued.order_by("enqueued_at")][-1] == {
        "delivery_ids": [delivery.pk]
    }


def test_a_webhook_delivery_within_its_lease_is_left_alone():
    delivery = _webhook_delivery(claimed_ago=webhooks.SENDING_LEASE - timedelta(seconds=5))
    assert sweep.webhooks_sweep(now=timezone.now()) == 0
    delivery.refresh_from_db()
    assert delivery.state == "sending"


def test_finished_task_rows_are_forgotten_after_the_retention_period(settings):
    settings.RETENTION_DAYS = 30
    now = timezone.now()
    periodic.run_due(now=now - timedelta(days=31))
    assert DBTaskResult.objects.exists()
    DBTaskResult.objects.update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - timedelta(days=31)
    )
    waiting = DBTaskResult.objects.create(
        task_path="notify.sweep.sweep_task", args_kwargs={"args": [], "kwargs": {}},
        backend_name="default", run_after=now,
    )  # fmt: skip
    assert sweep.tasks_prune(now=now) > 0
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [waiting.pk]
