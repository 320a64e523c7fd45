from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
class TourAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "kind", "price", "published"]
    list_filter = ["kind", "published", "company"]
    list_select_related = ["company"]
    search_fields = ["title", "company__name"]


class SlotAdminForm(forms.ModelForm):
    """Refuses, as form errors, the changes the admin cannot make safely itself: it saves
    outside the slot services (Django wraps the admin form in its own transaction, where a
    durable service transaction cannot run). Cancelling, moving a booked slot and reopening
    an event's slot go through the workspace, whose services tell the visitors."""

    class Meta:
        model = Slot
        fields = "__all__"  # noqa: DJ007 - the admin shows every editable field

    def clean(self):
        data = super().clean()
        slot = self.instance
        if not slot.pk:
            return data
        fresh = Slot.objects.filter(pk=slot.pk).values("booked", "status", "start").first()
        if fresh is None:
            return data
        if data.get("capacity") is not None and data["capacity"] < fresh["booked"]:
            # booked counts places held by waiting-list offers too (docs/waitlist.md).
            self.add_error(
                "capacity",
                _("The capacity cannot be below the %(count)d places booked or held.")
                % {"count": fresh["booked"]},
            )
        status = data.get("status")
        if status == Slot.Status.CANCELLED and fresh["status"] != Slot.Status.CANCELLED:
            self.add_error(
                "status",
                _("Cancel a departure in the workspace, so its visitors and waiting list hear."),
            )
        elif fresh["status"] == Slot.Status.CANCELLED and status != Slot.Status.CANCELLED:
            self.add_error("status", _("A cancelled departure cannot be reopened."))
        elif status == Slot.Status.SCHEDULED and hasattr(slot, "event_hold"):
            self.add_error("status", _("An event stop holds this departure."))
        if data.get("start") and data["start"] != fresh["start"] and fresh["booked"]:
            self.add_error(
                "start", _("Move a booked departure in the workspace, so its visitors are told.")
            )
        return data


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    form = SlotAdminForm
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
