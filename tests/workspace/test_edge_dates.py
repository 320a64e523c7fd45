"""Dates at the edges of the calendar are refused with a clear answer, never a 500 (found in a
review: a day near year 9999 plus a fortnight is not a date)."""

import pytest
from django.urls import reverse

from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31"])
@pytest.mark.parametrize("name", ["workspace:day", "workspace:day_print", "workspace:day_csv"])
def test_day_pages_outside_the_horizon_are_404(client, world, name, day):
    client.force_login(world.staff_a)
    assert client.get(reverse(name, kwargs={"day": day})).status_code == 404


def test_control_a_day_inside_the_horizon_is_shown(client, world):
    client.force_login(world.staff_a)
    day = world.slot_a.start.date().isoformat()
    assert client.get(reverse("workspace:day", kwargs={"day": day})).status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-30", "2100-01-01"])
def test_a_departure_beyond_five_years_is_refused(client, world, day):
    client.force_login(world.staff_a)
    before = Slot.objects.count()
    response = client.post(
        reverse("workspace:tour", kwargs={"pk": world.tour_a.pk}),
        {"date": day, "time": "23:30", "capacity": "5"},
    )
    assert response.status_code == 400
    assert Slot.objects.count() == before


def test_moving_a_departure_beyond_five_years_is_refused(client, world):
    client.force_login(world.staff_a)
    start = world.slot_a.start
    response = client.post(
        reverse("workspace:slot_move", kwargs={"pk": world.slot_a.pk}),
        {"date": "9999-12-31", "time": "23:30"},
    )
    assert response.status_code == 400
    assert Slot.objects.get(pk=world.slot_a.pk).start == start


def test_a_pattern_ending_near_year_9999_is_refused(client, world):
    client.force_login(world.staff_a)
    before = Slot.objects.count()
    response = client.post(
        reverse("workspace:pattern_new", kwargs={"tour_pk": world.tour_a.pk}),
        {
            "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
            "times": "10:00",
            "first_day": "9999-06-01",
            "last_day": "9999-12-31",
            "capacity": "5",
        },
    )
    assert response.status_code in (200, 400)
    assert Slot.objects.count() == before
