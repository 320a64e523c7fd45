"""Reseller keys made, rotated and revoked by the coordinator in the admin and by an operator
with `manage.py octo_reseller`; the key is shown once and kept only as a digest."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from octo.models import Reseller
from tests.octo.conftest import OctoClient, assert_octo_error

pytestmark = pytest.mark.django_db


def _key_in_messages(response) -> str:
    text = " ".join(str(m) for m in response.context["messages"])
    return next(word for word in text.split() if word.startswith("kbocto_")).rstrip(".")


def test_the_coordinator_adds_a_reseller_and_sees_its_key_once_in_the_admin(client):
    admin = User.objects.create_superuser("koordinator", "k@example.dk", "pw-123456789")
    client.force_login(admin)
    response = client.post(
        "/admin/octo/reseller/add/",
        {"name": "Visit Lolland", "contact_email": "api@visitlolland.example"},
        follow=True,
    )
    assert response.status_code == 200
    key = _key_in_messages(response)
    reseller = Reseller.objects.get()
    assert OctoClient(key).get("supplier").status_code == 200
    assert key not in client.get(f"/admin/octo/reseller/{reseller.pk}/change/").text

    rotated = client.post(
        "/admin/octo/reseller/",
        {"action": "rotate_key", "_selected_action": [reseller.pk]},
        follow=True,
    )
    new_key = _key_in_messages(rotated)
    assert new_key != key
    assert_octo_error(OctoClient(key).get("supplier"), "FORBIDDEN", 403)
    assert OctoClient(new_key).get("supplier").status_code == 200

    client.post(
        "/admin/octo/reseller/",
        {"action": "revoke_key", "_selected_action": [reseller.pk]},
        follow=True,
    )
    assert_octo_error(OctoClient(new_key).get("supplier"), "FORBIDDEN", 403)


def test_an_operator_manages_keys_with_the_command():
    out = io.StringIO()
    call_command(
        "octo_reseller",
        "create",
        "Portal",
        "--email",
        "p@example.dk",
        stdout=out,
        stderr=io.StringIO(),
    )
    key = out.getvalue().strip()
    assert OctoClient(key).get("supplier").status_code == 200
    reseller = Reseller.objects.get()
    out = io.StringIO()
    call_command("octo_reseller", "rotate", str(reseller.pk), stdout=out, stderr=io.StringIO())
    assert_octo_error(OctoClient(key).get("supplier"), "FORBIDDEN", 403)
    listing = io.StringIO()
    call_command("octo_reseller", "list", stdout=listing)
    assert "Portal" in listing.getvalue() and out.getvalue().strip() not in listing.getvalue()
    call_command("octo_reseller", "revoke", str(reseller.pk), stdout=io.StringIO())
    assert_octo_error(OctoClient(out.getvalue().strip()).get("supplier"), "FORBIDDEN", 403)
