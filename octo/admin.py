"""Resellers in the admin: the coordinator adds one (its key is shown once, on saving), gives
it a new key or revokes its key with the list's actions. Only a digest is ever stored."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from octo import keys
from octo.models import OctoBooking, Reseller


def _show_key(request, issued: keys.IssuedKey) -> None:
    messages.warning(
        request,
        _(
            "The API key of %(reseller)s is %(key)s. Copy it now and hand it to the reseller: "
            "it is not shown again."
        )
        % {"reseller": issued.reseller.name, "key": issued.key},
    )


@admin.register(Reseller)
class ResellerAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_email", "key_hint", "key_created_at", "revoked_at"]
    search_fields = ["name", "contact_email"]
    readonly_fields = ["key_hint", "key_created_at", "revoked_at", "created"]
    fields = ["name", "contact_email", *readonly_fields]
    actions = ["rotate_key", "revoke_key"]

    def save_model(self, request, obj: Reseller, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            _show_key(request, keys.reseller_key_rotate(reseller=obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke the key instead: its bookings keep their reseller

    @admin.action(description=_("Give the selected resellers a new API key"))
    def rotate_key(self, request, queryset) -> None:
        for reseller in queryset:
            _show_key(request, keys.reseller_key_rotate(reseller=reseller))

    @admin.action(description=_("Revoke the API key of the selected resellers"))
    def revoke_key(self, request, queryset) -> None:
        resellers = list(queryset)
        for reseller in resellers:
            keys.reseller_key_revoke(reseller=reseller)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", len(resellers))
            % {"count": len(resellers)},
            messages.SUCCESS,
        )


@admin.register(OctoBooking)
class OctoBookingAdmin(admin.ModelAdmin):
    list_display = ["uuid", "reseller", "booking", "created"]
    list_filter = ["reseller"]
    list_select_related = ["reseller", "booking"]
    search_fields = ["uuid", "booking__reference", "booking__reseller_reference"]
    readonly_fields = ["reseller", "booking", "uuid", "unit_item_uuids", "cancel_reason", "created"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
