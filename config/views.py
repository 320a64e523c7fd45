import logging

from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# What is left when even 500.html cannot be rendered (a template or static-file fault):
# plain HTML in both the visitor's language and English, with the way home.
_LAST_RESORT = """<!doctype html><html lang="{lang}"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klyngebesøg</title><main>
<h1>Klyngebesøg</h1><p>Der skete en fejl hos os. Prøv igen om lidt.</p>
<p lang="en">Something went wrong on our side. Please try again in a few minutes.</p>
<p lang="de">Bei uns ist ein Fehler aufgetreten.
Bitte versuchen Sie es in ein paar Minuten erneut.</p>
<p><a href="/">Klyngebesøg</a></p></main></html>"""


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin, the API
    docs, a PDF): our icon, not a 404 in every log. A temporary redirect, since the target's
    hashed name changes when the icon does."""
    return HttpResponseRedirect(static("img/favicon.ico"))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page, in the visitor's language (still active here), rendered without the
    request: no context processor runs, so nothing queries the database, which may be the
    very thing that failed. If even that fails, a last-resort page in plain HTML."""
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the error page must not fail in its turn
        logger.exception("500.html could not be rendered")
        body = _LAST_RESORT.format(lang=get_language() or "da")
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by CSRF protection (expired session, cookies blocked, sent from
    elsewhere): what happened and what to do, in the visitor's language (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)
