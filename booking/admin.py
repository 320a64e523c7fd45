from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from booking import reservations, retention, services, slot_services, waitlist
from booking.models import Booking, SlotHold, WaitlistEntry
from core import forms as core_forms
from core.errors import DomainError
from notify import kinds
from notify.admin import about_link
from notify.models import OutboundMail, about
from tours.models import Slot


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings are made and cancelled through the booking service, never edited directly:
    the slot's places must stay in step with them."""

    list_display = [
        "display_reference",
        "name",
        "party_size",
        "slot",
        "status",
        "channel",
        "created",
    ]
    list_filter = ["status", "channel", "source", "slot__tour__company"]
    list_select_related = ["slot", "slot__tour", "slot__tour__company"]
    search_fields = ["reference", "name", "email", "organisation"]
    readonly_fields = [
        "slot",
        "reference",
        "party_size",
        "status",
        "source",
        "channel",
        "origin",
        "reseller_reference",
        "hold_expires_at",
        "uid",
        "sequence",
        "created",
        "updated",
        "confirmed_at",
        "cancelled_at",
        "reminder_sent_at",
        "mails",
    ]
    fields = [
        "slot",
        "reference",
        "status",
        "party_size",
        "name",
        "email",
        "phone",
        "organisation",
        "language",
        "note",
        "source",
        "channel",
        "origin",
        "reseller_reference",
        "hold_expires_at",
        "uid",
        "sequence",
        "created",
        "updated",
        "confirmed_at",
        "cancelled_at",
        "reminder_sent_at",
        "mails",
    ]
    actions = ["cancel_bookings"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A booking that holds places for a visit to come is cancelled first (the action
        # above): deleting it would free its places behind the waiting list's back.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or retention.booking_can_delete(obj))

    def delete_model(self, request, obj: Booking) -> None:
        retention.booking_delete(booking=obj)

    def delete_queryset(self, request, queryset) -> None:
        for booking in queryset.select_related("slot"):
            if retention.booking_can_delete(booking):
                retention.booking_delete(booking=booking)
            else:
                self.message_user(
                    request,
                    _("%(booking)s holds places for a visit to come: cancel it first.")
                    % {"booking": booking},
                    messages.WARNING,
                )

    @admin.display(description=_("e-mails"))
    def mails(self, booking: Booking) -> str:
        """The mails this booking caused, so staff can see at a glance that the visitor got
        them (each links to its page in the outbox, where it can be sent again)."""
        rows = OutboundMail.objects.filter(about=about(booking)).order_by("created", "pk")
        return format_html_join(
            "\n",
            '<div><a href="{}">{}</a> · {} · {} · {}</div>',
            (
                (
                    reverse("admin:notify_outboundmail_change", args=[mail.pk]),
                    kinds.label(mail.kind),
                    mail.recipient,
                    mail.get_state_display(),
                    f"{mail.created:%Y-%m-%d %H:%M}",
                )
                for mail in rows
            ),
        ) or format_html("{}", "—")

    @admin.action(description=_("Cancel the selected bookings (the visitors are told)"))
    def cancel_bookings(self, request, queryset) -> None:
        done = 0
        for booking in queryset:
            try:
                if booking.is_held:  # a reseller's hold: release its places, mail nobody
                    reservations.booking_hold_cancel(booking=booking)
                else:
                    services.booking_cancel(booking=booking)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{booking}: {error.text}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d booking cancelled.", "%(count)d bookings cancelled.", done)
            % {"count": done},
        )


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    """The waiting lists, read-only: entries move only through booking.waitlist, because an
    offer holds places in the slot's count."""

    list_display = ["name", "party_size", "slot", "status", "offered_until", "created"]
    list_filter = ["status", "slot__tour__company"]
    list_select_related = ["slot", "slot__tour", "slot__tour__company"]
    search_fields = ["name", "email", "organisation"]
    fields = [
        "slot",
        "status",
        "party_size",
        "name",
        "email",
        "phone",
        "organisation",
        "language",
        "note",
        "offered_until",
        "booking",
        "created",
        "updated",
    ]
    readonly_fields = fields
    actions = ["offer_free_places"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Offer free places on these slots to their waiting lists now"))
    def offer_free_places(self, request, queryset) -> None:
        offered = 0
        for slot_id in set(queryset.values_list("slot_id", flat=True)):
            offered += len(waitlist.waitlist_offer_next(slot_id=slot_id))
        self.message_user(
            request,
            ngettext("%(count)d offer sent.", "%(count)d offers sent.", offered)
            % {"count": offered},
        )


class CapacityForm(forms.Form):
    capacity = core_forms.IntegerField(label=_("New capacity"), min_value=1, max_value=100_000)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    """Departures, read-only here: places and status change only through the slot services,
    under the same locks and rules as the workspace and the API. Capacity, closing and
    reopening are actions; opening, moving and cancelling a departure (which tell visitors
    and the waiting list) are done in the workspace."""

    list_display = ["tour", "start", "end", "capacity", "booked", "status"]
    list_filter = ["status", "tour__company", "tour__kind"]
    list_select_related = ["tour", "tour__company"]
    date_hierarchy = "start"
    search_fields = ["tour__title", "tour__company__name"]
    readonly_fields = ["tour", "start", "end", "capacity", "booked", "status", "created"]
    actions = ["change_capacity", "close_slots", "reopen_slots"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _each(self, request, queryset, service, done_message) -> None:
        """Runs the service on each slot; a refusal is reported with the slot, the rest go on."""
        done = 0
        for slot in queryset:
            try:
                service(slot)
            except DomainError as error:
                self.message_user(request, f"{slot}: {error.text}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, done_message(done))

    @admin.action(description=_("Change the capacity of the selected departures…"))
    def change_capacity(self, request, queryset):
        """Asks for the new capacity (an intermediate page), then sets it on each slot through
        slot_set_capacity: never below the places booked or held; new room goes to the
        waiting list first."""
        form = CapacityForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            capacity = form.cleaned_data["capacity"]
            self._each(
                request,
                queryset,
                lambda slot: slot_services.slot_set_capacity(slot_id=slot.pk, capacity=capacity),
                lambda n: (
                    ngettext(
                        "Capacity changed on %(count)d departure.",
                        "Capacity changed on %(count)d departures.",
                        n,
                    )
                    % {"count": n}
                ),
            )
            return None
        return TemplateResponse(
            request,
            "admin/booking/slot_change_capacity.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Change the capacity"),
                "form": form,
                "slots": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Close the selected departures to new bookings"))
    def close_slots(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            lambda slot: slot_services.slot_close(slot_id=slot.pk),
            lambda n: (
                ngettext("%(count)d departure closed.", "%(count)d departures closed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reopen the selected departures (the waiting list comes first)"))
    def reopen_slots(self, request, queryset) -> None:
        self._each(
            request,
            queryset,
            lambda slot: slot_services.slot_reopen(slot_id=slot.pk),
            lambda n: (
                ngettext("%(count)d departure reopened.", "%(count)d departures reopened.", n)
                % {"count": n}
            ),
        )


@admin.register(SlotHold)
class SlotHoldAdmin(admin.ModelAdmin):
    """Which slots are held closed, and by whom; read-only: holds change only through their
    holder's services (an event stop is declined, moved or removed, or its event cancelled)."""

    list_display = ["slot", "holder_link", "created"]
    list_select_related = ["slot__tour"]
    search_fields = ["holder", "slot__tour__title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("held by"), ordering="holder")
    def holder_link(self, hold: SlotHold) -> str:
        return about_link(hold.holder)
