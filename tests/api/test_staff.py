"""What the staff endpoints do for a member: tours through the workspace's rules, slots and
bookings through the services, answers in the one error shape, lists in bounded queries."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from booking import slot_services
from booking.models import Booking, MailKind, WaitlistEntry
from booking.waitlist import waitlist_join
from tests import factories
from tests.api.conftest import assert_error_shape
from tests.api.test_staff_permissions import STAFF, client_for
from tests.outbox import mails_about
from tours.models import Slot, Tour
from workspace.models import ApiKey

pytestmark = pytest.mark.django_db


def _tour_body(**overrides) -> dict:
    body = {
        "kind": "group",
        "title": "Æbleplantagen for grupper",
        "meeting_point": "Gårdbutikken",
        "languages": ["da", "de"],
        "duration_minutes": 90,
        "price": "1500.00",
        "price_per": "group",
        "min_group_size": 10,
        "max_group_size": 40,
        "booking_cutoff_minutes": 24 * 60,
    }
    body.update(overrides)
    return body


def test_tour_is_created_for_the_users_only_company(world):
    response = client_for(world.staff_a).post(f"{STAFF}/tours/", _tour_body(), format="json")

    assert response.status_code == 201, response.content
    tour = Tour.objects.get(pk=response.json()["id"])
    assert tour.company == world.company_a
    assert tour.duration == timedelta(minutes=90)
    assert tour.booking_cutoff == timedelta(hours=24)
    assert (tour.min_group_size, tour.max_group_size, tour.published) == (10, 40, False)
    assert response.json()["company"]["slug"] == world.company_a.slug


def test_tour_rules_are_the_workspace_forms(world):
    api = client_for(world.staff_a)
    response = api.post(
        f"{STAFF}/tours/", _tour_body(min_group_size=50, max_group_size=10), format="json"
    )
    body = assert_error_shape(response, 400, "invalid")
    assert "min_group_size" in body["fields"]
    assert not Tour.objects.filter(title="Æbleplantagen for grupper").exists()


def test_coordinator_must_name_the_company(world):
    api = client_for(world.coordinator)
    body = assert_error_shape(
        api.post(f"{STAFF}/tours/", _tour_body(), format="json"), 400, "invalid"
    )
    assert list(body["fields"]) == ["company"]
    named = api.post(f"{STAFF}/tours/", _tour_body(company=world.company_b.slug), format="json")
    assert named.status_code == 201
    assert Tour.objects.get(pk=named.json()["id"]).company == world.company_b


def test_tour_update_changes_only_what_is_given(world):
    before = Tour.objects.get(pk=world.tour_a.pk)
    response = client_for(world.owner_a).patch(
        f"{STAFF}/tours/{world.tour_a.pk}/", {"published": False, "title": "Ny"}, format="json"
    )
    assert response.status_code == 200, response.content
    after = Tour.objects.get(pk=world.tour_a.pk)
    assert (after.title, after.published) == ("Ny", False)
    assert (after.duration, after.meeting_point, after.languages) == (
        before.duration,
        before.meeting_point,
        before.languages,
    )


def test_tour_cannot_change_company(world):
    response = client_for(world.coordinator).patch(
        f"{STAFF}/tours/{world.tour_a.pk}/", {"company": world.company_b.slug}, format="json"
    )
    assert_error_shape(response, 400, "invalid")
    assert Tour.objects.get(pk=world.tour_a.pk).company == world.company_a


def test_slot_is_opened_through_the_slot_service(world):
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    api = client_for(world.staff_a)
    body = {"tour": world.tour_a.pk, "start": start.isoformat(), "capacity": 6}

    response = api.post(f"{STAFF}/slots/", body, format="json")
    assert response.status_code == 201, response.content
    slot = Slot.objects.get(pk=response.json()["id"])
    assert (slot.start, slot.end, slot.capacity) == (start, start + world.tour_a.duration, 6)

    assert_error_shape(api.post(f"{STAFF}/slots/", body, format="json"), 409, "slot_exists")
    past = {**body, "start": (timezone.now() - timedelta(hours=1)).isoformat()}
    error = assert_error_shape(
        api.post(f"{STAFF}/slots/", past, format="json"), 400, "slot_start_invalid"
    )
    assert list(error["fields"]) == ["start"]


def test_capacity_below_booked_is_409_and_raising_it_serves_the_waitlist(world):
    api = client_for(world.staff_a)
    url = f"{STAFF}/slots/{world.slot_a.pk}/"
    booked = Slot.objects.get(pk=world.slot_a.pk).booked
    assert_error_shape(
        api.patch(url, {"capacity": booked - 1}, format="json"), 409, "capacity_below_booked"
    )

    api.patch(url, {"capacity": booked}, format="json")
    entry = waitlist_join(
        slot_id=world.slot_a.pk, visitor=factories.visitor(email="w@example.com"), party_size=2
    )
    response = api.patch(url, {"capacity": booked + 2}, format="json")

    assert response.status_code == 200
    assert response.json()["capacity"] == booked + 2
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.OFFERED


def test_cancel_slot_cancels_its_bookings_and_tells_visitors(world):
    api = client_for(world.staff_a)
    response = api.post(f"{STAFF}/slots/{world.slot_a.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert Booking.objects.get(pk=world.booking_a.pk).status == Booking.Status.CANCELLED
    assert mails_about(world.booking_a).filter(kind=MailKind.CANCELLED).exists()
    again = api.post(f"{STAFF}/slots/{world.slot_a.pk}/cancel/")
    assert_error_shape(again, 409, "slot_not_changeable")
    assert_error_shape(
        api.post(f"{STAFF}/slots/{world.slot_a.pk}/reopen/"), 409, "slot_not_changeable"
    )


def test_slot_bookings_show_visitor_details_but_no_token(world):
    response = client_for(world.staff_a).get(f"{STAFF}/slots/{world.slot_a.pk}/bookings/")
    [row] = response.json()["results"]
    assert (row["reference"], row["name"], row["email"]) == (
        world.booking_a.reference,
        "Anne A",
        world.booking_a.email,
    )
    assert world.booking_a.token not in response.content.decode()


def test_booking_cancel_through_the_service(world):
    api = client_for(world.staff_a)
    url = f"{STAFF}/bookings/{world.booking_a.display_reference.lower()}/cancel/"
    response = api.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 0
    assert_error_shape(api.post(url), 409, "booking_not_active")


@pytest.mark.parametrize("count", [1, 50])
def test_staff_lists_answer_in_bounded_queries(world, django_assert_max_num_queries, count):
    slot_services.slot_set_capacity(slot_id=world.slot_a.pk, capacity=100)
    for _ in range(count - 1):
        factories.book(factories.SlotFactory(tour=world.tour_a), party_size=1)
    for _ in range(count - 1):
        factories.book(world.slot_a, party_size=1, email=f"x{_}@example.com")
    api = client_for(world.staff_a)
    # Auth (token + user), membership check, then COUNT and SELECT of the page.
    for path, rows in [
        ("/tours/", 1),
        ("/slots/", count),
        (f"/slots/{world.slot_a.pk}/bookings/", count),
    ]:
        with django_assert_max_num_queries(7):
            response = api.get(f"{STAFF}{path}")
        assert len(response.json()["results"]) == rows, path


def test_api_key_create_command_gives_a_working_key(world, capsys):
    call_command("api_key_create", world.staff_a.username)
    key = capsys.readouterr().out.strip()
    assert ApiKey.objects.get(user=world.staff_a).digest == ApiKey.digest_of(key)
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"{STAFF}/tours/").status_code == 200


def test_slot_start_far_ahead_is_400_not_a_500(world):
    api = client_for(world.staff_a)
    body = {"tour": world.tour_a.pk, "start": "9999-12-31T23:59:00+00:00", "capacity": 5}
    error = assert_error_shape(api.post(f"{STAFF}/slots/", body, format="json"), 400, "invalid")
    assert list(error["fields"]) == ["start"]
    assert not Slot.objects.filter(start__year=9999).exists()


def test_empty_patch_of_a_slot_changes_nothing(world):
    response = client_for(world.staff_a).patch(
        f"{STAFF}/slots/{world.slot_a.pk}/", {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["capacity"] == Slot.objects.get(pk=world.slot_a.pk).capacity == 10


def test_tour_texts_in_english_and_german_through_the_staff_api(world):
    """`title` is the Danish text whatever Accept-Language says; `title_en`/`title_de` the
    translations, as in the workspace form."""
    api = client_for(world.staff_a)
    body = _tour_body(title_de="Apfelplantage für Gruppen", meeting_point_en="The farm shop")
    response = api.post(f"{STAFF}/tours/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.content
    tour = Tour.objects.get(pk=response.json()["id"])
    assert (tour.title_da, tour.title_de, tour.meeting_point_en) == (
        "Æbleplantagen for grupper",
        "Apfelplantage für Gruppen",
        "The farm shop",
    )
    assert response.json()["meeting_point"] == "The farm shop"
