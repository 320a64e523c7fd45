"""The workspace forms accept what people type (issue 12 point 11): the season tool's times as
written ("10", "14.30"), closures picked as dates in rows, durations as a number and a unit,
and the company's map position pasted as a link."""

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tours.models import Company
from workspace.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return factories.MembershipFactory(role=Membership.Role.OWNER)


def _monday_after(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def test_season_tool_reads_times_as_written_and_closures_as_date_rows(client, owner):
    tour = factories.TourFactory(company=owner.company)
    client.force_login(owner.user)
    first = _monday_after(7)
    data = {
        "weekdays": ["0"],  # Mondays
        "times": "10, 14.30",
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=21)).isoformat(),  # four Mondays
        "closures-0-from": (first + timedelta(days=7)).isoformat(),  # the second one
        "closures-0-to": "",
        "closures-1-from": (first + timedelta(days=13)).isoformat(),
        "closures-1-to": (first + timedelta(days=15)).isoformat(),  # and the third
        "capacity": "12",
        "preview": "1",
    }
    url = reverse("workspace:pattern_new", kwargs={"tour_pk": tour.pk})

    response = client.post(url, data)

    assert response.status_code == 200, response.context["form"].errors
    starts = [timezone.localtime(s) for s in response.context["diff"].create]
    assert {s.time() for s in starts} == {time(10), time(14, 30)}
    assert sorted({s.date() for s in starts}) == [first, first + timedelta(days=21)]
    # The preview keeps the closures as date rows, with two empty rows to add more.
    html = response.content.decode()
    assert f'name="closures-1-to" value="{(first + timedelta(days=15)).isoformat()}"' in html
    assert 'name="closures-3-from"' in html


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_season_tool_refuses_an_unreadable_time_in_the_user_s_language(client, owner, lang):
    tour = factories.TourFactory(company=owner.company)
    client.force_login(owner.user)
    first = _monday_after(7)
    data = {
        "weekdays": ["0"],
        "times": "10, 9.5",
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=7)).isoformat(),
        "capacity": "12",
        "preview": "1",
    }
    with translation.override(lang):
        url = reverse("workspace:pattern_new", kwargs={"tour_pk": tour.pk})
        response = client.post(url, data)
        from core.parsing import parse_time

        with pytest.raises(ValueError) as expected:
            parse_time("9.5")
    assert response.status_code == 400
    assert str(expected.value).replace("“", "").split(":")[0][:6] in response.content.decode()


def test_tour_form_shows_a_stored_cutoff_in_days_and_reads_hours(client, owner):
    tour = factories.TourFactory(company=owner.company, booking_cutoff=timedelta(minutes=2880))
    client.force_login(owner.user)
    url = reverse("workspace:tour_edit", kwargs={"pk": tour.pk})

    html = client.get(url).content.decode()

    amount = re.search(r'<input[^>]*name="booking_cutoff_0"[^>]*>', html)[0]
    assert 'value="2"' in amount and 'type="number"' in amount
    unit = re.search(r'<select[^>]*name="booking_cutoff_1".*?</select>', html, re.S)[0]
    assert '<option value="days" selected>' in unit

    data = {
        "kind": "open",
        "title_da": tour.title,
        "meeting_point_da": "Laden",
        "languages": ["da"],
        "duration_0": "2",
        "duration_1": "hours",
        "price": "75",
        "price_per": "person",
        "min_group_size": "1",
        "max_group_size": "1",
        "booking_cutoff_0": "3",
        "booking_cutoff_1": "hours",
        "cancellation_deadline_0": "1",
        "cancellation_deadline_1": "days",
        "reminder_before_0": "1",
        "reminder_before_1": "days",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    tour.refresh_from_db()
    assert (tour.booking_cutoff, tour.duration) == (timedelta(hours=3), timedelta(hours=2))
    assert tour.cancellation_deadline == timedelta(days=1)


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.google.com/maps/place/Engvang/@54.71,11.71,15z/data=!3d54.7123!4d11.7234",
        "https://www.openstreetmap.org/?mlat=54.7123&mlon=11.7234#map=15/54.71/11.72",
        "54,7123 11,7234",
    ],
)
def test_company_position_is_pasted_as_a_link(client, owner, pasted):
    client.force_login(owner.user)
    url = reverse("workspace:company_edit", kwargs={"slug": owner.company.slug})
    form = client.get(url).context["form"]
    data = {k: v if v is not None else "" for k, v in form.initial.items()}
    assert data["position"] == f"{owner.company.latitude}, {owner.company.longitude}"
    data["position"] = pasted
    assert client.post(url, data).status_code == 302
    company = Company.objects.get(pk=owner.company.pk)
    assert (company.latitude, company.longitude) == (Decimal("54.71230"), Decimal("11.72340"))


def test_company_form_shows_an_example_beside_the_position(client, owner):
    client.force_login(owner.user)
    url = reverse("workspace:company_edit", kwargs={"slug": owner.company.slug})
    with translation.override("en"):
        html = client.get(url.replace("/workspace/", "/en/workspace/", 1)).content.decode()
    assert "Example: 54.77640, 11.50120" in html
    assert "OpenStreetMap or Google Maps" in html
