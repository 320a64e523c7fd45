"""The workspace shows waiting lists (dashboard, tour and slot pages, bounded queries) and
lets staff move one booking or change its party size through booking_change."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from booking import waitlist
from booking.models import Booking, MailKind
from notify.models import OutboundMail, about
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The assertions read English text: the pages are asked for under /en/."""
    with translation.override("en"):
        yield


def _full_with_waitlist(slot, waiting: int, offered: int = 0):
    """Fills the slot, then puts `offered` one-person entries in and frees a place for each
    (so they hold offers), then `waiting` entries that keep waiting."""
    Slot.objects.filter(pk=slot.pk).update(capacity=F("booked") + 2)
    factories.book(slot, party_size=2, email=f"fill{slot.pk}@example.com")
    for n in range(offered):
        waitlist.waitlist_join(
            slot_id=slot.pk, visitor=factories.visitor(email=f"o{n}@example.com"), party_size=1
        )
    if offered:
        from booking import slot_services

        fresh = Slot.objects.get(pk=slot.pk)
        slot_services.slot_set_capacity(slot_id=slot.pk, capacity=fresh.capacity + offered)
    for n in range(waiting):
        waitlist.waitlist_join(
            slot_id=slot.pk, visitor=factories.visitor(email=f"w{n}@example.com"), party_size=1
        )


def test_dashboard_shows_waiting_and_held_counts(client, world):
    _full_with_waitlist(world.slot_a, waiting=3, offered=2)
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:dashboard"))
    slots = [s for _, day in response.context["days"] for s in day]
    slot = next(s for s in slots if s.pk == world.slot_a.pk)
    assert (slot.waiting, slot.held) == (3, 2)
    body = response.content.decode()
    assert "3 waiting" in body and "2 held" in body


def test_dashboard_without_waitlist_shows_no_count(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:dashboard"))
    assert "waiting</span>" not in response.content.decode()


@pytest.mark.parametrize("n_slots", [1, 50])
def test_dashboard_with_waitlists_is_bounded(client, world, django_assert_max_num_queries, n_slots):
    start = timezone.now() + timedelta(days=1)
    for n in range(n_slots):
        slot = factories.SlotFactory(tour=world.tour_a, start=start + timedelta(minutes=n))
        _full_with_waitlist(slot, waiting=1)
    client.force_login(world.owner_a)
    client.get(reverse("workspace:dashboard"))
    # The page's own queries, the month's figures beside last year's (figures.selectors) and
    # the header's places: the same for 1 departure and for 50.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("workspace:dashboard"))
    counts = [s.waiting for _, day in response.context["days"] for s in day]
    assert counts.count(1) == n_slots


@pytest.mark.parametrize("n_entries", [1, 50])
def test_slot_page_waitlist_is_bounded(client, world, django_assert_max_num_queries, n_entries):
    _full_with_waitlist(world.slot_a, waiting=n_entries)
    client.force_login(world.staff_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("workspace:slot", kwargs={"pk": world.slot_a.pk}))
    assert len(response.context["waitlist"]) == n_entries
    assert "w0@example.com" not in response.content.decode()  # e-mail not needed on the page
    assert response.content.decode().count("Waiting</td>") == n_entries


def test_staff_move_a_booking_to_another_departure(client, world):
    other = factories.SlotFactory(tour=world.tour_a, start=world.slot_a.start + timedelta(days=1))
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_change", kwargs={"pk": world.booking_a.pk})
    page = client.get(url)
    assert f'value="{other.pk}"' in page.content.decode()
    response = client.post(url, {"slot": other.pk, "party_size": 3})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:slot", kwargs={"pk": other.pk})
    booking = Booking.objects.get(pk=world.booking_a.pk)
    assert (booking.slot_id, booking.party_size, booking.sequence) == (other.pk, 3, 1)
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 0
    assert Slot.objects.get(pk=other.pk).booked == 3
    assert OutboundMail.objects.filter(about=about(booking), kind=MailKind.CHANGED).exists()


def test_staff_change_after_the_visitor_deadline(client, world):
    """Staff are not bound by the visitor's cancellation deadline (by_visitor is not set)."""
    world.tour_a.cancellation_deadline = timedelta(days=30)
    world.tour_a.save()
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_change", kwargs={"pk": world.booking_a.pk})
    assert client.post(url, {"slot": world.slot_a.pk, "party_size": 1}).status_code == 302
    assert Booking.objects.get(pk=world.booking_a.pk).party_size == 1


def test_change_refusals_are_form_errors(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_change", kwargs={"pk": world.booking_a.pk})
    same = client.post(url, {"slot": world.slot_a.pk, "party_size": 2})
    assert same.status_code == 400
    assert "already" in same.content.decode()
    too_many = client.post(url, {"slot": world.slot_a.pk, "party_size": 11})
    assert too_many.status_code == 400
    assert "party_size" in too_many.context["form"].errors
    assert Booking.objects.get(pk=world.booking_a.pk).party_size == 2


@pytest.mark.parametrize("slot", ["other_company", "cancelled", "garbage"])
def test_change_to_a_slot_that_is_not_offered_is_refused(client, world, slot):
    choices = {
        "other_company": world.slot_b.pk,
        "cancelled": factories.SlotFactory(tour=world.tour_a, status=Slot.Status.CANCELLED).pk,
        "garbage": "x",
    }
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_change", kwargs={"pk": world.booking_a.pk})
    response = client.post(url, {"slot": choices[slot], "party_size": 2})
    assert response.status_code == 400
    assert Booking.objects.get(pk=world.booking_a.pk).slot_id == world.slot_a.pk
    assert Slot.objects.get(pk=world.slot_b.pk).booked == 2


def test_change_a_cancelled_booking_says_so(client, world):
    from booking import services

    services.booking_cancel(booking=world.booking_a)
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_change", kwargs={"pk": world.booking_a.pk})
    assert 'name="party_size"' not in client.get(url).content.decode()  # no form, a notice
    other = reverse("workspace:booking_change", kwargs={"pk": world.booking_b.pk})
    client.force_login(world.staff_b)
    assert 'name="party_size"' in client.get(other).content.decode()  # control
    client.force_login(world.staff_a)
    response = client.post(url, {"slot": world.slot_a.pk, "party_size": 3})
    assert response.status_code == 400
    assert Booking.objects.get(pk=world.booking_a.pk).party_size == 2


def test_cancel_page_says_the_waiting_list_is_told(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_cancel", kwargs={"pk": world.slot_a.pk})
    assert "waitlist-notice" not in client.get(url).content.decode()  # control: no list
    _full_with_waitlist(world.slot_a, waiting=2)
    response = client.get(url)
    assert len(response.context["waitlist"]) == 2
    assert "waitlist-notice" in response.content.decode()
