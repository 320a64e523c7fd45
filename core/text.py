"""Rules for text people type that ends up in one-line places: mail headers and subjects,
calendar names and summaries, CSV cells, page titles.

A newline (or any control character) in a title or a name would break out of a header or a
calendar line; a name made only of invisible characters (zero-width spaces, joiners, bidi
marks) shows as nothing. Input is refused for both (``validate_one_line``,
``validate_visible``), and output still makes every stored value one line (``one_line``),
since rows saved before the rule, or through the admin, may hold anything."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls (newlines and tabs included), DEL, and the Unicode line and paragraph
# separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def is_invisible(char: str) -> bool:
    """Whitespace, controls and format characters (Unicode category Cf: zero-width space
    U+200B, joiners, the BOM, bidi marks and isolates, soft hyphen)."""
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def has_visible(text: str) -> bool:
    return any(not is_invisible(char) for char in text)


def one_line(text: str) -> str:
    """The text on one line: every control character and run of whitespace one space."""
    return " ".join(CONTROL.sub(" ", text).split())


def validate_one_line(value: str) -> None:
    if CONTROL.search(value or ""):
        raise ValidationError(_("Please write this on one line."), code="multiline")


def validate_visible(value: str) -> None:
    if value and not has_visible(value):
        raise ValidationError(_("Please enter some visible text."), code="invisible")
