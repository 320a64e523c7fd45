"""Web origins ("https://gaard.dk", scheme://host[:port], RFC 6454) as people type them:
the websites a company lets embed its booking widget (docs/widget.md)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ORIGINS = 20


def origin_of(url: str) -> str:
    """The origin of a URL, lower-case, without a default port; "" for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return ""
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origins_parse(text: str) -> list[str]:
    """One origin per line (or separated by spaces or commas), normalised, duplicates and
    blank lines dropped. Raises ValidationError, naming the line, for anything that is not
    an http(s) origin: a path is refused rather than silently cut off, since the browser
    compares origins only and a person who typed a page's address may expect more."""
    origins: list[str] = []
    for item in text.replace(",", " ").split():
        origin = origin_of(item)
        parts = urlsplit(item)
        if not origin or parts.path not in {"", "/"} or parts.query or parts.fragment:
            raise ValidationError(
                _("“%(value)s” is not a website address like https://www.gaard.dk"),
                code="origin_invalid",
                params={"value": item[:100]},
            )
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        raise ValidationError(
            _("At most %(max)d websites."), code="origins_too_many", params={"max": MAX_ORIGINS}
        )
    return origins
