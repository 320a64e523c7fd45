"""Reads for the public pages, each in a bounded number of queries."""

from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from booking import capacity
from core.content_language import active_language, shown_order, translated_fields
from tours.models import Company, Slot, Tour


def upcoming_slots(*, now: datetime | None = None) -> QuerySet[Slot]:
    """Published, not cancelled slots that have not started, with tour and company joined."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(tour__published=True, start__gt=now)
        .exclude(status=Slot.Status.CANCELLED)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )


def next_departures(*, limit: int = 8, now: datetime | None = None) -> list[Slot]:
    """The next departures across the cluster that a visitor can still book online."""
    now = now or timezone.now()
    bookable = [s for s in upcoming_slots(now=now)[: limit * 4] if capacity.is_bookable(s, now=now)]
    return bookable[:limit]


def tour_slots(*, tour: Tour, start: datetime, end: datetime) -> list[Slot]:
    """The tour's slots starting in [start, end), in time order (one query)."""
    return list(upcoming_slots(now=start).filter(tour=tour, start__lt=end))


def companies_for_listing() -> QuerySet[Company]:
    """Companies with their published tours and their photos prefetched (three queries)."""
    return Company.objects.prefetch_related(
        "photos",
        Prefetch(
            "tours",
            queryset=Tour.objects.filter(published=True).order_by(shown_order("title")),
            to_attr="published_tours",
        ),
    )


def company_tours(*, company: Company, now: datetime | None = None) -> list[Tour]:
    """The company's published tours, each with its next scheduled departure: `next_start`,
    and `next_slot` (with tour and company) so a full one can offer its waiting list. Two
    queries, and one for the tours' photos."""
    now = now or timezone.now()
    next_slots = Slot.objects.filter(
        tour=OuterRef("pk"), status=Slot.Status.SCHEDULED, start__gt=now
    ).order_by("start", "pk")
    tours = list(
        company.tours.filter(published=True)
        .prefetch_related("photos")
        .annotate(
            next_start=Subquery(next_slots.values("start")[:1]),
            next_slot_id=Subquery(next_slots.values("pk")[:1]),
        )
        .order_by(shown_order("title"))
    )
    ids = [tour.next_slot_id for tour in tours if tour.next_slot_id]
    slots = Slot.objects.select_related("tour", "tour__company").in_bulk(ids)
    for tour in tours:
        tour.next_slot = slots.get(tour.next_slot_id)
    return tours


def published_tour_or_none(pk: int) -> Tour | None:
    return Tour.objects.select_related("company").filter(pk=pk, published=True).first()


def published_tour_head(pk: int) -> dict | None:
    """The published tour's title (in the active language, or Danish) and its company's name,
    or None: what a tour page needs besides its cached part, in one light query (no model
    instances)."""
    titles = translated_fields("title")
    row = Tour.objects.filter(pk=pk, published=True).values(*titles, "company__name").first()
    if row is None:
        return None
    own = row.get(build_localized_fieldname("title", active_language()))
    return {"title": own or row[titles[0]], "company_name": row["company__name"]}


WINDOW_DAYS = 14


def tour_window(
    *, first_day: date | None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The instants that bound the two-week page of slots starting on `first_day` (local
    date; today when None). Never earlier than now: past slots are not offered."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = max(first_day or today, today)
    tz = timezone.get_current_timezone()
    start = datetime.combine(first_day, time.min, tzinfo=tz)
    end = datetime.combine(first_day + timedelta(days=WINDOW_DAYS), time.min, tzinfo=tz)
    return max(start, now), end
