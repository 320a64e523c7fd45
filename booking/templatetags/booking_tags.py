"""The one capacity rule (booking.capacity) in templates: what a visitor can do with a slot,
as a state or as a coloured badge. Python rather than an included template, since a tour
page lists up to 140 slots and renders in a few milliseconds."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from booking import capacity
from booking.capacity import SlotState
from tours.models import Slot

register = template.Library()


def _badge(style: str, text: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, text)


@register.simple_tag
def slot_state(slot: Slot) -> str:
    """`{% slot_state slot as state %}`: "bookable", "full", "closed" or "cancelled"."""
    return capacity.slot_state(slot, now=timezone.now())


@register.simple_tag
def places_badge(slot: Slot) -> str:
    """What a visitor needs to know about the slot's places, as a coloured badge."""
    state = capacity.slot_state(slot, now=timezone.now())
    if state == SlotState.CANCELLED:
        return _badge("secondary", gettext("Cancelled"))
    if state == SlotState.CLOSED:
        return _badge("secondary", gettext("Closed for booking"))
    if slot.tour.is_group:
        if state == SlotState.FULL:
            return _badge("secondary", gettext("Booked"))
        return _badge("success", gettext("Available"))
    if state == SlotState.FULL:
        return _badge("danger", gettext("Fully booked"))
    places = slot.available
    text = ngettext("%(places)s place left", "%(places)s places left", places) % {"places": places}
    return _badge("success", text)
