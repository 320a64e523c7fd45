"""`{% page_cache %}`: a part of a public page rendered once and served from the shared cache
until the supply it shows changes (tours.supply) or PAGE_CACHE_SECONDS pass, whichever is
first (docs/performance.md, "What is cached").

    {% load page_cache %}
    {% page_cache "tour" tour=tour.pk expires=slots window_start %} … {% endpage_cache %}

- the name, then the values the part depends on (`vary`: normalised values the view made,
  such as a window's first day, never raw query text, so the number of copies is bounded);
- `tour=`: the part shows one tour (its version is the key); without it, the part shows the
  cluster (any change to any tour renews it);
- `expires=`: slots the part shows; it is kept no later than the next cut-off or start among
  them, when their state changes with time alone;
- `fresh=`: a value the part shows that is made anew for each answer (a form's one-time
  submission id). It is stored as a placeholder and each answer puts its own value back,
  as with the CSRF token below; it must be unique enough that it appears nowhere else in
  the part (a uuid4), and it is not part of the key.

The key also holds the language, the host (absolute links) and today's date. Whatever is
not in the key must not be in the part: nothing of the visitor, no CSP nonce (refused, so
such a part fails its tests instead of serving one visitor's nonce to another). Forms in it
(the tour page's "Add to day plan") are rendered with a placeholder for the CSRF token, which
each answer replaces with its own request's token, as the page without the cache would have
it; a token that reached the part any other way is refused.
The view gives the part its data lazily (SimpleLazyObject), so a part served from the cache
costs no query. A cache that does not answer renders the part as if nothing were cached.
"""

import hashlib
import logging
from datetime import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation

from booking import capacity
from tours import supply

register = template.Library()
logger = logging.getLogger(__name__)

# What stands for the CSRF token in a cached part (letters only: no escaping changes it).
CSRF_PLACEHOLDER = "pagecacheCSRFtokenPlaceholder"
# What stands for the `fresh=` value (a form's submission id) in a cached part.
FRESH_PLACEHOLDER = "pagecacheFreshValuePlaceholder"
_CSRF_INPUT = 'name="csrfmiddlewaretoken" value="'


@register.tag("page_cache")
def do_page_cache(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("page_cache needs a name")
    nodelist = parser.parse(("endpage_cache",))
    parser.delete_first_token()
    name, *rest = bits
    options, vary = {}, []
    for bit in rest:
        key, equals, value = bit.partition("=")
        if equals and key in ("tour", "expires", "fresh"):
            options[key] = parser.compile_filter(value)
        else:
            vary.append(parser.compile_filter(bit))
    return PageCacheNode(nodelist, parser.compile_filter(name), vary, **options)


class PageCacheNode(template.Node):
    def __init__(self, nodelist, name, vary, tour=None, expires=None, fresh=None) -> None:
        self.nodelist, self.name, self.vary = nodelist, name, vary
        self.tour, self.expires, self.fresh = tour, expires, fresh

    def render(self, context) -> str:
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        now = timezone.now()
        try:
            key = self._key(context, now)
            text = cache.get(key)
        except Exception:  # the page works without the cache, only slower
            logger.warning("The page cache does not answer", exc_info=True)
            return self.nodelist.render(context)
        fresh = self._fresh(context)
        if text is not None:
            return _with_csrf_token(text.replace(FRESH_PLACEHOLDER, fresh), context)
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            text = self.nodelist.render(context)
        if 'nonce="' in text or text.count(_CSRF_INPUT) != text.count(
            _CSRF_INPUT + CSRF_PLACEHOLDER
        ):
            raise ImproperlyConfigured(
                f"page_cache {self.name.resolve(context)!r} holds a CSRF token or a CSP nonce"
            )
        if fresh:
            text = text.replace(fresh, FRESH_PLACEHOLDER)
        if self.expires is not None:
            seconds = int(min(seconds, _seconds_until_change(self.expires.resolve(context), now)))
        if seconds > 0:
            try:
                cache.set(key, text, seconds)
            except Exception:
                logger.warning("The page cache does not answer", exc_info=True)
        return _with_csrf_token(text.replace(FRESH_PLACEHOLDER, fresh), context)

    def _fresh(self, context) -> str:
        """The `fresh=` value as text; "" without one. It is found and replaced in the part
        as text, so a short one (which could stand elsewhere in the part) is refused."""
        value = self.fresh.resolve(context) if self.fresh is not None else None
        if value is None or value == "":
            return ""
        text = str(value)
        if len(text) < 16:
            raise ImproperlyConfigured(
                f"page_cache {self.name.resolve(context)!r}: fresh= needs a value of 16 "
                "characters or more (a uuid4), found elsewhere in no part"
            )
        return text

    def _key(self, context, now: datetime) -> str:
        request = context.get("request")
        tour = self.tour.resolve(context) if self.tour is not None else None
        parts = [
            str(self.name.resolve(context)),
            translation.get_language() or "",
            request.get_host() if request is not None else "",
            timezone.localdate(now).isoformat(),
            *(str(value.resolve(context)) for value in self.vary),
            str(tour),
            supply.version(tour),
        ]
        digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
        return f"page:{digest}"


def _with_csrf_token(text: str, context) -> str:
    """The part with this request's CSRF token in its forms (the context's lazy token is
    made only when the part has a form, as it would be without the cache)."""
    if CSRF_PLACEHOLDER not in text:
        return text
    return text.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))


def _seconds_until_change(slots, now: datetime) -> float:
    """Seconds until the first cut-off or start among the slots that is still to come: the
    moment one of them changes state with no write to say so."""
    coming = [
        moment
        for slot in slots or ()
        for moment in (capacity.booking_closes_at(slot), slot.start)
        if moment > now
    ]
    return (min(coming) - now).total_seconds() if coming else float("inf")
