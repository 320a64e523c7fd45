"""Small pieces of the public pages that render once per slot, so they are Python rather than
an included template: a tour page lists up to 140 slots and renders in a few milliseconds."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from tours.models import Slot

register = template.Library()


def _badge(style: str, text: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, text)


@register.simple_tag
def places_badge(slot: Slot, bookable: bool = True) -> str:
    """What a visitor needs to know about the slot's places, as a coloured badge."""
    if slot.status == Slot.Status.CANCELLED:
        return _badge("secondary", gettext("Cancelled"))
    if slot.tour.is_group:
        if slot.booked:
            return _badge("secondary", gettext("Booked"))
        if bookable:
            return _badge("success", gettext("Available"))
        return _badge("secondary", gettext("Closed for booking"))
    if not slot.available:
        return _badge("danger", gettext("Fully booked"))
    if not bookable:
        return _badge("secondary", gettext("Closed for booking"))
    places = slot.available
    text = ngettext("%(places)s place left", "%(places)s places left", places) % {"places": places}
    return _badge("success", text)
