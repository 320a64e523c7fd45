"""What a visitor reads before coming, decided once (tours.visitor_info): durations and
cancellation terms in plain words with each language's plurals, the meeting point's map
links, and which text applies where a tour may differ from its company."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.db import IntegrityError
from django.utils import translation

from tests.factories import CompanyFactory, TourFactory
from tours.visitor_info import (
    cancellation_terms,
    duration_words,
    meeting_position,
    text_owner,
    visitor_info,
)

H = timedelta(hours=1)
M = timedelta(minutes=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("value", "da", "en", "de"),
    [
        (45 * M, "45 minutter", "45 minutes", "45 Minuten"),
        (1 * M, "1 minut", "1 minute", "1 Minute"),
        (1 * H, "1 time", "1 hour", "1 Stunde"),
        (90 * M, "1 time og 30 minutter", "1 hour 30 minutes", "1 Stunde und 30 Minuten"),
        (2 * H + M, "2 timer og 1 minut", "2 hours 1 minute", "2 Stunden und 1 Minute"),
        (24 * H, "24 timer", "24 hours", "24 Stunden"),
        (36 * H, "36 timer", "36 hours", "36 Stunden"),
        (2 * D, "2 dage", "2 days", "2 Tage"),
        (7 * D, "7 dage", "7 days", "7 Tage"),
        (0 * H, "0 minutter", "0 minutes", "0 Minuten"),
    ],
)
def test_durations_in_words_with_each_languages_plurals(value, da, en, de):
    for language, expected in (("da", da), ("en", en), ("de", de)):
        with translation.override(language):
            assert duration_words(value) == expected


def test_seconds_are_dropped():
    with translation.override("en"):
        assert duration_words(timedelta(minutes=30, seconds=59)) == "30 minutes"


def _terms(language: str, **tour_fields):
    tour = TourFactory.build(
        company=CompanyFactory.build(name="Lolle Frugt", phone="+45 54 70 12 34"), **tour_fields
    )
    with translation.override(language):
        return cancellation_terms(tour)


@pytest.mark.parametrize(
    ("deadline", "language", "expected"),
    [
        (
            24 * H,
            "en",
            "You can change or cancel your booking free of charge up to 24 hours before the "
            "start, on your booking page.",
        ),
        (
            24 * H,
            "da",
            "Du kan ændre eller aflyse din booking gratis indtil 24 timer før starten på din "
            "bookingside.",
        ),
        (
            24 * H,
            "de",
            "Sie können Ihre Buchung bis 24 Stunden vor Beginn kostenlos auf Ihrer "
            "Buchungsseite ändern oder stornieren.",
        ),
        (1 * H, "en", "up to 1 hour before"),
        (1 * H, "da", "indtil 1 time før"),
        (1 * H, "de", "bis 1 Stunde vor Beginn"),
        (3 * D, "en", "up to 3 days before"),
        (3 * D, "da", "indtil 3 dage før"),
        (3 * D, "de", "bis 3 Tage vor Beginn"),
        (30 * M, "de", "bis 30 Minuten vor Beginn"),
        (0 * H, "en", "free of charge until the start, on your booking page."),
        (0 * H, "da", "gratis helt frem til starten"),
        (0 * H, "de", "bis zum Beginn kostenlos"),
    ],
)
def test_cancellation_terms_in_plain_words(deadline, language, expected):
    assert expected in _terms(language, cancellation_deadline=deadline).online


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "After that, please call Lolle Frugt on +45 54 70 12 34."),
        ("da", "Derefter skal du ringe til Lolle Frugt på +45 54 70 12 34."),
        ("de", "Danach rufen Sie bitte Lolle Frugt unter +45 54 70 12 34 an."),
    ],
)
def test_after_the_deadline_the_visitor_is_told_whom_to_call(language, expected):
    assert _terms(language).after == expected


@pytest.mark.parametrize(
    ("cutoff", "language", "expected"),
    [
        (2 * H, "en", "Online booking closes 2 hours before the start"),
        (2 * H, "da", "Online-booking lukker 2 timer før starten"),
        (2 * H, "de", "Die Online-Buchung schließt 2 Stunden vor Beginn"),
        (2 * D, "da", "lukker 2 dage før"),
        (0 * H, "en", "You can book online until the start."),
    ],
)
def test_the_booking_cut_off_in_plain_words(cutoff, language, expected):
    assert expected in _terms(language, booking_cutoff=cutoff).booking


def test_the_meeting_point_is_the_companys_position_unless_the_tour_has_its_own():
    company = CompanyFactory.build(latitude=Decimal("54.7764"), longitude=Decimal("11.5012"))
    tour = TourFactory.build(company=company)
    position = meeting_position(tour)
    assert (position.latitude, position.longitude, position.own) == (
        Decimal("54.7764"),
        Decimal("11.5012"),
        False,
    )
    tour.meeting_latitude, tour.meeting_longitude = Decimal("54.78001"), Decimal("11.49002")
    position = meeting_position(tour)
    assert position.own and position.text == "54.78001, 11.49002"


def test_the_openstreetmap_link_marks_the_point_on_openstreetmaps_own_site():
    tour = TourFactory.build(
        company=CompanyFactory.build(latitude=Decimal("54.7764"), longitude=Decimal("11.5012"))
    )
    url = meeting_position(tour).osm_url
    assert url == (
        "https://www.openstreetmap.org/?mlat=54.77640&mlon=11.50120#map=16/54.77640/11.50120"
    )
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "www.openstreetmap.org"
    assert parse_qs(parts.query) == {"mlat": ["54.77640"], "mlon": ["11.50120"]}


def test_directions_go_to_openstreetmaps_route_planner_with_the_meeting_point_as_destination():
    tour = TourFactory.build(
        company=CompanyFactory.build(latitude=Decimal("55.1"), longitude=Decimal("11.75"))
    )
    parts = urlsplit(meeting_position(tour).directions_url)
    assert (parts.netloc, parts.path) == ("www.openstreetmap.org", "/directions")
    assert unquote(parse_qs(parts.query)["route"][0]) == ";55.10000,11.75000"


def test_parking_and_accessibility_are_the_tours_own_or_else_the_companys():
    company = CompanyFactory.build(parking="Ved gårdbutikken", accessibility="")
    tour = TourFactory.build(company=company, parking="", accessibility="")
    assert text_owner(tour, "parking") is company
    assert text_owner(tour, "accessibility") is None
    tour.parking_da = "P-pladsen ved marken"
    tour.accessibility_da = "Græs og grus"
    assert text_owner(tour, "parking") is tour
    assert text_owner(tour, "accessibility") is tour


def test_the_page_says_when_the_tour_is_not_given_in_the_pages_language():
    tour = TourFactory.build(languages=["da", "de"])
    with translation.override("en"):
        assert visitor_info(tour).in_page_language is False
    with translation.override("de"):
        assert visitor_info(tour).in_page_language is True
        assert visitor_info(tour).languages == ["Dänisch", "Deutsch"]


@pytest.mark.django_db
def test_a_meeting_position_is_whole_or_absent_in_the_database():
    with pytest.raises(IntegrityError):
        TourFactory(meeting_latitude=Decimal("54.7"), meeting_longitude=None)
