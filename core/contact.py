"""The contact details a visitor gives when booking or registering, and the rules they must
pass before anything is stored. Shared by bookings, waiting lists and event registrations."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import text
from core.addresses import email_address_clean
from core.errors import ContactInvalid

# The most people one booking or registration may be for.
MAX_PARTY_SIZE = 500
# Control characters (newlines included) would let a name or phone number break out of a
# mail header or a calendar property; such input is refused, not cleaned behind the user's back.
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")


@dataclass(frozen=True, kw_only=True)
class VisitorData:
    name: str
    email: str
    phone: str = ""
    organisation: str = ""
    language: str = "da"
    note: str = ""

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        with_phone_and_note: bool = True,
        default_language: str | None = None,
    ) -> Self:
        """The visitor as a form's cleaned_data or a serializer's validated_data holds it,
        unchecked (visitor_clean checks it). Every key read must be there; a missing one is a
        KeyError, the caller's bug. Two inputs differ, and say so:

        - `with_phone_and_note=False` for a form that does not ask for them (the event
          registration): the keys are not read, phone and note stay "".
        - `default_language` for an input whose language is optional (the API): a missing or
          empty language becomes it. Without it, the language is required."""
        if default_language is None:
            language = data["language"]
        else:
            language = data.get("language") or default_language
        contact = {"phone": data["phone"], "note": data["note"]} if with_phone_and_note else {}
        return cls(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            language=language,
            **contact,
        )


def has_control(text: str) -> bool:
    return bool(CONTROL.search(text))


def visitor_clean(visitor: VisitorData, *, email_required: bool = True) -> VisitorData:
    """Returns the visitor's details trimmed, or raises ContactInvalid naming the field.

    The contact rule: a visitor booking for themselves gives an e-mail address (it is where
    the confirmation and their own link go). Staff taking a booking on the phone
    (`email_required=False`) may give a phone number instead, for a caller without e-mail;
    one of the two is always needed, so the company can reach the visitor."""
    name = " ".join(visitor.name.split(" ")).strip()
    if not text.has_visible(name):  # "", spaces, or only zero-width characters
        raise ContactInvalid(_("Please enter your name."), field="name")
    if len(name) > 120:
        raise ContactInvalid(_("The name is too long."), field="name")
    for field, value in (
        ("name", name),
        ("organisation", visitor.organisation),
        ("phone", visitor.phone),
        ("email", visitor.email),
    ):
        if has_control(value):
            raise ContactInvalid(_("Please write this on one line."), field=field)
    email = visitor.email.strip()
    phone = visitor.phone.strip()
    if email or email_required:
        try:
            email = email_address_clean(email)
        except ValidationError as error:
            raise ContactInvalid(error.messages[0], field="email") from None
    elif not phone:
        raise ContactInvalid(
            _("Enter the visitor's e-mail address or phone number, so they can be reached."),
            field="phone",
        )
    if phone and not _PHONE.match(phone):
        raise ContactInvalid(_("Please enter a valid phone number."), field="phone")
    if len(visitor.organisation) > 150:
        raise ContactInvalid(_("The organisation name is too long."), field="organisation")
    if len(visitor.note) > 2000:
        raise ContactInvalid(_("The note is too long."), field="note")
    language = visitor.language if visitor.language in dict(settings.LANGUAGES) else "da"
    return VisitorData(
        name=name,
        email=email,
        phone=phone,
        organisation=visitor.organisation.strip(),
        language=language,
        note=visitor.note.strip(),
    )
