from django.contrib import admin

from workspace.forms import RateLimitedAdminLoginForm
from workspace.models import Membership, Profile, SchedulePattern

# The admin's log-in under the same limits as the workspace's (core.ratelimit, `login`).
admin.site.login_form = RateLimitedAdminLoginForm


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "created"]
    list_filter = ["role", "company"]
    list_select_related = ["user", "company"]
    search_fields = ["user__email", "user__username", "company__name"]
    autocomplete_fields = ["user"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "dashboard_seen_at"]
    search_fields = ["user__email", "user__username"]
    readonly_fields = ["dashboard_seen_at"]


@admin.register(SchedulePattern)
class SchedulePatternAdmin(admin.ModelAdmin):
    """Read-only here: changing a pattern must go through the workspace, which asks before
    touching booked departures."""

    list_display = ["tour", "first_day", "last_day", "capacity", "updated"]
    list_select_related = ["tour", "tour__company"]
    readonly_fields = [f.name for f in SchedulePattern._meta.fields] + ["slots"]

    def has_add_permission(self, request) -> bool:
        return False
