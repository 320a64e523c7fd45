"""The workspace's "API token" page: make, replace and revoke one's own staff API token."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

URL = "/workspace/api-token/"


def _works(key: str) -> bool:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/staff/tours/").status_code == 200


def test_make_replace_and_revoke_a_token(client, world):
    assert reverse("workspace:api_token") == URL
    client.force_login(world.staff_a)
    page = client.get(URL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert not Token.objects.filter(user=world.staff_a).exists()

    client.post(URL, {"action": "regenerate"})
    first = Token.objects.get(user=world.staff_a).key
    assert first in client.get(URL).content.decode()
    assert _works(first)

    client.post(URL, {"action": "regenerate"})
    second = Token.objects.get(user=world.staff_a).key
    assert second != first
    assert (_works(first), _works(second)) == (False, True)

    client.post(URL, {"action": "revoke"})
    assert not Token.objects.filter(user=world.staff_a).exists()
    assert not _works(second)


def test_page_shows_only_ones_own_token(client, world):
    other = Token.objects.create(user=world.staff_b)
    client.force_login(world.staff_a)
    assert other.key not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_page_needs_a_workspace(client):
    assert client.get(URL).status_code == 302  # anonymous: to the log-in page
    user = factories.UserFactory()
    client.force_login(user)
    assert client.post(URL, {"action": "regenerate"}).status_code == 403
    assert not Token.objects.filter(user=user).exists()
