"""Recurring patterns as plain values: which local start times a pattern describes.

Pure functions with no database access, so a preview and the real creation compute the
same starts, and the clock changes are handled in one place."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

# A season is at most a year; a pattern that would open more slots is a typing mistake.
MAX_DAYS = 366
MAX_SLOTS = 1500


@dataclass(frozen=True, kw_only=True)
class PatternPlan:
    weekdays: tuple[int, ...]  # Monday is 0
    times: tuple[time, ...]
    first_day: date
    last_day: date
    closures: tuple[tuple[date, date], ...] = ()
    capacity: int

    def is_closed(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.closures)

    def as_fields(self) -> dict:
        """The plan as SchedulePattern field values (JSON-friendly)."""
        return {
            "weekdays": sorted(self.weekdays),
            "times": [t.strftime("%H:%M") for t in sorted(self.times)],
            "first_day": self.first_day,
            "last_day": self.last_day,
            "closures": [[a.isoformat(), b.isoformat()] for a, b in self.closures],
            "capacity": self.capacity,
        }

    @classmethod
    def from_pattern(cls, pattern) -> "PatternPlan":
        return cls(
            weekdays=tuple(pattern.weekdays),
            times=tuple(time.fromisoformat(t) for t in pattern.times),
            first_day=pattern.first_day,
            last_day=pattern.last_day,
            closures=tuple(
                (date.fromisoformat(a), date.fromisoformat(b)) for a, b in pattern.closures
            ),
            capacity=pattern.capacity,
        )


def plan_starts(plan: PatternPlan, tz: tzinfo) -> list[datetime]:
    """Every start the plan describes, as aware datetimes in `tz`, in time order.

    A wall time is kept across the clock changes: 10:00 stays 10:00 local (08:00 UTC in
    summer, 09:00 in winter). A time that does not exist on the spring-forward night (02:30)
    is resolved by zoneinfo's fold rule to the instant an hour later, as a clock would show."""
    starts = []
    day = plan.first_day
    while day <= plan.last_day:
        if day.weekday() in plan.weekdays and not plan.is_closed(day):
            starts.extend(datetime.combine(day, at, tzinfo=tz) for at in sorted(plan.times))
        day += timedelta(days=1)
    return starts
