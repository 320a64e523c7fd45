"""The texts of companies and tours that visitors read, in every language of the site.

django-modeltranslation adds a column per language (`title_da`, `title_en`, `title_de`);
`tour.title` reads the active language's and falls back to Danish (docs/i18n.md). Names,
addresses and contact data are the same in every language and are not translated."""

from modeltranslation.translator import TranslationOptions, register

from tours.models import Company, CompanyPhoto, Tour, TourPhoto


@register(Company)
class CompanyTranslation(TranslationOptions):
    fields = ("description", "parking", "accessibility", "facilities")
    required_languages = ("da",)


@register(Tour)
class TourTranslation(TranslationOptions):
    fields = (
        "title",
        "description",
        "meeting_point",
        "what_to_bring",
        "parking",
        "accessibility",
    )
    # Danish is the fallback of every other language, so it is the one that must be there.
    required_languages = ("da",)


@register(CompanyPhoto)
@register(TourPhoto)
class PhotoTranslation(TranslationOptions):
    # A visitor who cannot see the photo reads its description in their own language, so
    # every language's is required (docs/photos.md).
    fields = ("alt",)
    required_languages = ("da", "en", "de")
