"""Site-wide HTTP hardening that no single view owns."""

import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from core.ratelimit import RateLimited

# The methods any view of the site answers. TRACE echoes the request (cookies included) back
# to the caller and CONNECT is for proxies: neither has a use here, so they and anything
# unknown get 405 before a view that does not check its methods answers them with a page.
ALLOWED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class HttpMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class SecureCookiesOverTLSMiddleware:
    """Marks every cookie Secure on a response to a request that came over TLS (directly or
    through a trusted TLS proxy, SECURE_PROXY_SSL_HEADER), whatever SESSION_COOKIE_SECURE
    says: `SECURE_COOKIES=0` for a plain-HTTP trial must not leak the session cookie once the
    same server is put behind TLS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


class RateLimitMiddleware:
    """Renders core.ratelimit.RateLimited, raised by a view or a form, as the 429 page in the
    page's language, with Retry-After. (The API answers it in its own shape:
    core.api.errors.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        minutes = max(1, math.ceil(exception.retry_after / 60))
        response = render(request, "429.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
