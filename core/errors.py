"""The base of every refusal a service can give. Each app derives its own small hierarchy
(booking.errors, events.errors); views and API adapters handle them all alike: a stable
`code` for machines and tests, a message in the active language for people, the input
`field` it concerns (if one), and the HTTP status an API answers it with."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    message = _("The request could not be carried out.")
    # 409: the state of things refuses it (the same request may succeed later or elsewhere);
    # 400: the input itself is wrong; 422: the request contradicts an earlier one.
    http_status = 409

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(str(message) if message is not None else str(self.message))

    @property
    def text(self) -> str:
        return str(self.args[0])


class InputError(DomainError):
    """A refusal caused by the request itself: it must change before it can succeed."""

    code = "invalid_request"
    message = _("Please check the details you entered.")
    http_status = 400


class ContactInvalid(InputError):
    """A visitor's or participant's contact details do not pass (core.contact)."""

    code = "invalid"
    message = _("Please check the details you entered.")
