"""The figures the cluster reports to its funders, and each company sees of its own tours.

Every figure is an aggregate computed by the database (SUM / COUNT with FILTER, grouped by
company or by local month); no Python loop runs over bookings. `figures_for_period` makes
six queries whatever the period or the number of companies and bookings (tests hold it to
that). The figures carry no personal data: counts and sums only.

What each figure counts (docs/figures.md says the same for the reader of the page):

- a booking belongs to the period when its departure starts in it (local days);
- *visitors booked*: people in confirmed bookings (a hold not yet confirmed, an expired
  hold and a cancelled booking are not visitors);
- *arrived*: people checked in (booking.checkin), 3 when 3 of a party of 4 came;
- *no-shows*: people in confirmed bookings marked as not come;
- *cancellations*: bookings cancelled (by the visitor, the company, or with the departure);
- *occupancy*: visitors booked / places offered on departures not cancelled;
- *groups* and *open tours*: visitors booked on group visits and on open tours;
- *language*: visitors booked by the language they booked in;
- *relay participants*: people registered (confirmed) for events with a stop in the period,
  per company for the events that stop at it, for the cluster each event once;
- *lead time*: the average days from booking to departure, over confirmed bookings.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from booking.models import Booking
from events.models import Event, Registration, Stop
from tours.models import Company, Slot, Tour

CONFIRMED = Q(status=Booking.Status.CONFIRMED)


@dataclass
class Figures:
    """The figures of one company, or of the cluster (`company` None)."""

    company: Company | None = None
    visitors: int = 0
    bookings: int = 0
    arrived: int = 0
    no_shows: int = 0
    cancellations: int = 0
    places_offered: int = 0
    departures: int = 0
    group_visitors: int = 0
    open_visitors: int = 0
    relay_participants: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    lead_total: timedelta = timedelta(0)

    @property
    def name(self) -> str:
        return self.company.name if self.company else ""

    @property
    def occupancy(self) -> float | None:
        """Visitors booked / places offered, 0..1; None when nothing was offered."""
        return self.visitors / self.places_offered if self.places_offered else None

    @property
    def lead_days(self) -> float | None:
        if not self.bookings:
            return None
        return self.lead_total.total_seconds() / 86400 / self.bookings

    @property
    def language_counts(self) -> list[int]:
        """Visitors booked per language, in the order of settings.LANGUAGES."""
        return [self.languages.get(code, 0) for code, _name in settings.LANGUAGES]

    def add(self, other: "Figures") -> None:
        for name in (
            "visitors",
            "bookings",
            "arrived",
            "no_shows",
            "cancellations",
            "places_offered",
            "departures",
            "group_visitors",
            "open_visitors",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lead_total += other.lead_total
        for code, count in other.languages.items():
            self.languages[code] = self.languages.get(code, 0) + count


@dataclass
class Month:
    """One local calendar month of the period, beside the same month of the year before."""

    month: date
    visitors: int = 0
    arrived: int = 0
    no_shows: int = 0
    visitors_before: int = 0
    arrived_before: int = 0
    no_shows_before: int = 0


@dataclass
class Period:
    first: date
    last: date  # inclusive

    def bounds(self) -> tuple[datetime, datetime]:
        tz = ZoneInfo(settings.TIME_ZONE)
        return (
            datetime.combine(self.first, time.min, tzinfo=tz),
            datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=tz),
        )

    def year_before(self) -> "Period":
        return Period(_year_before(self.first), _year_before(self.last))

    def months(self) -> list[date]:
        months, month = [], self.first.replace(day=1)
        while month <= self.last:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


@dataclass
class Overview:
    period: Period
    companies: list[Figures]
    total: Figures
    months: list[Month]


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def figures_for_period(*, period: Period, company_ids: list[int] | None = None) -> Overview:
    """The figures of `period` per company (of `company_ids`, or every company when None)
    and in total, and month by month beside the year before. Six queries."""
    start, end = period.bounds()
    scope = {} if company_ids is None else {"pk__in": company_ids}
    companies = {c.pk: Figures(company=c) for c in Company.objects.filter(**scope)}
    months = _add_bookings(companies, start, end, company_ids)
    _add_slots(companies, start, end, company_ids)
    total = Figures()
    for figures in companies.values():
        total.add(figures)
    total.relay_participants = _add_relay(companies, start, end, company_ids)
    rows = sorted(companies.values(), key=lambda f: f.name.casefold())
    before = _months_before(period, company_ids)
    return Overview(period, rows, total, _months(period, months, before))


def month_period(day: date) -> Period:
    """The local calendar month of `day`, as a period."""
    first = day.replace(day=1)
    return Period(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def _language_sums() -> dict:
    return {
        f"lang_{code}": Coalesce(Sum("party_size", filter=CONFIRMED & Q(language=code)), 0)
        for code, _name in settings.LANGUAGES
    }


def _local_month():
    return TruncMonth("slot__start", tzinfo=ZoneInfo(settings.TIME_ZONE))


def _add_bookings(companies: dict, start: datetime, end: datetime, ids) -> dict:
    """Adds the bookings' figures to each company's, from one query grouped by company and
    local month, and returns the period's months: {month: (visitors, arrived, no-shows)}.
    Grouping by month too lets one scan of the period's bookings serve both tables."""
    bookings = Booking.objects.filter(slot__start__gte=start, slot__start__lt=end)
    if ids is not None:
        bookings = bookings.filter(slot__tour__company_id__in=ids)
    lead = ExpressionWrapper(F("slot__start") - F("created"), output_field=DurationField())
    group = Q(slot__tour__kind=Tour.Kind.GROUP)
    rows = (
        bookings.values(company=F("slot__tour__company_id"), month=_local_month())
        .order_by()
        .annotate(
            visitors=Coalesce(Sum("party_size", filter=CONFIRMED), 0),
            bookings=Count("pk", filter=CONFIRMED),
            arrived=Coalesce(Sum("arrived", filter=CONFIRMED), 0),
            no_shows=Coalesce(Sum("party_size", filter=CONFIRMED & Q(no_show_at__isnull=False)), 0),
            cancellations=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
            group_visitors=Coalesce(Sum("party_size", filter=CONFIRMED & group), 0),
            lead_total=Sum(lead, filter=CONFIRMED),
            **_language_sums(),
        )
    )
    months: dict[date, list[int]] = {}
    for row in rows:
        figures = companies.get(row["company"])
        if figures is None:
            continue
        month = months.setdefault(_as_date(row["month"]), [0, 0, 0])
        month[0] += row["visitors"]
        month[1] += row["arrived"]
        month[2] += row["no_shows"]
        part = Figures(
            visitors=row["visitors"],
            bookings=row["bookings"],
            arrived=row["arrived"],
            no_shows=row["no_shows"],
            cancellations=row["cancellations"],
            group_visitors=row["group_visitors"],
            open_visitors=row["visitors"] - row["group_visitors"],
            lead_total=row["lead_total"] or timedelta(0),
            languages={code: row[f"lang_{code}"] for code, _name in settings.LANGUAGES},
        )
        figures.add(part)
    return months


