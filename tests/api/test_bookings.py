"""POST /api/v1/bookings/, reading and cancelling with the visitor's token, idempotency and
the error shape of every refusal."""

import uuid
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from booking import services
from booking.models import Booking, WaitlistEntry
from tests.api.conftest import assert_error_shape, booking_body
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book, visitor
from tours.models import Slot

pytestmark = pytest.mark.django_db

URL = "/api/v1/bookings/"


def _post(api, body, **headers):
    return api.post(URL, body, format="json", **headers)


def test_booking_is_made_through_the_service_and_answers_201(api):
    slot = SlotFactory(capacity=10)

    response = _post(api, booking_body(slot, party_size=3), HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 201, response.content
    body = response.json()
    booking = Booking.objects.get()
    assert body["reference"] == booking.reference
    assert body["status"] == "confirmed"
    assert body["source"] == Booking.Source.API == booking.source
    assert body["language"] == "de"  # from Accept-Language when the body names none
    assert body["manage_url"] == f"http://testserver/de/booking/{booking.token}/"
    assert body["ical_url"].endswith(
        f"/api/v1/bookings/{booking.reference}/calendar.ics?token={booking.token}"
    )
    assert body["slot"]["id"] == slot.pk
    slot.refresh_from_db()
    assert slot.booked == 3


@pytest.mark.parametrize(
    ("make_slot", "party_size", "status", "code"),
    [
        (lambda: SlotFactory(capacity=2, booked=2), 1, 409, "slot_full"),
        (lambda: SlotFactory(capacity=3, booked=2), 2, 409, "not_enough_places"),
        (lambda: SlotFactory(status=Slot.Status.CLOSED), 1, 409, "slot_closed"),
        (lambda: SlotFactory(status=Slot.Status.CANCELLED), 1, 409, "slot_cancelled"),
        (
            lambda: SlotFactory(start=timezone.now() + timedelta(hours=1)),
            1,
            409,
            "booking_closed",
        ),
        (
            lambda: SlotFactory(start=timezone.now() - timedelta(minutes=5)),
            1,
            409,
            "slot_past",
        ),
        (lambda: SlotFactory(tour=GroupTourFactory(), booked=12), 12, 409, "slot_taken"),
        (lambda: SlotFactory(tour=GroupTourFactory()), 3, 400, "party_size_invalid"),
        (lambda: SlotFactory(tour=TourFactory(published=False)), 1, 400, "slot_not_found"),
    ],
)
def test_refusals_map_to_409_or_400_with_their_code(api, make_slot, party_size, status, code):
    slot = make_slot()
    booked_before = slot.booked

    response = _post(api, booking_body(slot, party_size=party_size, organisation="Skolen"))

    assert_error_shape(response, status, code)
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == booked_before


def test_refusal_names_the_field_it_is_about(api):
    slot = SlotFactory(capacity=3, booked=2)
    body = assert_error_shape(
        _post(api, booking_body(slot, party_size=2)), 409, "not_enough_places"
    )
    assert list(body["fields"]) == ["party_size"]
    missing = assert_error_shape(
        _post(api, {**booking_body(slot), "slot": 999999}), 400, "slot_not_found"
    )
    assert list(missing["fields"]) == ["slot"]


def test_full_slot_without_waitlist_is_409_slot_full(api):
    slot = SlotFactory(capacity=2, booked=2)
    assert_error_shape(_post(api, booking_body(slot, party_size=1)), 409, "slot_full")
    assert not WaitlistEntry.objects.exists()


def test_full_slot_with_waitlist_joins_it_and_answers_202(api):
    slot = SlotFactory(capacity=2, booked=2)
    first = _post(api, booking_body(slot, party_size=1, waitlist=True))
    second = _post(api, booking_body(slot, party_size=2, email="bo@example.com", waitlist=True))

    assert (first.status_code, second.status_code) == (202, 202), second.content
    body = second.json()
    assert (body["status"], body["position"], body["party_size"]) == ("waiting", 2, 2)
    assert first.json()["position"] == 1
    entry = WaitlistEntry.objects.get(email="bo@example.com")
    assert body["manage_url"] == f"http://testserver{entry.get_absolute_url()}"
    assert entry.token in body["manage_url"]
    assert body["slot"]["id"] == slot.pk
    assert not Booking.objects.exists()
    assert Slot.objects.get(pk=slot.pk).booked == 2


def test_not_enough_places_with_waitlist_joins_it(api):
    slot = SlotFactory(capacity=4, booked=3)
    response = _post(api, booking_body(slot, party_size=2, waitlist=True))
    assert response.status_code == 202, response.content
    assert WaitlistEntry.objects.filter(slot=slot, party_size=2).exists()


def test_same_email_twice_on_the_waitlist_is_409(api):
    slot = SlotFactory(capacity=1, booked=1)
    assert _post(api, booking_body(slot, party_size=1, waitlist=True)).status_code == 202
    again = _post(api, booking_body(slot, party_size=1, waitlist=True))
    assert_error_shape(again, 409, "already_on_waitlist")
    assert WaitlistEntry.objects.count() == 1


def test_waitlist_does_not_bypass_other_refusals(api):
    closed = SlotFactory(capacity=1, booked=1, status=Slot.Status.CLOSED)
    assert_error_shape(
        _post(api, booking_body(closed, party_size=1, waitlist=True)), 409, "slot_closed"
    )
    assert not WaitlistEntry.objects.exists()


def test_waitlist_on_a_slot_with_room_is_just_a_booking(api):
    roomy = SlotFactory(capacity=5)
    assert _post(api, booking_body(roomy, party_size=1, waitlist=True)).status_code == 201
    assert not WaitlistEntry.objects.exists()


def test_field_errors_are_400_with_each_field(api):
    slot = SlotFactory()
    response = _post(api, {"slot": slot.pk, "email": "not-an-address", "party_size": 0})
    body = assert_error_shape(response, 400, "invalid")
    assert set(body["fields"]) == {"name", "email", "party_size"}
    assert not Booking.objects.exists()


def test_service_input_refusal_names_the_field(api):
    slot = SlotFactory()
    body = assert_error_shape(_post(api, booking_body(slot, phone="call me")), 400, "invalid")
    assert list(body["fields"]) == ["phone"]


@pytest.mark.parametrize(
    ("payload", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "parse_error"),
        ("[1, 2]", "application/json", 400, "invalid"),
        ("name=Anne", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ('{"name": "\\ud800"}', "application/json", 400, "invalid"),
    ],
)
def test_malformed_requests_get_the_error_shape(api, payload, content_type, status, code):
    response = api.generic("POST", URL, payload, content_type=content_type)
    assert_error_shape(response, status, code)


def test_messages_follow_accept_language(api):
    slot = SlotFactory()
    body = {"slot": slot.pk, "email": "anne@example.com", "party_size": 1}
    german = _post(api, body, HTTP_ACCEPT_LANGUAGE="de").json()
    english = _post(api, body, HTTP_ACCEPT_LANGUAGE="en").json()
    assert german["fields"]["name"] == ["Dieses Feld ist zwingend erforderlich."]
    assert english["fields"]["name"] == ["This field is required."]


def test_method_not_allowed_and_unknown_address_use_the_error_shape(api):
    slot = SlotFactory()
    assert_error_shape(api.put(f"/api/v1/slots/{slot.pk}/", {}), 405, "method_not_allowed")
    assert_error_shape(api.get(URL), 405, "method_not_allowed")
    assert_error_shape(api.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_error_shape(api.get("/api/v1/slots/-1/"), 404, "not_found")
    assert_error_shape(api.get("/api/v1/slots/99999999999999999999/"), 404, "not_found")


class TestIdempotencyKey:
    def test_same_key_and_body_return_the_same_booking(self, api):
        slot = SlotFactory(capacity=10)
        first = _post(api, booking_body(slot), HTTP_IDEMPOTENCY_KEY="order-17")
        again = _post(api, booking_body(slot), HTTP_IDEMPOTENCY_KEY="order-17")
        assert first.status_code == again.status_code == 201
        assert first.json()["reference"] == again.json()["reference"]
        assert Booking.objects.count() == 1
        slot.refresh_from_db()
        assert slot.booked == 2

    def test_same_key_with_another_body_is_422(self, api):
        slot = SlotFactory(capacity=10)
        _post(api, booking_body(slot), HTTP_IDEMPOTENCY_KEY="order-18")
        response = _post(api, booking_body(slot, party_size=3), HTTP_IDEMPOTENCY_KEY="order-18")
        assert_error_shape(response, 422, "idempotency_key_reused")
        assert Booking.objects.count() == 1

    def test_without_a_key_a_repeat_is_a_second_booking(self, api):
        """Control: the test above can fail; without a key nothing dedupes."""
        slot = SlotFactory(capacity=10)
        _post(api, booking_body(slot))
        _post(api, booking_body(slot))
        assert Booking.objects.count() == 2

    def test_api_keys_cannot_collide_with_the_web_forms(self, api):
        slot = SlotFactory(capacity=10)
        form_key = f"form:{uuid.uuid4()}"
        services.booking_create(
            slot_id=slot.pk, visitor=visitor(), party_size=5, idempotency_key=form_key
        )
        response = _post(api, booking_body(slot), HTTP_IDEMPOTENCY_KEY=form_key)
        assert response.status_code == 201
        assert Booking.objects.count() == 2

    @pytest.mark.parametrize("key", ["x" * 97, "with space", "ümlaut"])
    def test_malformed_key_is_400(self, api, key):
        slot = SlotFactory()
        headers = {"HTTP_IDEMPOTENCY_KEY": key.encode().decode("latin-1")}
        assert_error_shape(
            _post(api, booking_body(slot), **headers), 400, "idempotency_key_invalid"
        )
        assert not Booking.objects.exists()


class TestVisitorAccess:
    def test_read_with_token_in_header_or_query(self, api):
        booking = book(SlotFactory())
        url = f"{URL}{booking.reference}/"
        by_header = api.get(url, HTTP_X_BOOKING_TOKEN=booking.token)
        by_query = api.get(url, {"token": booking.token})
        typed = api.get(f"{URL}{booking.display_reference.lower()}/", {"token": booking.token})
        assert by_header.status_code == by_query.status_code == typed.status_code == 200
        assert by_header.json()["email"] == "anne@example.com"

    def test_without_or_with_a_wrong_token_nothing_is_revealed(self, api):
        booking = book(SlotFactory())
        other = book(SlotFactory(), email="other@example.com")
        url = f"{URL}{booking.reference}/"
        answers = [
            api.get(url),
            api.get(url, {"token": other.token}),
            api.get(url, {"token": booking.token[:-1] + "x"}),
            api.get(f"{URL}ZZZZZZZZ/", {"token": booking.token}),
            api.get(f"{URL}{booking.reference}/calendar.ics"),
        ]
        bodies = {str(assert_error_shape(r, 404, "not_found")) for r in answers}
        assert len(bodies) == 1  # a wrong token looks exactly like no such booking

    @pytest.mark.parametrize("how", ["post", "delete"])
    def test_cancel_frees_the_places(self, api, how):
        slot = SlotFactory(capacity=10)
        booking = book(slot, party_size=4)
        if how == "post":
            response = api.post(f"{URL}{booking.reference}/cancel/?token={booking.token}")
        else:
            response = api.delete(f"{URL}{booking.reference}/", HTTP_X_BOOKING_TOKEN=booking.token)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "cancelled"
        slot.refresh_from_db()
        assert slot.booked == 0
        again = api.post(f"{URL}{booking.reference}/cancel/?token={booking.token}")
        assert_error_shape(again, 409, "booking_not_active")

    def test_cancel_without_token_changes_nothing(self, api):
        booking = book(SlotFactory())
        assert_error_shape(api.post(f"{URL}{booking.reference}/cancel/"), 404, "not_found")
        assert_error_shape(api.delete(f"{URL}{booking.reference}/"), 404, "not_found")
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED

    def test_cancel_after_the_deadline_is_409(self, api):
        tour = TourFactory(cancellation_deadline=timedelta(hours=48), booking_cutoff=timedelta(0))
        slot = SlotFactory(tour=tour, start=timezone.now() + timedelta(hours=30))
        booking = book(slot, party_size=2)
        response = api.post(f"{URL}{booking.reference}/cancel/?token={booking.token}")
        body = assert_error_shape(response, 409, "change_deadline_passed")
        assert body["fields"] == {}
        booking.refresh_from_db()
        slot.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED and slot.booked == 2
        # Control: the same booking a day further away can be cancelled.
        slot.start += timedelta(days=1)
        slot.end += timedelta(days=1)
        slot.save()
        ok = api.post(f"{URL}{booking.reference}/cancel/?token={booking.token}")
        assert ok.status_code == 200

    def test_calendar_file_holds_the_booking_in_utc(self, api):
        slot = SlotFactory()
        booking = book(slot)
        response = api.get(_post_ical_url(api, slot))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert event.decoded("dtstart") == slot.start
        assert event.decoded("dtend") == slot.end
        assert str(event["uid"]).startswith(str(Booking.objects.exclude(pk=booking.pk).get().uid))
        assert booking.token not in response.content.decode()


def _post_ical_url(api, slot) -> str:
    return _post(api, booking_body(slot)).json()["ical_url"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slot", "1"),
        ("party_size", 2.0),
        ("party_size", True),
        ("name", 12345),
        ("email", ["anne@example.com"]),
        ("waitlist", 0),
        ("language", "fr"),
        ("note", None),
    ],
)
def test_input_types_are_strict(api, field, value):
    """A partner's bug surfaces as a 400 naming the field, not as a booking made from a
    coerced guess (found by the schemathesis run: DRF would accept "1" and 0)."""
    slot = SlotFactory()
    body = assert_error_shape(_post(api, {**booking_body(slot), field: value}), 400, "invalid")
    assert list(body["fields"]) == [field]
    assert not Booking.objects.exists()


def test_cookieless_clients_never_meet_the_csrf_page():
    """A partner's server has no CSRF cookie: every API write, and the 404 for a mistyped
    address, must answer in JSON (the test client skips CSRF unless told otherwise)."""
    api = APIClient(enforce_csrf_checks=True)
    slot = SlotFactory()
    created = _post(api, booking_body(slot))
    assert created.status_code == 201
    booking = Booking.objects.get()
    cancel = api.post(f"{URL}{booking.reference}/cancel/", HTTP_X_BOOKING_TOKEN=booking.token)
    assert cancel.status_code == 200
    assert_error_shape(api.post(f"{URL}/cancel/"), 404, "not_found")
    assert_error_shape(api.delete("/api/v1/nothing/"), 404, "not_found")


def test_a_booking_takes_a_fixed_handful_of_queries(api, django_assert_max_num_queries):
    """Key lookup, slot lock, the address's bookings on the slot counted (the per-address
    limit, docs/security.md), slot update, booking insert, outbox insert, mail task insert,
    reminder task insert (8), the webhook subscribers looked up for `booking.created` and for
    `availability.changed` (2, nothing more when nobody subscribes), plus the savepoint pair
    the test transaction turns the durable block into. The answer is rendered from what the
    service returns, without a reload."""
    slot = SlotFactory(capacity=100)
    with django_assert_max_num_queries(12):
        response = _post(api, booking_body(slot), HTTP_IDEMPOTENCY_KEY="q-1")
    assert response.status_code == 201
