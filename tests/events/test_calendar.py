"""Invitations and feeds, read back by an independent parser: vobject, in a fresh
subprocess, so the only Europe/Copenhagen it knows is the VTIMEZONE inside the file."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from email import message_from_bytes

import pytest
from django.core import mail

from events import calendar, services
from events.models import Stop
from tests.factories import CompanyFactory, EventFactory, plan_stops, register
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

PARSE = r"""
import json, sys
from datetime import timezone
import vobject
cal = vobject.readOne(sys.stdin.read())
out = {"method": cal.method.value if hasattr(cal, "method") else None, "events": []}
for ev in cal.vevent_list:
    out["events"].append({
        "uid": ev.uid.value,
        "sequence": int(ev.sequence.value),
        "start": ev.dtstart.value.astimezone(timezone.utc).isoformat(),
        "end": ev.dtend.value.astimezone(timezone.utc).isoformat(),
        "status": ev.status.value,
        "summary": ev.summary.value,
        "attendees": [a.value for a in getattr(ev, "attendee_list", [])],
        "organizer": ev.organizer.value if hasattr(ev, "organizer") else None,
    })
print(json.dumps(out))
"""


def parse(ics: bytes) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PARSE],
        input=ics.decode(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def relay(at):
    lolle, bandholm = CompanyFactory(name="Lolle Frugt"), CompanyFactory(name="Bandholm, Frugt")
    event = EventFactory(capacity=20, title="Innovationsstafetten; æøå ü")
    stops = plan_stops(event, (lolle, at(10), at(11, 30)), (bandholm, at(12, 15), at(13, 45)))
    services.event_publish(event=event)
    return event, stops


def test_invitation_has_one_vevent_per_stop_with_its_own_uid_and_right_times(relay):
    event, stops = relay
    registration = register(event, name="Jens Ærø, Jr.", email="jens@example.com")

    ics = calendar.invitation(event, stops, attendee=registration)
    parsed = parse(ics)

    assert ics.count(b"DTSTART;TZID=Europe/Copenhagen:") == 2
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in ics
    assert parsed["method"] == "REQUEST"
    assert len(parsed["events"]) == 2
    assert len({e["uid"] for e in parsed["events"]}) == 2
    for stop, vevent in zip(stops, parsed["events"], strict=True):
        assert vevent["uid"] == f"{stop.uid}@klyngebesog"
        assert datetime.fromisoformat(vevent["start"]) == stop.start.astimezone(UTC)
        assert datetime.fromisoformat(vevent["end"]) == stop.end.astimezone(UTC)
        assert vevent["attendees"] == ["mailto:jens@example.com"]
        assert vevent["organizer"].startswith("mailto:")
    assert parsed["events"][1]["summary"] == "Innovationsstafetten; æøå ü: Bandholm, Frugt"


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ((2026, 3, 29, 10, 0), (2026, 3, 29, 8, 0)),  # first day of summer time
        ((2026, 10, 25, 10, 0), (2026, 10, 25, 9, 0)),  # first day of winter time
        ((2027, 3, 27, 10, 0), (2027, 3, 27, 9, 0)),  # the day before the change
        ((2027, 7, 1, 23, 30), (2027, 7, 1, 21, 30)),
    ],
)
def test_embedded_vtimezone_gives_the_right_instant_on_the_days_the_clocks_change(local, utc):
    from zoneinfo import ZoneInfo

    start = datetime(*local, tzinfo=ZoneInfo("Europe/Copenhagen"))
    stop = Stop(
        company=CompanyFactory.build(), start=start, end=start.replace(minute=59), activity=""
    )
    event = EventFactory.build(slug="x")
    parsed = parse(calendar.feed(event, [stop]))
    assert datetime.fromisoformat(parsed["events"][0]["start"]) == datetime(*utc, tzinfo=UTC)


def test_a_moved_stop_is_requested_again_with_a_higher_sequence_same_uid(relay, at):
    event, (first, second) = relay
    registration = register(event)
    services.programme_save(
        event=event,
        stops=[
            services.StopData(
                company=first.company, start=at(10), end=at(11, 30), stop_id=first.pk
            ),
            services.StopData(company=second.company, start=at(13), end=at(14), stop_id=second.pk),
        ],
    )
    stops = list(Stop.objects.filter(event=event).order_by("start"))

    parsed = parse(calendar.invitation(event, stops, attendee=registration))

    by_uid = {e["uid"]: e for e in parsed["events"]}
    assert by_uid[f"{first.uid}@klyngebesog"]["sequence"] == 0
    moved = by_uid[f"{second.uid}@klyngebesog"]
    assert moved["sequence"] == 1
    assert datetime.fromisoformat(moved["start"]) == at(13).astimezone(UTC)


def test_a_removed_stop_is_cancelled_alone_by_mail(relay):
    event, (first, second) = relay
    register(event, email="anne@example.com", language="en")
    services.programme_save(
        event=event,
        stops=[
            services.StopData(
                company=second.company, start=second.start, end=second.end, stop_id=second.pk
            )
        ],
    )
    mail.outbox.clear()

    assert deliver(kind="event_stop_removed", recipient="anne@example.com")

    [message] = mail.outbox
    raw = message_from_bytes(message.message().as_bytes())
    parts = [p for p in raw.walk() if p.get_content_type() == "text/calendar"]
    assert parts and all(p.get_param("method") == "CANCEL" for p in parts)
    parsed = parse(parts[0].get_payload(decode=True))
    assert parsed["method"] == "CANCEL"
    assert [e["uid"] for e in parsed["events"]] == [f"{first.uid}@klyngebesog"]
    assert parsed["events"][0]["sequence"] == 1
    assert parsed["events"][0]["status"] == "CANCELLED"
    assert "removed" in message.body


def test_the_confirmation_mail_carries_the_whole_programme(relay):
    event, stops = relay
    registration = register(event, email="anne@example.com")
    mail.outbox.clear()

    assert deliver(kind="event_confirmed", recipient="anne@example.com")

    [message] = mail.outbox
    assert message.to == ["anne@example.com"]
    raw = message_from_bytes(message.message().as_bytes())
    [inline] = [
        p for p in raw.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()
    ]
    assert inline.get_param("method") == "REQUEST"
    parsed = parse(inline.get_payload(decode=True))
    assert len(parsed["events"]) == len(stops) == 2
    assert registration.get_absolute_url() in message.body


def test_the_feed_is_published_without_personal_data(relay):
    event, stops = relay
    register(event, name="Hemmelig Deltager", email="hemmelig@example.com")
    ics = calendar.feed(event, stops)
    parsed = parse(ics)
    assert parsed["method"] == "PUBLISH"
    assert len(parsed["events"]) == 2
    assert all(not e["attendees"] and e["organizer"] is None for e in parsed["events"])
    assert b"hemmelig" not in ics.lower()
    assert b"@" not in ics.replace(b"@klyngebesog", b"")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))


def test_control_the_parser_reads_the_embedded_vtimezone_not_its_own_database():
    """Proves the DST test can fail: with summer time moved to April in the file, the
    parser places 29 March 10:00 at 09:00 UTC, so it does compute from the file."""
    from zoneinfo import ZoneInfo

    start = datetime(2026, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    stop = Stop(company=CompanyFactory.build(), start=start, end=start.replace(minute=59))
    ics = calendar.feed(EventFactory.build(slug="x"), [stop])
    wrong = ics.replace(b"BYMONTH=3", b"BYMONTH=4").replace(b"19960331T020000", b"19960428T020000")
    parsed = parse(wrong)
    assert datetime.fromisoformat(parsed["events"][0]["start"]) == datetime(
        2026, 3, 29, 9, 0, tzinfo=UTC
    )
