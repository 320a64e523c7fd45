"""Reads of many rows stay within a fixed number of queries, for 1 and for 50 objects."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import selectors
from events.models import Event, Stop
from events.permissions import organiser_events
from tests.factories import CompanyFactory, EventFactory, organiser

pytestmark = pytest.mark.django_db


def _events(count: int, host, user) -> None:
    start = timezone.now() + timedelta(days=10)
    for i in range(count):
        event = EventFactory(organiser=user, status=Event.Status.PUBLISHED)
        # Made directly: these tests measure reads, the reservation is tested elsewhere.
        Stop.objects.create(
            event=event,
            company=host,
            start=start + timedelta(hours=3 * i),
            end=start + timedelta(hours=3 * i + 1),
        )


@pytest.mark.parametrize("count", [1, 50])
def test_stops_for_company_is_one_query(count, django_assert_max_num_queries):
    host = CompanyFactory()
    _events(count, host, organiser())
    with django_assert_max_num_queries(1):
        rows = [
            (s.event.title, s.company.name, s.host_state) for s in selectors.stops_for_company(host)
        ]
    assert len(rows) == count


@pytest.mark.parametrize("count", [1, 50])
def test_public_list_is_two_queries(count, django_assert_max_num_queries):
    _events(count, CompanyFactory(), organiser())
    with django_assert_max_num_queries(2):
        rows = [[s.company.name for s in e.stops.all()] for e in selectors.published_events()]
    assert len(rows) == count


@pytest.mark.parametrize("count", [1, 50])
def test_organiser_overview_is_two_queries(count, django_assert_max_num_queries):
    user = organiser()
    _events(count, CompanyFactory(), user)
    events = selectors.organiser_overview(organiser_events(user))
    with django_assert_max_num_queries(2):
        rows = [(e.declined, e.waiting, [s.company.name for s in e.stops.all()]) for e in events]
    assert len(rows) == count


def test_stops_for_company_leaves_out_removed_cancelled_and_other_companies():
    host = CompanyFactory()
    user = organiser()
    _events(3, host, user)
    removed, cancelled, kept = Stop.objects.order_by("start")
    removed.removed_at = timezone.now()
    removed.save()
    Event.objects.filter(pk=cancelled.event_id).update(status=Event.Status.CANCELLED)
    _events(1, CompanyFactory(), user)
    assert list(selectors.stops_for_company(host)) == [kept]
