"""The coordinator's webhook endpoints in the workspace (docs/webhooks.md): add one (its
secret shown once), rotate its secret, switch it off and on, read its delivery log and send
a delivery again. The same services as the admin (notify.webhooks)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.roles import is_coordinator
from notify import webhook_http, webhooks
from notify.models import WebhookDelivery, WebhookEndpoint, WebhookEventType
from tours.models import Company
from workspace.views import workspace_view

LOG_LENGTH = 50


class EndpointForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Address (URL)"), max_length=500, assume_scheme="https")
    description = forms.CharField(
        label=gettext_lazy("Who receives it"), max_length=200, required=False
    )
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(WebhookEventType.values),
    )
    companies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Only these companies"),
        queryset=Company.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None ticked: the changes of every member company."),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        problem = webhook_http.url_problem(url)
        if problem:
            raise forms.ValidationError(problem, code="webhook_target")
        return url


def _coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _secret_page(request: HttpRequest, endpoint: WebhookEndpoint, secret: str, overlap=None):
    return render(
        request,
        "workspace/webhook_secret.html",
        {"endpoint": endpoint, "secret": secret, "overlap": overlap},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint, secret = webhooks.endpoint_create(
            url=form.cleaned_data["url"],
            event_types=list(form.cleaned_data["event_types"]),
            description=form.cleaned_data["description"],
            company_ids=sorted(c.pk for c in form.cleaned_data["companies"]),
        )
        return _secret_page(request, endpoint, secret)
    endpoints = list(WebhookEndpoint.objects.order_by("-is_active", "url"))
    names = dict(
        Company.objects.filter(pk__in={i for e in endpoints for i in e.company_ids}).values_list(
            "pk", "name"
        )
    )
    rows = [(e, [names[i] for i in e.company_ids if i in names]) for e in endpoints]
    return render(
        request,
        "workspace/webhook_list.html",
        {"form": form, "rows": rows, "labels": dict(WebhookEventType.choices)},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_http_methods(["GET"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    deliveries = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("message")
        .order_by("-created", "-pk")[:LOG_LENGTH]
    )
    return render(
        request,
        "workspace/webhook_detail.html",
        {"endpoint": endpoint, "deliveries": deliveries, "labels": dict(WebhookEventType.choices)},
    )


@workspace_view
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    now = timezone.now()
    secret = webhooks.endpoint_rotate_secret(endpoint=endpoint, now=now)
    return _secret_page(request, endpoint, secret, overlap=now + webhooks.ROTATION_OVERLAP)


@workspace_view
@require_POST
def webhook_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if endpoint.is_active:
        webhooks.endpoint_disable(endpoint=endpoint, reason=_("Switched off in the workspace"))
        messages.success(request, _("The endpoint is switched off."))
    else:
        webhooks.endpoint_enable(endpoint=endpoint)
        messages.success(request, _("The endpoint is on again."))
    return redirect(reverse("workspace:webhook", args=[endpoint.pk]))


@workspace_view
@require_POST
def webhook_resend(request: HttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if webhooks.delivery_retry_now(delivery=delivery):
        messages.success(request, _("The delivery is queued and will be sent in a moment."))
    else:
        messages.error(
            request, _("Not queued: it is being sent right now, or the endpoint is switched off.")
        )
    return redirect(reverse("workspace:webhook", args=[delivery.endpoint_id]))
