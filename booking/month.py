"""The month calendar of a tour's departures: which local days (Europe/Copenhagen) of a month
have room, which are full (their waiting list is open), and the grid a page draws of them.

The tour page (catalogue) and the visitor's "move my booking" page (booking) show the same
calendar, so it lives here, below both. The days come from the database in one aggregate
query over the month's slots (`capacity.available_places` and `capacity.slot_state_sql`,
the SQL twins of the one bookable rule, grouped by local day), never by loading each slot;
the default day (the next one with room) is one more query. The grid is plain data (`Cell`,
`MonthGrid`) with its labels already written, so a template draws 42 cells with variable
lookups only. docs/calendar.md says why and how.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from booking import capacity
from booking.capacity import SlotState
from core import formats
from tours.horizon import latest_day
from tours.models import Slot, Tour


class DayState(StrEnum):
    ROOM = "room"  # at least one departure that takes the party now
    FULL = "full"  # departures open for booking, none with room (for a visitor: waiting list)


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    """The instants that bound a local month: midnight of its first day to midnight of the
    next month's, in Europe/Copenhagen (so a month with a clock change is still whole)."""
    tz = timezone.get_current_timezone()
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (
        datetime.combine(month, time.min, tzinfo=tz),
        datetime.combine(following, time.min, tzinfo=tz),
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants that bound a local day (23 or 25 hours long on the clock-change days)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(day, time.min, tzinfo=tz),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz),
    )


def _open_slots(*, tour: Tour, now: datetime, exclude_slot_id: int | None = None) -> QuerySet[Slot]:
    """The tour's departures not yet started and not cancelled (closed ones included: the
    rule, not the filter, says what a visitor can do with them)."""
    slots = Slot.objects.filter(tour=tour, start__gt=now).exclude(status=Slot.Status.CANCELLED)
    if exclude_slot_id is not None:
        slots = slots.exclude(pk=exclude_slot_id)
    return slots


