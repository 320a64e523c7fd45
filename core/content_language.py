"""Which language a translated text is shown in (django-modeltranslation, docs/i18n.md).

`tour.title` already reads the active language and falls back to Danish; pages also need to
know *that* it fell back, to mark the Danish text `lang="da"` for screen readers and to tell
the reader it is only in Danish. This works on any model registered with modeltranslation and
knows none of them."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, OrderBy, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

FALLBACK_LANGUAGE = "da"
# The languages that translated fields have a column for, Danish first. They are fixed by the
# migrations that made the columns, so they are written here, not read from settings at
# import time; tests/core/test_content_language.py holds them to settings.LANGUAGES.
CONTENT_LANGUAGES = ("da", "en", "de")


def translated_fields(name: str) -> list[str]:
    """The per-language fields of a translated field: title -> title_da, title_en, title_de."""
    return [build_localized_fieldname(name, code) for code in CONTENT_LANGUAGES]


@dataclass(frozen=True)
class ShownText:
    text: str
    language: str  # the language the text is written in
    fallback: bool  # a Danish text shown on a page of another language


def active_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def shown_text(obj: object, field: str) -> ShownText:
    """The text of `obj.<field>` for the active language: its own translation, or the Danish
    one when that is empty."""
    language = active_language()
    own = getattr(obj, build_localized_fieldname(field, language), None)
    if own:
        return ShownText(own, language, False)
    danish = getattr(obj, build_localized_fieldname(field, FALLBACK_LANGUAGE), None) or ""
    return ShownText(danish, FALLBACK_LANGUAGE, bool(danish) and language != FALLBACK_LANGUAGE)


def shown_order(field: str) -> OrderBy:
    """Orders rows by the text the page shows: the active language's, or the Danish one where
    that is empty. (`order_by("title")` would sort by the active language's column alone,
    putting every untranslated row last.)"""
    language = active_language()
    own = F(build_localized_fieldname(field, language))
    if language == FALLBACK_LANGUAGE:
        return own.asc()
    danish = F(build_localized_fieldname(field, FALLBACK_LANGUAGE))
    return Coalesce(NullIf(own, Value("")), danish).asc()
