"""The permission matrix: every workspace URL x (owner of A, staff of A, staff of B,
coordinator, anonymous), on company A's objects.

Members of A and coordinators get the page (or the action); staff of B get 404 and nothing
changes; an anonymous visitor is sent to the log-in page. Pages that list rather than show one
object are checked for what they leak in test_scoping_lists."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from booking.models import Booking
from tests import factories
from tours.models import Slot, Tour
from workspace import services as ws_services
from workspace.schedules import PatternPlan

ROLES = ["owner_a", "staff_a", "staff_b", "coordinator", "anonymous"]


def _pattern(world):
    today = timezone.localdate()
    plan = PatternPlan(
        weekdays=(0,),
        times=(timezone.datetime(2000, 1, 1, 10).time(),),
        first_day=today + timedelta(days=1),
        last_day=today + timedelta(days=21),
        capacity=10,
    )
    return ws_services.pattern_create(tour=world.tour_a, plan=plan)[0]


# (url name, how to get the kwargs from the world, method, status for a member of A)
OBJECT_URLS = [
    ("workspace:tour", lambda w: {"pk": w.tour_a.pk}, "GET", 200),
    ("workspace:tour_edit", lambda w: {"pk": w.tour_a.pk}, "GET", 200),
    ("workspace:tour_publish", lambda w: {"pk": w.tour_a.pk}, "POST", 302),
    ("workspace:tour_unpublish", lambda w: {"pk": w.tour_a.pk}, "POST", 302),
    ("workspace:pattern_new", lambda w: {"tour_pk": w.tour_a.pk}, "GET", 200),
    ("workspace:pattern", lambda w: {"pk": _pattern(w).pk}, "GET", 200),
    ("workspace:slot", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:slot_capacity", lambda w: {"pk": w.slot_a.pk}, "POST", 302),
    ("workspace:slot_close", lambda w: {"pk": w.slot_a.pk}, "POST", 302),
    ("workspace:slot_reopen", lambda w: {"pk": w.slot_a.pk}, "POST", 302),
    ("workspace:slot_cancel", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:slot_cancel", lambda w: {"pk": w.slot_a.pk}, "POST", 302),
    ("workspace:slot_move", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:slot_book", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:slot_print", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:slot_csv", lambda w: {"pk": w.slot_a.pk}, "GET", 200),
    ("workspace:booking_cancel", lambda w: {"pk": w.booking_a.pk}, "GET", 200),
    ("workspace:booking_cancel", lambda w: {"pk": w.booking_a.pk}, "POST", 302),
    ("workspace:booking_change", lambda w: {"pk": w.booking_a.pk}, "GET", 200),
    ("workspace:booking_change", lambda w: {"pk": w.booking_a.pk}, "POST", 302),
    ("workspace:company_edit", lambda w: {"slug": w.company_a.slug}, "GET", 200),
]
LIST_URLS = [
    ("workspace:dashboard", {}),
    ("workspace:tours", {}),
    ("workspace:tour_create", {}),
    ("workspace:today", {}),
    ("workspace:day", {"day": "DAY"}),
    ("workspace:day_print", {"day": "DAY"}),
    ("workspace:day_csv", {"day": "DAY"}),
    ("workspace:arrivals", {}),
    ("workspace:figures", {}),
    ("workspace:figures_csv", {}),
    ("workspace:arrivals_day", {"day": "DAY"}),
    ("workspace:companies", {}),
    ("workspace:api_token", {}),
]


def _state(world) -> tuple:
    """Everything a request on A's objects could change."""
    slot = Slot.objects.get(pk=world.slot_a.pk)
    return (
        Tour.objects.get(pk=world.tour_a.pk).published,
        slot.capacity,
        slot.status,
        slot.start,
        Booking.objects.get(pk=world.booking_a.pk).status,
        Booking.objects.get(pk=world.booking_a.pk).party_size,
        Booking.objects.get(pk=world.booking_a.pk).slot_id,
    )


def _post_data(name: str, world) -> dict:
    if name in ("workspace:slot_cancel", "workspace:booking_cancel"):
        return {"confirm": "yes"}  # the confirmation step's POST (core.confirm)
    if name == "workspace:booking_change":
        return {"slot": world.slot_a.pk, "party_size": "3"}
    return {"capacity": "12"} if name == "workspace:slot_capacity" else {}


