# ruff: noqa: RUF002 (the multiplication sign of "3 x 75 kr." is meant)
"""Prices and totals in templates (tours.pricing): `{% load pricing %}`.

{{ tour|tour_price }}               75 kr. pr. person / 1.500 kr. pr. gruppe / Gratis
{{ company.published_tours|price_from }}   fra 75 kr. pr. person
{{ tour|tour_total:3 }}             3 × 75 kr. = 225 kr. (at the tour's price today)
{{ booking|booking_price }}         the price the booking was made at, as tour_price
{{ booking|booking_total }}         3 × 75 kr. = 225 kr. (the booking's own price)
{{ booking|booking_amount }}        225 kr. (the total alone)
"""

from django import template

from core.formats import format_price
from tours import pricing

register = template.Library()


@register.filter
def tour_price(tour) -> str:
    return pricing.price_label(pricing.Price.of(tour)) if tour else ""


@register.filter
def price_from(tours) -> str:
    return pricing.price_from_label(tours or [])


@register.filter
def tour_total(tour, party_size) -> str:
    try:
        size = int(party_size)
    except (TypeError, ValueError):
        return ""
    return pricing.total_label(pricing.Price.of(tour), size) if tour else ""


@register.filter
def booking_price(booking) -> str:
    return pricing.price_label(booking.pricing) if booking else ""


@register.filter
def booking_total(booking) -> str:
    return pricing.total_label(booking.pricing, booking.party_size) if booking else ""


@register.filter
def booking_amount(booking) -> str:
    if not booking:
        return ""
    if booking.pricing.is_free:
        return pricing.price_label(booking.pricing)
    return format_price(booking.total)


@register.filter
def booking_total_line(booking) -> str:
    return pricing.total_line(booking.pricing, booking.party_size) if booking else ""
