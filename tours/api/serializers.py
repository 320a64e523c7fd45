"""Output shapes of the public catalogue: companies, tours and slots. Read-only; no logic.

Internal fields (the company's private feed token, the booked counter's bookkeeping) are
never listed here, so they cannot leak through the API.
"""

from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import AbsoluteUrlField, TextLanguagesField, absolute
from tours.models import Company, Tour


class PhotoFile(serializers.Serializer):
    width = serializers.IntegerField(help_text="Pixels wide.")
    webp = serializers.URLField()
    jpeg = serializers.URLField()


class PhotoOutput(serializers.Serializer):
    """A photo as the site shows it (docs/photos.md): its description in the language asked
    (Danish where that one is missing) and its files, smallest first; every file keeps its
    address for ever, so it may be cached."""

    alt = serializers.CharField(help_text="What the photo shows (the alternative text).")
    width = serializers.IntegerField(help_text="The largest file's width in pixels.")
    height = serializers.IntegerField(help_text="The largest file's height in pixels.")
    files = serializers.SerializerMethodField()

    @extend_schema_field(PhotoFile(many=True))
    def get_files(self, photo) -> list[dict]:
        def url(width, fmt):
            return absolute(self.context, default_storage.url(photo.file_name(width, fmt)))

        return [{"width": w, "webp": url(w, "webp"), "jpeg": url(w, "jpg")} for w in photo.widths]


class CompanyOutput(serializers.ModelSerializer):
    url = AbsoluteUrlField(help_text="The company's public page.")
    website = serializers.SerializerMethodField()
    text_languages = TextLanguagesField(
        fields=("description", "parking", "accessibility", "facilities")
    )
    photos = PhotoOutput(many=True, help_text="The company's photos, in its order.")

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "municipality",
            "address",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "description",
            "email",
            "phone",
            "website",
            "parking",
            "accessibility",
            "facilities",
            "photos",
            "text_languages",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_website(self, company: Company) -> str | None:
        return company.website or None


class CompanySummary(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["slug", "name", "city"]
        read_only_fields = fields


class TourOutput(serializers.ModelSerializer):
    company = CompanySummary()
    duration_minutes = serializers.IntegerField()
    booking_cutoff_minutes = serializers.SerializerMethodField(
        help_text="Online booking closes this many minutes before the start."
    )
    cancellation_deadline_minutes = serializers.SerializerMethodField(
        help_text="Visitors may cancel online until this many minutes before the start."
    )
    languages = serializers.ListField(child=serializers.CharField())
    currency = serializers.SerializerMethodField()
    url = AbsoluteUrlField(help_text="The tour's public page.")
    text_languages = TextLanguagesField(fields=("title", "description", "meeting_point"))
    photos = PhotoOutput(many=True, help_text="The tour's photos, in its order.")

    class Meta:
        model = Tour
        fields = [
            "id",
            "company",
            "kind",
            "title",
            "description",
            "duration_minutes",
            "languages",
            "meeting_point",
            "price",
            "currency",
            "price_per",
            "min_group_size",
            "max_group_size",
            "booking_cutoff_minutes",
            "cancellation_deadline_minutes",
            "photos",
            "text_languages",
            "url",
        ]
        read_only_fields = fields

    def get_booking_cutoff_minutes(self, tour: Tour) -> int:
        return int(tour.booking_cutoff.total_seconds() // 60)

    def get_cancellation_deadline_minutes(self, tour: Tour) -> int:
        return int(tour.cancellation_deadline.total_seconds() // 60)

    def get_currency(self, tour: Tour) -> str:
        return "DKK"