def _expected(role: str, name: str, member_status: int) -> int:
    if role == "staff_b":
        return 404
    if role == "staff_a" and name == "workspace:company_edit":
        return 403  # a member, but the profile is the owner's to edit
    return member_status


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "member_status"),
    OBJECT_URLS,
    ids=[f"{n.split(':')[1]}-{m}" for n, _, m, _ in OBJECT_URLS],
)
def test_object_urls(client, world, role, name, kwargs, method, member_status):
    url = reverse(name, kwargs=kwargs(world))
    if role != "anonymous":
        client.force_login(getattr(world, role))
    before = _state(world)
    send = client.post if method == "POST" else client.get
    response = send(url, _post_data(name, world))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert _state(world) == before
        return
    assert response.status_code == _expected(role, name, member_status)
    if response.status_code in (403, 404):
        assert _state(world) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs"), LIST_URLS, ids=[n.split(":")[1] for n, _ in LIST_URLS])
def test_list_urls(client, world, role, name, kwargs):
    day = timezone.localdate(world.slot_a.start).isoformat()
    url = reverse(name, kwargs={k: day if v == "DAY" else v for k, v in kwargs.items()})
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        return
    if name in ("workspace:today", "workspace:arrivals"):
        response = client.get(response["Location"])
    assert response.status_code == 200
    body = response.content.decode()
    sees_a = role in ("owner_a", "staff_a", "coordinator")
    if name in ("workspace:day", "workspace:day_print", "workspace:day_csv"):
        assert ("Anne A" in body) is sees_a
    if name == "workspace:arrivals_day":
        # The arrivals board is the company's own: not even the coordinator sees names.
        assert ("Anne A" in body) is (role in ("owner_a", "staff_a"))
        assert "Bente B" not in body or role == "staff_b"
    if name in ("workspace:figures", "workspace:figures_csv"):
        # Figures name companies: a company's staff see only their own.
        assert (world.company_a.name in body) is sees_a
        assert (world.company_b.name in body) is (role in ("staff_b", "coordinator"))
    if name in ("workspace:tours", "workspace:companies"):
        assert (world.company_a.name in body) is sees_a
    if name in ("workspace:tours", "workspace:companies", "workspace:dashboard") and role in (
        "owner_a",
        "staff_a",
    ):
        assert world.company_b.name not in body
        assert world.tour_b.title not in body


def test_other_companys_objects_are_404_for_the_other_way_round(client, world):
    """Control for the matrix: staff of B do reach B's objects, so the 404s above come from
    scoping, not from a broken URL."""
    client.force_login(world.staff_b)
    assert client.get(reverse("workspace:slot", kwargs={"pk": world.slot_b.pk})).status_code == 200
    assert client.get(reverse("workspace:slot", kwargs={"pk": world.slot_a.pk})).status_code == 404


def test_tour_create_cannot_target_another_company(client, world):
    """A member of B and C chooses between B and C; A is not a valid choice."""
    company_c = factories.CompanyFactory()
    factories.MembershipFactory(user=world.staff_b, company=company_c)
    client.force_login(world.staff_b)
    data = {
        "company": world.company_a.pk,
        "kind": "open",
        "title_da": "Snyd",
        "meeting_point_da": "Her",
        "languages": ["da"],
        "duration": 60,
        "price": "10",
        "price_per": "person",
        "min_group_size": 1,
        "max_group_size": 1,
        "booking_cutoff": 60,
        "cancellation_deadline": 60,
        "reminder_before": 60,
    }
    response = client.post(reverse("workspace:tour_create"), data)
    assert response.status_code == 400
    assert "company" in response.context["form"].errors
    assert not Tour.objects.filter(title="Snyd").exists()
    data["company"] = company_c.pk
    assert client.post(reverse("workspace:tour_create"), data).status_code == 302
    assert Tour.objects.get(title="Snyd").company == company_c


def test_single_company_member_cannot_smuggle_a_company_in(client, world):
    client.force_login(world.staff_b)
    data = {
        "company": world.company_a.pk,
        "kind": "open",
        "title_da": "Snyd",
        "meeting_point_da": "Her",
        "languages": ["da"],
        "duration": 60,
        "price": "10",
        "price_per": "person",
        "min_group_size": 1,
        "max_group_size": 1,
        "booking_cutoff": 60,
        "cancellation_deadline": 60,
        "reminder_before": 60,
    }
    assert client.post(reverse("workspace:tour_create"), data).status_code == 302
    assert Tour.objects.get(title="Snyd").company == world.company_b


def test_user_without_membership_is_refused(client, db):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("workspace:dashboard")).status_code == 403


def test_unknown_day_is_404_not_500(client, world):
    client.force_login(world.owner_a)
    assert client.get(reverse("workspace:day", kwargs={"day": "2026-02-31"})).status_code == 404
