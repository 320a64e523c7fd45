"""Reading what people type: clock times, and map positions pasted from a map service.

Each parser returns the value or raises ValueError with a message for people (translated);
form fields (core.forms) turn it into a ValidationError. docs/forms.md says which forms are
read and why."""

import re
from datetime import time
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.translation import gettext as _

# --- clock times ------------------------------------------------------------------------

_CLOCK = re.compile(
    r"""^(?:kl\.?\s*)?                          # Danish "kl. 10"
        (?P<hour>\d{1,2})
        (?:(?P<sep>[:.h])(?P<minute>\d{1,2}))?   # 14:30, 14.30 (Danish), 14h30
        (?::\d{2})?                              # seconds, as a browser may send them
        \s*(?P<ampm>am|a\.m\.|pm|p\.m\.)?
        \s*(?:uhr|h)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"^(?:kl\.?\s*)?(\d{3,4})(?:\s*(?:uhr|h))?$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """A clock time as people write it: "10", "10:00", "1000", "930", "14.30", "14:30",
    "kl. 10", "10 Uhr", "14h30", "2 pm", "2:30 pm".

    The dot separates hours from minutes (the Danish way, 14.30), never a fraction of an
    hour: "9.5" is refused rather than guessed, since 09:05 and 09:30 are both readings.
    Raises ValueError with a message for the user."""
    value = " ".join(text.strip().split())
    digits = _DIGITS.match(value)
    if digits:
        number = digits[1]
        hour, minute = int(number[:-2]), int(number[-2:])
        return _clock(hour, minute, text)
    match = _CLOCK.match(value)
    if not match:
        raise ValueError(_("“%(value)s” is not a time. Write times like 10:00.") % {"value": text})
    hour = int(match["hour"])
    minute_text = match["minute"]
    if minute_text is not None and len(minute_text) != 2:
        raise ValueError(
            _("“%(value)s”: write the minutes with two digits, e.g. %(example)s.")
            % {"value": text, "example": f"{hour}.{minute_text.zfill(2)} / {hour}.{minute_text}0"}
        )
    minute = int(minute_text or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(
                _("“%(value)s” is not a time. Write times like 10:00.") % {"value": text}
            )
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return _clock(hour, minute, text)


def _clock(hour: int, minute: int, text: str) -> time:
    if hour > 23 or minute > 59:
        raise ValueError(_("“%(value)s” is not a time. Write times like 10:00.") % {"value": text})
    return time(hour, minute)


# --- map positions ----------------------------------------------------------------------

# Denmark's land and islands, Bornholm and Christiansø included, with a margin for the coast:
# latitude 54.5-57.8 N, longitude 8.0-15.25 E.
DENMARK = (Decimal("54.5"), Decimal("57.8"), Decimal("8.0"), Decimal("15.25"))
# In links numbers have a decimal point: a comma there separates latitude from longitude.
_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_SHORT_HOSTS = ("goo.gl", "maps.app.goo.gl", "g.co", "osm.org/go")


def parse_position(text: str) -> tuple[Decimal, Decimal]:
    """(latitude, longitude) from what people paste or type:

    - an OpenStreetMap link: ``…/#map=15/55.01/11.42`` or ``?mlat=55.01&mlon=11.42``;
    - a Google Maps link: ``…/@55.01,11.42,15z``, ``?q=55.01,11.42``, ``?ll=``, or the
      ``!3d55.01!4d11.42`` of a place's link;
    - the position as those services write it: ``55.01, 11.42`` or ``55.01 11.42``, with
      ``°`` and N/E letters allowed, and Danish decimal commas (``55,01 11,42``) when the two
      numbers are separated by a space or a semicolon, so that the reading is unambiguous.

    The position must lie in Denmark (DENMARK); longitude first is put right, since the two
    ranges do not overlap. Returns values rounded to 5 decimals (about a metre). Raises
    ValueError with a message for the user."""
    value = text.strip()
    if not value:
        raise ValueError(_("Paste a map link or write the position, e.g. 55.01, 11.42."))
    if re.match(r"^(https?://|www\.|[a-z0-9.-]+\.[a-z]{2,}/)", value, re.IGNORECASE):
        found = _from_link(value)
    else:
        found = _from_pair(value)
    if found is None:
        raise ValueError(
            _(
                "We could not read a position from this. Paste the link from OpenStreetMap or "
                "Google Maps, or write latitude and longitude, e.g. 55.01, 11.42."
            )
        )
    latitude, longitude = found
    return _in_denmark(latitude, longitude)


def _from_link(link: str) -> tuple[Decimal, Decimal] | None:
    if not re.match(r"^https?://", link, re.IGNORECASE):
        link = "https://" + link
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    if any(host == h or f"{host}{parts.path}".startswith(h) for h in _SHORT_HOSTS):
        raise ValueError(
            _(
                "A short link cannot be read here. Open it, then copy the address from the "
                "browser's address bar (or the coordinates the map shows)."
            )
        )
    query = parse_qs(parts.query)
    whole = unquote(link)
    candidates = [
        # OpenStreetMap: the marker, then the map's centre.
        _pair(query.get("mlat", [""])[0], query.get("mlon", [""])[0]),
        _search(r"#map=\d+(?:\.\d+)?/(" + _NUMBER + r")/(" + _NUMBER + r")", whole),
        # Google Maps: a place's own position, then q/ll/query/destination, then the centre.
        _search(r"!3d(" + _NUMBER + r")!4d(" + _NUMBER + r")", whole),
        *(_from_pair(query[key][0]) for key in ("q", "ll", "query", "destination") if key in query),
        _search(r"@(" + _NUMBER + r"),(" + _NUMBER + r")", whole),
    ]
    return next((c for c in candidates if c is not None), None)


def _search(pattern: str, text: str) -> tuple[Decimal, Decimal] | None:
    match = re.search(pattern, text)
    return _pair(match[1], match[2]) if match else None


_PAIR_DOT = re.compile(
    r"^(?P<a>[-+]?\d{1,3}(?:\.\d+)?)\s*°?\s*(?P<ah>[NS])?\s*[,;\s]\s*"
    r"(?P<b>[-+]?\d{1,3}(?:\.\d+)?)\s*°?\s*(?P<bh>[EØOW])?$",
    re.IGNORECASE,
)
# Danish decimal commas: only with a space or semicolon between the numbers ("55,01 11,42").
_PAIR_COMMA = re.compile(
    r"^(?P<a>[-+]?\d{1,3}(?:,\d+)?)\s*°?\s*(?P<ah>[NS])?\s*(?:;\s*|\s+)"
    r"(?P<b>[-+]?\d{1,3}(?:,\d+)?)\s*°?\s*(?P<bh>[EØOW])?$",
    re.IGNORECASE,
)


def _from_pair(text: str) -> tuple[Decimal, Decimal] | None:
    value = " ".join(text.strip().split())
    match = _PAIR_DOT.match(value) or _PAIR_COMMA.match(value)
    if not match:
        return None
    pair = _pair(match["a"], match["b"])
    if pair is None:
        return None
    latitude, longitude = pair
    if (match["ah"] or "").upper() == "S":
        latitude = -latitude
    if (match["bh"] or "").upper() == "W":
        longitude = -longitude
    return latitude, longitude


def _pair(a: str, b: str) -> tuple[Decimal, Decimal] | None:
    try:
        return Decimal(a.replace(",", ".")), Decimal(b.replace(",", "."))
    except InvalidOperation:
        return None


def _in_denmark(latitude: Decimal, longitude: Decimal) -> tuple[Decimal, Decimal]:
    south, north, west, east = DENMARK

    def inside(lat: Decimal, lon: Decimal) -> bool:
        return south <= lat <= north and west <= lon <= east

    if not inside(latitude, longitude) and inside(longitude, latitude):
        latitude, longitude = longitude, latitude  # written longitude first
    if not inside(latitude, longitude):
        raise ValueError(
            _(
                "%(lat)s, %(lon)s is not in Denmark. Check the position: in Denmark the first "
                "number (latitude) is between 54.5 and 57.8, the second between 8 and 15.2."
            )
            % {"lat": f"{latitude:.5f}", "lon": f"{longitude:.5f}"}
        )
    step = Decimal("0.00001")
    return latitude.quantize(step), longitude.quantize(step)
