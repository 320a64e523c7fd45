"""The day's arrivals board: counts per departure, a tap to check in, search by name or
reference, no-shows only once the departure has started plus the grace, and only the
company's own staff."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from booking import checkin, services
from booking.models import Booking
from tests import factories
from tests.workspace.test_checkin_views import book_today, today_slot

pytestmark = pytest.mark.django_db


def _board(client: Client, day=None, **params) -> str:
    day = (day or timezone.localdate()).isoformat()
    response = client.get(reverse("workspace:arrivals_day", kwargs={"day": day}), params)
    assert response.status_code == 200
    return response.content.decode()


def _tap(client: Client, booking: Booking, action: str, **data):
    url = reverse("workspace:arrival_action", kwargs={"pk": booking.pk})
    return client.post(url, {"action": action, **data})


def _counts(page: str, slot) -> tuple[int, int, int]:
    block = page.split(f'data-testid="counts-{slot.pk}"', 1)[1].split("</p>", 1)[0]
    found = dict(re.findall(r'data-count="(\w+)">(\d+)<', block))
    return int(found["expected"]), int(found["arrived"]), int(found["missing"])


@pytest.fixture
def day(world):
    slot = today_slot(world.tour_a)
    anne = book_today(slot, party_size=4, name="Anne Ankomst", organisation="Maribo Skole")
    bo = book_today(slot, party_size=2, name="Bo Bertelsen", email="bo@example.com")
    other = book_today(today_slot(world.tour_b), party_size=3, name="Carl Andetsted")
    return slot, anne, bo, other


def test_counts_expected_arrived_missing_and_a_tap_checks_in(world, day):
    slot, anne, bo, _other = day
    client = Client()
    client.force_login(world.staff_a)
    assert _counts(_board(client), slot) == (6, 0, 6)
    assert _tap(client, anne, "check_in", arrived="3").status_code == 302
    page = _board(client)
    assert _counts(page, slot) == (6, 3, 3)
    assert "3 af 4" in page
    _tap(client, bo, "check_in", arrived="2")
    assert _counts(_board(client), slot) == (6, 5, 1)
    _tap(client, anne, "undo")
    assert _counts(_board(client), slot) == (6, 2, 4)


def test_the_tap_redirects_back_to_the_departure_and_keeps_the_search(world, day):
    slot, anne, _bo, _other = day
    client = Client()
    client.force_login(world.staff_a)
    response = _tap(client, anne, "check_in", arrived="4", q="anne")
    assert response["Location"].endswith(f"?q=anne#slot-{slot.pk}")


def test_a_bad_count_is_refused_with_a_message_and_nothing_changes(world, day):
    _slot, anne, _bo, _other = day
    client = Client()
    client.force_login(world.staff_a)
    page = client.post(
        reverse("workspace:arrival_action", kwargs={"pk": anne.pk}),
        {"action": "check_in", "arrived": "9"},
        follow=True,
    ).content.decode()
    assert "Anne Ankomst" in page and "mellem 1 og 4" in page
    anne.refresh_from_db()
    assert anne.checked_in_at is None


@pytest.mark.parametrize("query", ["anne", "ANKOMST", "maribo skole"])
def test_search_by_name_or_organisation(world, day, query):
    client = Client()
    client.force_login(world.staff_a)
    page = _board(client, q=query)
    assert "Anne Ankomst" in page and "Bo Bertelsen" not in page


def test_search_by_reference_as_typed(world, day):
    _slot, anne, _bo, _other = day
    client = Client()
    client.force_login(world.staff_a)
    for typed in (anne.display_reference.lower(), anne.reference[:5]):
        page = _board(client, q=typed)
        assert "Anne Ankomst" in page and "Bo Bertelsen" not in page


def test_only_the_companys_own_departures(world, day):
    client = Client()
    client.force_login(world.staff_a)
    page = _board(client)
    assert "Carl Andetsted" not in page and "Anne Ankomst" in page


@pytest.mark.parametrize("role", ["staff_b", "coordinator"])
def test_others_cannot_tap_a_companys_booking(world, day, role):
    _slot, anne, _bo, _other = day
    client = Client()
    client.force_login(getattr(world, role))
    assert _tap(client, anne, "check_in", arrived="4").status_code == 404
    assert _tap(client, anne, "no_show").status_code == 404
    anne.refresh_from_db()
    assert anne.checked_in_at is None and anne.no_show_at is None


def test_the_coordinator_sees_no_names_but_a_pointer_to_the_figures(world, day):
    client = Client()
    client.force_login(world.coordinator)
    page = _board(client)
    assert "Anne Ankomst" not in page and "Carl Andetsted" not in page


def test_anonymous_is_sent_to_log_in(world, day):
    _slot, anne, _bo, _other = day
    url = reverse("workspace:arrivals_day", kwargs={"day": timezone.localdate().isoformat()})
    assert Client().get(url)["Location"].startswith("/accounts/login/")
    assert _tap(Client(), anne, "check_in", arrived="4").status_code == 302
    anne.refresh_from_db()
    assert anne.checked_in_at is None


def test_an_unknown_action_is_a_404(world, day):
    _slot, anne, _bo, _other = day
    client = Client()
    client.force_login(world.staff_a)
    assert _tap(client, anne, "delete").status_code == 404


def test_no_show_only_after_the_start_plus_grace(world):
    now = timezone.localtime()
    start = (now - checkin.NO_SHOW_GRACE - timedelta(minutes=5)).replace(second=0, microsecond=0)
    if timezone.localdate(start) != now.date():
        pytest.skip("too close to midnight for a departure earlier today")
    started = factories.SlotFactory(tour=world.tour_a, start=start, end=start + timedelta(hours=2))
    late = services.booking_create(
        slot_id=started.pk,
        visitor=factories.visitor(name="Dorte Sen"),
        party_size=2,
        now=start - timedelta(hours=5),
    )
    ahead = book_today(today_slot(world.tour_a), party_size=2, name="Erik Tidlig")
    client = Client()
    client.force_login(world.staff_a)
    page = _board(client)
    row = page.split(f'data-testid="arrival-{late.reference}"', 1)[1].split("</li>", 1)[0]
    assert 'data-testid="arrival-no-show"' in row
    later = page.split(f'data-testid="arrival-{ahead.reference}"', 1)[1].split("</li>", 1)[0]
    assert 'data-testid="arrival-no-show"' not in later
    _tap(client, ahead, "no_show")  # too early: refused, said, nothing written
    ahead.refresh_from_db()
    assert ahead.no_show_at is None
    _tap(client, late, "no_show")
    late.refresh_from_db()
    assert late.no_show_at is not None and late.status == Booking.Status.CONFIRMED
    _tap(client, late, "no_show_undo")
    late.refresh_from_db()
    assert late.no_show_at is None


def test_the_board_is_read_in_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, client
):
    client.force_login(world.staff_a)
    slot = today_slot(world.tour_a, capacity=60)
    book_today(slot, party_size=1)
    with django_assert_max_num_queries(12) as one:
        _board(client)
    for n in range(49):
        book_today(slot, party_size=1, email=f"v{n}@example.com")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _board(client)
    assert page.count('data-testid="arrival-check-in"') == 50


def test_arrival_in_the_csv_the_print_view_and_the_staff_feed(world, day):
    _slot, anne, _bo, _other = day
    checkin.booking_check_in(booking_id=anne.pk, arrived=3)
    client = Client()
    client.force_login(world.staff_a)
    today = timezone.localdate().isoformat()
    raw = client.get(f"/en/workspace/day/{today}/visitors.csv").content.decode("utf-8-sig")
    rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(raw))}
    assert rows["Anne Ankomst"]["Arrived"] == "3"
    assert rows["Anne Ankomst"]["Checked in"].startswith(today)
    assert rows["Bo Bertelsen"]["Arrived"] == "" and rows["Bo Bertelsen"]["Did not come"] == ""
    printed = client.get(f"/en/workspace/day/{today}/print/").content.decode()
    assert "3 of 4, at" in printed
    feed = Client().get(f"/en/staff-calendar/{world.company_a.feed_token}.ics").content.decode()
    unfolded = feed.replace("\r\n ", "")
    assert "arrived 3 of 4 at" in unfolded and "Arrived: 3 of 6" in unfolded
