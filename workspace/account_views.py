"""The log-in and the start page after it: each role lands where its work is (workspace.start)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workspace.forms import EmailAuthenticationForm
from workspace.start import destinations_for, may_open, start_url


class LoginView(auth_views.LoginView):
    """Django's log-in by e-mail. After it, a `next` address is followed only when the user
    may open it (an organiser sent to log in by a workspace link would meet a 403 there);
    otherwise the user's own start (workspace.start.start_url)."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = self.get_redirect_url()  # "" unless `next` is safe (same host)
        if url and may_open(self.request.user, url):
            return url
        return start_url(self.request.user)


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The places this user may open, with a sentence each; for an account with no role yet,
    what to do about it (never a 403)."""
    return render(request, "workspace/start.html", {"places": destinations_for(request.user)})
