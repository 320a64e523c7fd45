from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from booking import errors, services
from booking.models import Booking


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
