"""OCTO's error shape, `{"error": "INVALID_PRODUCT_ID", "errorMessage": "...", "productId":
"..."}`, and how the booking app's refusals map onto its codes.

Status codes: the OCTO specification (openapi.yaml of @octocloud/types 2.0.4) answers every
refusal with 400 and tells them apart by `error`; we keep 400 for those, and answer a missing
key with 401 (UNAUTHORIZED) and a wrong or revoked key with 403 (FORBIDDEN), as HTTP means
them and as the specification's texts describe them. `errorMessage` is in the language of
the request's Accept-Language.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booking import errors as booking_errors
from core.errors import DomainError, InputError


class OctoError(Exception):
    """A refusal in OCTO's terms; `extra` carries the offending id (`productId`, ...)."""

    def __init__(self, error: str, message: str, *, status: int = 400, **extra: str) -> None:
        super().__init__(message)
        self.error, self.message, self.status, self.extra = error, str(message), status, extra

    def body(self) -> dict:
        return {"error": self.error, "errorMessage": self.message, **self.extra}


def bad_request(message: str) -> OctoError:
    return OctoError("BAD_REQUEST", message)


def unprocessable(message: str) -> OctoError:
    return OctoError("UNPROCESSABLE_ENTITY", message)


def invalid_product(product_id: str) -> OctoError:
    return OctoError(
        "INVALID_PRODUCT_ID", _("There is no product with this id."), productId=product_id
    )


def invalid_option(option_id: str) -> OctoError:
    return OctoError(
        "INVALID_OPTION_ID", _("This product has no option with this id."), optionId=option_id
    )


def invalid_unit(unit_id: str) -> OctoError:
    return OctoError("INVALID_UNIT_ID", _("This option has no unit with this id."), unitId=unit_id)


def invalid_availability(availability_id: str) -> OctoError:
    return OctoError(
        "INVALID_AVAILABILITY_ID",
        _("This product has no departure at that time."),
        availabilityId=availability_id,
    )


def invalid_booking(uuid: str) -> OctoError:
    return OctoError("INVALID_BOOKING_UUID", _("There is no booking with this uuid."), uuid=uuid)


UNAUTHORIZED_MESSAGE = gettext_lazy(
    "Send your API key in the Authorization header: Authorization: Bearer <key>."
)
FORBIDDEN_MESSAGE = gettext_lazy("This API key is not valid or has been revoked.")

# Refusals of the request itself; every other refusal is about the state of the departure or
# booking (full, closed, past the cut-off, expired) and maps to UNPROCESSABLE_ENTITY.
_BAD_REQUEST = (InputError, booking_errors.HoldMinutesInvalid)


def from_domain(error: DomainError) -> OctoError:
    """The service's refusal in OCTO's terms, with the service's own message."""
    if isinstance(error, _BAD_REQUEST):
        return bad_request(error.text)
    return unprocessable(error.text)
