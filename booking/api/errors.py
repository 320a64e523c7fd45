"""The booking API's own client errors. Refusals from the services are DomainErrors and
answer through core.api.errors in the one error shape."""

from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status


class IdempotencyKeyInvalid(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "idempotency_key_invalid"
    default_detail = gettext_lazy(
        "The Idempotency-Key header must be 1 to 96 printable ASCII characters."
    )
