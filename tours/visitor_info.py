"""What a visitor needs before coming, in the active language (issue 14, point 6).

The tour page, the booking form, the visitor's booking page and the confirmation mail show
the same facts; this module decides them once, and `tours/templatetags/visitor_info.py`
hands them to the templates:

- the meeting point's position (the tour's own, or the company's) and links to it on
  OpenStreetMap: links only, never embedded tiles, so our pages make no request elsewhere;
- which text applies where a tour may differ from its company (parking, accessibility):
  the tour's when it has one, else the company's;
- the duration, the booking cut-off and the cancellation deadline in words, with each
  language's plurals ("24 hours", "24 timer", "24 Stunden"; "3 days", "3 dage", "3 Tage");
- the cancellation terms as sentences a visitor reads once and understands.

Texts are written by gettext, so they follow `translation.override(...)` in mail as the
pages follow the URL's language. docs/i18n.md, "Before you come"."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.translation import gettext, ngettext, pgettext

from core.content_language import FALLBACK_LANGUAGE, active_language
from tours.models import Company, Tour

# The map's zoom for a meeting point: a farm and its lanes, with the nearest road.
MAP_ZOOM = 16
OSM = "https://www.openstreetmap.org/"


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    own: bool  # the tour's own meeting position, not the company's

    @property
    def _lat(self) -> str:
        return f"{self.latitude:.5f}"

    @property
    def _lon(self) -> str:
        return f"{self.longitude:.5f}"

    @property
    def osm_url(self) -> str:
        """The position marked on OpenStreetMap's own site, centred at MAP_ZOOM."""
        query = urlencode({"mlat": self._lat, "mlon": self._lon})
        return f"{OSM}?{query}#map={MAP_ZOOM}/{self._lat}/{self._lon}"

    @property
    def directions_url(self) -> str:
        """OpenStreetMap's route planner with the meeting point as the destination: the
        visitor fills in where they start (or lets the phone do it). Works in every browser,
        where a `geo:` link does nothing on an iPhone."""
        route = quote(f";{self._lat},{self._lon}", safe="")
        return f"{OSM}directions?route={route}"

    @property
    def text(self) -> str:
        """As map apps take it when pasted: "54.77640, 11.50120"."""
        return f"{self._lat}, {self._lon}"


def meeting_position(tour: Tour) -> Position:
    if tour.meeting_latitude is not None and tour.meeting_longitude is not None:
        return Position(tour.meeting_latitude, tour.meeting_longitude, own=True)
    company = tour.company
    return Position(company.latitude, company.longitude, own=False)


def _has_text(obj: object, field: str) -> bool:
    # The Danish column is every other language's fallback, so a text counts when it is
    # there (the workspace form asks for Danish whenever another language is written).
    return bool(getattr(obj, f"{field}_{FALLBACK_LANGUAGE}", None))


def text_owner(tour: Tour, field: str) -> Tour | Company | None:
    """Whose `field` ("parking", "accessibility") the visitor reads: the tour's own text
    when it has one, else the company's; None when neither says anything."""
    if _has_text(tour, field):
        return tour
    if _has_text(tour.company, field):
        return tour.company
    return None


def duration_words(value: timedelta) -> str:
    """A duration as people say it: "45 minutes", "1 hour 30 minutes", "24 hours", "3 days".

    Whole days from two days up ("2 days", not "48 hours"); one day stays "24 hours", as
    terms are usually written. Below that, hours and minutes. Seconds are dropped."""
    minutes = max(int(value.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    if days >= 2 and rest == 0:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    hours, minutes = divmod(minutes, 60)
    hour_words = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minute_words = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if not hours:
        return minute_words
    if not minutes:
        return hour_words
    return pgettext("a duration", "%(hours)s %(minutes)s") % {
        "hours": hour_words,
        "minutes": minute_words,
    }


@dataclass(frozen=True)
class CancellationTerms:
    online: str  # until when, and where, a visitor changes or cancels for free
    after: str  # what to do after that
    link: str  # where the booking page is
    booking: str  # until when the tour can be booked online

    @property
    def sentences(self) -> list[str]:
        return [self.online, self.after, self.link]


def cancellation_terms(tour: Tour) -> CancellationTerms:
    company = tour.company
    deadline = tour.cancellation_deadline or timedelta(0)
    if deadline > timedelta(0):
        online = gettext(
            "You can change or cancel your booking free of charge up to %(time)s before the "
            "start, on your booking page."
        ) % {"time": duration_words(deadline)}
    else:
        online = gettext(
            "You can change or cancel your booking free of charge until the start, on your "
            "booking page."
        )
    after = gettext("After that, please call %(company)s on %(phone)s.") % {
        "company": company.name,
        "phone": company.phone,
    }
    link = gettext("The link to your booking page is in your confirmation e-mail.")
    cutoff = tour.booking_cutoff or timedelta(0)
    if cutoff > timedelta(0):
        booking = gettext(
            "Online booking closes %(time)s before the start; after that, call the company."
        ) % {"time": duration_words(cutoff)}
    else:
        booking = gettext("You can book online until the start.")
    return CancellationTerms(online=online, after=after, link=link, booking=booking)


@dataclass(frozen=True)
class VisitorInfo:
    tour: Tour
    company: Company
    duration: str
    languages: list[str]
    # False when the tour is not given in the page's language (the page says so).
    in_page_language: bool
    position: Position
    parking: Tour | Company | None
    accessibility: Tour | Company | None
    what_to_bring: bool
    facilities: bool
    terms: CancellationTerms


def visitor_info(tour: Tour) -> VisitorInfo:
    """Everything the "before you come" block shows, for the active language. Reads only the
    tour and its company (one row each; the selectors fetch the company with the tour)."""
    names = dict(settings.LANGUAGES)
    return VisitorInfo(
        tour=tour,
        company=tour.company,
        duration=duration_words(tour.duration),
        languages=[str(names.get(code, code)) for code in tour.languages],
        in_page_language=not tour.languages or active_language() in tour.languages,
        position=meeting_position(tour),
        parking=text_owner(tour, "parking"),
        accessibility=text_owner(tour, "accessibility"),
        what_to_bring=_has_text(tour, "what_to_bring"),
        facilities=_has_text(tour.company, "facilities"),
        terms=cancellation_terms(tour),
    )
