"""Recurring patterns: the starts they describe, the preview, and changes that never delete or
move a booked departure without the user's say."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from booking.models import Booking
from tests import factories
from tests.workspace.conftest import notices
from tours.models import Slot
from workspace import services as ws_services
from workspace.models import SchedulePattern
from workspace.schedules import PatternPlan, plan_starts

CPH = ZoneInfo("Europe/Copenhagen")


def test_plan_keeps_wall_time_across_the_clock_change_and_skips_closures():
    plan = PatternPlan(
        weekdays=(6,),  # Sundays
        times=(time(10),),
        first_day=date(2026, 3, 22),
        last_day=date(2026, 11, 1),
        closures=((date(2026, 4, 5), date(2026, 4, 5)), (date(2026, 7, 1), date(2026, 7, 31))),
        capacity=5,
    )
    starts = plan_starts(plan, CPH)
    utc = {s.date(): s.astimezone(ZoneInfo("UTC")).hour for s in starts}
    assert utc[date(2026, 3, 22)] == 9  # winter time
    assert utc[date(2026, 3, 29)] == 8  # the day the clocks go forward: 10:00 is 08:00 UTC
    assert utc[date(2026, 10, 25)] == 9  # the day they go back
    assert date(2026, 4, 5) not in utc
    assert not [d for d in utc if d.month == 7]
    assert all(s.weekday() == 6 and s.hour == 10 for s in starts)


def _plan(**overrides) -> PatternPlan:
    today = timezone.localdate()
    values = {
        "weekdays": tuple(range(7)),
        "times": (time(10), time(14)),
        "first_day": today + timedelta(days=1),
        "last_day": today + timedelta(days=10),
        "capacity": 12,
    }
    values.update(overrides)
    return PatternPlan(**values)


@pytest.mark.django_db
def test_create_opens_the_future_starts_once():
    tour = factories.TourFactory()
    pattern, created = ws_services.pattern_create(tour=tour, plan=_plan())
    assert len(created) == 20
    assert pattern.slots.count() == 20
    assert {s.capacity for s in created} == {12}
    # Applying the same plan again opens nothing new.
    assert ws_services.pattern_diff(tour=tour, plan=_plan()).create == []
    _, again = ws_services.pattern_create(tour=tour, plan=_plan())
    assert again == []
    assert Slot.objects.filter(tour=tour).count() == 20


@pytest.mark.django_db
def test_shortening_removes_unbooked_and_keeps_booked_unless_ticked():
    tour = factories.TourFactory()
    pattern, created = ws_services.pattern_create(tour=tour, plan=_plan())
    late_keep, late_cancel = created[-1], created[-2]
    keep_booking = factories.book(late_keep)
    cancel_booking = factories.book(late_cancel, email="b@example.com")
    shorter = _plan(last_day=timezone.localdate() + timedelta(days=5))
    diff = ws_services.pattern_diff(tour=tour, plan=shorter, pattern=pattern)
    assert {s.pk for s in diff.booked} == {late_keep.pk, late_cancel.pk}
    assert len(diff.remove) == 8
    result = ws_services.pattern_change(
        pattern=pattern, plan=shorter, cancel_slot_ids={late_cancel.pk}
    )
    assert result.removed == 8
    assert [s.pk for s in result.kept_booked] == [late_keep.pk]
    assert Slot.objects.get(pk=late_keep.pk).status == Slot.Status.SCHEDULED
    assert Booking.objects.get(pk=keep_booking.pk).status == Booking.Status.CONFIRMED
    assert Slot.objects.get(pk=late_cancel.pk).status == Slot.Status.CANCELLED
    assert Booking.objects.get(pk=cancel_booking.pk).status == Booking.Status.CANCELLED
    assert (cancel_booking.pk, "cancelled") in notices("cancelled")
    assert pattern.slots.count() == 10
    assert SchedulePattern.objects.get(pk=pattern.pk).last_day == shorter.last_day


@pytest.mark.django_db
def test_changing_times_never_moves_a_booked_slot():
    tour = factories.TourFactory()
    pattern, created = ws_services.pattern_create(tour=tour, plan=_plan(times=(time(10),)))
    booked = created[0]
    factories.book(booked)
    result = ws_services.pattern_change(pattern=pattern, plan=_plan(times=(time(11),)))
    fresh = Slot.objects.get(pk=booked.pk)
    assert (fresh.start, fresh.status) == (booked.start, Slot.Status.SCHEDULED)
    assert [s.pk for s in result.kept_booked] == [booked.pk]
    assert len(result.created) == 10
    assert result.removed == 9


@pytest.fixture
def owner(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    membership = factories.MembershipFactory(role="owner")
    return membership


def _form(plan: PatternPlan) -> dict:
    return {
        "weekdays": [str(d) for d in plan.weekdays],
        "times": ", ".join(t.strftime("%H:%M") for t in plan.times),
        "first_day": plan.first_day.isoformat(),
        "last_day": plan.last_day.isoformat(),
        "closures-0-from": "",
        "closures-0-to": "",
        "capacity": str(plan.capacity),
    }


def test_preview_creates_nothing_and_confirm_creates(client, owner):
    tour = factories.TourFactory(company=owner.company)
    client.force_login(owner.user)
    url = reverse("workspace:pattern_new", kwargs={"tour_pk": tour.pk})
    data = _form(_plan())
    response = client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    assert response.context["diff"].create
    assert not Slot.objects.filter(tour=tour).exists()
    digest = response.context["digest"]
    # Confirming a plan other than the one previewed shows a new preview instead.
    changed = {**data, "capacity": "99", "confirm": "1", "previewed": digest}
    assert client.post(url, changed).status_code == 200
    assert not Slot.objects.filter(tour=tour).exists()
    response = client.post(url, {**data, "confirm": "1", "previewed": digest})
    assert response.status_code == 302
    assert Slot.objects.filter(tour=tour).count() == 20


def test_pattern_form_rejects_bad_input_with_clear_errors(client, owner):
    tour = factories.TourFactory(company=owner.company)
    client.force_login(owner.user)
    url = reverse("workspace:pattern_new", kwargs={"tour_pk": tour.pk})
    data = _form(_plan())
    bad = {
        **data,
        "times": "10:00, 25:00",
        "closures-0-from": "2026-12-26",
        "closures-0-to": "2026-12-24",
        "last_day": "2020-01-01",
        "preview": "1",
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "times" in errors
    assert "closures" in errors
    assert "last_day" in errors


def test_pattern_edit_lists_booked_slots_before_changing(client, owner):
    tour = factories.TourFactory(company=owner.company)
    pattern, created = ws_services.pattern_create(tour=tour, plan=_plan())
    factories.book(created[-1])
    client.force_login(owner.user)
    url = reverse("workspace:pattern", kwargs={"pk": pattern.pk})
    shorter = _form(_plan(last_day=timezone.localdate() + timedelta(days=5)))
    response = client.post(url, {**shorter, "preview": "1"})
    assert [s.pk for s in response.context["diff"].booked] == [created[-1].pk]
    assert f'value="{created[-1].pk}"' in response.content.decode()
    assert Slot.objects.filter(tour=tour).count() == 20  # a preview changes nothing
