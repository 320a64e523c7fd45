"""`{% icon "clock" %}`: one of the project's own small line icons, drawn inline.

Drawn for this project (a 16-unit grid, 1.5 strokes in the text's colour, no fill), so they
follow the text colour and size, need no request, no font and no third party. They are
decoration beside a visible label: `aria-hidden`, never focusable. A name not in ICONS is a
programming error and raises KeyError in tests and pages alike."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The inside of each <svg viewBox="0 0 16 16">.
ICONS = {
    # a clock face at ten past: the duration
    "clock": '<circle cx="8" cy="8" r="6.5"/><path d="M8 4.2V8l2.6 1.6"/>',
    # a map pin: the meeting point
    "pin": '<path d="M8 15s-5-4.4-5-8.6a5 5 0 0 1 10 0C13 10.6 8 15 8 15z"/>'
    '<circle cx="8" cy="6.4" r="1.8"/>',
    # a road sign P: parking
    "parking": '<rect x="1.75" y="1.75" width="12.5" height="12.5" rx="2.5"/>'
    '<path d="M6.2 11.8V4.4h2.5a2.1 2.1 0 0 1 0 4.2H6.2"/>',
    # a person in a wheelchair: accessibility
    "access": '<circle cx="7" cy="2.6" r="1.3"/><path d="M7 5.2v4.3h3.6l1.6 3.6"/>'
    '<path d="M7 7.4h3"/><path d="M4.7 7.7a3.9 3.9 0 1 0 5.5 5.2"/>',
    # two speech bubbles: languages
    "languages": '<path d="M1.8 2.5h8v5.2H5.5L3 9.6V7.7H1.8z"/>'
    '<path d="M12 5.6h2.2v5.2H13v1.9l-2.5-1.9H7.3v-1.4"/>',
    # a bag with handles: what to bring
    "bag": '<path d="M2.8 5.6h10.4l-.9 8.6H3.7z"/><path d="M5.6 7.5V4.2a2.4 2.4 0 0 1 4.8 0v3.3"/>',
    # a calendar leaf with a tick: changing and cancelling
    "calendar": '<rect x="1.75" y="2.8" width="12.5" height="11.4" rx="1.5"/>'
    '<path d="M1.75 6.3h12.5M5 1.5v2.6M11 1.5v2.6M5.6 10.3l1.7 1.7 3.2-3.3"/>',
    # an i in a circle: other things to know
    "info": '<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.3M8 4.6v.1"/>',
    # a price tag: the price
    "tag": '<path d="M1.8 8.3V1.8h6.5l6 6-6.5 6.5z"/><circle cx="5" cy="5" r="1"/>',
    # three heads: group size
    "people": '<circle cx="8" cy="4.6" r="2"/><path d="M4.4 13.5a3.6 3.6 0 0 1 7.2 0"/>'
    '<circle cx="3.4" cy="6" r="1.4"/><circle cx="12.6" cy="6" r="1.4"/>'
    '<path d="M.9 12a2.6 2.6 0 0 1 3.2-2.4M15.1 12a2.6 2.6 0 0 0-3.2-2.4"/>',
    # a box with an arrow out of it: a link that leaves the site
    "external": '<path d="M9.5 2h4.5v4.5M14 2 7.5 8.5"/>'
    '<path d="M12 9.5v3.8c0 .4-.3.7-.7.7H2.7a.7.7 0 0 1-.7-.7V4.7c0-.4.3-.7.7-.7h3.8"/>',
    # a forked road sign: directions
    "route": '<path d="M8 15V8M8 8 4 4m4 4 4-4"/><path d="M2.5 6.5V2.5h4M13.5 6.5V2.5h-4"/>',
}


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" viewBox="0 0 16 16" width="16" height="16" fill="none" '
        'stroke="currentColor" stroke-width="1.5" stroke-linecap="round" '
        'stroke-linejoin="round" aria-hidden="true" focusable="false">{}</svg>',
        classes,
        mark_safe(ICONS[name]),  # noqa: S308  our own constant markup, no input
    )
