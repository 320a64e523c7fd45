from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tours.feeds import company_feed_token_rotate
from tours.models import Company, Slot, Tour


class TourInline(admin.TabularInline):
    model = Tour
    fields = ["title", "kind", "published"]
    extra = 0
    show_change_link = True


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
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
        path = reverse("tours:staff_feed", kwargs={"token": company.feed_token})
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
        self.message_user(
            request, _("%(count)d private calendar addresses replaced.") % {"count": len(queryset)}
        )


@admin.register(Tour)
class TourAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "kind", "price", "published"]
    list_filter = ["kind", "published", "company"]
    list_select_related = ["company"]
    search_fields = ["title", "company__name"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["tour", "start", "end", "capacity", "booked", "status"]
    list_filter = ["status", "tour__company", "tour__kind"]
    list_select_related = ["tour", "tour__company"]
    date_hierarchy = "start"
    readonly_fields = ["booked"]
    search_fields = ["tour__title", "tour__company__name"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Never write `booked` from the form's copy: a booking made meanwhile would be lost.
        # Only the booking services write it, under the slot lock.
        fields = [f.name for f in obj._meta.concrete_fields if f.name not in {"id", "booked"}]
        obj.save(update_fields=fields)
        if {"capacity", "status"} & set(form.changed_data):
            # More room, or the slot reopened: the waiting list is served once this commits.
            from booking.waitlist import waitlist_offer_next

            transaction.on_commit(lambda: waitlist_offer_next(slot_id=obj.pk))
