"""The workspace's "API token" page: make, replace and revoke one's own staff API key. Only
its keyed digest is kept (issue 13, finding 9): the key is shown once, when made."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories
from workspace.models import ApiKey

URL = "/workspace/api-token/"


def _works(key: str) -> bool:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/staff/tours/").status_code == 200


def _shown(response) -> str:
    html = response.content.decode()
    return html.split('id="api-token" type="text" readonly value="')[1].split('"')[0]


def test_make_replace_and_revoke_a_token(client, world):
    assert reverse("workspace:api_token") == URL
    client.force_login(world.staff_a)
    page = client.get(URL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert not ApiKey.objects.filter(user=world.staff_a).exists()

    made = client.post(URL, {"action": "regenerate"})
    assert "no-store" in made["Cache-Control"]
    first = _shown(made)
    assert _works(first)
    again = client.get(URL).content.decode()
    assert first not in again  # shown once
    assert first[:6] in again  # the hint says which key it is

    second = _shown(client.post(URL, {"action": "regenerate"}))
    assert second != first
    assert (_works(first), _works(second)) == (False, True)

    client.post(URL, {"action": "revoke"})
    assert not ApiKey.objects.filter(user=world.staff_a).exists()
    assert not _works(second)


def test_the_database_holds_only_the_keys_digest(client, world):
    client.force_login(world.staff_a)
    key = _shown(client.post(URL, {"action": "regenerate"}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM workspace_apikey")
        stored = json.dumps([str(v) for row in cursor.fetchall() for v in row])
    assert key not in stored
    assert ApiKey.objects.get(user=world.staff_a).digest == ApiKey.digest_of(key)


def test_page_shows_only_ones_own_token(client, world):
    api_key, key = ApiKey.make(user=world.staff_b)
    api_key.save()
    client.force_login(world.staff_a)
    html = client.get(URL).content.decode()
    assert key not in html and api_key.hint not in html


@pytest.mark.django_db
def test_page_needs_a_workspace(client):
    assert client.get(URL).status_code == 302  # anonymous: to the log-in page
    user = factories.UserFactory()
    client.force_login(user)
    assert client.post(URL, {"action": "regenerate"}).status_code == 403
    assert not ApiKey.objects.filter(user=user).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_keys_made_before_keep_working_and_leave_no_clear_copy():
    """Migration workspace 0003 turns each clear DRF token into a digest."""
    from importlib import import_module

    from django.db.migrations.executor import MigrationExecutor

    user = factories.MembershipFactory().user
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created timestamp with time zone)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, now())", ["k" * 40, user.pk])
    try:
        migration = import_module("workspace.migrations.0003_api_keys_hashed")
        state = MigrationExecutor(connection).loader.project_state(
            ("workspace", "0003_api_keys_hashed")
        )
        with connection.schema_editor() as editor:
            migration.keys_from_authtoken(state.apps, editor)
        assert _works("k" * 40)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
