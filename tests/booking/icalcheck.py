"""Checks shared by the calendar, mail and feed tests: the wire format, and the reading by
an independent parser (vobject, in a subprocess: see ical_reader.py)."""

import json
import subprocess
import sys
from pathlib import Path

import icalendar

READER = Path(__file__).with_name("ical_reader.py")


def run_reader(mode: str, payload: str) -> object:
    done = subprocess.run(
        [sys.executable, str(READER), mode],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def vobject_read(ics: bytes) -> dict:
    """Calendar properties and events as vobject reads them, instants in UTC (ISO)."""
    return run_reader("events", ics.decode("utf-8"))


def assert_wire_format(ics: bytes) -> None:
    """RFC 5545 §3.1: every line ends in CRLF and is at most 75 octets long."""
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, (len(line), line)
    # Also valid UTF-8, and not cut in the middle of a character by the folding.
    icalendar.Calendar.from_ical(ics)
    ics.decode("utf-8")


def parse(ics: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(ics)


def only_event(ics: bytes) -> icalendar.Event:
    events = parse(ics).walk("VEVENT")
    assert len(events) == 1
    return events[0]
