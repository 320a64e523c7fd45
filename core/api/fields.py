"""Serializer fields of every API shape: strict input types and absolute links."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.addresses import validate_email_address
from core.content_language import shown_text

# Lone surrogates parse from JSON ("\ud800") but cannot be stored as UTF-8; they are refused
# here so that they can never reach the database driver as an encoding error.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def no_surrogates(value: str) -> None:
    if _SURROGATE.search(value):
        raise serializers.ValidationError(
            _("Please remove the invalid characters."), code="invalid"
        )


# DRF's fields coerce ("1" to 1, 0 to False, 5 to "5"). A partner's bug should surface as a
# 400 naming the field, not as a booking made from a guess, so the input types are strict.
class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(StrictCharField, serializers.EmailField):
    """An e-mail address under the one rule of core.addresses (IDN domains, no invisible
    characters, an ASCII local part)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_email_address)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def text_field(**kwargs) -> StrictCharField:
    """A strict text input that refuses lone surrogates."""
    kwargs.setdefault("validators", []).append(no_surrogates)
    return StrictCharField(**kwargs)


def absolute(context: dict, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    """The object's public web page (`get_absolute_url`), absolute when a request is at hand."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute(self.context, value.get_absolute_url())


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": ["da", "en", "de"]},
        "description": "The language each translated text above is written in: the one asked "
        "for (Accept-Language), or da where that text exists only in Danish.",
        "example": {"title": "de", "description": "da"},
    }
)
class TextLanguagesField(serializers.Field):
    """Which language each translated text of the object is shown in (core.content_language):
    a partner can mark a Danish fallback as Danish, as the site's own pages do."""

    def __init__(self, *, fields: tuple[str, ...], **kwargs) -> None:
        self.text_fields = fields
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj) -> dict[str, str]:
        return {name: shown_text(obj, name).language for name in self.text_fields}
