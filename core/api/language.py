"""The API speaks the language of the request's Accept-Language header."""

from django.http import HttpRequest
from django.utils import translation
from rest_framework.request import Request


def activate_request_language(request: HttpRequest) -> None:
    """Speak the language of the request's Accept-Language (or language cookie).

    LocaleMiddleware cannot do this for /api/: with `prefix_default_language=False` it takes
    every unprefixed path to be Danish. The API has no language prefix by design, so its
    language comes from the headers alone."""
    language = translation.get_language_from_request(request, check_path=False)
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


class AcceptLanguageMixin:
    def initial(self, request: Request, *args, **kwargs) -> None:
        activate_request_language(request)
        super().initial(request, *args, **kwargs)
