from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def day():
    """A weekday two weeks ahead, at local midnight: stops are placed on it by hour."""
    date = timezone.localdate() + timedelta(days=14)
    while date.weekday() >= 5:
        date += timedelta(days=1)
    return date


@pytest.fixture
def at(day):
    """at(10) or at(10, 30): an aware datetime on `day`, Copenhagen wall time."""

    def make(hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)

    return make
