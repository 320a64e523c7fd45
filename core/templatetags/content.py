"""`{% content tour "description" %}`: a translated text in the page's language, or its
Danish text marked `lang="da"` with a small "(only in Danish)" note (core.content_language).

Options: `format="linebreaksbr"` or `format="linebreaks"` for texts with line breaks,
`words=40` to shorten, `note=False` where the note would not fit (a link, a heading whose
text below carries the note). Attributes and <title> use `{{ tour.title }}` as before."""

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr, truncatewords
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.content_language import shown_text

register = template.Library()

FORMATS = {"linebreaksbr": linebreaksbr, "linebreaks": linebreaks_filter}


@register.simple_tag
def content(obj, field: str, format: str = "", words: int = 0, note: bool = True) -> SafeString:
    shown = shown_text(obj, field)
    text = shown.text
    if words:
        text = truncatewords(text, words)
    html = FORMATS[format](text, autoescape=True) if format else conditional_escape(text)
    if not shown.fallback:
        return html
    block = format == "linebreaks"
    marked = format_html('<{0} lang="da">{1}</{0}>', "div" if block else "span", html)
    if not note:
        return marked
    # The note is in the page's language; the text before it is Danish.
    spacing = "{}" if block else "{} "
    return format_html(
        spacing + '<small class="text-body-secondary content-note">{}</small>',
        marked,
        gettext("(only in Danish)"),
    )
