"""The tour page's month calendar: the days with room and the full ones as links, the chosen
day's departures below, any address answered (never a 500), in da/en/de, in bounded queries."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CPH)


def next_saturday_month() -> tuple[date, date]:
    """A Saturday in a later month (so today's marks stay out of the way) and its month."""
    today = timezone.localdate()
    month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    saturday = month + timedelta(days=(5 - month.weekday()) % 7)
    return saturday, month


def page(client, tour, lang="en", **query) -> str:
    with translation.override(lang):
        url = reverse("catalogue:tour", args=[tour.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def book_href(slot, lang="en") -> str:
    with translation.override(lang):
        return reverse("booking:book", args=[slot.pk])


def test_the_page_opens_on_the_next_day_with_room_and_lists_its_departures(client):
    saturday, month = next_saturday_month()
    tour = TourFactory()
    full = SlotFactory(tour=tour, start=at(saturday - timedelta(days=1), 10), capacity=2)
    book(full, party_size=2)
    morning = SlotFactory(tour=tour, start=at(saturday, 10), capacity=10)
    afternoon = SlotFactory(tour=tour, start=at(saturday, 14), capacity=10)
    book(afternoon, party_size=4)
    html = page(client, tour)
    assert 'data-testid="month-calendar"' in html
    # The full day comes first, but the page opens on the first day with room.
    assert f"Departures on {saturday:%A} {saturday.day} {saturday:%B}" in html
    assert book_href(morning) in html and book_href(afternoon) in html
    assert "6 places left" in html and "10 places left" in html
    day_link = f'href="?month={month:%Y-%m}&amp;day={saturday.isoformat()}#departures"'
    assert day_link in html
    assert f'aria-label="{saturday:%A} {saturday.day} {saturday:%B}, places free, chosen"' in html
    full_day = saturday - timedelta(days=1)
    assert (
        f'aria-label="{full_day:%A} {full_day.day} {full_day:%B}, fully booked, waiting list"'
        in (html)
    )


def test_choosing_a_full_day_shows_its_waiting_list(client):
    saturday, month = next_saturday_month()
    tour = TourFactory()
    full = SlotFactory(tour=tour, start=at(saturday, 10), capacity=2)
    book(full, party_size=2)
    SlotFactory(tour=tour, start=at(saturday + timedelta(days=1), 10))
    html = page(client, tour, month=f"{month:%Y-%m}", day=saturday.isoformat())
    assert f'href="{book_href(full)}#waitlist"' in html
    assert "Fully booked" in html


def test_cancelled_and_other_tours_departures_are_not_shown(client):
    saturday, _month = next_saturday_month()
    tour = TourFactory()
    SlotFactory(tour=tour, start=at(saturday, 10))
    cancelled = SlotFactory(tour=tour, start=at(saturday, 14), status=Slot.Status.CANCELLED)
    stranger = SlotFactory(start=at(saturday, 12))
    html = page(client, tour, day=saturday.isoformat())
    assert book_href(cancelled) not in html and book_href(stranger) not in html


def test_a_group_visit_already_booked_is_full(client):
    saturday, month = next_saturday_month()
    tour = GroupTourFactory()
    taken = SlotFactory(tour=tour, start=at(saturday, 10))
    book(taken, party_size=12)
    html = page(client, tour, month=f"{month:%Y-%m}")
    assert "fully booked, waiting list" in html
    assert f'href="{book_href(taken)}"' not in html


def test_month_links_stay_within_the_horizon(client):
    tour = TourFactory()
    today = timezone.localdate()
    html = page(client, tour)
    assert 'data-testid="month-previous"' not in html  # this month: nothing earlier
    following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert f'href="?month={following:%Y-%m}#calendar"' in html
    assert 'aria-current="date"' in html  # today is marked
    later = page(client, tour, month=f"{following:%Y-%m}")
    assert f'href="?month={today:%Y-%m}#calendar"' in later


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2027-13"},
        {"month": "abc", "day": "zzz"},
        {"day": "9999-12-31"},
        {"day": "2027-02-30"},
        {"month": "\x00"},
        {"month": "2099-01", "day": "2099-01-05"},
        {"month": "1999-12"},
        {"day": "2000-01-01"},
        {"month": "2027-05", "day": "2027-06-01"},
        {"month": "9" * 400},
        {"view": "nonsense"},
    ],
)
def test_any_address_shows_the_calendar_never_an_error(client, query):
    saturday, _month = next_saturday_month()
    tour = TourFactory()
    slot = SlotFactory(tour=tour, start=at(saturday, 10))
    html = page(client, tour, **query)
    assert 'data-testid="month-calendar"' in html
    if "month" not in query or not re.fullmatch(r"\d{4}-\d{2}", query["month"]):
        assert book_href(slot) in html  # the fallback: the next day with room


def test_the_list_view_is_still_there_for_who_prefers_it(client):
    tour = TourFactory()
    slot = SlotFactory(tour=tour, start=timezone.now() + timedelta(days=2))
    html = page(client, tour, view="list")
    assert 'data-testid="month-calendar"' not in html
    assert book_href(slot) in html and "Later dates" in html
    assert 'data-testid="calendar-view-link"' in html
    assert 'data-testid="list-view-link"' in page(client, tour)


@pytest.mark.parametrize(
    ("lang", "heads", "label"),
    [
        ("da", ("mandag", "søndag"), "{weekday} {day}. {month}, ledige pladser, valgt"),
        ("en", ("Monday", "Sunday"), "{weekday} {day} {month}, places free, chosen"),
        ("de", ("Montag", "Sonntag"), "{weekday}, {day}. {month}, Plätze frei, ausgewählt"),
    ],
)
def test_the_grid_is_a_table_in_the_page_s_language(client, lang, heads, label):
    from core import formats

    saturday, _month = next_saturday_month()
    tour = TourFactory()
    SlotFactory(tour=tour, start=at(saturday, 10))
    html = page(client, tour, lang=lang, day=saturday.isoformat())
    table = html[html.index('<table class="month-grid"') : html.index("</table>")]
    columns = re.findall(
        r'<th scope="col">.*?<span class="visually-hidden">(\w+)</span></th>', table
    )
    assert len(columns) == 7 and (columns[0], columns[6]) == heads
    assert all(len(re.findall(r"<td", row)) == 7 for row in table.split("<tr>")[2:])
    with translation.override(lang):
        weekday = formats.weekday_names()[5]
        month_name = formats.format_day(saturday, "day_month").split()[-1]
    text = label.format(weekday=weekday.capitalize(), day=saturday.day, month=month_name)
    assert f'aria-label="{text}"' in html


@pytest.mark.parametrize("count", [1, 200])
def test_the_tour_page_answers_in_bounded_queries(client, count):
    saturday, month = next_saturday_month()
    day = saturday.isoformat()
    tour = TourFactory()
    start = at(month, 8)
    Slot.objects.bulk_create(
        Slot(
            tour=tour,
            start=start + timedelta(hours=3 * n),
            end=start + timedelta(hours=3 * n + 1),
            capacity=10,
            booked=10 if n % 4 == 1 else 0,
        )
        for n in range(count)
    )
    url = reverse("catalogue:tour", args=[tour.pk])
    # The tour's own queries (its title, which is all a cached page asks; the tour, its
    # photos) and the calendar's: with nothing this month, the month, the next day with room,
    # that month; then the day's departures. With ?month= or ?day=, the month and the day's.
    # The same at 1 slot and at 200.
    for query, calendar in (({}, 4), ({"month": f"{month:%Y-%m}"}, 2), ({"day": day}, 2)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, query).status_code == 200
        slots = [q for q in queries if 'FROM "tours_slot"' in q["sql"]]
        assert len(slots) == calendar, query
        assert len(queries) <= calendar + 5, [q["sql"][:60] for q in queries]
