from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notify import kinds, outbox
from notify.models import OutboundMail


class KindFilter(admin.SimpleListFilter):
    """The kinds the apps registered, by their labels (the field itself has no choices)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.all_kinds()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


def about_link(key: str) -> str:
    """The row an `about` key names ("booking.booking:42"), as "booking 42" in the reader's
    language, linked to its admin page; no query."""
    label, _sep, pk = key.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return key or "—"
    text = f"{model._meta.verbose_name} {pk}"
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return text
    return format_html('<a href="{}">{}</a>', url, text)


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    """The mail outbox: what was sent, what waits for the mail server, and why a mail failed.
    Mails are written by the services and sent by the worker; staff can only send a failed
    or stuck one again."""

    list_display = [
        "created",
        "kind_label",
        "recipient",
        "about_row",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", KindFilter]
    search_fields = ["recipient", "about"]
    date_hierarchy = "created"
    readonly_fields = [
        "kind_label",
        "about_row",
        "context",
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
    exclude = ["kind", "about"]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, mail: OutboundMail) -> str:
        return kinds.label(mail.kind)

    @admin.display(description=_("about"), ordering="about")
    def about_row(self, mail: OutboundMail) -> str:
        """What the mail is about, linked to its admin page, without a query per row."""
        return about_link(mail.about)

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
