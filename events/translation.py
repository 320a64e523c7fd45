"""The texts of relay events that participants read, in every language of the site
(django-modeltranslation, docs/i18n.md): a column per language, Danish as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Stop


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "meeting_point")
    required_languages = ("da",)


@register(Stop)
class StopTranslation(TranslationOptions):
    fields = ("activity",)
    required_languages = ("da",)
