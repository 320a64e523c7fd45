"""What the site header needs about the person looking at it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workspace.start import destinations_for


def navigation(request: HttpRequest) -> dict:
    """`nav_places`: the places the user may open (workspace.start), for the header's links.
    Lazy, so a page that does not show them (or an anonymous visitor's) queries nothing.
    The 500 page is rendered without context processors (config.views.server_error)."""
    user = getattr(request, "user", None)
    return {"nav_places": SimpleLazyObject(lambda: destinations_for(user))}
