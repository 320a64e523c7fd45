"""One error shape for every 4xx answer of the API:

    {"code": "slot_full", "message": "This departure is fully booked.", "fields": {}}

`code` is stable and machine-readable, `message` is in the language of the request's
Accept-Language, and `fields` maps an input field to its messages (empty when the error is
not about one field). Refusals come from the services as core.errors.DomainError, each
class carrying its HTTP status (409 for the state of things, 400 for the input, 422 for a
request that contradicts an earlier one); they are mapped here, in one place.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.language import activate_request_language
from core.errors import DomainError
from core.ratelimit import RateLimited


class ErrorOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(help_text="For people, in the requested language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; empty when the error concerns no single field.",
    )


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def domain_error_response(error: DomainError) -> Response:
    """The service's refusal as an API answer; its `field` names an input field."""
    fields = {error.field: [error.text]} if error.field else {}
    return Response(error_body(error.code, error.text, fields), status=error.http_status)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: DRF's own handling, then the one error shape.
    Returns None for anything that is not a client error, so it still surfaces as a 500."""
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    if isinstance(exc, RateLimited):
        exc = _throttled(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc.detail)
    else:
        response.data = error_body(_code_of(exc), str(exc.detail))
    return response


def _throttled(exc: RateLimited) -> exceptions.Throttled:
    """429 `throttled` with Retry-After (DRF sets the header from `wait`)."""
    message = ngettext(
        "Too many requests in a short time. Please try again in %(seconds)d second.",
        "Too many requests in a short time. Please try again in %(seconds)d seconds.",
        exc.retry_after,
    ) % {"seconds": exc.retry_after}
    throttled = exceptions.Throttled(detail=message)  # not wait=: DRF would add its own text
    throttled.wait = exc.retry_after
    return throttled


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _validation_body(detail: Any) -> dict:
    if isinstance(detail, dict):
        fields = _flatten(detail)
        general = fields.get("non_field_errors") or [_("Please check the details you entered.")]
        return error_body("invalid", general[0], fields)
    messages = _messages(detail)
    return error_body("invalid", messages[0] if messages else _("Invalid input."))


def _flatten(detail: dict, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors become dotted keys: {"slot.start": ["..."]}."""
    fields: dict[str, list[str]] = {}
    for key, value in detail.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            fields.update(_flatten(value, f"{name}."))
        else:
            fields[name] = _messages(value)
    return fields


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in _messages(item)]
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    return [str(detail)]


@csrf_exempt  # a cookie-less API client must get this 404, not the CSRF failure page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any /api/ address that names no resource: 404 in the API's shape, not an HTML page."""
    activate_request_language(request)
    body = error_body("not_found", exceptions.NotFound.default_detail)
    return JsonResponse(body, status=status.HTTP_404_NOT_FOUND)
