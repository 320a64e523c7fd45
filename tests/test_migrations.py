"""The layering moved models between apps; their rows must survive. Rows are written at the
schema of the revision before the move (booking 0006, events 0002, workspace 0001, no
notify), then the migrations run forward and the same facts are read from the new homes;
then backward, and the old rows are there again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("booking", "0006_outbound_mail_waitlist_kinds"),
    ("events", "0002_event_organisers_group"),
    ("workspace", "0001_memberships_profiles_patterns"),
    ("tours", "0002_company_photo"),
    ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ("notify", None),
]


def _migrate(targets):
    """Migrates to `targets` and returns the historical models there."""
    MigrationExecutor(connection).migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.fixture
def back_to_latest():
    """Whatever happens, the test database ends at the latest schema for the next test."""
    yield
    _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(apps) -> dict:
    """The rows the old schema held, written through the old models."""
    User = apps.get_model("auth", "User")
    Company = apps.get_model("tours", "Company")
    Tour = apps.get_model("tours", "Tour")
    Slot = apps.get_model("tours", "Slot")
    Booking = apps.get_model("booking", "Booking")
    OutboundMail = apps.get_model("booking", "OutboundMail")
    Event = apps.get_model("events", "Event")
    Stop = apps.get_model("events", "Stop")
    SlotHold = apps.get_model("events", "SlotHold")
    Profile = apps.get_model("workspace", "Profile")
    Task = apps.get_model("django_tasks_database", "DBTaskResult")

    now = timezone.now()
    user = User.objects.create(username="koordinator", email="k@example.dk")
    Profile.objects.create(user=user, is_coordinator=True)
    company = Company.objects.create(
        name="Lolle Frugt",
        slug="lolle",
        address="Vej 1",
        postal_code="4930",
        city="Maribo",
        municipality="Lolland",
        latitude=54.77,
        longitude=11.5,
        email="f@example.dk",
        phone="12345678",
        photo="",
    )
    tour = Tour.objects.create(company=company, title="Æbler", meeting_point="Gården")
    start = now + timedelta(days=5)
    slot = Slot.objects.create(tour=tour, start=start, end=start + timedelta(hours=1), capacity=9)
    held = Slot.objects.create(
        tour=tour,
        start=start + timedelta(hours=3),
        end=start + timedelta(hours=4),
        capacity=9,
        status="closed",
    )
    booking = Booking.objects.create(
        slot=slot,
        name="Anne",
        email="anne@example.dk",
        party_size=2,
        reference="K7MQ4PX9",
        token="t" * 43,
    )
    mail = OutboundMail.objects.create(
        booking=booking, kind="confirmed", recipient="anne@example.dk", state="sent"
    )
    entry_mail = OutboundMail.objects.create(
        kind="waitlist_joined", recipient="w@example.dk", context={"entry_id": 7}
    )
    event = Event.objects.create(
        organiser=user,
        title="Stafet",
        slug="stafet",
        capacity=20,
        registration_deadline=start,
        meeting_point="Maribo",
    )
    stop = Stop.objects.create(
        event=event, company=company, start=held.start, end=held.end, host_token="h" * 43
    )
    SlotHold.objects.create(stop=stop, slot=held)
    task = Task.objects.create(
        task_path="booking.tasks.booking_remind_task",
        status="READY",
        args_kwargs={},
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=now,
    )
    return {
        "user": user.pk,
        "booking": booking.pk,
        "mail": mail.pk,
        "entry_mail": entry_mail.pk,
        "stop": stop.pk,
        "held": held.pk,
        "task": task.pk,
    }


def test_moved_models_keep_their_rows_forward_and_back(back_to_latest):
    old = _migrate(BEFORE)
    ids = _old_rows(old)

    new = _migrate(_latest())
    OutboundMail = new.get_model("notify", "OutboundMail")
    mail = OutboundMail.objects.get(pk=ids["mail"])
    assert (mail.kind, mail.state, mail.recipient) == ("confirmed", "sent", "anne@example.dk")
    assert mail.context == {"booking_id": ids["booking"]}
    assert mail.about == f"booking.booking:{ids['booking']}"
    assert OutboundMail.objects.get(pk=ids["entry_mail"]).about == "booking.waitlistentry:7"
    hold = new.get_model("booking", "SlotHold").objects.get(slot_id=ids["held"])
    assert hold.holder == f"events.stop:{ids['stop']}"
    assert new.get_model("tours", "Slot").objects.get(pk=ids["held"]).status == "closed"
    coordinators = new.get_model("auth", "Group").objects.get(name="Cluster coordinators")
    assert list(coordinators.user_set.values_list("pk", flat=True)) == [ids["user"]]
    task = new.get_model("django_tasks_database", "DBTaskResult").objects.get(pk=ids["task"])
    assert task.task_path == "booking.reminders.booking_remind_task"

    back = _migrate(BEFORE)
    assert (
        back.get_model("booking", "OutboundMail").objects.get(pk=ids["mail"]).booking_id
        == (ids["booking"])
    )
    assert (
        back.get_model("events", "SlotHold").objects.get(slot_id=ids["held"]).stop_id
        == (ids["stop"])
    )
    assert back.get_model("workspace", "Profile").objects.get(user_id=ids["user"]).is_coordinator


def test_the_old_task_paths_still_name_the_tasks():
    """Rows an old process enqueues during a rolling deploy still find their task."""
    from django.utils.module_loading import import_string

    from booking.tasks import MOVED

    for old, new in MOVED.items():
        assert import_string(old) is import_string(new)
