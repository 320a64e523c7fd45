"""Finding a visit (the visits page and the home page's short form, docs/finding.md): the
published tours with departures that match a visitor's filters, ordered by their next
matching departure, each with its next few matching departures. A fixed number of queries
whatever the number of tours and slots, each bounded by the `(tour, start)` index: a tour
costs a few index probes however many departures it has (docs/finding.md)."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
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
# The SQLite function that folds as `fold` does (registered by CatalogueConfig.ready).
SQLITE_FOLD = "catalogue_fold"


def fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


class Fold(Func):
    """`fold` in SQL: on PostgreSQL NFC, LOWER (the database's Unicode case mapping: Æ/æ,
    Ä/ä, Ø/ø) and ß/ẞ as ss, which is what `str.casefold` does to the cluster's Danish,
    German and English texts; on SQLite, whose LOWER folds only ASCII, `fold` itself."""

    function = "LOWER"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "REPLACE(LOWER(NORMALIZE(%(expressions)s, NFC)), 'ß', 'ss')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=SQLITE_FOLD, **extra)


def _searched_text() -> Fold:
    """A tour's searched texts (every language) and its company's name and places, folded,
    one space between them (a searched word has none, so it cannot span two texts)."""
    parts = [
        Coalesce(F(name), Value(""), output_field=TextField())
        for name in (*SEARCHED_TOUR_FIELDS, *SEARCHED_COMPANY_FIELDS)
    ]
    # A flat `a || ' ' || b ...` (Concat nests a pair per part, too deep for SQLite's parser).
    joined = Func(
        *parts, template="(%(expressions)s)", arg_joiner=" || ' ' || ", output_field=TextField()
    )
    return Fold(joined)


def text_matches(tours: QuerySet[Tour], text: str) -> QuerySet[Tour]:
    """The tours whose title or description (in any of the site's languages: a German finds
    "Erdbeere" and a Dane "jordbær") or whose company's name or town contains every word of
    `text`, folded and stemmed (`search_terms`). Matched in the database, as part of the
    query that reads the tours: no row is read only to be compared in Python. No word
    (only punctuation): no filter."""
    terms = search_terms(text)
    if not terms:
        return tours
    tours = tours.annotate(searched_text=_searched_text())
    for term in terms:
        tours = tours.filter(searched_text__contains=term)
    return tours


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
    if filters.text:
        tours = text_matches(tours, filters.text)
    return tours


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def departures_matching(filters: VisitFilters, *, now: datetime) -> QuerySet[Slot]:
    """The departures that match, of any tour: in the days asked, bookable now by a party
    of the size asked (booking.capacity's rule as SQL)."""
    slots = Slot.objects.filter(capacity.bookable_for_party(filters.party_size, now), start__gt=now)
    if filters.first_day:
        slots = slots.filter(start__gte=_local_midnight(filters.first_day))
    if filters.last_day:
        slots = slots.filter(start__lt=_local_midnight(filters.last_day + timedelta(days=1)))
    if filters.weekdays:
        # Extracted in the current time zone (Europe/Copenhagen), on both databases.
        slots = slots.filter(start__iso_week_day__in=sorted(filters.weekdays))
    return slots


def matching_slots(filters: VisitFilters, *, now: datetime) -> QuerySet[Slot]:
    """The departures that match, of the tours that match."""
    return departures_matching(filters, now=now).filter(tour__in=_tours(filters).values("pk"))


def _tour_departures(filters: VisitFilters, now: datetime) -> QuerySet[Slot]:
    """The matching departures of the outer query's tour, soonest first: read through the
    `(tour, start)` index from `now` (or the first day) on, and stopped at the LIMIT, so
    what a tour costs does not grow with the departures it has."""
    return departures_matching(filters, now=now).filter(tour=OuterRef("pk")).order_by("start", "pk")


def _order(filters: VisitFilters, now: datetime) -> list[tuple[int, datetime]]:
    """(tour id, its next matching start) of every matching tour that has one, by that
    start: one query, one index probe per tour."""
    first = _tour_departures(filters, now).values("start")[:1]
    rows = (
        _tours(filters)
        .annotate(next_start=Subquery(first))
        .order_by()
        .values_list("pk", "next_start")
    )
    return sorted(
        ((pk, start) for pk, start in rows if start is not None), key=lambda row: (row[1], row[0])
    )


@dataclass
class VisitResults:
    """One page of the matching tours. `page`, `count` and `tour_ids` are read at once (one
    query); the tours with their pictures and departures when `tours` is first read, so a
    page whose cards come from the page cache does not read them."""

    page: Page  # of (tour id, next start)
    count: int  # tours that match
    tour_ids: list[int]
    filters: VisitFilters = field(repr=False)
    now: datetime = field(repr=False)

    @cached_property
    def tours(self) -> list[Tour]:
        """The page's tours in order, each with `departures` (its next matching slots) and
        `next_start`. Queries: the tours with their companies and the ids of their next
        departures, their photos, their companies' photos, and the departures: four."""
        ids = self.tour_ids
        if not ids:
            return []
        shown = _tour_departures(self.filters, self.now).values("pk")
        tours = (
            Tour.objects.select_related("company")
            .prefetch_related("photos", "company__photos")
            .annotate(
                **{f"departure_{n}": Subquery(shown[n : n + 1]) for n in range(DEPARTURES_SHOWN)}
            )
            .in_bulk(ids)
        )
        wanted = {
            getattr(tour, f"departure_{n}")
            for tour in tours.values()
            for n in range(DEPARTURES_SHOWN)
        } - {None}
        departures: dict[int, list[Slot]] = {tour_id: [] for tour_id in ids}
        for slot in Slot.objects.filter(pk__in=wanted).order_by("tour", "start", "pk"):
            slot.tour = tours[slot.tour_id]
            departures[slot.tour_id].append(slot)
        listed = []
        for tour_id, next_start in self.page.object_list:
            tour = tours[tour_id]
            tour.next_start = next_start
            tour.departures = departures[tour_id]
            listed.append(tour)
        return listed

    @property
    def slots(self) -> list[Slot]:
        """Every departure the page shows (what the page cache keeps it no later than)."""
        return [slot for tour in self.tours for slot in tour.departures]


def find_visits(
    filters: VisitFilters, *, page: object = 1, per_page: int = PER_PAGE, now=None
) -> VisitResults:
    """One page of the tours that match, by their next matching departure (then id). One
    query now (the matching tours in order, the text search among its filters); four more
    when the page's `tours` are read."""
    now = now or timezone.now()
    paginator = Paginator(_order(filters, now), per_page)
    shown = paginator.get_page(page)
    return VisitResults(
        page=shown,
        count=paginator.count,
        tour_ids=[tour_id for tour_id, _start in shown.object_list],
        filters=filters,
        now=now,
    )


def municipalities_with_tours() -> list[str]:
    """The municipalities that have a company with a published tour, by name. One query."""
    return list(
        Company.objects.filter(tours__published=True)
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )
