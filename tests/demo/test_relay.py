"""The demo relay: published, three stops at the named members, 2 to 4 weeks ahead, held."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from booking.models import SlotHold
from events.models import Event, Stop
from events.permissions import is_organiser
from events.selectors import stops_for_company
from tours.models import Company

pytestmark = pytest.mark.django_db


def test_load_demo_publishes_the_relay_with_three_stops():
    call_command("load_demo", stdout=None)
    event = Event.objects.get()
    assert event.status == Event.Status.PUBLISHED
    stops = list(event.stops.order_by("start"))
    assert [s.company.slug for s in stops] == [
        "vineriet-frederiksdal",
        "lolle-frugt",
        "bandholm-frugtplantage",
    ]
    day = timezone.localtime(stops[0].start).date()
    assert day.weekday() < 5
    assert 14 <= (day - timezone.localdate()).days <= 28
    assert all(timezone.localtime(s.start).date() == day for s in stops)
    assert stops[0].host_state == Stop.HostState.ACCEPTED
    holders = [stop.holder for stop in event.stops.all()]
    assert SlotHold.objects.filter(holder__in=holders).exists()
    assert event.registration_deadline < stops[0].start
    assert is_organiser(event.organiser)
    assert not event.organiser.is_staff  # organisers log in to the site, not the admin
    vineriet = Company.objects.get(slug="vineriet-frederiksdal")
    assert list(stops_for_company(vineriet)) == [stops[0]]


def test_load_demo_twice_keeps_one_relay():
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)
    assert Event.objects.count() == 1
    assert Stop.objects.count() == 3
