"""The demo log-ins load_demo creates for the workspace: DEBUG only, idempotent, working."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from booking.models import Booking
from demo import companies as demo
from workspace import access
from workspace.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_logins_only_with_debug(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=None)
    assert not Membership.objects.exists()
    # The demo relay needs an organiser, but without DEBUG nobody can log in as it.
    assert not [u for u in get_user_model().objects.all() if u.has_usable_password()]
    assert not Booking.objects.exists()


def test_demo_logins_work_and_are_idempotent(settings, client):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo")
    counts = (Membership.objects.count(), get_user_model().objects.count(), Booking.objects.count())
    call_command("load_demo")
    assert (
        Membership.objects.count(),
        get_user_model().objects.count(),
        Booking.objects.count(),
    ) == counts
    assert counts[0] == 2 * len(demo.COMPANIES)
    assert counts[2] > 0
    owner, staff = demo.demo_logins("lolle-frugt")
    assert (owner, staff) == ("ejer@lollefrugt.dk", "staff@lollefrugt.dk")
    response = client.post(reverse("login"), {"username": staff, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email=staff)
    assert [c.slug for c in access.companies_for(user)] == ["lolle-frugt"]
    coordinator = get_user_model().objects.get(email=demo.DEMO_COORDINATOR_EMAIL)
    assert access.is_coordinator(coordinator)
