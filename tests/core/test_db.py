"""core.db writes the rows the ORM writes: `insert` as `save()` of new instances,
`update_columns` as `save(update_fields=...)`, with the same signals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from booking.models import Booking
from core.db import insert, update_columns
from notify.models import OutboundMail
from tests.factories import SlotFactory
from tours.models import Slot

pytestmark = pytest.mark.django_db

# Made anew for every row, whichever way it is written.
UNIQUE = {"id", "reference", "token_seed", "token_digest", "uid", "created", "updated"}
UNIQUE |= {"confirmed_at"}  # each _booking() stamps its own


def _booking(slot: Slot, **fields) -> Booking:
    return Booking(
        slot=slot,
        party_size=3,
        name="Ada Lund",
        email="ada@example.dk",
        phone="+45 12 34 56 78",
        language="de",
        confirmed_at=timezone.now(),
        **fields,
    )


def _row(obj) -> dict:
    return type(obj).objects.filter(pk=obj.pk).values().get()


def test_insert_writes_the_row_save_writes():
    slot = SlotFactory(tour__price="125.00")
    saved, inserted = _booking(slot), _booking(slot)
    saved.save()
    insert([inserted])
    assert inserted.pk and inserted.pk != saved.pk and not inserted._state.adding
    assert inserted._state.db == "default"
    ours, theirs = _row(inserted), _row(saved)
    assert {k: v for k, v in ours.items() if k not in UNIQUE} == {
        k: v for k, v in theirs.items() if k not in UNIQUE
    }
    # What save() derives: the price snapshot and the link's digest that opens it.
    assert ours["unit_price"] == Decimal("125.00")
    assert Booking.objects.get(Booking.token_lookup(inserted.token)).pk == inserted.pk
    fresh = Booking.objects.get(pk=inserted.pk)
    assert fresh.created and fresh.created >= saved.created


def test_insert_writes_several_rows_in_one_statement(django_assert_num_queries):
    mails = [
        OutboundMail(
            kind="confirmed", about=f"x:{i}", recipient=f"{i}@example.dk", context={"i": i}
        )
        for i in range(3)
    ]
    with django_assert_num_queries(1):
        insert(mails)
    # Each instance got the id of its own row (RETURNING keeps the VALUES order).
    stored = dict(OutboundMail.objects.values_list("pk", "context"))
    assert {m.pk: m.context for m in mails} == stored
    due = OutboundMail.objects.get(pk=mails[0].pk)
    assert due.state == OutboundMail.State.PENDING and due.next_attempt_at <= timezone.now()


def test_insert_and_update_send_the_signals_save_sends():
    heard = []

    def listen(signal):
        return lambda sender, instance, **kw: heard.append(
            (signal, kw.get("created"), kw.get("update_fields"))
        )

    receivers = [(pre_save, listen("pre")), (post_save, listen("post"))]
    for signal, receiver in receivers:
        signal.connect(receiver, sender=Booking)
    try:
        slot = SlotFactory()
        booking = _booking(slot)
        insert([booking])
        booking.party_size = 4
        update_columns(booking, ("party_size",))
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver, sender=Booking)
    assert heard == [
        ("pre", None, None),
        ("post", True, None),
        ("pre", None, frozenset({"party_size"})),
        ("post", False, frozenset({"party_size"})),
    ]


def test_update_columns_writes_only_those_columns():
    slot = SlotFactory(capacity=20)
    slot.booked = 7
    slot.capacity = 99  # changed on the instance, not named: not written
    update_columns(slot, ("booked",))
    slot.refresh_from_db()
    assert (slot.booked, slot.capacity) == (7, 20)


def test_update_columns_of_a_deleted_row_fails_as_save_does():
    slot = SlotFactory()
    Slot.objects.filter(pk=slot.pk).delete()
    slot.booked = 1
    with pytest.raises(DatabaseError):
        update_columns(slot, ("booked",))


def test_insert_refuses_what_it_cannot_write_as_save_would():
    slot = SlotFactory()
    saved = _booking(slot)
    saved.save()
    with pytest.raises(ValueError):
        insert([saved])  # not new
    with pytest.raises(ValueError):
        insert([_booking(slot), OutboundMail(kind="x", recipient="a@example.dk")])
    assert Booking.objects.count() == 1
    # A control: the same new booking alone is written.
    insert([_booking(slot)])
    assert Booking.objects.count() == 2
    assert timezone.now() - Booking.objects.latest("pk").created < timedelta(minutes=1)
