from django import forms
from django.apps import apps
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notify import kinds, outbox, webhook_http, webhook_signing, webhooks
from notify.models import (
    OutboundMail,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)


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
        "claimed_by",
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


class WebhookEndpointForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this endpoint receives."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "event_types", "company_ids", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        problem = webhook_http.url_problem(url)
        if problem:
            raise forms.ValidationError(problem, code="webhook_target")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Partners' webhook endpoints. The signing secret is shown once, when an endpoint is
    made or its secret rotated. Endpoints are disabled, never deleted: their delivery log
    stays, and a delivery written a moment before cannot lose its endpoint."""

    form = WebhookEndpointForm
    list_display = ["__str__", "url", "event_list", "is_active", "disabled_reason", "log"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["disabled_reason", "disabled_at", "previous_secret_until", "created"]
    actions = ["rotate_secret", "enable"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("event types"))
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        labels = dict(WebhookEventType.choices)
        return ", ".join(str(labels.get(t, t)) for t in endpoint.event_types)

    @admin.display(description=_("delivery log"))
    def log(self, endpoint: WebhookEndpoint) -> str:
        url = reverse("admin:notify_webhookdelivery_changelist")
        return format_html('<a href="{}?endpoint__id__exact={}">{}</a>', url, endpoint.pk, _("log"))

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_secrets(request, [(obj, webhook_signing.endpoint_secret(obj))])

    def _show_secrets(self, request, secrets, overlap=None) -> TemplateResponse:
        return TemplateResponse(
            request,
            "admin/notify/webhook_secret.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Signing secret"),
                "secrets": secrets,
                "overlap": overlap,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Rotate the signing secret (the old one works 24 more hours)"))
    def rotate_secret(self, request, queryset):
        now = timezone.now()
        secrets = [
            (endpoint, webhooks.endpoint_rotate_secret(endpoint=endpoint, now=now))
            for endpoint in queryset
        ]
        return self._show_secrets(
            request, secrets, overlap=timezone.localtime(now + webhooks.ROTATION_OVERLAP)
        )

    @admin.action(description=_("Enable the selected endpoints again"))
    def enable(self, request, queryset) -> None:
        for endpoint in queryset:
            webhooks.endpoint_enable(endpoint=endpoint)
        self.message_user(request, _("Enabled. Failed deliveries can be sent again from the log."))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every event owed to every endpoint, its attempts and the last
    answer. Staff can send any delivery again (the partner sees the same webhook-id)."""

    list_display = [
        "created",
        "event_type",
        "endpoint",
        "webhook_id",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "message__event_type", "endpoint"]
    list_select_related = ["message", "endpoint"]
    search_fields = ["message__webhook_id"]
    date_hierarchy = "created"
    readonly_fields = [
        "endpoint",
        "event_type",
        "webhook_id",
        "payload",
        "state",
        "attempts",
        "last_attempt_at",
        "last_status",
        "last_error",
        "last_response",
        "next_attempt_at",
        "delivered_at",
        "created",
    ]
    exclude = ["message", "claimed_at"]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("event type"), ordering="message__event_type")
    def event_type(self, delivery: WebhookDelivery) -> str:
        return delivery.message.get_event_type_display()

    @admin.display(description=_("webhook-id"))
    def webhook_id(self, delivery: WebhookDelivery) -> str:
        return delivery.message.webhook_id

    @admin.display(description=_("payload"))
    def payload(self, delivery: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", webhooks.body_bytes(delivery.message).decode())

    @admin.action(description=_("Send the selected deliveries again now"))
    def send_again(self, request, queryset) -> None:
        queued = sum(webhooks.delivery_retry_now(delivery=d) for d in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued. Ones being sent, or to a disabled endpoint, were "
                "left alone.",
                "%(count)d deliveries queued. Ones being sent, or to a disabled endpoint, were "
                "left alone.",
                queued,
            )
            % {"count": queued},
        )
