"""The first visit follows the browser's language; the choice, once made, is remembered and
wins over the browser; the language buttons keep the visitor on the same page (issue 12, 6)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db
PAGE = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser sends


def _url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("header", "lang"), [("de", "de"), ("de-DE,de;q=0.9,en;q=0.8", "de"), ("en-GB,en", "en")]
)
def test_a_first_visit_follows_the_browsers_language(client, header, lang):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header, **PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/"
    assert "Accept-Language" in response["Vary"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("header", ["da", "da-DK,da;q=0.9,en;q=0.5", "fr-FR,fr", ""])
def test_danish_or_a_language_we_do_not_have_stays_on_the_danish_page(client, header):
    # Control: the same request with Danish (or French, or nothing) is the Danish page.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header, **PAGE)
    assert response.status_code == 200
    assert 'lang="da"' in response.content.decode()


def test_the_redirect_keeps_the_page_and_its_query(client):
    slot = factories.SlotFactory()
    path = _url("catalogue:tour", "da", pk=slot.tour.pk) + "?date=2026-12-04"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de", **PAGE)
    assert response["Location"] == "/de" + path


def test_a_prefixed_link_keeps_its_language_whatever_the_browser_says(client):
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="de", **PAGE)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/v1/companies/", {"HTTP_ACCEPT": "application/json"}),  # the API answers by header
        ("/calendar.ics", {"HTTP_ACCEPT": "text/calendar"}),  # calendar programs
        ("/admin/login/", PAGE),  # not a page under the prefixes
        ("/healthz", PAGE),
    ],
)
def test_only_page_navigations_are_redirected(client, path, headers):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de", **headers)
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith("/de/")


def test_choosing_danish_is_remembered_and_wins_over_the_browser(client):
    tour = factories.TourFactory()
    page = _url("catalogue:tour", "de", pk=tour.pk)
    response = client.post(
        reverse("set_language"), {"language": "da", "next": page}, HTTP_ACCEPT_LANGUAGE="de"
    )
    # The same page, in Danish, and the choice in the language cookie.
    assert response["Location"] == _url("catalogue:tour", "da", pk=tour.pk)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"
    again = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de", **PAGE)
    assert again.status_code == 200
    assert 'lang="da"' in again.content.decode()


def test_choosing_german_is_remembered_for_danish_links(client):
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    # A Danish link (from a friend, a search engine) opens in the chosen language.
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="da", **PAGE)
    assert response["Location"] == "/de/events/"


def test_the_language_buttons_keep_the_page_and_its_query(client):
    slot = factories.SlotFactory()
    path = _url("booking:book", "da", slot_id=slot.pk) + "?people=3"
    response = client.get(path)
    body = response.content.decode()
    assert f'name="next" type="hidden" value="{path}"' in body
    for code in ("da", "en", "de"):
        assert f'name="language" value="{code}"' in body
    assert "onchange" not in body and "<select" not in body.split("</nav>")[0]
    moved = client.post(reverse("set_language"), {"language": "en", "next": path})
    assert moved["Location"] == f"/en/book/{slot.pk}/?people=3"
