from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from booking import errors, outbox, services, waitlist
from booking.models import Booking, OutboundMail, WaitlistEntry


class OutboundMailInline(admin.TabularInline):
    """The mails this booking caused, so staff can see at a glance that the visitor got them."""

    model = OutboundMail
    fields = ["created", "kind", "recipient", "state", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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
        "source",
        "created",
    ]
    list_filter = ["status", "source", "slot__tour__company"]
    list_select_related = ["slot", "slot__tour", "slot__tour__company"]
    search_fields = ["reference", "name", "email", "organisation"]
    readonly_fields = [
        "slot",
        "reference",
        "party_size",
        "status",
        "source",
        "uid",
        "sequence",
        "created",
        "updated",
        "cancelled_at",
        "reminder_sent_at",
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
        "uid",
        "sequence",
        "created",
        "updated",
        "cancelled_at",
        "reminder_sent_at",
    ]
    actions = ["cancel_bookings"]
    inlines = [OutboundMailInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Cancel the selected bookings (the visitors are told)"))
    def cancel_bookings(self, request, queryset) -> None:
        done = 0
        for booking in queryset:
            try:
                services.booking_cancel(booking=booking)
                done += 1
            except errors.BookingError as error:
                self.message_user(request, f"{booking}: {error.text}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d booking cancelled.", "%(count)d bookings cancelled.", done)
            % {"count": done},
        )


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    """The mail outbox: what was sent, what waits for the mail server, and why a mail failed.
    Mails are written by the booking services and sent by the worker; staff can only send a
    failed or stuck one again."""

    list_display = [
        "created",
        "kind",
        "recipient",
        "about",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["booking"]
    search_fields = ["recipient", "booking__reference"]
    date_hierarchy = "created"
    readonly_fields = [
        "booking",
        "about",
        "context",
        "kind",
        "recipient",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "message_id",
        "created",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("about"))
    def about(self, mail: OutboundMail) -> str:
        """What the mail is about, without a query per row: the booking's reference, or the
        kind of row its context names."""
        if mail.booking_id:
            return _("booking %(reference)s") % {"reference": mail.booking.display_reference}
        labels = {
            "entry_id": _("waiting-list entry %(id)s"),
            "registration_id": _("event registration %(id)s"),
            "stop_id": _("event stop %(id)s"),
        }
        for key, label in labels.items():
            if key in mail.context:
                return label % {"id": mail.context[key]}
        return "—"

    @admin.action(description=_("Send the selected e-mails again now"))
    def send_again(self, request, queryset) -> None:
        queued = sum(outbox.mail_retry_now(mail=mail) for mail in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail queued. Sent or unneeded ones were left alone.",
                "%(count)d e-mails queued. Sent or unneeded ones were left alone.",
                queued,
            )
            % {"count": queued},
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