def _add_slots(companies: dict, start: datetime, end: datetime, ids) -> None:
    slots = Slot.objects.filter(start__gte=start, start__lt=end).exclude(
        status=Slot.Status.CANCELLED
    )
    if ids is not None:
        slots = slots.filter(tour__company_id__in=ids)
    rows = (
        slots.values(company=F("tour__company_id"))
        .order_by()
        .annotate(offered=Sum("capacity"), departures=Count("pk"))
    )
    for row in rows:
        figures = companies.get(row["company"])
        if figures is not None:
            figures.places_offered, figures.departures = row["offered"], row["departures"]


def _add_relay(companies: dict, start: datetime, end: datetime, ids) -> int:
    """Participants of the events with a stop in the period: per company for the events
    that stop there, and (returned) for the cluster, each event once. Two queries."""
    stops = Stop.objects.filter(
        start__gte=start,
        start__lt=end,
        removed_at__isnull=True,
        host_state__in=[Stop.HostState.REQUESTED, Stop.HostState.ACCEPTED],
    ).exclude(event__status=Event.Status.CANCELLED)
    if ids is not None:
        stops = stops.filter(company_id__in=ids)
    pairs = set(stops.values_list("company_id", "event_id").order_by())
    events = {event_id for _company, event_id in pairs}
    people = dict(
        Registration.objects.filter(event_id__in=events, status=Registration.Status.CONFIRMED)
        .values("event_id")
        .order_by()
        .annotate(people=Sum("party_size"))
        .values_list("event_id", "people")
    )
    for company_id, event_id in pairs:
        if company_id in companies:
            companies[company_id].relay_participants += people.get(event_id, 0)
    return sum(people.values())


def _months_before(period: Period, ids) -> dict:
    """The same days a year before, per local month: {month: (visitors, arrived, no-shows)}
    (one query)."""
    start, end = period.year_before().bounds()
    bookings = Booking.objects.filter(CONFIRMED, slot__start__gte=start, slot__start__lt=end)
    if ids is not None:
        bookings = bookings.filter(slot__tour__company_id__in=ids)
    rows = (
        bookings.values(month=_local_month())
        .order_by()
        .annotate(
            visitors=Sum("party_size"),
            arrived=Coalesce(Sum("arrived"), 0),
            no_shows=Coalesce(Sum("party_size", filter=Q(no_show_at__isnull=False)), 0),
        )
    )
    return {
        _as_date(row["month"]): [row["visitors"], row["arrived"], row["no_shows"]] for row in rows
    }


def _months(period: Period, now: dict, before: dict) -> list[Month]:
    """The period's months, each beside the same month of the year before. Both years are
    bounded by the period's own days: a period from 15 March compares with the year before
    from 15 March too."""
    months = []
    for month in period.months():
        visitors, arrived, no_shows = now.get(month, (0, 0, 0))
        earlier = before.get(_year_before(month), (0, 0, 0))
        months.append(
            Month(
                month=month,
                visitors=visitors,
                arrived=arrived,
                no_shows=no_shows,
                visitors_before=earlier[0],
                arrived_before=earlier[1],
                no_shows_before=earlier[2],
            )
        )
    return months


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