def month_days(
    *,
    tour: Tour,
    month: date,
    now: datetime | None = None,
    party_size: int | None = None,
    exclude_slot_id: int | None = None,
) -> dict[date, DayState]:
    """The local days of `month` (its first day) with departures a visitor can book now, each
    ROOM or FULL; days with none (no departures, or only closed, cancelled or started ones)
    are absent. One query, whatever the number of slots.

    Without `party_size`, a day has ROOM when a departure takes the tour's smallest party
    (the page a visitor books from) and is FULL when its departures are open but full, so
    their waiting list takes names. With `party_size` (moving a booking), a day has ROOM when
    a departure takes the whole party, and is FULL when its open departures cannot."""
    now = now or timezone.now()
    first, following = _month_bounds(month)
    need = max(party_size or 1, 1)
    state = capacity.slot_state_sql(now)
    if party_size is None:
        full = Q(state=SlotState.FULL.value)
    else:
        full = Q(state__in=(SlotState.FULL.value, SlotState.BOOKABLE.value))
    rows = (
        _open_slots(tour=tour, now=now, exclude_slot_id=exclude_slot_id)
        .filter(start__gte=first, start__lt=following)
        .alias(state=state, places=capacity.available_places(now))
        .annotate(day=TruncDate("start", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            room=Count("pk", filter=Q(places__gte=need)),
            full=Count("pk", filter=full),
        )
        .order_by("day")
    )
    days: dict[date, DayState] = {}
    for row in rows:
        if row["room"]:
            days[row["day"]] = DayState.ROOM
        elif row["full"]:
            days[row["day"]] = DayState.FULL
    return days


def first_open_day(
    *,
    tour: Tour,
    now: datetime | None = None,
    party_size: int | None = None,
    exclude_slot_id: int | None = None,
) -> date | None:
    """The local day of the tour's next departure with room (for `party_size`, else for the
    smallest party), or, when none has room, of the next one whose waiting list is open (not
    when moving: a move needs room). None when there is neither. One query."""
    now = now or timezone.now()
    need = max(party_size or 1, 1)
    slots = _open_slots(tour=tour, now=now, exclude_slot_id=exclude_slot_id).alias(
        places=capacity.available_places(now), state=capacity.slot_state_sql(now)
    )
    if party_size is None:
        slots = slots.filter(Q(places__gte=need) | Q(state=SlotState.FULL.value))
    else:
        slots = slots.filter(places__gte=need)
    start = (
        slots.alias(
            order=Case(
                When(places__gte=need, then=Value(0)), default=1, output_field=IntegerField()
            )
        )
        .order_by("order", "start")
        .values_list("start", flat=True)
        .first()
    )
    return timezone.localdate(start) if start is not None else None


def day_departures(
    *,
    tour: Tour,
    day: date,
    now: datetime | None = None,
    party_size: int | None = None,
    exclude_slot_id: int | None = None,
) -> list[Slot]:
    """The departures of the tour on a local day, not started and not cancelled, with tour
    and company loaded, in time order; with `party_size`, only those that take the whole
    party now (moving a booking). One query."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    slots = (
        _open_slots(tour=tour, now=now, exclude_slot_id=exclude_slot_id)
        .filter(start__gte=start, start__lt=end)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )
    if party_size is not None:
        slots = slots.alias(places=capacity.available_places(now)).filter(places__gte=party_size)
    return list(slots)


# --- what a page asked for: ?month=2027-05&day=2027-05-15 -----------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def first_month(today: date | None = None) -> date:
    return (today or timezone.localdate()).replace(day=1)


def last_month() -> date:
    """The last month a calendar shows: the one holding the booking horizon's last day."""
    return latest_day().replace(day=1)


def parse_month(text: str | None, *, today: date | None = None) -> date | None:
    """The month an address names ("2027-05") as its first day, or None when it is not one
    or lies outside this month to the horizon's last."""
    match = _MONTH.match(text or "")
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    if not 1 <= number <= 12:
        return None
    month = date(year, number, 1)
    return month if first_month(today) <= month <= last_month() else None


def parse_day(text: str | None, *, today: date | None = None) -> date | None:
    """The day an address names ("2027-05-15"), or None when it is not a date, is past, or
    lies beyond the booking horizon."""
    if not _DAY.match(text or ""):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if (today or timezone.localdate()) <= day <= latest_day() else None


@dataclass(frozen=True)
class Choice:
    month: date  # its first day
    day: date | None  # the day whose departures are shown
    days: dict[date, DayState]


def choose(
    *,
    tour: Tour,
    month_text: str | None,
    day_text: str | None,
    now: datetime | None = None,
    party_size: int | None = None,
    exclude_slot_id: int | None = None,
) -> Choice:
    """The month and day a calendar page shows, from its address, and the month's days.

    A valid ?day (and ?month, when it names the day's month) shows that day; a valid ?month
    alone shows its first day with room (else its first full day); nothing valid (absent,
    not a date, past, beyond the horizon) shows the month of the next departure with room
    and that day, never an error. One query, or three when this month has no room."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rule = {"tour": tour, "now": now, "party_size": party_size, "exclude_slot_id": exclude_slot_id}
    month = parse_month(month_text, today=today)
    day = parse_day(day_text, today=today)
    if day is not None and month is not None and day.replace(day=1) != month:
        day = None
    if month is None and day is not None:
        month = day.replace(day=1)
    days: dict[date, DayState] | None = None
    if month is None:
        # Most tours have room this month: ask for this month's days first, and look further
        # ahead (one query for the day, one for its month) only when it has none.
        month = first_month(today)
        days = month_days(month=month, **rule)
        if DayState.ROOM not in days.values():
            day = first_open_day(**rule)
            if day is not None and day.replace(day=1) != month:
                month = day.replace(day=1)
                days = month_days(month=month, **rule)
    if days is None:
        days = month_days(month=month, **rule)
    if day is None and days:
        rooms = [d for d, state in days.items() if state == DayState.ROOM]
        day = rooms[0] if rooms else next(iter(days))
    return Choice(month=month, day=day, days=days)


# --- the grid ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One square of the grid: a day of the month, or padding before the 1st / after the last
    (`day` None). `href` is empty when the day is not a link."""

    day: date | None = None
    number: int = 0
    css: str = ""
    href: str = ""
    label: str = ""
    today: bool = False
    selected: bool = False


@dataclass(frozen=True)
class MonthGrid:
    month: date
    caption: str  # "Maj 2027"
    weekdays: list[tuple[str, str]]  # (short, wide), Monday first
    weeks: list[list[Cell]]
    previous_href: str
    previous_name: str
    next_href: str
    next_name: str
    moving: bool = False


def month_href(month: date) -> str:
    return f"?month={month:%Y-%m}#calendar"


def day_href(day: date) -> str:
    return f"?month={day:%Y-%m}&day={day.isoformat()}#departures"


@lru_cache(maxsize=4096)
def _day_name(language: str, day: date) -> str:
    """ "Lørdag 15. maj": written once per language and day, since Babel's formatting was
    most of the grid's cost and the same days are drawn again and again."""
    return capfirst(formats.format_day(day, "weekday_date"))


def _label(
    day: date,
    state: DayState | None,
    *,
    moving: bool,
    today: bool,
    selected: bool,
    booked: bool = False,
) -> str:
    parts = [_day_name(get_language() or "", day)]
    if booked:
        parts.append(_("your booking now"))
    if state == DayState.ROOM:
        parts.append(_("places free"))
    elif state == DayState.FULL:
        parts.append(
            _("not enough places for your party") if moving else _("fully booked, waiting list")
        )
    if today:
        parts.append(_("today"))
    if selected:
        parts.append(_("chosen"))
    return ", ".join(parts)


def month_grid(
    *,
    month: date,
    days: dict[date, DayState],
    selected: date | None = None,
    today: date | None = None,
    moving: bool = False,
    booked_day: date | None = None,
) -> MonthGrid:
    """The month as weeks of seven cells, Monday first. A day with ROOM links to its
    departures; a FULL day links to them too (where its waiting list is), except when moving
    a booking (a move needs room; `booked_day`, the booking's own day, is marked); other
    days, and past ones, are plain numbers. Previous and
    next month links stay within this month and the booking horizon."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    _first, following = _month_bounds(month)
    last = following.date() - timedelta(days=1)
    cells = [Cell() for _ in range(month.weekday())]
    day = month
    while day <= last:
        state = days.get(day)
        is_today, is_selected = day == today, day == selected
        css = ["cal-day"]
        if day < today:
            css.append("past")
        elif state is not None:
            css.append(state.value)
        if is_today:
            css.append("today")
        if is_selected:
            css.append("selected")
        is_booked = day == booked_day
        if is_booked:
            css.append("booked")
        linked = day >= today and (
            state == DayState.ROOM or (state == DayState.FULL and not moving)
        )
        cells.append(
            Cell(
                day=day,
                number=day.day,
                css=" ".join(css),
                href=day_href(day) if linked else "",
                label=_label(
                    day,
                    state,
                    moving=moving,
                    today=is_today,
                    selected=is_selected,
                    booked=is_booked,
                )
                if linked or is_today or is_booked or (state is not None and day >= today)
                else "",
                today=is_today,
                selected=is_selected,
            )
        )
        day += timedelta(days=1)
    cells += [Cell() for _ in range(-len(cells) % 7)]
    previous = (month - timedelta(days=1)).replace(day=1)
    upcoming = following.date()
    has_previous = previous >= first_month(today)
    has_next = upcoming <= last_month()
    return MonthGrid(
        month=month,
        caption=capfirst(formats.format_day(month, "month_year")),
        weekdays=list(
            zip(formats.weekday_names("short"), formats.weekday_names("wide"), strict=True)
        ),
        weeks=[cells[i : i + 7] for i in range(0, len(cells), 7)],
        previous_href=month_href(previous) if has_previous else "",
        previous_name=capfirst(formats.format_day(previous, "month_year")) if has_previous else "",
        next_href=month_href(upcoming) if has_next else "",
        next_name=capfirst(formats.format_day(upcoming, "month_year")) if has_next else "",
        moving=moving,
    )
