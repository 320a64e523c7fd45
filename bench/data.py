"""The benchmark's data, written in bulk straight to the tables it measures."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from booking.models import Booking, new_reference, new_token
from tours.models import Company, Slot, Tour

FEED_SLOTS = 1_000
READ_SLOTS = 10_000
READ_BOOKINGS = 100_000
SPREAD_SLOTS = 10_000


def _company(n: int) -> Company:
    return Company.objects.create(
        name=f"Bench Frugt {n}",
        slug=f"bench-{n}",
        municipality="Lolland Kommune",
        address=f"Frugtvej {n}",
        postal_code="4930",
        city="Maribo",
        latitude=Decimal("54.77640"),
        longitude=Decimal("11.50120"),
        email=f"bench{n}@example.dk",
        phone="+45 11 22 33 44",
    )


def _tour(company: Company, title: str) -> Tour:
    return Tour.objects.create(
        company=company,
        title=title,
        meeting_point="Gården",
        languages=["da", "en"],
        published=True,
        booking_cutoff=timedelta(0),
    )


def _slots(tour: Tour, count: int, capacity: int, *, per_day: int = 10) -> list[Slot]:
    """`count` slots, `per_day` a day from 08:00, starting tomorrow (local time)."""
    first = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    first += timedelta(days=1)
    slots = [
        Slot(
            tour=tour,
            start=first + timedelta(days=n // per_day, hours=n % per_day),
            end=first + timedelta(days=n // per_day, hours=n % per_day, minutes=45),
            capacity=capacity,
        )
        for n in range(count)
    ]
    return Slot.objects.bulk_create(slots, batch_size=5_000)


def build_feed() -> None:
    """1,000 upcoming slots over seven companies: what the cluster feed will hold."""
    per_company = FEED_SLOTS // 7 + 1
    made = 0
    for n in range(7):
        count = min(per_company, FEED_SLOTS - made)
        _slots(_tour(_company(n), f"Feed tour {n}"), count, capacity=20, per_day=4)
        made += count


def build_rest() -> dict:
    company = _company(99)
    read_tour = _tour(company, "Read tour")
    read_slots = _slots(read_tour, READ_SLOTS, capacity=20)
    _bookings(read_slots, READ_BOOKINGS // READ_SLOTS)
    spread = _slots(_tour(company, "Spread tour"), SPREAD_SLOTS, capacity=1_000)
    hot = _slots(_tour(company, "Hot tour"), 1, capacity=10_000_000)[0]
    start = timezone.localdate() + timedelta(days=30)
    return {
        "read_tour": read_tour.pk,
        "window": (start.isoformat(), (start + timedelta(days=14)).isoformat()),
        "hot_slot": hot.pk,
        "spread_slots": (spread[0].pk, spread[-1].pk),
    }


def _bookings(slots: list[Slot], per_slot: int) -> None:
    batch = []
    for slot in slots:
        for n in range(per_slot):
            batch.append(
                Booking(
                    slot=slot,
                    reference=new_reference(),
                    token=new_token(),
                    name=f"Gæst {n}",
                    email=f"guest{slot.pk}-{n}@example.com",
                    party_size=1,
                )
            )
        if len(batch) >= 10_000:
            Booking.objects.bulk_create(batch, batch_size=5_000)
            batch = []
    Booking.objects.bulk_create(batch, batch_size=5_000)
    Slot.objects.filter(pk__in=[s.pk for s in slots]).update(booked=per_slot)


def overbookings() -> int:
    """Slots whose confirmed bookings exceed their capacity, or disagree with `booked`."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM tours_slot s
            LEFT JOIN (SELECT slot_id, sum(party_size) AS sold FROM booking_booking
                       WHERE status = 'confirmed' GROUP BY slot_id) b ON b.slot_id = s.id
            WHERE coalesce(b.sold, 0) > s.capacity OR coalesce(b.sold, 0) <> s.booked
        """)
        return cursor.fetchone()[0]
