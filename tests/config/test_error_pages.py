"""The project's own 400, 403, 404 and 500 pages: styled like the site, in the visitor's
language, with a way on; the 500 page renders with the database unreachable (issue 12, 2)."""

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories

LANGS = ("da", "en", "de")


def _t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def _url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


def _assert_site_page(body: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in body
    assert "css/site.css" in body  # styled like every other page
    assert 'data-testid="ways"' in body
    assert f'href="{_url("catalogue:home", lang)}"' in body


@pytest.fixture
def production(settings):
    settings.DEBUG = False  # Django shows its technical pages with DEBUG


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_404_is_ours_translated_with_the_way_home(client, production, lang):
    response = client.get(f"/{lang}/no-such-page/" if lang != "da" else "/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    _assert_site_page(body, lang)
    assert _t(lang, "We cannot find that page") in body
    assert f'href="{_url("booking:lost_link", lang)}"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_403_names_the_account_and_leads_to_its_start_page(client, production, lang):
    client.force_login(factories.UserFactory(username="nobody@example.dk"))
    with translation.override(lang):
        response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 403
    body = response.content.decode()
    _assert_site_page(body, lang)
    assert _t(lang, "This page is not open to you") in body
    assert "nobody@example.dk" in body
    assert f'href="{_url("account_start", lang)}"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_a_form_refused_for_csrf_explains_itself(production, lang):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url("booking:lost_link", lang), {"email": "a@example.com"})
    assert response.status_code == 403
    body = response.content.decode()
    _assert_site_page(body, lang)
    assert _t(lang, "The form has expired") in body


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_400_is_ours_and_translated(client, production, lang):
    home = _url("catalogue:home", lang)
    response = client.get(home, HTTP_HOST="not-an-allowed-host.example")
    assert response.status_code == 400
    body = response.content.decode()
    _assert_site_page(body, lang)
    assert _t(lang, "We could not understand that request") in body


@pytest.fixture
def database_down(settings, monkeypatch, django_db_blocker):
    """The default database made unreachable for real: its connection closed and pointed at
    a port where nothing answers, so the next query fails to connect. (PostgreSQL only: the
    SQLite test database lives in memory, and closing it would lose it.)"""
    connection = connections["default"]
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", "9")  # discard: refused
        yield connection
        connection.close()


@pytest.mark.postgres
@pytest.mark.parametrize("lang", LANGS)
def test_500_renders_with_the_database_unreachable(production, database_down, lang):
    # The front page needs the database; with none, it fails, and the 500 page must not.
    client = Client(raise_request_exception=False)
    response = client.get(_url("catalogue:home", lang))
    assert response.status_code == 500
    body = response.content.decode()
    _assert_site_page(body, lang)
    assert _t(lang, "Something went wrong on our side") in body
    # The database really was down: the same query fails.
    from django.db import OperationalError

    with pytest.raises(OperationalError):
        database_down.ensure_connection()


def test_500_falls_back_to_plain_html_when_its_template_fails(production, settings, rf):
    # A template directory without the page stands for any fault in rendering it.
    from config.views import server_error

    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False, "OPTIONS": {}},
    ]
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
