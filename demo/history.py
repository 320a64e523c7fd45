"""Two years of past departures for the demo, so the figures pages have something to show:
bookings, arrivals (some parties smaller than booked), no-shows and cancellations, in the
seasons of each farm (strawberries in June, apples and cherry wine in the autumn, the bee
garden in summer), this year a little busier than the last.

Generated deterministically (one seeded random generator per tour), so every `make run`
shows the same charts. The rows are written as records, the way they stand after the visits:
the booking services decide about the present (a departure that has started cannot be
booked), so the history is inserted in bulk, with `Slot.booked` equal to the confirmed places
as the services keep it. DEBUG only, and only once (skipped when any history booking exists).
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from booking.models import Booking
from core.secrets import secret_digest
from demo import companies as demo
from tours import supply
from tours.models import Slot, Tour

HISTORY_DAYS = 2 * 365
KEY = "demo-history:"

# How busy each month is (January first), by what the tour is about.
SEASONS = {
    "Jordbær": (0.1, 0.1, 0.2, 0.4, 0.8, 1.0, 0.9, 0.6, 0.3, 0.2, 0.1, 0.1),
    "kirsebær": (0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 0.9, 0.6, 0.5),
    "bigården": (0.0, 0.0, 0.1, 0.3, 0.7, 1.0, 1.0, 0.9, 0.5, 0.2, 0.0, 0.0),
    "frugtplantagen": (0.1, 0.1, 0.3, 0.5, 0.6, 0.6, 0.7, 0.8, 1.0, 1.0, 0.5, 0.2),
    "drivhus": (0.5, 0.5, 0.6, 0.7, 0.7, 0.8, 0.7, 0.7, 0.8, 0.8, 0.7, 0.6),
}
AUTUMN = (0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.7, 1.0, 1.0, 0.6, 0.3)
LANGUAGES = (("da", 0.68), ("de", 0.22), ("en", 0.10))
NAMES = ("Hansen", "Jensen", "Schmidt", "Nielsen", "Becker", "Larsen", "Wilson", "Holm")


def season(tour: Tour) -> tuple[float, ...]:
    for word, shape in SEASONS.items():
        if word.lower() in tour.title.lower():
            return shape
    return AUTUMN


def load_demo_history(*, now: datetime | None = None) -> int:
    """Writes the history once; returns the number of bookings written (0 when it exists)."""
    if Booking.objects.filter(idempotency_key__startswith=KEY).exists():
        return 0
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    first_day = timezone.localdate(now) - timedelta(days=HISTORY_DAYS)
    written = 0
    with transaction.atomic():
        for plan in demo.COMPANIES:
            for tour_plan in plan.tours:
                tour = Tour.objects.get(company__slug=plan.slug, title=tour_plan.title)
                rng = random.Random(f"{plan.slug}/{tour_plan.title}")
                starts = [
                    s
                    for s in demo.slot_starts(tour_plan, first_day, HISTORY_DAYS // 7, tz)
                    if s < now - timedelta(days=1)
                ]
                written += _tour_history(tour, tour_plan, starts, rng, now)
    return written


def _tour_history(tour: Tour, plan, starts: list[datetime], rng: random.Random, now) -> int:
    shape = season(tour)
    slots, parties = [], []
    for start in starts:
        weight = shape[start.month - 1]
        # Last year a little quieter: the growth the cluster reports.
        weight *= 0.8 if start < now - timedelta(days=365) else 1.0
        if rng.random() > weight:
            continue
        slot = Slot(
            tour=tour,
            start=start,
            end=start + plan.duration,
            capacity=plan.capacity,
            status=Slot.Status.CANCELLED if rng.random() < 0.03 else Slot.Status.SCHEDULED,
        )
        slots.append(slot)
        parties.append(_parties(tour, plan, weight, rng))
    Slot.objects.bulk_create(slots)
    bookings, made_at = [], []
    for slot, party_sizes in zip(slots, parties, strict=True):
        made = [
            _booking(slot, size, rng, key=f"{KEY}{tour.pk}-{len(bookings) + n}")
            for n, size in enumerate(party_sizes)
        ]
        slot.booked = sum(b.party_size for b, _at in made if b.status == Booking.Status.CONFIRMED)
        bookings += [b for b, _at in made]
        made_at += [at for _b, at in made]
    Slot.objects.bulk_update(slots, ["booked"])
    supply.changed([tour.pk])  # bulk_create and bulk_update send no post_save
    created = Booking.objects.bulk_create(bookings)
    # auto_now_add wrote "now": the history's bookings were made before their visits.
    for booking, at in zip(created, made_at, strict=True):
        booking.created = booking.updated = at
    Booking.objects.bulk_update(created, ["created", "updated"], batch_size=500)
    return len(created)


def _parties(tour: Tour, plan, weight: float, rng: random.Random) -> list[int]:
    if tour.is_group:
        return [rng.randint(plan.min_group, plan.max_group)]
    wanted = round(plan.capacity * min(1.0, weight * rng.uniform(0.5, 1.1)))
    sizes = []
    while sum(sizes) < wanted:
        size = min(rng.choice((1, 2, 2, 2, 3, 4, 4, 5)), plan.capacity - sum(sizes))
        if size <= 0:
            break
        sizes.append(size)
    return sizes


def _booking(slot: Slot, size: int, rng: random.Random, *, key: str) -> tuple[Booking, datetime]:
    """One booking of the history and the moment it was made."""
    language = rng.choices([c for c, _w in LANGUAGES], [w for _c, w in LANGUAGES])[0]
    lead = timedelta(days=rng.expovariate(1 / (35 if slot.tour.is_group else 10)))
    booking = Booking(
        slot=slot,
        name=f"{rng.choice(('Anne', 'Klaus', 'Emma', 'Lars', 'Sofie'))} {rng.choice(NAMES)}",
        email=f"gaest{rng.randrange(10**6)}@example.com",
        party_size=size,
        language=language,
        source=Booking.Source.ONLINE,
        idempotency_key=key,
        reminder_sent_at=slot.start - timedelta(days=1),
    )
    booking.token_digest = secret_digest(booking.token, purpose=Booking.LINK_PURPOSE)
    booking.take_tour_price(slot.tour)  # bulk_create skips save(), which would do it
    made_at = slot.start - lead
    fate = rng.random()
    if slot.status == Slot.Status.CANCELLED or fate < 0.06:
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = min(slot.start, made_at + lead / 2)
    elif fate < 0.14:
        booking.no_show_at = slot.start + timedelta(minutes=20)
    elif fate < 0.95:
        short = rng.random() < 0.12 and size > 1
        booking.arrived = size - 1 if short else size
        booking.checked_in_at = slot.start - timedelta(minutes=rng.randint(0, 15))
    return booking, made_at
