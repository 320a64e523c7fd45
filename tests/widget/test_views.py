"""The widget's pages: framed only by the company's listed origins, in the language asked,
booking with the same form and rules and no cookie, marked with its channel and origin."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from booking.models import Booking
from tests.factories import CompanyFactory, SlotFactory, TourFactory

pytestmark = pytest.mark.django_db
SHOP = "https://www.gaard.dk"


@pytest.fixture
def slot():
    company = CompanyFactory(widget_origins=f"{SHOP}\nhttp://127.0.0.1:8765")
    return SlotFactory(tour=TourFactory(company=company), capacity=10)


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # as a browser: CSRF would bite if it applied


def frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]*)", policy).group(1)


def test_departures_are_framed_by_the_listed_origins_only(client, slot):
    response = client.get(reverse("widget:company", args=[slot.tour.company.slug]))
    assert response.status_code == 200
    assert frame_ancestors(response) == f"{SHOP} http://127.0.0.1:8765"
    assert "X-Frame-Options" not in response.headers
    assert not response.cookies
    assert slot.tour.title in response.content.decode()


def test_without_origins_the_widget_is_framed_nowhere(client):
    company = CompanyFactory()
    SlotFactory(tour=TourFactory(company=company))
    response = client.get(reverse("widget:company", args=[company.slug]))
    assert frame_ancestors(response) == "'none'"


def test_every_other_page_is_still_denied(client, slot):
    """Control: the override is the widget's alone."""
    response = client.get(reverse("booking:book", args=[slot.pk]))
    assert frame_ancestors(response) == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("lang", "word"), [("de", "Buchen"), ("en", "Book"), ("da", "Book")])
def test_the_widget_speaks_the_language_asked(client, slot, lang, word):
    response = client.get(reverse("widget:company", args=[slot.tour.company.slug]), {"lang": lang})
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert word in html


def _form(client, slot, **params):
    page = client.get(reverse("widget:book", args=[slot.pk]), params)
    assert page.status_code == 200 and not page.cookies
    html = page.content.decode()
    fields = dict(re.findall(r'name="(widget_token|submission_id)" value="([^"]+)"', html))
    assert "csrfmiddlewaretoken" not in html
    return fields


def _visitor(**extra) -> dict:
    return {
        "party_size": "2",
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "",
        "organisation": "",
        "language": "en",
        "note": "",
        **extra,
    }


def test_a_booking_in_the_widget_needs_no_cookie_and_is_marked(client, slot):
    fields = _form(client, slot, lang="en", origin=SHOP)
    response = client.post(reverse("widget:book", args=[slot.pk]), _visitor(**fields))
    assert response.status_code == 200, response.content.decode()[:2000]
    assert not response.cookies
    booking = Booking.objects.get()
    assert (booking.channel, booking.origin) == (Booking.Channel.WIDGET, SHOP)
    html = response.content.decode()
    assert booking.display_reference in html
    assert frame_ancestors(response).startswith(SHOP)


def test_the_same_submission_is_one_booking(client, slot):
    fields = _form(client, slot, origin=SHOP)
    for _ in range(2):
        client.post(reverse("widget:book", args=[slot.pk]), _visitor(**fields))
    assert Booking.objects.count() == 1


def test_an_origin_not_on_the_list_is_not_recorded(client, slot):
    fields = _form(client, slot, origin="https://evil.example")
    client.post(reverse("widget:book", args=[slot.pk]), _visitor(**fields))
    assert Booking.objects.get().origin == ""


def test_the_referer_names_the_origin_for_the_plain_iframe(client, slot):
    page = client.get(reverse("widget:book", args=[slot.pk]), HTTP_REFERER=f"{SHOP}/besoeg/")
    token = re.search(r'name="widget_token" value="([^"]+)"', page.content.decode()).group(1)
    submission = re.search(r'name="submission_id" value="([^"]+)"', page.content.decode()).group(1)
    client.post(
        reverse("widget:book", args=[slot.pk]),
        _visitor(widget_token=token, submission_id=submission),
    )
    assert Booking.objects.get().origin == SHOP


def test_a_post_without_a_valid_token_is_refused_with_a_message(client, slot):
    fields = _form(client, slot, lang="de")
    for token in ("", "forged", fields["widget_token"][:-2] + "xx"):
        response = client.post(
            reverse("widget:book", args=[slot.pk]) + "?lang=de",
            _visitor(submission_id=fields["submission_id"], widget_token=token),
        )
        assert response.status_code == 400
        assert "Dieses Formular ist abgelaufen" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_token_for_another_departure_is_refused(client, slot):
    other = SlotFactory(tour=slot.tour, start=slot.start.replace(hour=(slot.start.hour + 2) % 24))
    fields = _form(client, other)
    response = client.post(reverse("widget:book", args=[slot.pk]), _visitor(**fields))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_the_rules_are_the_booking_services(client, slot):
    fields = _form(client, slot)
    response = client.post(
        reverse("widget:book", args=[slot.pk]) + "?lang=en",
        _visitor(party_size="11", **fields),
    )
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_the_cluster_widget_lists_every_company(client, slot, settings):
    settings.WIDGET_CLUSTER_ORIGINS = "https://www.klynge.dk"
    other = SlotFactory()
    response = client.get(reverse("widget:cluster"))
    html = response.content.decode()
    assert slot.tour.title in html and other.tour.title in html
    assert frame_ancestors(response) == "https://www.klynge.dk"
