from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from tours.models import Company, Tour
from tours.services import company_feed_token_rotate


class TourInline(TranslationTabularInline):
    model = Tour
    fields = ["title", "kind", "published"]
    extra = 0
    show_change_link = True


@admin.register(Company)
class CompanyAdmin(TranslationAdmin):
    """Translated texts are edited side by side: one field per language (docs/i18n.md)."""

    list_display = ["name", "city", "municipality", "phone", "email"]
    search_fields = ["name", "city", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TourInline]
    readonly_fields = ["private_feed"]
    actions = ["regenerate_feed_token"]

    @admin.display(description=_("private staff calendar"))
    def private_feed(self, company: Company) -> str:
        if not company.pk:
            return "-"
        path = reverse("staff_feed", kwargs={"token": company.feed_token})
        url = settings.SITE_URL + path
        webcal = "webcal://" + url.split("://", 1)[-1]
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a><br>{}',
            webcal,
            _("Subscribe"),
            url,
            url,
            _("Bookings with names: share only with staff. Regenerate the address to revoke it."),
        )

    @admin.action(
        description=_("Regenerate the private calendar address (the old one stops working)")
    )
    def regenerate_feed_token(self, request, queryset) -> None:
        for company in queryset:
            company_feed_token_rotate(company=company)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d private calendar address replaced.",
                "%(count)d private calendar addresses replaced.",
                count,
            )
            % {"count": count},
        )


@admin.register(Tour)
class TourAdmin(TranslationAdmin):
    list_display = ["title", "company", "kind", "price", "published"]
    list_filter = ["kind", "published", "company"]
    list_select_related = ["company"]
    search_fields = ["title_da", "title_en", "title_de", "company__name"]
