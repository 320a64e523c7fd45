"""HTTP in and out for the OCTO API: the Bearer key, the capabilities and language headers,
the input shapes and OCTO's error shape. The flows are octo.sales, the JSON octo.presenters."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.language import AcceptLanguageMixin
from core.api.parsers import JSONParser
from core.errors import DomainError
from octo import errors
from octo.keys import reseller_for_key
from octo.models import Reseller

# OCTO capabilities (Octo-Capabilities) we implement; a request may name others, which we
# ignore, and the response names those of the request we applied (docs/octo.md).
PRICING = "octo/pricing"
SUPPORTED_CAPABILITIES: frozenset[str] = frozenset({PRICING})


class ResellerKey(BaseAuthentication):
    """`Authorization: Bearer <key>`: no header is UNAUTHORIZED (401), a key that is not a
    reseller's current key FORBIDDEN (403)."""

    def authenticate(self, request: Request):
        header = request.headers.get("Authorization", "")
        scheme, _sep, key = header.partition(" ")
        if not header:
            return None
        if scheme.lower() != "bearer" or not key.strip():
            raise exceptions.AuthenticationFailed()
        reseller = reseller_for_key(key.strip())
        if reseller is None:
            raise exceptions.AuthenticationFailed()
        return (None, reseller)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="octo"'


class IsReseller(BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        return isinstance(request.auth, Reseller)


def octo_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every refusal in OCTO's error shape; anything else stays a 500."""
    error = _as_octo_error(exc)
    if error is None:
        return None
    return Response(error.body(), status=error.status)


def _as_octo_error(exc: Exception) -> errors.OctoError | None:
    if isinstance(exc, errors.OctoError):
        return exc
    if isinstance(exc, DomainError):
        return errors.from_domain(exc)
    if isinstance(exc, exceptions.NotAuthenticated):
        return errors.OctoError("UNAUTHORIZED", errors.UNAUTHORIZED_MESSAGE, status=401)
    if isinstance(exc, exceptions.AuthenticationFailed | exceptions.PermissionDenied):
        return errors.OctoError("FORBIDDEN", errors.FORBIDDEN_MESSAGE, status=403)
    if isinstance(exc, exceptions.ValidationError):
        return errors.bad_request(_first_message(exc.detail))
    if isinstance(exc, Http404 | exceptions.NotFound):
        return errors.OctoError("BAD_REQUEST", _("There is no such endpoint."), status=404)
    if isinstance(exc, exceptions.APIException):
        return errors.OctoError("BAD_REQUEST", str(exc.detail), status=exc.status_code)
    return None


def _first_message(detail, path: str = "") -> str:
    """`unitItems.0.unitId: This field is required.` from DRF's nested error detail."""
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        name = "" if key == "non_field_errors" else str(key)
        return _first_message(value, f"{path}.{name}" if path and name else path or name)
    if isinstance(detail, list) and detail:
        first = detail[0]
        if isinstance(first, dict | list):
            index = next(i for i, d in enumerate(detail) if d)
            return _first_message(detail[index], f"{path}.{index}" if path else str(index))
        return f"{path}: {first}" if path else str(first)
    return f"{path}: {detail}" if path else str(detail)


class OctoView(AcceptLanguageMixin, APIView):
    authentication_classes = [ResellerKey]
    permission_classes = [IsReseller]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    throttle_classes: list = []
    # Documented by the OCTO standard's own schemas (octo/schemas/), not in /api/schema/:
    # drf-spectacular cannot describe these views, and its warnings fail `check --deploy`.
    schema = None

    def get_exception_handler(self):
        return octo_exception_handler

    @property
    def reseller(self) -> Reseller:
        return self.request.auth

    def capabilities(self) -> list[str]:
        asked = self.request.headers.get("Octo-Capabilities", "")
        return sorted({c.strip() for c in asked.split(",") if c.strip()} & SUPPORTED_CAPABILITIES)

    @property
    def pricing(self) -> bool:
        return PRICING in self.capabilities()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Octo-Capabilities"] = ", ".join(self.capabilities())
        return response

    def body(self, serializer_class: type[serializers.Serializer]) -> dict:
        data = self.request.data
        if not isinstance(data, dict):
            raise errors.bad_request(_("The request body must be a JSON object."))
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- Input shapes (the request bodies of octo/schemas/*Body.json) ---


class UnitQuantity(serializers.Serializer):
    id = serializers.CharField(max_length=50)
    quantity = serializers.IntegerField(min_value=0, max_value=1000)


class AvailabilityQuery(serializers.Serializer):
    productId = serializers.CharField(max_length=50)
    optionId = serializers.CharField(max_length=50)
    localDate = serializers.DateField(required=False)
    localDateStart = serializers.DateField(required=False)
    localDateEnd = serializers.DateField(required=False)
    availabilityIds = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=500
    )
    units = UnitQuantity(many=True, required=False)
    currency = serializers.CharField(required=False, allow_null=True)


class ContactInput(serializers.Serializer):
    fullName = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    firstName = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    lastName = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    emailAddress = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    phoneNumber = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    locales = serializers.ListField(
        child=serializers.CharField(max_length=35), required=False, max_length=20
    )
    postalCode = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    country = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    notes = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=2000
    )


class UnitItemInput(serializers.Serializer):
    unitId = serializers.CharField(max_length=50)
    uuid = serializers.CharField(max_length=100, required=False)
    resellerReference = serializers.CharField(max_length=100, required=False)
    contact = ContactInput(required=False)


class ReservationInput(serializers.Serializer):
    uuid = serializers.CharField(max_length=100, required=False)
    productId = serializers.CharField(max_length=50)
    optionId = serializers.CharField(max_length=50)
    availabilityId = serializers.CharField(max_length=50)
    expirationMinutes = serializers.IntegerField(required=False, min_value=1)
    notes = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=2000
    )
    unitItems = UnitItemInput(many=True, allow_empty=False, max_length=500)
    resellerReference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact = ContactInput(required=False)
    currency = serializers.CharField(required=False, allow_null=True)


class ConfirmationInput(serializers.Serializer):
    contact = ContactInput()
    resellerReference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    emailReceipt = serializers.BooleanField(required=False)
    unitItems = UnitItemInput(many=True, required=False)


class ExtendInput(serializers.Serializer):
    expirationMinutes = serializers.IntegerField(required=False, min_value=1)


class CancellationInput(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=500
    )
    force = serializers.BooleanField(required=False)
