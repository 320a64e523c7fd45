"""The workspace pages: log-in, dashboard, capacity, phone bookings, visitor lists, tours and
the company profile, through the real views and services."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from booking import services
from booking.models import Booking
from core import contact as core_contact
from tests import factories
from tests.workspace.conftest import notices
from tours.models import Company, Slot, Tour
from workspace.exports import csv_safe

pytestmark = pytest.mark.django_db


# --- Log-in and password reset --------------------------------------------------------------


def test_login_by_email_any_case(client, world):
    response = client.post(
        reverse("login"), {"username": "Owner-A@Example.dk", "password": "demo-password-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")
    assert client.get(reverse("workspace:dashboard")).status_code == 200


def test_login_refuses_a_wrong_password_with_a_message(client, world):
    response = client.post(
        reverse("login"), {"username": "owner-a@example.dk", "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_refuses_an_address_two_accounts_share(client, world):
    anna = factories.UserFactory(username="anna", email="anna@example.dk")
    credentials = {"username": "anna@example.dk", "password": "demo-password-123"}
    client.post(reverse("login"), credentials)
    assert client.session["_auth_user_id"] == str(anna.pk)  # control: a unique address works
    client.logout()
    factories.UserFactory(username="anna2", email="ANNA@example.dk")
    response = client.post(reverse("login"), credentials)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_end_to_end(client, world, settings):
    response = client.post(reverse("password_reset"), {"email": "owner-a@example.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+/)", mail.outbox[0].body)[1]
    response = client.get(link, follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Ny-adgang-2026!", "new_password2": "Ny-adgang-2026!"}
    )
    assert response.status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": "owner-a@example.dk", "password": "Ny-adgang-2026!"})
    assert client.session["_auth_user_id"] == str(world.owner_a.pk)


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, settings):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.dk"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- Dashboard ------------------------------------------------------------------------------


def test_dashboard_shows_booked_over_capacity_and_new_bookings_since_last_visit(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:dashboard"))
    body = response.content.decode()
    assert "2/10" in body  # Anne A booked 2 of 10
    assert response.context["new_count"] == 1  # first visit: the last seven days
    # Reloading in the same session keeps the list; a new session starts from this visit.
    assert client.get(reverse("workspace:dashboard")).context["new_count"] == 1
    client.logout()
    factories.book(world.slot_a, name="Ny Gæst", email="ny@example.com")
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:dashboard"))
    assert response.context["new_count"] == 1
    assert [b.name for b in response.context["new_bookings"]] == ["Ny Gæst"]


def test_dashboard_query_count_is_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.owner_a)
    client.get(reverse("workspace:dashboard"))  # first visit writes the profile
    # 12, and 7 for the month's figures: the user's companies and six aggregates.
    bound = 12 + 7
    with django_assert_max_num_queries(bound):
        client.get(reverse("workspace:dashboard"))
    start = timezone.now() + timedelta(days=1)
    for n in range(50):
        slot = factories.SlotFactory(tour=world.tour_a, start=start + timedelta(minutes=n))
        factories.book(slot, email=f"g{n}@example.com")
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("workspace:dashboard"))
    assert response.context["new_count"] == 51


# --- Capacity, close, cancel, move ----------------------------------------------------------


def test_capacity_below_booked_shows_a_clear_error(client, world):
    client.force_login(world.staff_a)
    factories.book(world.slot_a, party_size=4, email="x@example.com")  # 6 booked now
    url = reverse("workspace:slot_capacity", kwargs={"pk": world.slot_a.pk})
    response = client.post(url, {"capacity": "5"})
    assert response.status_code == 400
    assert "6" in response.context["capacity_form"].errors["capacity"][0]
    assert Slot.objects.get(pk=world.slot_a.pk).capacity == 10
    assert client.post(url, {"capacity": "abc"}).status_code == 400


def test_cancel_page_lists_visitors_and_post_cancels_and_notifies(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_cancel", kwargs={"pk": world.slot_a.pk})
    assert "Anne A" in client.get(url).content.decode()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.CANCELLED
    assert (world.booking_a.pk, "cancelled") in notices("cancelled")
    assert Booking.objects.get(pk=world.booking_b.pk).status == Booking.Status.CONFIRMED


def test_move_via_the_page_sends_the_update(client, world):
    client.force_login(world.staff_a)
    new_start = timezone.localtime(world.slot_a.start + timedelta(days=2))
    response = client.post(
        reverse("workspace:slot_move", kwargs={"pk": world.slot_a.pk}),
        {"date": new_start.date().isoformat(), "time": new_start.strftime("%H:%M")},
    )
    assert response.status_code == 302
    assert Slot.objects.get(pk=world.slot_a.pk).start == new_start
    assert notices("changed") == [(world.booking_a.pk, "changed")]


def _phone_caller(slot) -> Booking:
    """A caller booked by phone with a number and no e-mail address."""
    return services.booking_create(
        slot_id=slot.pk,
        visitor=core_contact.VisitorData(name="Carl Ringer", email="", phone="+45 40 50 60 70"),
        party_size=1,
        source=Booking.Source.PHONE,
    )


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_move_tells_staff_whom_to_call_when_a_visitor_has_no_email(client, world):
    _phone_caller(world.slot_a)
    client.force_login(world.staff_a)
    new_start = timezone.localtime(world.slot_a.start + timedelta(days=2))
    response = client.post(
        reverse("workspace:slot_move", kwargs={"pk": world.slot_a.pk}),
        {"date": new_start.date().isoformat(), "time": new_start.strftime("%H:%M")},
        follow=True,
    )
    shown = _messages(response)
    # Only Anne A (with an address) gets the invitation; the caller is named, with the number
    # (in Danish, the workspace's default language).
    assert (
        "success",
        "Tidspunktet er flyttet. 1 besøgende får den opdaterede invitation.",
    ) in shown
    assert (
        "warning",
        "1 besøgende har ingen e-mailadresse og får ingen besked: "
        "ring til Carl Ringer (+45 40 50 60 70).",
    ) in shown


def test_move_without_phone_only_visitors_warns_no_one(client, world):
    # Control: with every visitor reachable by e-mail there is no one to call.
    client.force_login(world.staff_a)
    new_start = timezone.localtime(world.slot_a.start + timedelta(days=2))
    response = client.post(
        reverse("workspace:slot_move", kwargs={"pk": world.slot_a.pk}),
        {"date": new_start.date().isoformat(), "time": new_start.strftime("%H:%M")},
        follow=True,
    )
    assert [level for level, _ in _messages(response)] == ["success"]


def test_cancel_counts_only_the_visitors_told_by_email_and_names_the_rest(client, world):
    _phone_caller(world.slot_a)
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_cancel", kwargs={"pk": world.slot_a.pk})
    shown = _messages(client.post(url, {"confirm": "yes"}, follow=True))
    assert ("success", "Tidspunktet er aflyst; 1 besøgende får besked på e-mail.") in shown
    assert any(level == "warning" and "Carl Ringer" in text for level, text in shown)


def test_changing_a_phone_booking_without_email_promises_no_invitation(client, world):
    caller = _phone_caller(world.slot_a)
    client.force_login(world.staff_a)
    response = client.post(
        reverse("workspace:booking_change", kwargs={"pk": caller.pk}),
        {"slot": world.slot_a.pk, "party_size": "2"},
        follow=True,
    )
    shown = _messages(response)
    assert ("success", f"Booking {caller.display_reference} er ændret.") in shown
    assert any(level == "warning" and "+45 40 50 60 70" in text for level, text in shown)


def test_close_and_reopen_buttons(client, world):
    client.force_login(world.staff_a)
    client.post(reverse("workspace:slot_close", kwargs={"pk": world.slot_a.pk}))
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.CLOSED
    client.post(reverse("workspace:slot_reopen", kwargs={"pk": world.slot_a.pk}))
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.SCHEDULED


# --- Bookings by phone ----------------------------------------------------------------------


def _phone_booking(**overrides) -> dict:
    data = {
        "party_size": "3",
        "name": "Peter Telefon",
        "email": "peter@example.com",
        "phone": "+45 22 33 44 55",
        "organisation": "",
        "language": "de",
        "note": "",
        "submission_id": "7c1f3f8e-7c61-4b35-9a60-0f2a3f0d1a11",
    }
    data.update(overrides)
    return data


def test_phone_booking_goes_through_the_service_as_phone(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_book", kwargs={"pk": world.slot_a.pk})
    assert client.post(url, _phone_booking()).status_code == 302
    booking = Booking.objects.get(name="Peter Telefon")
    assert booking.source == Booking.Source.PHONE
    assert (booking.pk, "confirmed") in notices("confirmed")
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 5
    # The same submission again is the same booking, not a second one.
    client.post(url, _phone_booking())
    assert Booking.objects.filter(name="Peter Telefon").count() == 1


def test_phone_booking_follows_the_same_rules(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_book", kwargs={"pk": world.slot_a.pk})
    response = client.post(url, _phone_booking(party_size="9"))
    assert response.status_code == 400
    assert not Booking.objects.filter(name="Peter Telefon").exists()


def test_staff_cancel_a_booking(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:booking_cancel", kwargs={"pk": world.booking_a.pk})
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert Booking.objects.get(pk=world.booking_a.pk).status == Booking.Status.CANCELLED
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 0
    client.post(url, {"confirm": "yes"})  # twice: a message, not an error page
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 0


# --- Visitor lists and CSV ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+45 11", "'+45 11"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anne", "Anne"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_slot_csv_has_the_columns_and_defuses_formulas(client, world):
    factories.book(
        world.slot_a, name="=cmd|'/C calc'!A0", organisation="@evil", email="f@example.com"
    )
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:slot_csv", kwargs={"pk": world.slot_a.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    evil = next(r for r in rows if "calc" in r[2])
    assert evil[2] == "'=cmd|'/C calc'!A0"
    assert evil[7] == "'@evil"
    assert evil[4] == "'+45 20 30 40 50"
    anne = next(r for r in rows if r[2] == "Anne A")
    assert anne[3] == "2"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_day_list_and_print_show_only_that_days_visitors(client, world):
    client.force_login(world.owner_a)
    day = timezone.localdate(world.slot_a.start)
    next_start = world.slot_a.start + timedelta(days=1)
    other_day = factories.SlotFactory(tour=world.tour_a, start=next_start)
    factories.book(other_day, name="Dagen Efter", email="d@example.com")
    for name in ("workspace:day", "workspace:day_print", "workspace:day_csv"):
        body = client.get(reverse(name, kwargs={"day": day.isoformat()})).content.decode("utf-8")
        assert "Anne A" in body
        assert "Dagen Efter" not in body


def test_visitor_names_are_escaped_on_the_page(client, world):
    factories.book(world.slot_a, name="<script>alert(1)</script>", email="x@example.com")
    client.force_login(world.staff_a)
    body = client.get(reverse("workspace:slot", kwargs={"pk": world.slot_a.pk})).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


# --- Tours and company profile --------------------------------------------------------------


def _tour_data(**overrides) -> dict:
    data = {
        "company": "",
        "kind": "group",
        "title_da": "Ny rundvisning",
        "description_da": "",
        "meeting_point_da": "Laden",
        "languages": ["da", "de"],
        "duration": "90",
        "price": "1200",
        "price_per": "group",
        "min_group_size": "10",
        "max_group_size": "30",
        "booking_cutoff": "2880",
        "cancellation_deadline": "1440",
        "reminder_before": "1440",
    }
    data.update(overrides)
    return data


def test_tour_create_edit_publish_unpublish(client, world):
    client.force_login(world.staff_a)
    response = client.post(reverse("workspace:tour_create"), _tour_data())
    assert response.status_code == 302
    tour = Tour.objects.get(title="Ny rundvisning")
    assert tour.company == world.company_a  # the only company: chosen without asking
    assert (tour.duration, tour.booking_cutoff) == (timedelta(minutes=90), timedelta(days=2))
    assert tour.languages == ["da", "de"]
    assert not tour.published
    edit = reverse("workspace:tour_edit", kwargs={"pk": tour.pk})
    assert client.post(edit, _tour_data(title_da="Omdøbt")).status_code == 302
    assert Tour.objects.get(pk=tour.pk).title == "Omdøbt"
    client.post(reverse("workspace:tour_publish", kwargs={"pk": tour.pk}))
    assert Tour.objects.get(pk=tour.pk).published
    client.post(reverse("workspace:tour_unpublish", kwargs={"pk": tour.pk}))
    assert not Tour.objects.get(pk=tour.pk).published


def test_tour_form_errors_are_clear_and_nothing_is_saved(client, world):
    client.force_login(world.staff_a)
    bad = _tour_data(
        min_group_size="40", max_group_size="10", price="-1", languages=[], duration="5"
    )
    response = client.post(reverse("workspace:tour_create"), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"min_group_size", "price", "languages", "duration"}
    assert not Tour.objects.filter(title="Ny rundvisning").exists()


def test_get_request_on_a_post_only_url_is_405(client, world):
    client.force_login(world.staff_a)
    url = reverse("workspace:tour_publish", kwargs={"pk": world.tour_a.pk})
    assert client.get(url).status_code == 405


def test_owner_edits_the_company_profile(client, world):
    client.force_login(world.owner_a)
    url = reverse("workspace:company_edit", kwargs={"slug": world.company_a.slug})
    form = client.get(url).context["form"]
    data = {k: v if v is not None else "" for k, v in form.initial.items()}
    data.update(
        {
            "parking_da": "Ved laden, plads til bus.",
            "position": "https://www.openstreetmap.org/#map=16/54.80000/11.50000",
        }
    )
    assert client.post(url, data).status_code == 302
    company = Company.objects.get(pk=world.company_a.pk)
    assert company.parking == "Ved laden, plads til bus."
    assert (company.latitude, company.longitude) == (Decimal("54.80000"), Decimal("11.50000"))
    data["position"] = "52.52, 13.40"  # Berlin
    response = client.post(url, data)
    assert response.status_code == 400
    assert "position" in response.context["form"].errors
