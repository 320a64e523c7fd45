"""The workspace's "API token" page: staff see, create, replace or revoke the personal token
their own tools use for the staff API (docs/api.md)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from workspace import services as ws_services
from workspace.views import workspace_view


@workspace_view
@never_cache  # the page shows a credential: no copy in any cache
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            ws_services.api_token_revoke(user=request.user)
            messages.success(request, _("The API token is revoked; tools using it are refused."))
        else:
            ws_services.api_token_regenerate(user=request.user)
            messages.success(
                request, _("A new API token was made; the previous one no longer works.")
            )
        return redirect("workspace:api_token")
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "workspace/api_token.html",
        {"token": token, "api_base": request.build_absolute_uri("/api/v1/staff/")},
    )
