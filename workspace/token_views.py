"""The workspace's "API token" page: staff make, replace or revoke the personal key their own
tools use for the staff API (docs/api.md). Only the key's digest is kept, so a new key is
shown once, in the answer to the request that made it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from workspace import services as ws_services
from workspace.models import ApiKey
from workspace.views import workspace_view


@workspace_view
@never_cache  # the page may show a credential: no copy in any cache
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            ws_services.api_token_revoke(user=request.user)
            messages.success(request, _("The API token is revoked; tools using it are refused."))
            return redirect("workspace:api_token")
        # Answered with the page itself, not a redirect: the key exists only in this answer.
        new_key = ws_services.api_token_regenerate(user=request.user)
    return render(
        request,
        "workspace/api_token.html",
        {
            "api_key": ApiKey.objects.filter(user=request.user).first(),
            "new_key": new_key,
            "api_base": request.build_absolute_uri("/api/v1/staff/"),
        },
    )
