"""The coordinator's page for one person's data: find by e-mail address, export, erase."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.roles import is_coordinator
from workspace import personal_data
from workspace.views import workspace_view


@workspace_view
@never_cache  # the page shows a person's data
@require_http_methods(["GET", "POST"])
def personal_data_page(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied
    if request.method == "POST":
        email = request.POST.get("email", "")
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            done = personal_data.personal_data_erase(email=email)
            messages.success(
                request,
                _("Erased: %(bookings)d bookings, %(entries)d waiting-list entries, "
                  "%(registrations)d event registrations.")
                % {"bookings": done["bookings"], "entries": done["waitlist_entries"],
                   "registrations": done["registrations"]},
            )  # fmt: skip
        return redirect(f"{request.path}?email={email}")
    email = request.GET.get("email", "").strip()[:254]
    rows = personal_data.personal_data_find(email=email) if email else []
    export = request.GET.get("format")
    if email and export == "json":
        response = HttpResponse(
            json.dumps({"email": email, "rows": rows}, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response
    if email and export == "csv":
        response = HttpResponse(
            personal_data.personal_data_csv(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.csv"'
        return response
    return render(request, "workspace/personal_data.html", {"email": email, "rows": rows})
