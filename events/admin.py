from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from events.models import Event, Registration, Stop


class StopInline(admin.TabularInline):
    """Read-only: stops reserve slots, so they change only through the organiser's editor
    (events.services.programme_save)."""

    model = Stop
    extra = 0
    can_delete = False
    fields = ["company", "start", "end", "host_state", "sequence", "removed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "status", "registered", "capacity", "registration_deadline"]
    list_filter = ["status"]
    search_fields = ["title_da", "title_en", "title_de", "slug"]
    # Capacity, status and stops change through the services (the organiser's pages): they
    # hold locks and slots. An event is cancelled, never deleted, so its slots are released.
    readonly_fields = ["capacity", "registered", "status", "cancelled_at", "created", "updated"]
    inlines = [StopInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations change only through events.registrations (the event's places)."""

    list_display = ["name", "event", "party_size", "status", "created"]
    list_filter = ["status", "event"]
    list_select_related = ["event"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = [
        "event",
        "name",
        "email",
        "organisation",
        "party_size",
        "language",
        "status",
        "created",
        "confirmed_at",
        "cancelled_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
