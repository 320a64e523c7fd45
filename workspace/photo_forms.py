"""The forms of the photo pages: a photo's description in every language, and the upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tours import photos

LANGUAGES = ("da", "en", "de")
REQUIRED = {
    "da": _("Please describe the photo in Danish."),
    "en": _("Please describe the photo in English."),
    "de": _("Please describe the photo in German."),
}


class PhotoAltForm(forms.Form):
    """The description a visitor who cannot see the photo reads (its `alt` text), required in
    Danish, English and German: a visitor reads it in their own language."""

    alt_da = forms.CharField(max_length=250)
    alt_en = forms.CharField(max_length=250)
    alt_de = forms.CharField(max_length=250)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        for code in LANGUAGES:
            field = self.fields[f"alt_{code}"]
            field.label = _("Description (%(language)s)") % {"language": names[code]}
            field.widget.attrs.update(lang=code, autocomplete="off")
            field.error_messages["required"] = REQUIRED[code]

    def alts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"alt_{code}"] for code in LANGUAGES}


class PhotoUploadForm(PhotoAltForm):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "JPEG, PNG or WebP, at most %(mb)d MB and at least %(w)d × %(h)d pixels. Location "  # noqa: RUF001
            "and camera data are removed."
        )
        % {"mb": photos.MAX_BYTES // 1024 // 1024, "w": photos.MIN_WIDTH, "h": photos.MIN_HEIGHT},
        widget=forms.ClearableFileInput(attrs={"accept": photos.ACCEPT_ATTRIBUTE}),
    )
    field_order = ["image", "alt_da", "alt_en", "alt_de"]
