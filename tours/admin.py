from django.contrib import admin

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
