"""The booking widget's page in the workspace: the websites allowed to embed it, and the
snippet to paste there (docs/widget.md). Owners edit a company's list; coordinators also
see the cluster-wide snippet."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.origins import origins_parse
from core.roles import is_coordinator
from tours.models import Company
from workspace import access
from workspace.views import workspace_view


class WidgetOriginsForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["widget_origins"]
        widgets = {"widget_origins": forms.Textarea(attrs={"rows": 4})}
        labels = {"widget_origins": gettext_lazy("Websites that may show the booking widget")}

    def clean_widget_origins(self) -> str:
        return "\n".join(origins_parse(self.cleaned_data["widget_origins"]))


def snippet(*, company: str = "", tour: int | None = None, title: str = "") -> str:
    """What the company pastes: the script, and a plain iframe for pages without scripts."""
    site = settings.SITE_URL
    attrs = format_html(' data-company="{}"', company) if company else ""
    if tour:
        attrs += format_html(' data-tour="{}"', tour)
    if title:  # the frame's accessible name on the company's page
        attrs += format_html(' data-title="{}"', title)
    path = reverse("widget:company", args=[company]) if company else reverse("widget:cluster")
    query = f"?tour={tour}" if tour else ""
    return (
        f'<script src="{site}{static("js/widget.js")}"{attrs} async></script>\n'
        + format_html(
            '<noscript><iframe src="{}{}{}" title="{}" ', site, path, query, title or "Klyngebesøg"
        )
        + 'style="width:100%;max-width:40rem;height:40rem;border:0"></iframe></noscript>'
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def company_widget(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(access.companies_for(request.user), slug=slug)
    if not access.companies_owned_by(request.user).filter(pk=company.pk).exists():
        raise PermissionDenied
    form = WidgetOriginsForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The websites were saved."))
        return redirect(reverse("workspace:company_widget", args=[company.slug]))
    tours = company.tours.filter(published=True).order_by("title")
    context = {
        "company": company,
        "form": form,
        "snippet": snippet(company=company.slug, title=company.name),
        "tour_snippets": [
            (t, snippet(company=company.slug, tour=t.pk, title=t.title)) for t in tours
        ],
        "cluster_snippet": snippet() if is_coordinator(request.user) else None,
    }
    return render(
        request,
        "workspace/company_widget.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
