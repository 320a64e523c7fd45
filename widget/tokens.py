"""The widget's form token, in place of Django's CSRF cookie.

Inside another site's iframe our cookies are third-party cookies, which browsers block or
partition (Safari, Firefox, Chrome's tracking protection), so the widget sets and needs
none: no session, no CSRF cookie. The booking form instead carries a token signed with
SECRET_KEY (django.core.signing) that names the departure, the language and the embedding
origin, and expires after two hours. A POST without a valid token for that departure is
refused. What CSRF protects against is a forged request riding on a visitor's session;
the widget has no session to ride on, and the token keeps forms from being posted blind
or replayed for another departure."""

from django.core import signing

_SALT = "widget.booking-form"
MAX_AGE_SECONDS = 2 * 60 * 60


def form_token(*, slot_id: int, origin: str, language: str) -> str:
    return signing.dumps({"slot": slot_id, "origin": origin, "lang": language}, salt=_SALT)


def form_token_read(token: str, *, slot_id: int) -> dict | None:
    """The token's contents if it is genuine, fresh and for this departure, else None."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("slot") != slot_id:
        return None
    return data
