"""Travel time between stops, estimated from the companies' coordinates.

Great-circle distance (haversine) times a road factor, at an average speed. The factor and
speed are settings (EVENT_ROAD_FACTOR, EVENT_AVERAGE_SPEED_KMH) because rural roads on
Lolland and a bus on the motorway differ; the estimate is a planning aid, not a route.
"""

import itertools
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
# Proposed starts are rounded up to this, so a programme reads 10:35, not 10:33.
ROUND_TO = timedelta(minutes=5)


def haversine_km(
    lat1: float | Decimal, lon1: float | Decimal, lat2: float | Decimal, lon2: float | Decimal
) -> float:
    """The great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def road_factor() -> float:
    return float(getattr(settings, "EVENT_ROAD_FACTOR", 1.3))


def average_speed_kmh() -> float:
    return float(getattr(settings, "EVENT_AVERAGE_SPEED_KMH", 60))


def travel_time(distance_km: float) -> timedelta:
    """Road distance (great-circle x road factor) at the average speed, rounded up to a
    whole minute: an estimate should never promise less time than it has."""
    minutes = distance_km * road_factor() / average_speed_kmh() * 60
    return timedelta(minutes=math.ceil(round(minutes, 6)))


def round_up(moment: datetime, step: timedelta = ROUND_TO) -> datetime:
    """The first multiple of `step` past the hour at or after `moment`."""
    base = moment.replace(minute=0, second=0, microsecond=0)
    steps = math.ceil((moment - base) / step)
    return base + steps * step


@dataclass(frozen=True)
class Leg:
    """The way from one stop to the next."""

    from_name: str
    to_name: str
    distance_km: float
    road_km: float
    duration: timedelta
    gap: timedelta  # from the end of one stop to the start of the next

    @property
    def too_short(self) -> bool:
        return self.gap < self.duration

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def gap_minutes(self) -> int:
        return int(self.gap.total_seconds() // 60)


def leg_between(a, b) -> Leg:
    """`a` and `b` are stop-like: .company (with latitude/longitude), .start, .end."""
    km = haversine_km(
        a.company.latitude, a.company.longitude, b.company.latitude, b.company.longitude
    )
    return Leg(
        from_name=a.company.name,
        to_name=b.company.name,
        distance_km=km,
        road_km=km * road_factor(),
        duration=travel_time(km),
        gap=b.start - a.end,
    )


def legs(stops: list) -> list[Leg]:
    """The legs between consecutive stops, in the order given (sort by start first)."""
    return [leg_between(a, b) for a, b in itertools.pairwise(stops)]


def earliest_start(previous, company) -> datetime:
    """The earliest start at `company` after the stop `previous`: its end plus the travel
    time, rounded up to the next five minutes."""
    km = haversine_km(
        previous.company.latitude, previous.company.longitude, company.latitude, company.longitude
    )
    return round_up(previous.end + travel_time(km))
