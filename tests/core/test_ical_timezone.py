"""Every hour of the next two years, read through our embedded VTIMEZONE by vobject
(dateutil's tzical, which knows nothing but the VTIMEZONE text), against zoneinfo.

Controls prove the check can fail: a VTIMEZONE with a wrong offset, and the
one-RDATE-many-values form that icalendar's `Timezone.from_tzid` writes, which the issue
says such parsers misread."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Timezone

from core import ical
from tests.booking.icalcheck import run_reader

CPH = ZoneInfo("Europe/Copenhagen")


def _hours(days: int = 2 * 366) -> list[datetime]:
    first = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return [first + timedelta(hours=h) for h in range(days * 24)]


def _ics_with(tz: Timezone) -> str:
    cal = Calendar()
    cal.add("prodid", ical.PRODID)
    cal.add("version", "2.0")
    cal.add_component(tz)
    return cal.to_ical().decode()


def _mismatches(tz: Timezone) -> list[str]:
    """UTC hours whose wall time differs, and wall times whose UTC instant differs."""
    ics = _ics_with(tz)
    hours = _hours()
    local = run_reader("tz-local", json.dumps({"ics": ics, "utc": [h.isoformat() for h in hours]}))
    wrong = [
        f"{h} -> {got}, zoneinfo {h.astimezone(CPH).replace(tzinfo=None).isoformat()}"
        for h, got in zip(hours, local, strict=True)
        if got != h.astimezone(CPH).replace(tzinfo=None).isoformat()
    ]
    # The other way: wall times that exist exactly once (not in the spring gap, not in the
    # repeated autumn hour), as a client computes DTSTART;TZID=... to an instant.
    walls = [h.astimezone(CPH).replace(tzinfo=None) for h in hours]
    unique = _unique(walls)
    utc = run_reader("tz-utc", json.dumps({"ics": ics, "local": [w.isoformat() for w in unique]}))
    wrong += [
        f"{w} -> {got}, zoneinfo {w.replace(tzinfo=CPH).astimezone(UTC).isoformat()}"
        for w, got in zip(unique, utc, strict=True)
        if got != w.replace(tzinfo=CPH).astimezone(UTC).isoformat()
    ]
    return wrong


def _unique(walls: list[datetime]) -> list[datetime]:
    seen: dict[datetime, int] = {}
    for w in walls:
        seen[w] = seen.get(w, 0) + 1
    return [w for w in walls if seen[w] == 1]


def test_every_hour_of_two_years_matches_zoneinfo_through_the_embedded_vtimezone():
    hours = _hours()
    # The span really crosses the clock changes it must prove (two of each at least).
    offsets = {h.astimezone(CPH).utcoffset() for h in hours}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    changes = [
        h
        for h in hours[1:]
        if h.astimezone(CPH).dst() != (h - timedelta(hours=1)).astimezone(CPH).dst()
    ]
    assert len(changes) >= 4
    assert _mismatches(ical.vtimezone()) == []


def test_control_a_wrong_offset_in_the_vtimezone_is_caught():
    tz = ical.vtimezone()
    daylight = tz.walk("DAYLIGHT")[0]
    daylight["TZOFFSETTO"].td = timedelta(hours=3)
    tz.walk("STANDARD")[0]["TZOFFSETFROM"].td = timedelta(hours=3)
    assert len(_mismatches(tz)) > 1000


def test_control_the_rdate_form_is_misread_so_the_check_would_catch_it():
    tz = Timezone.from_tzid(
        "Europe/Copenhagen",
        first_date=date.today() - timedelta(days=400),
        last_date=date.today() + timedelta(days=800),
    )
    assert any("RDATE" in sub for sub in tz.subcomponents)
    assert _mismatches(tz) != []
