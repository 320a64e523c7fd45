"""The visitor's language on a first visit: the browser's, when it is one of ours, until the
visitor chooses with the language buttons (docs/paths.md)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n


class PreferredLanguageMiddleware:
    """Sends a visitor who opens a Danish page (Danish pages have no prefix) to the same page
    in their language when they prefer English or German: the language cookie first (set by
    the language buttons, through Django's set_language), else the browser's Accept-Language.
    So `Accept-Language: de` on `/` is redirected to `/de/`, and a visitor who chose Danish
    stays on `/` whatever their browser says.

    Only page navigations (GET/HEAD asking for HTML) of pages that exist under the prefix are
    redirected: the API, the admin, calendar feeds fetched by calendar programs and forms are
    left as they are. Goes after LocaleMiddleware. A link with a prefix (/de/...) is always
    shown in its own language, so a shared link keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if translation.get_language_from_path(request.path_info) is not None:
            return self.get_response(request)
        response = self._redirect(request) or self.get_response(request)
        # An unprefixed address answers by the cookie and the header: caches must know.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request: HttpRequest) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if "text/html" not in request.headers.get("Accept", ""):
            return None
        preferred = translation.get_language_from_request(request)
        if preferred == settings.LANGUAGE_CODE:
            return None
        urlconf = getattr(request, "urlconf", None)
        with translation.override(preferred):  # the prefix matched is the active language's
            if not is_valid_path(f"/{preferred}{request.path_info}", urlconf):
                return None
        prefix = get_script_prefix()
        url = request.get_full_path().replace(prefix, f"{prefix}{preferred}/", 1)
        return HttpResponseRedirect(url)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the language cookie, then back to `next` in the new language),
    with the language of `next` active while it is translated. /i18n/setlang/ has no prefix,
    so Django would resolve `next` in Danish, fail to match /de/... and send a visitor who
    chose Danish on a German page back to the German page."""
    next_path = urlsplit(request.POST.get("next", request.GET.get("next", ""))).path
    language = translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return i18n.set_language(request)
