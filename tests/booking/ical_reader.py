"""An independent reading of iCalendar data, with vobject, run as a separate process.

vobject resolves TZID=... through the VTIMEZONE embedded in the file (it registers each
VTIMEZONE it parses in a process-wide table, which is why this runs in a fresh process
per call: a timezone left over from an earlier file could otherwise answer instead).
It never consults zoneinfo here, so its answers are an independent check of our VTIMEZONE.

Usage (stdin is the input, stdout one JSON document):
    python ical_reader.py events   < file.ics   -> calendar properties and events, UTC instants
    python ical_reader.py tz-local < request.json -> {"ics": ..., "utc": [iso, ...]}:
        the local wall time of each UTC instant through the file's first VTIMEZONE
    python ical_reader.py tz-utc < request.json -> {"ics": ..., "local": [iso, ...]}:
        the UTC instant of each (unambiguous) local wall time through that VTIMEZONE
"""

import json
import sys
from datetime import UTC, datetime

import vobject


def _text(component, name: str) -> str | None:
    item = getattr(component, name.lower().replace("-", "_"), None)
    return None if item is None else str(item.value)


def _utc(value) -> str:
    return value.astimezone(UTC).isoformat()


def _events(data: str) -> dict:
    cal = vobject.readOne(data)
    events = []
    for event in cal.vevent_list if hasattr(cal, "vevent_list") else []:
        start = event.dtstart
        events.append(
            {
                "uid": _text(event, "uid"),
                "sequence": int(_text(event, "sequence") or 0),
                "status": _text(event, "status"),
                "summary": _text(event, "summary"),
                "description": _text(event, "description"),
                "location": _text(event, "location"),
                "url": _text(event, "url"),
                # vobject replaces the TZID parameter by a tzinfo built from the VTIMEZONE.
                "tzinfo": repr(start.value.tzinfo),
                "start_utc": _utc(start.value),
                "end_utc": _utc(event.dtend.value),
                "organizer": _text(event, "organizer"),
                "organizer_cn": event.organizer.params.get("CN", [None])[0]
                if hasattr(event, "organizer")
                else None,
                "attendees": [
                    {"value": a.value, "params": {k: v[0] for k, v in a.params.items()}}
                    for a in event.contents.get("attendee", [])
                ],
                "properties": sorted(event.contents.keys()),
            }
        )
    return {
        "method": _text(cal, "method"),
        "calname": _text(cal, "x-wr-calname"),
        "properties": sorted(k for k in cal.contents if k not in ("vevent", "vtimezone")),
        "events": events,
    }


def _tzinfo(data: str):
    return vobject.readOne(data).vtimezone.gettzinfo()


def main() -> None:
    mode = sys.argv[1]
    if mode == "events":
        result = _events(sys.stdin.read())
    elif mode == "tz-local":
        request = json.load(sys.stdin)
        tz = _tzinfo(request["ics"])
        result = [
            datetime.fromisoformat(u).astimezone(tz).replace(tzinfo=None).isoformat()
            for u in request["utc"]
        ]
    elif mode == "tz-utc":
        request = json.load(sys.stdin)
        tz = _tzinfo(request["ics"])
        result = [
            datetime.fromisoformat(w).replace(tzinfo=tz).astimezone(UTC).isoformat()
            for w in request["local"]
        ]
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
