"""Travel-time arithmetic against known distances."""

from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from events import travel

MARIBO = (54.7764, 11.5012)
NAKSKOV = (54.8306, 11.1353)
COPENHAGEN = (55.6761, 12.5683)
ODENSE = (55.4038, 10.4024)
CPH = ZoneInfo("Europe/Copenhagen")


def _stop(lat, lon, start, end, name="x"):
    company = SimpleNamespace(latitude=Decimal(str(lat)), longitude=Decimal(str(lon)), name=name)
    return SimpleNamespace(company=company, start=start, end=end)


def test_maribo_to_nakskov_is_about_24_km_great_circle():
    assert travel.haversine_km(*MARIBO, *NAKSKOV) == pytest.approx(24.2, abs=0.3)


def test_copenhagen_to_odense_is_about_140_km_great_circle():
    assert travel.haversine_km(*COPENHAGEN, *ODENSE) == pytest.approx(139.6, abs=1.5)


def test_distance_is_symmetric_and_zero_to_itself():
    assert travel.haversine_km(*MARIBO, *NAKSKOV) == pytest.approx(
        travel.haversine_km(*NAKSKOV, *MARIBO)
    )
    assert travel.haversine_km(*MARIBO, *MARIBO) == 0


def test_travel_time_is_distance_times_road_factor_at_average_speed():
    # 24.21 km x 1.3 = 31.5 km at 60 km/h = 31.5 min, rounded up to whole minutes.
    km = travel.haversine_km(*MARIBO, *NAKSKOV)
    assert travel.travel_time(km) == timedelta(minutes=32)
    assert travel.travel_time(60 / 1.3) == timedelta(minutes=60)


def test_road_factor_and_speed_come_from_settings(settings):
    settings.EVENT_ROAD_FACTOR = 1.5
    settings.EVENT_AVERAGE_SPEED_KMH = 45
    # 30 km x 1.5 = 45 km at 45 km/h = 60 min
    assert travel.travel_time(30) == timedelta(minutes=60)


def test_leg_warns_when_the_gap_is_shorter_than_the_travel_time():
    a = _stop(*MARIBO, datetime(2026, 9, 1, 10, tzinfo=CPH), datetime(2026, 9, 1, 11, tzinfo=CPH))
    b_late = _stop(*NAKSKOV, datetime(2026, 9, 1, 11, 32, tzinfo=CPH), a.end + timedelta(hours=2))
    b_early = _stop(*NAKSKOV, datetime(2026, 9, 1, 11, 31, tzinfo=CPH), a.end + timedelta(hours=2))
    assert not travel.leg_between(a, b_late).too_short
    leg = travel.leg_between(a, b_early)
    assert leg.too_short
    assert leg.duration_minutes == 32
    assert leg.gap_minutes == 31
    assert leg.road_km == pytest.approx(31.5, abs=0.3)


def test_earliest_start_is_end_plus_travel_rounded_up_to_five_minutes():
    a = _stop(*MARIBO, datetime(2026, 9, 1, 10, tzinfo=CPH), datetime(2026, 9, 1, 11, tzinfo=CPH))
    nakskov = SimpleNamespace(latitude=Decimal("54.8306"), longitude=Decimal("11.1353"))
    # 11:00 + 32 min = 11:32, proposed as 11:35
    assert travel.earliest_start(a, nakskov) == datetime(2026, 9, 1, 11, 35, tzinfo=CPH)


def test_round_up_keeps_exact_multiples():
    moment = datetime(2026, 9, 1, 11, 30, tzinfo=CPH)
    assert travel.round_up(moment) == moment
    assert travel.round_up(moment + timedelta(seconds=1)) == moment + timedelta(minutes=5)


def test_legs_pair_consecutive_stops():
    t = datetime(2026, 9, 1, 9, tzinfo=CPH)
    stops = [
        _stop(*MARIBO, t + timedelta(hours=2 * i), t + timedelta(hours=2 * i + 1)) for i in range(3)
    ]
    assert len(travel.legs(stops)) == 2
    assert travel.legs(stops[:1]) == []
