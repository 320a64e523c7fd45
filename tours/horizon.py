"""How far dates may reach: nothing is planned more than five years ahead, and no page looks
before 2000. Every date a person types passes through here, so none can overflow the
calendar arithmetic behind it (a day near year 9999 plus two weeks is not a date)."""

from datetime import date, timedelta

from django.utils import timezone

MAX_AHEAD = timedelta(days=5 * 366)
EARLIEST_DAY = date(2000, 1, 1)


def latest_day() -> date:
    return timezone.localdate() + MAX_AHEAD


def day_in_horizon(day: date) -> bool:
    return EARLIEST_DAY <= day <= latest_day()


def horizon_day(text: str) -> date | None:
    """The day an address names (`2026-12-15`), or None when it is not a date or lies
    outside the horizon: the pages that take a day from their URL answer 404 then."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day_in_horizon(day) else None
