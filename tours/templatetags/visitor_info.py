"""`{% visitor_info tour as info %}`: the "before you come" facts of a tour for the active
language (tours.visitor_info), for the tour page, the booking pages and the mail."""

from django import template

from tours import visitor_info as info

register = template.Library()


@register.simple_tag
def visitor_info(tour) -> info.VisitorInfo:
    return info.visitor_info(tour)


@register.filter
def duration_words(value) -> str:
    """`{{ tour.cancellation_deadline|duration_words }}`: "24 hours", "3 dage"."""
    return info.duration_words(value) if value is not None else ""
