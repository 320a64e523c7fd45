"""Abuse limits on public writes, counted in the shared cache by django-ratelimit.

Each limit has a name (``booking``, ``login`` ...) and two sets of rates from settings
(RATE_LIMITS_RATES, read from the environment in config/settings.py): one per client address
and one per target (the e-mail address, the account, the secret link the request is about).
A request over either is refused with RateLimited, which the site renders as a 429 page
(core.middleware.RateLimitMiddleware) and the API as a 429 answer in its error shape
(core.api.errors), both with Retry-After.

The counters live in the default cache: Redis in production (REDIS_URL), so every process on
every host counts the same requests. django-ratelimit hashes each key (sha256): neither an
address nor an e-mail address is stored in the cache.

The client address is REMOTE_ADDR, unless the request came from a trusted proxy
(TRUSTED_PROXIES): then it is the nearest address in X-Forwarded-For that is not itself a
trusted proxy. A client cannot choose its own address by sending the header: an untrusted
peer's header is ignored.
"""

import ipaddress
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many requests: ``retry_after`` seconds until the window that refused it ends."""

    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(limit)
        self.limit = limit
        self.retry_after = max(1, int(retry_after))


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, for counting. X-Forwarded-For counts only when REMOTE_ADDR is a
    trusted proxy; it is read from the right (the hop our proxy added) leftwards, skipping
    trusted proxies, so addresses a client wrote itself on the left are never reached."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(settings.TRUSTED_PROXIES)
    peer = _address(remote)
    if peer is None or not any(peer in network for network in trusted):
        return remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted
        client = address
        if not any(address in network for network in trusted):
            break
    return str(client)


def _client_key(address: str) -> str:
    """IPv6 clients are counted per /64: one household or phone gets a whole /64 and can
    pick any address in it."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and not parsed.ipv4_mapped:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed.ipv4_mapped if isinstance(parsed, ipaddress.IPv6Address) else address)


def _normalise(target: str) -> str:
    return " ".join(target.split()).casefold()


def _check(request: HttpRequest, name: str, kind: str, value: str, *, increment: bool) -> None:
    """Counts (or, with increment=False, only reads) every window of one limit's rates."""
    for rate in settings.RATE_LIMITS_RATES[name][kind]:
        try:
            usage = get_usage(
                request,
                group=f"{name}:{kind}",
                key=lambda _group, _request: value,
                rate=rate,
                method=get_usage.ALL,
                increment=increment,
            )
        except Exception:  # the cache is down: a booking must not fail for want of a counter
            logger.warning("rate limit %s not counted: the cache did not answer", name)
            return
        if usage is None:
            continue
        # Counting, the request is refused once it goes over; only reading (a log-in before
        # its password is checked), it is refused once the count has reached the limit.
        full = usage["should_limit"] if increment else usage["count"] >= usage["limit"]
        if full:
            raise RateLimited(name, usage["time_left"])


def enforce(request: HttpRequest, name: str, *, target: str | None = None) -> None:
    """Counts this request against the limit's per-client rates and, with a target, its
    per-target rates; raises RateLimited when any is exceeded. A no-op with RATE_LIMITS=off."""
    if not settings.RATELIMIT_ENABLE:
        return
    _check(request, name, "client", _client_key(client_ip(request)), increment=True)
    if target:
        _check(request, name, "target", _normalise(target), increment=True)


def enforce_target(request: HttpRequest, name: str, target: str, *, count: bool) -> None:
    """The per-target rates alone. With count=False it only checks (log-in reads the account's
    counter first and counts a failure afterwards: a right password costs nothing)."""
    if settings.RATELIMIT_ENABLE and target:
        _check(request, name, "target", _normalise(target), increment=count)


def limit_posts(
    name: str, target: Callable[..., str | None] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: every POST counts against ``name`` per client, and per target when
    ``target(request, *args, **kwargs)`` names one (e.g. the secret link's token). Other
    methods are not counted."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                enforce(request, name, target=target(request, *args, **kwargs) if target else None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
