"""Finding a visit (the visits page and the home page's short form, docs/finding.md): the
published tours with departures that match a visitor's filters, ordered by their next
matching departure, each with its next few matching departures. A fixed number of queries
whatever the number of tours and slots."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import F, Min, QuerySet, TextField, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from booking import capacity
from core.content_language import translated_fields
from tours.models import Company, Slot, Tour

PER_PAGE = 12
# How many of a tour's matching departures its card lists.
DEPARTURES_SHOWN = 3


@dataclass(frozen=True)
class VisitFilters:
    """What the visitor asked for; every field empty means "any"."""

    first_day: date | None = None
    last_day: date | None = None
    weekdays: frozenset[int] = frozenset()  # ISO weekdays, Monday 1 to Sunday 7
    kind: str = ""
    municipality: str = ""
    language: str = ""
    party_size: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != VisitFilters()


@dataclass
class VisitResults:
    page: Page  # of Tour, each with `departures` (its next matching slots) and `next_start`
    count: int  # tours that match
    tours: list[Tour] = field(default_factory=list)


# Endings cut from a searched word, longest first, so that a plural or a definite form
# finds the singular and back: strawberries/strawberry, Erdbeeren/Erdbeere, jordbærene/
# jordbær, æbler/æble, honey/honning. A word keeps at least STEM_MIN letters.
ENDINGS = ("erne", "ene", "ies", "en", "er", "es", "e", "n", "s", "r", "y")
STEM_MIN = 3


def fold(text: str) -> str:
    """Text compared case-insensitively in every language (Æ/æ, Ä/ä, ß/ss)."""
    return unicodedata.normalize("NFC", text).casefold()


def search_terms(text: str) -> list[str]:
    """The words of a search, folded and cut to their stems; every one must be found."""
    terms = []
    for word in re.findall(r"\w+", fold(text)):
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= STEM_MIN:
                word = word[: -len(ending)]
                break
        if word not in terms:
            terms.append(word)
    return terms[:8]


SEARCHED_TOUR_FIELDS = (*translated_fields("title"), *translated_fields("description"))
SEARCHED_COMPANY_FIELDS = ("company__name", "company__city", "company__municipality")


def tours_matching_text(text: str) -> list[int] | None:
    """The published tours whose title or description (in any of the site's languages: a
    German finds "Erdbeere" and a Dane "jordbær") or whose company's name or town contains
    every word of `text`. One query; None when `text` has no word.

    Matched in Python rather than with SQL LIKE: SQLite folds only ASCII letters, so "æble"
    would miss "Æble" there, and the cluster has tens of tours, not thousands (at thousands
    this becomes PostgreSQL full-text search)."""
    terms = search_terms(text)
    if not terms:
        return None  # nothing to search for (only punctuation): no filter
    rows = Tour.objects.filter(published=True).values_list(
        "pk", *SEARCHED_TOUR_FIELDS, *SEARCHED_COMPANY_FIELDS
    )
    found = []
    for pk, *texts in rows:
        haystack = fold(" ".join(t for t in texts if t))
        if all(term in haystack for term in terms):
            found.append(pk)
    return found


def offers_language(code: str) -> dict:
    """A filter on Tour rows: the tour is given in `code`. `Tour.languages` is a JSON list;
    JSONField's `contains` does not exist on SQLite, so the list is compared as its JSON
    text, where every code stands in quotes (`["da", "de"]`), on SQLite and PostgreSQL
    alike. Codes are the site's own (two letters, no quote or backslash)."""
    return {"languages_text__contains": f'"{code}"'}


def _tours(filters: VisitFilters) -> QuerySet[Tour]:
    tours = Tour.objects.filter(published=True)
    if filters.kind:
        tours = tours.filter(kind=filters.kind)
    if filters.municipality:
        tours = tours.filter(company__municipality=filters.municipality)
    if filters.language:
        tours = tours.annotate(languages_text=Cast("languages", TextField())).filter(
            **offers_language(filters.language)
        )
    return tours


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def matching_slots(filters: VisitFilters, *, now: datetime, text_ids=None) -> QuerySet[Slot]:
    """The departures that match: of a matching tour, in the days asked, bookable now by a
    party of the size asked (booking.capacity's rule as SQL)."""
    slots = Slot.objects.filter(
        capacity.bookable_for_party(filters.party_size, now),
        tour__in=_tours(filters).values("pk"),
        start__gt=now,
    )
    if text_ids is not None:
        slots = slots.filter(tour__in=text_ids)
    if filters.first_day:
        slots = slots.filter(start__gte=_local_midnight(filters.first_day))
    if filters.last_day:
        slots = slots.filter(start__lt=_local_midnight(filters.last_day + timedelta(days=1)))
    if filters.weekdays:
        # Extracted in the current time zone (Europe/Copenhagen), on both databases.
        slots = slots.filter(start__iso_week_day__in=sorted(filters.weekdays))
    return slots


def find_visits(
    filters: VisitFilters, *, page: object = 1, per_page: int = PER_PAGE, now=None
) -> VisitResults:
    """One page of the tours that match, by their next matching departure. Queries: the
    text search (when asked), the matching tours in order, the page's tours with their
    companies, their photos and their companies' photos (for the pictures), and their next
    matching departures: at most six."""
    now = now or timezone.now()
    text_ids = tours_matching_text(filters.text) if filters.text else None
    slots = matching_slots(filters, now=now, text_ids=text_ids)
    order = list(
        slots.order_by()
        .values("tour")
        .annotate(next_start=Min("start"))
        .order_by("next_start", "tour")
        .values_list("tour", "next_start")
    )
    paginator = Paginator(order, per_page)
    shown = paginator.get_page(page)
    ids = [tour_id for tour_id, _start in shown.object_list]
    tours = (
        Tour.objects.select_related("company")
        .prefetch_related("photos", "company__photos")
        .in_bulk(ids)
        if ids
        else {}
    )
    departures: dict[int, list[Slot]] = {tour_id: [] for tour_id in ids}
    if ids:
        ranked = (
            slots.filter(tour__in=ids)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("tour"), order_by=(F("start").asc(), F("pk").asc())
                )
            )
            .filter(rank__lte=DEPARTURES_SHOWN)
            .order_by("tour", "start", "pk")
        )
        for slot in ranked:
            slot.tour = tours[slot.tour_id]
            departures[slot.tour_id].append(slot)
    listed = []
    for tour_id, next_start in shown.object_list:
        tour = tours[tour_id]
        tour.next_start = next_start
        tour.departures = departures[tour_id]
        listed.append(tour)
    shown.object_list = listed
    return VisitResults(page=shown, count=paginator.count, tours=listed)


def municipalities_with_tours() -> list[str]:
    """The municipalities that have a company with a published tour, by name. One query."""
    return list(
        Company.objects.filter(tours__published=True)
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )
