"""E-mail addresses: the one rule for what we accept, and the form they are sent in.

Decided (docs/security.md, "E-mail addresses"):

- An internationalised domain (``anne@exämple.dk``) is accepted, kept as typed (NFC), and
  sent IDNA-encoded (``anne@xn--exmple-cua.dk``), which every SMTP server takes, with or
  without SMTPUTF8. ``ascii_address`` makes that form.
- A non-ASCII local part (``jørgen@…``) is refused at the form: Django's mail cannot send it
  at all (and many servers could not deliver it), so accepting it would mean a booking whose
  every mail fails.
- Invisible characters (zero-width space U+200B, joiners, bidi marks, the BOM, controls),
  usually pasted along with the address, are refused with a message saying so: the address
  looks right on the screen and cannot be delivered.

``email_address_clean`` is used by every form, serializer and service that takes an address
(through ``validate_email_address`` in forms and serializers, and core.contact.visitor_clean
in the services)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from core import text

INVISIBLE = _(
    "The e-mail address contains an invisible character (often copied along with it). "
    "Please type the address again."
)
NON_ASCII_LOCAL = _(
    "Please use an address with only Latin letters, digits and . _ - + before the @: "
    "e-mails to this address cannot be delivered."
)
INVALID = _("Please enter a valid e-mail address.")


def _idna(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(INVALID, code="invalid") from None


def email_address_clean(value: str) -> str:
    """The address trimmed and NFC-normalised, or ValidationError with the reason."""
    address = unicodedata.normalize("NFC", (value or "").strip())
    if any(text.is_invisible(char) for char in address):
        raise ValidationError(INVISIBLE, code="invisible")
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(INVALID, code="invalid")
    if not local.isascii():
        raise ValidationError(NON_ASCII_LOCAL, code="non_ascii_local")
    ascii_domain = _idna(domain)
    validate_email(f"{local}@{ascii_domain}")
    return f"{local}@{domain}"


def validate_email_address(value: str) -> None:
    """The rule as a Django validator, for form and serializer fields."""
    email_address_clean(value)


def ascii_address(address: str) -> str:
    """The address with its domain IDNA-encoded, for mail headers and the SMTP envelope.
    (Python's formataddr refuses a non-ASCII address with UnicodeEncodeError.)"""
    local, _at, domain = address.rpartition("@")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address
