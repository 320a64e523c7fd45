"""Output shapes of the public catalogue: companies, tours and slots. Read-only; no logic.

Internal fields (the company's private feed token, the booked counter's bookkeeping) are
never listed here, so they cannot leak through the API.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import AbsoluteUrlField, TextLanguagesField
from tours.models import Company, Tour


class CompanyOutput(serializers.ModelSerializer):
    url = AbsoluteUrlField(help_text="The company's public page.")
    website = serializers.SerializerMethodField()
    text_languages = TextLanguagesField(
        fields=("description", "parking", "accessibility", "facilities")
    )

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
