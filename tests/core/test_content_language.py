"""The columns of translated fields match the site's languages, and the shown language of a
text is its own or Danish."""

from types import SimpleNamespace

from django.conf import settings
from django.utils import translation

from core.content_language import CONTENT_LANGUAGES, shown_text, translated_fields


def test_the_translated_columns_are_the_sites_languages_danish_first():
    assert tuple(code for code, _name in settings.LANGUAGES) == CONTENT_LANGUAGES
    assert CONTENT_LANGUAGES[0] == settings.LANGUAGE_CODE
    assert translated_fields("title") == ["title_da", "title_en", "title_de"]


def test_a_text_is_shown_in_its_own_language_or_in_danish():
    tour = SimpleNamespace(title_da="Æbletur", title_en="Apple tour", title_de="")
    with translation.override("en"):
        shown = shown_text(tour, "title")
        assert (shown.text, shown.language, shown.fallback) == ("Apple tour", "en", False)
    with translation.override("de"):
        shown = shown_text(tour, "title")
        assert (shown.text, shown.language, shown.fallback) == ("Æbletur", "da", True)
    with translation.override("da"):
        assert shown_text(tour, "title").fallback is False


def test_an_empty_text_is_no_fallback():
    tour = SimpleNamespace(description_da="", description_en=None, description_de=None)
    with translation.override("de"):
        assert shown_text(tour, "description").fallback is False
