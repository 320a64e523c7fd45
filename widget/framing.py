"""Who may frame the widget, and how its pages say so.

Every other page of the site is `frame-ancestors 'none'` (and X-Frame-Options DENY). A
widget page replaces that, for itself only, with `frame-ancestors <the company's origins>`
through the CSP middleware's per-response override (`response._csp_config`, what
django.views.decorators.csp.csp_override sets), and drops X-Frame-Options, which cannot
name origins. The browser enforces it: on a site not in the list the frame stays empty.

The embedding page's origin is also recorded on a booking made in the widget. It comes
from the snippet's `origin` parameter (the embedding page's `location.origin`) or, for the
plain <iframe> fallback, from the Referer's origin; either is kept only when it is in the
list, so a booking is never marked with an origin the company did not allow.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP

from core.origins import origin_of, origins_parse
from tours.models import Company


def cluster_origins() -> list[str]:
    """The websites that may embed the whole cluster's widget (WIDGET_CLUSTER_ORIGINS)."""
    return origins_parse(getattr(settings, "WIDGET_CLUSTER_ORIGINS", ""))


def allowed_origins(company: Company | None) -> list[str]:
    return company.widget_origin_list if company is not None else cluster_origins()


def embedding_origin(request: HttpRequest, allowed: list[str]) -> str:
    """The allowed origin this request says embeds it, or ""."""
    for candidate in (request.GET.get("origin", ""), request.headers.get("Referer", "")):
        origin = origin_of(candidate)
        if origin and origin in allowed:
            return origin
    return ""


def frame_for(response: HttpResponse, allowed: list[str]) -> HttpResponse:
    """Lets exactly `allowed` frame this response (none when the list is empty)."""
    config = dict(settings.SECURE_CSP)
    config["frame-ancestors"] = list(allowed) or [CSP.NONE]
    response._csp_config = config
    response.xframe_options_exempt = True
    return response
