"""Where each person's work is: the places a logged-in user may open, for the start page
after log-in and for the site header (docs/paths.md).

One list decides both, so the header never links to a page that would answer 403 and the
log-in never lands on one. A page that needs a role says which (core.roles.requires), and
the log-in checks a `next` address against it before following it."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.roles import REQUIRES_ATTRIBUTE, is_coordinator, is_organiser
from workspace import access

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Destination:
    """One place the user may open: its `key`, the header's short `label`, a sentence on the
    start page, its address (in the active language), and whether the site header links to
    it (the header keeps to the daily work, so it fits a phone)."""

    key: str
    label: str
    description: str
    url: str
    in_header: bool = True


def destinations_for(user: User) -> list[Destination]:
    """The user's places, the most used first: the company workspace (for a coordinator the
    whole cluster's), the events they organise, the admin. Two queries at most (groups,
    memberships); none for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    places = []
    if is_coordinator(user):
        places.append(
            Destination(
                "workspace",
                _("Cluster overview"),
                _("Every member company's departures, bookings and visitors."),
                reverse("workspace:dashboard"),
            )
        )
        places.append(
            Destination(
                "figures",
                _("The cluster's figures"),
                _("Visitors, arrivals and no-shows across the member companies, by period."),
                reverse("workspace:figures"),
                in_header=False,
            )
        )
    elif access.has_workspace(user):
        places.append(
            Destination(
                "workspace",
                _("Workspace"),
                _("Your company's departures, bookings and visitors."),
                reverse("workspace:dashboard"),
            )
        )
    if is_organiser(user):
        places.append(
            Destination(
                "events",
                _("Your events"),
                _("Plan events, their stops at the member companies, and registrations."),
                reverse("events:organiser_list"),
            )
        )
    if user.is_staff:
        places.append(
            Destination(
                "admin",
                _("Administration"),
                _("Companies, users and roles, e-mails sent."),
                reverse("admin:index"),
                in_header=False,
            )
        )
    return places


def start_url(user: User) -> str:
    """Where the log-in leads: the one place of a user with one, else the start page (a
    choice for several, an explanation for none)."""
    places = [d for d in destinations_for(user) if d.in_header]
    if len(places) == 1:
        return places[0].url
    return reverse("account_start")


def may_open(user: User, url: str) -> bool:
    """Whether `url` (a local address) leads to a page the user may open, as far as the
    view's role mark tells; an unknown address is left to the view (404 or its own answer)."""
    path = urlsplit(url).path
    # Resolved in the address's own language: the log-in page may be in another one.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return True
    check = getattr(match.func, REQUIRES_ATTRIBUTE, None)
    return check is None or check(user)
