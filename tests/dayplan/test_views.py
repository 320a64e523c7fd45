"""The day plan's pages: adding departures of several farms (the only thing that starts a
session), the drive between them and its warnings, booking every visit or none, and the one
confirmation; bad input is a clear answer, never a 500."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from booking.models import Booking
from core.contact import MAX_PARTY_SIZE
from dayplan import session
from tests.factories import CompanyFactory, MembershipFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db

PLAN = reverse("dayplan:plan")


def _start(hour: int):
    day = timezone.localdate() + timedelta(days=4)
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + (
        timedelta(hours=hour)
    )


def _farm(name: str, lat: str, lon: str, hour: float, *, capacity: int = 10, price="75") -> Slot:
    company = CompanyFactory(name=name, latitude=Decimal(lat), longitude=Decimal(lon))
    tour = TourFactory(
        company=company, title=f"Rundvisning hos {name}", duration=timedelta(hours=1), price=price
    )
    return SlotFactory(tour=tour, start=_start(0) + timedelta(hours=hour), capacity=capacity)


@pytest.fixture
def farms():
    # Maribo, Sakskøbing (about 15 km apart), Nakskov (about 27 km west of Maribo).
    return (
        _farm("Lolle Frugt", "54.7764", "11.5012", 10),
        _farm("Engvang Frugt", "54.7986", "11.6444", 12),
        _farm("Nakskov Vin", "54.8306", "11.1353", 13.25),
    )


def _add(client, slot, **extra):
    return client.post(reverse("dayplan:add"), {"slot": slot.pk, **extra})


def _plan_ids(client) -> list[int]:
    return client.session.get(session.KEY, [])


def test_browsing_starts_no_session_and_adding_a_visit_does(client, farms):
    response = client.get(farms[0].tour.get_absolute_url())
    assert response.status_code == 200
    assert "Tilføj til dagsplan" in response.content.decode()
    client.get(PLAN)
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()

    response = _add(client, farms[0])

    assert response.status_code == 302
    assert response["Location"] == PLAN
    assert "sessionid" in client.cookies
    assert _plan_ids(client) == [farms[0].pk]


def test_the_plan_shows_the_visits_in_time_order_with_the_drive_and_the_total(client, farms):
    lolle, engvang, _ = farms
    _add(client, engvang)
    _add(client, lolle)

    page = client.get(PLAN + "?people=3").content.decode().replace("\xa0", " ")
    stops = page[page.index("plan-stops") :]

    assert stops.index("Lolle Frugt") < stops.index("Engvang Frugt")
    assert "Ca. 13 minutter i bil (12 km)" in page  # 9.5 km x 1.3 road factor at 60 km/h
    assert "60 minutter mellem besøgene" in page
    assert "3 \N{MULTIPLICATION SIGN} 75 kr. = 225 kr." in page
    assert "450 kr." in page  # in all
    assert "komme for sent" not in page
    assert 'class="badge text-bg-success rounded-pill">2' in page  # the header's count


def test_a_drive_longer_than_the_gap_and_an_overlap_are_warned_of(client, farms):
    lolle, _, nakskov = farms
    # Nakskov is 27 km from Maribo: 36 minutes' drive, and only 15 minutes between them.
    Slot.objects.filter(pk=nakskov.pk).update(
        start=lolle.end + timedelta(minutes=15), end=lolle.end + timedelta(minutes=75)
    )
    _add(client, lolle)
    _add(client, nakskov)
    page = client.get(PLAN).content.decode()
    assert "Kun 15 minutter mellem besøgene" in page
    assert "komme for sent" in page

    Slot.objects.filter(pk=nakskov.pk).update(
        start=lolle.start + timedelta(minutes=30), end=lolle.end + timedelta(minutes=30)
    )
    page = client.get(PLAN).content.decode()
    assert "Dette besøg begynder, før besøget hos Lolle Frugt slutter." in page


def test_a_plan_is_for_one_day_and_another_day_is_offered_as_a_new_plan(client, farms):
    lolle = farms[0]
    tomorrow = SlotFactory(start=lolle.start + timedelta(days=1))
    _add(client, lolle)

    response = _add(client, tomorrow)

    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}?other={tomorrow.pk}#other-day"
    assert _plan_ids(client) == [lolle.pk]
    page = client.get(response["Location"]).content.decode()
    assert "En dagsplan er for én dag" in page
    _add(client, tomorrow, replace="1")
    assert _plan_ids(client) == [tomorrow.pk]


def test_booking_the_plan_books_every_visit_and_shows_one_confirmation(client, farms):
    lolle, engvang, _ = farms
    _add(client, lolle)
    _add(client, engvang)
    form = client.get(PLAN).context["form"]

    response = client.post(
        PLAN,
        {
            "party_size": 3,
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "language": "da",
            "visits": form["visits"].value(),
            "submission_id": form["submission_id"].value(),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dayplan:booked")
    bookings = list(Booking.objects.order_by("slot__start"))
    assert [b.slot_id for b in bookings] == [lolle.pk, engvang.pk]
    assert all(b.party_size == 3 for b in bookings)
    assert _plan_ids(client) == []  # the plan is booked: it leaves the session
    page = client.get(response["Location"]).content.decode().replace("\xa0", " ")
    for booking in bookings:
        assert booking.display_reference in page
        assert booking.get_absolute_url() in page
    assert "450 kr." in page
    assert client.get(response["Location"])["Cache-Control"].startswith("max-age=0")


def test_one_visit_without_room_books_nothing_and_the_page_names_it(client, farms):
    lolle, engvang, _ = farms
    book(engvang, party_size=9, email="other@example.com")
    _add(client, lolle)
    _add(client, engvang)
    form = client.get(PLAN).context["form"]

    response = client.post(
        PLAN,
        {
            "party_size": 3,
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "language": "da",
            "visits": form["visits"].value(),
            "submission_id": form["submission_id"].value(),
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Rundvisning hos Engvang Frugt (Engvang Frugt)" in page
    assert "Der er kun 1 plads tilbage." in page
    assert "Intet er booket." in page
    assert not Booking.objects.filter(email="anne@example.com").exists()
    assert _plan_ids(client) == [lolle.pk, engvang.pk]


def test_removing_and_emptying(client, farms):
    lolle, engvang, _ = farms
    _add(client, lolle)
    _add(client, engvang)
    client.post(reverse("dayplan:remove"), {"slot": lolle.pk})
    assert _plan_ids(client) == [engvang.pk]
    client.post(reverse("dayplan:clear"))
    assert _plan_ids(client) == []
    assert "Din dagsplan har endnu ingen besøg." in client.get(PLAN).content.decode()


def test_a_shared_plan_is_shown_from_its_link_and_can_be_kept(client, farms):
    lolle, engvang, _ = farms
    page = client.get(f"{PLAN}?visits={engvang.pk},{lolle.pk}").content.decode()
    assert "En dagsplan, der er delt med dig" in page
    stops = page[page.index("plan-stops") :]
    assert stops.index("Lolle Frugt") < stops.index("Engvang Frugt")
    client.post(reverse("dayplan:keep"), {"visits": f"{lolle.pk},{engvang.pk}"})
    assert _plan_ids(client) == [lolle.pk, engvang.pk]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("dayplan:add", {"slot": "abc"}),
        ("dayplan:add", {"slot": "99999999999999999999"}),
        ("dayplan:add", {}),
        ("dayplan:remove", {"slot": "-1"}),
        ("dayplan:keep", {"visits": "1,x,\x00"}),
        ("dayplan:plan", {"visits": "1," * 50, "party_size": "lots"}),
        ("dayplan:plan", {"visits": "\x00", "email": "x"}),
    ],
)
def test_bad_input_gets_an_answer_not_an_error(client, farms, path, data):
    response = client.post(reverse(path), data)
    assert response.status_code in {302, 400}


@pytest.mark.parametrize(
    "query", ["?people=-3", f"?people={MAX_PARTY_SIZE + 1}", "?visits=abc", "?other=x", "?visits="]
)
def test_bad_queries_show_the_page(client, farms, query):
    assert client.get(PLAN + query).status_code == 200


def test_a_departure_no_longer_bookable_is_not_added(client, farms):
    Slot.objects.filter(pk=farms[0].pk).update(status=Slot.Status.CLOSED)
    response = _add(client, farms[0])
    assert response["Location"] == farms[0].tour.get_absolute_url()
    assert _plan_ids(client) == []


def test_posts_need_the_csrf_token(farms):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("dayplan:add"), {"slot": farms[0].pk}).status_code == 403


def test_adding_is_rate_limited(client, farms, settings):
    settings.RATE_LIMITS_RATES = {
        **settings.RATE_LIMITS_RATES,
        "dayplan": {"client": ("3/h",), "target": ("3/h",)},
    }
    for _ in range(3):
        assert _add(client, farms[0]).status_code == 302
    assert _add(client, farms[1]).status_code == 429


@pytest.mark.parametrize("visits", [1, 6])
def test_the_plan_page_answers_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, visits
):
    slots = [
        _farm(f"Gård {n}", "54.7764", f"{11.5 + n / 50:.4f}", 9 + 1.5 * n) for n in range(visits)
    ]
    for slot in slots:
        _add(client, slot)
    client.get(PLAN)  # shows (and so removes) the messages of adding
    with django_assert_max_num_queries(3):  # session, slots; no query per visit
        response = client.get(PLAN)
    assert response.status_code == 200
    assert len(response.context["plan"].stops) == visits


def test_each_company_sees_only_its_own_visit(client, farms):
    lolle, engvang, _ = farms
    _add(client, lolle)
    _add(client, engvang)
    form = client.get(PLAN).context["form"]
    client.post(
        PLAN,
        {
            "party_size": 2,
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "language": "da",
            "visits": form["visits"].value(),
            "submission_id": form["submission_id"].value(),
        },
    )
    staff = MembershipFactory(company=lolle.tour.company).user
    other = Client()
    other.force_login(staff)
    own = other.get(reverse("workspace:slot", kwargs={"pk": lolle.pk}))
    assert own.status_code == 200
    assert "Anne Hansen" in own.content.decode()
    assert other.get(reverse("workspace:slot", kwargs={"pk": engvang.pk})).status_code == 404
    day = timezone.localdate(lolle.start).isoformat()
    board = other.get(reverse("workspace:day", kwargs={"day": day})).content.decode()
    assert lolle.tour.title in board
    assert engvang.tour.title not in board


def test_the_confirmation_answers_in_a_bounded_number_of_queries(
    client, farms, django_assert_max_num_queries
):
    for slot in farms:
        _add(client, slot)
    form = client.get(PLAN).context["form"]
    client.post(
        PLAN,
        {
            "party_size": 1,
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "language": "de",
            "visits": form["visits"].value(),
            "submission_id": form["submission_id"].value(),
        },
    )
    client.get(reverse("dayplan:booked"))  # shows (and so removes) any message
    with django_assert_max_num_queries(3):  # session, the bookings with slot, tour, company
        response = client.get(reverse("dayplan:booked"))
    assert len(response.context["bookings"]) == 3


def test_the_confirmation_is_only_for_the_browser_that_booked(client, farms):
    assert client.get(reverse("dayplan:booked"))["Location"] == PLAN
