"""Each role's log-in lands on a page of its own, never a 403, in every language; the header
links only to what the person may open (issue 12, point 2)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from core.roles import ORGANISERS_GROUP
from tests import factories
from workspace.models import Membership

pytestmark = pytest.mark.django_db
LANGS = ("da", "en", "de")
PASSWORD = "demo-password-123"
# The pages' texts, looked up in the catalogue (held in names, so makemessages skips them).
CLUSTER_OVERVIEW = "Cluster overview"
NO_ROLE = (
    "Your account is not linked to a member company or to a role yet, so there is nothing "
    "to manage here."
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def _url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _log_in(client, email: str, lang: str, next_url: str | None = None):
    """Logs in through the form, follows every redirect, and returns the last response."""
    login = _url("login", lang) + (f"?next={next_url}" if next_url else "")
    response = client.post(login, {"username": email, "password": PASSWORD}, follow=True)
    assert all(status in (301, 302) for _url, status in response.redirect_chain)
    return response


def _organiser(username: str):
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=ORGANISERS_GROUP)[0])
    return user


# The header's links for everyone (the visitor's day plan), beside the role pages.
PUBLIC_PLACES = {"dayplan"}


def _header_places(response) -> list[str]:
    """The role pages the header links to."""
    found = re.findall(r'data-nav="([a-z]+)"', response.content.decode())
    assert set(found) >= PUBLIC_PLACES  # the public links are there for every role
    return [place for place in found if place not in PUBLIC_PLACES]


@pytest.mark.parametrize("lang", LANGS)
def test_company_staff_land_on_their_dashboard(client, lang):
    user = factories.MembershipFactory(user__username="staff@gaard.dk").user
    response = _log_in(client, user.email, lang)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("workspace:dashboard", lang)
    assert _header_places(response) == ["workspace"]


@pytest.mark.parametrize("lang", LANGS)
def test_company_owner_lands_on_the_dashboard(client, lang):
    user = factories.MembershipFactory(
        user__username="ejer@gaard.dk", role=Membership.Role.OWNER
    ).user
    response = _log_in(client, user.email, lang)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("workspace:dashboard", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_an_organiser_lands_on_their_events_not_a_403(client, lang):
    user = _organiser("arrangoer@klynge.dk")
    response = _log_in(client, user.email, lang)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("events:organiser_list", lang)
    # The header offers only what an organiser may open: no workspace link.
    assert _header_places(response) == ["events"]
    assert f'href="{_url("workspace:dashboard", lang)}"' not in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_a_coordinator_lands_on_the_start_page_with_the_cluster_overview(client, lang):
    user = factories.coordinator(username="koordinator@klynge.dk")
    response = _log_in(client, user.email, lang)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("account_start", lang)
    places = [place.key for place in response.context["places"]]
    assert places == ["workspace", "figures", "events"]
    for place in response.context["places"]:
        assert client.get(place.url).status_code == 200
    assert _t(lang, CLUSTER_OVERVIEW) in response.content.decode()
    assert _header_places(response) == ["workspace", "events"]


@pytest.mark.parametrize("lang", LANGS)
def test_staff_who_also_organise_choose_on_the_start_page(client, lang):
    membership = factories.MembershipFactory(user__username="both@gaard.dk")
    membership.user.groups.add(Group.objects.get_or_create(name=ORGANISERS_GROUP)[0])
    response = _log_in(client, membership.user.email, lang)
    assert response.request["PATH_INFO"] == _url("account_start", lang)
    hrefs = re.findall(r'<a class="stretched-link" href="([^"]+)"', response.content.decode())
    assert hrefs == [_url("workspace:dashboard", lang), _url("events:organiser_list", lang)]
    for href in hrefs:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("lang", LANGS)
def test_an_account_without_any_role_gets_an_explanation_not_a_403(client, lang):
    user = factories.UserFactory(username="nobody@example.dk")
    response = _log_in(client, user.email, lang)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("account_start", lang)
    assert response.context["places"] == []
    assert _header_places(response) == []
    assert _t(lang, NO_ROLE) in response.content.decode()


def test_a_next_address_the_user_may_not_open_is_not_followed(client):
    # Old bookmarks and shared workspace links send people to log in with ?next=/workspace/.
    user = _organiser("arrangoer@klynge.dk")
    response = _log_in(client, user.email, "de", next_url=_url("workspace:dashboard", "de"))
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("events:organiser_list", "de")


def test_a_next_address_in_another_language_than_the_log_in_is_checked_too(client):
    user = _organiser("arrangoer@klynge.dk")
    response = _log_in(client, user.email, "en", next_url=_url("workspace:dashboard", "da"))
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == _url("events:organiser_list", "en")


def test_a_next_address_the_user_may_open_is_followed(client):
    # Control: the same mechanism does follow a permitted next address.
    user = factories.MembershipFactory(user__username="staff@gaard.dk").user
    tours = _url("workspace:tours", "en")
    response = _log_in(client, user.email, "en", next_url=tours)
    assert response.request["PATH_INFO"] == tours


def test_the_anonymous_header_offers_log_in_and_no_role_pages(client):
    response = client.get(_url("catalogue:home", "de"))
    body = response.content.decode()
    assert f'href="{_url("login", "de")}"' in body
    assert _header_places(response) == []
