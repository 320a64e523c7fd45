# ruff: noqa: RUF001 (the multiplication sign of "3 x 75 kr." is meant)
"""Prices and totals (tours.pricing): what a party pays, and how each language writes it,
from the one formatting helper (core.formats.format_price)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours import pricing
from tours.pricing import Price

NBSP = "\N{NO-BREAK SPACE}"


def test_per_person_total_is_price_times_party():
    assert pricing.price_total(Decimal("75"), "person", 3) == Decimal("225.00")
    assert Price(Decimal("72.50")).total(3) == Decimal("217.50")


def test_group_price_is_the_total_whatever_the_size():
    group = Price(Decimal("1500"), "group")
    assert group.total(10) == group.total(40) == Decimal("1500.00")


def test_free_is_zero_for_any_party():
    assert Price(Decimal("0")).total(25) == 0
    assert Price(Decimal("0")).is_free


@pytest.mark.django_db
def test_booking_total_of_a_tour():
    assert pricing.booking_total(TourFactory(price=Decimal("75")), 4) == Decimal("300.00")
    assert pricing.booking_total(GroupTourFactory(price=Decimal("1500")), 12) == Decimal("1500")


@pytest.mark.parametrize(
    ("language", "person", "group", "free"),
    [
        ("da", f"75{NBSP}kr. pr. person", f"1.500{NBSP}kr. pr. gruppe", "Gratis"),
        ("en", f"DKK{NBSP}75 per person", f"DKK{NBSP}1,500 per group", "Free"),
        ("de", f"75{NBSP}DKK pro Person", f"1.500{NBSP}DKK pro Gruppe", "Kostenlos"),
    ],
)
def test_price_label_per_language(language, person, group, free):
    with translation.override(language):
        assert pricing.price_label(Price(Decimal("75"))) == person
        assert pricing.price_label(Price(Decimal("1500"), "group")) == group
        assert pricing.price_label(Price(Decimal("0"))) == free


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", f"3 × 75{NBSP}kr. = 225{NBSP}kr."),
        ("en", f"3 × DKK{NBSP}75 = DKK{NBSP}225"),
        ("de", f"3 × 75{NBSP}DKK = 225{NBSP}DKK"),
    ],
)
def test_total_label_shows_the_sum(language, expected):
    with translation.override(language):
        assert pricing.total_label(Price(Decimal("75")), 3) == expected


def test_total_label_of_a_group_price_and_of_a_free_tour():
    with translation.override("da"):
        assert pricing.total_label(Price(Decimal("1500"), "group"), 25) == (
            f"1.500{NBSP}kr. pr. gruppe"
        )
        assert pricing.total_label(Price(Decimal("0")), 4) == "Gratis"


def test_ore_are_shown_only_when_there_are_some():
    with translation.override("da"):
        assert pricing.total_label(Price(Decimal("72.50")), 2) == (
            f"2 × 72,50{NBSP}kr. = 145{NBSP}kr."
        )


class _Tour:
    def __init__(self, price, per="person"):
        self.price, self.price_per = Decimal(price), per


def test_from_price_is_the_lowest_per_person_price():
    tours = [_Tour("120"), _Tour("75"), _Tour("1500", "group")]
    with translation.override("da"):
        assert pricing.price_from_label(tours) == f"fra 75{NBSP}kr. pr. person"
    with translation.override("de"):
        assert pricing.price_from_label(tours) == f"ab 75{NBSP}DKK pro Person"
    with translation.override("en"):
        assert pricing.price_from_label(tours) == f"from DKK{NBSP}75 per person"


def test_from_price_of_group_visits_only():
    tours = [_Tour("2000", "group"), _Tour("1500", "group")]
    with translation.override("da"):
        assert pricing.price_from_label(tours) == f"fra 1.500{NBSP}kr. pr. gruppe"


def test_from_price_with_a_free_tour_says_so_and_all_free_is_free():
    with translation.override("da"):
        assert pricing.price_from_label([_Tour("0"), _Tour("75")]) == (
            f"Gratis eller fra 75{NBSP}kr. pr. person"
        )
        assert pricing.price_from_label([_Tour("0"), _Tour("0", "group")]) == "Gratis"
        assert pricing.price_from_label([]) == ""


def test_totals_by_size_for_the_live_total():
    with translation.override("en"):
        totals = pricing.totals_by_size(Price(Decimal("75")), range(1, 4))
    assert totals == {
        "1": f"1 × DKK{NBSP}75 = DKK{NBSP}75",
        "2": f"2 × DKK{NBSP}75 = DKK{NBSP}150",
        "3": f"3 × DKK{NBSP}75 = DKK{NBSP}225",
    }


@pytest.mark.django_db
def test_a_booking_keeps_the_price_it_was_made_at():
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")))
    booking = book(slot, party_size=3)
    slot.tour.price = Decimal("95")
    slot.tour.save()
    booking.refresh_from_db()
    assert booking.unit_price == Decimal("75.00")
    assert booking.price_per == "person"
    assert booking.total == Decimal("225.00")
    booking.party_size = 4  # a change of party size keeps the price
    assert booking.total == Decimal("300.00")


@pytest.mark.django_db
def test_template_filters():
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")))
    booking = book(slot, party_size=3)
    template = Template(
        "{% load pricing %}{{ tour|tour_price }}|{{ tour|tour_total:2 }}|"
        "{{ booking|booking_price }}|{{ booking|booking_total }}|{{ booking|booking_amount }}|"
        "{{ tours|price_from }}"
    )
    with translation.override("da"):
        text = template.render(
            Context({"tour": slot.tour, "booking": booking, "tours": [slot.tour]})
        )
    assert text.split("|") == [
        f"75{NBSP}kr. pr. person",
        f"2 × 75{NBSP}kr. = 150{NBSP}kr.",
        f"75{NBSP}kr. pr. person",
        f"3 × 75{NBSP}kr. = 225{NBSP}kr.",
        f"225{NBSP}kr.",
        f"fra 75{NBSP}kr. pr. person",
    ]
