"""Workspace reads stay within a fixed number of queries for 1 and for 50 objects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def _fill(world, n: int) -> None:
    # Noon of slot_a's local day: in UTC, its day could be another (a slot at 00:00 local).
    start = timezone.localtime(world.slot_a.start).replace(hour=12) + timedelta(minutes=1)
    for i in range(n):
        tour = factories.TourFactory(company=world.company_a)
        slot = factories.SlotFactory(tour=tour, start=start + timedelta(minutes=i))
        factories.book(slot, email=f"v{i}@example.com")


@pytest.mark.parametrize(
    "name",
    ["workspace:day", "workspace:day_print", "workspace:day_csv", "workspace:tours"],
)
@pytest.mark.parametrize("extra", [0, 49])
def test_lists_are_bounded(client, world, django_assert_max_num_queries, name, extra):
    _fill(world, extra)
    client.force_login(world.staff_a)
    day = timezone.localdate(world.slot_a.start).isoformat()
    url = reverse(name, kwargs={"day": day}) if "day" in name else reverse(name)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    if name == "workspace:day":
        assert response.context["total"] == 2 * (1 + extra)  # two people per booking


@pytest.mark.parametrize("extra", [0, 49])
def test_slot_page_is_bounded(client, world, django_assert_max_num_queries, extra):
    slot = world.slot_a
    slot.capacity = 500
    slot.save(update_fields=["capacity"])
    for i in range(extra):
        factories.book(slot, party_size=1, email=f"s{i}@example.com")
    client.force_login(world.staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("workspace:slot", kwargs={"pk": slot.pk}))
    assert len(response.context["visitors"]) == 1 + extra
