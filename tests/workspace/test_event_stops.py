"""Events x workspace: a host company sees its event stops on its dashboard and answers them
there (through events.services.stop_answer); its private staff feed carries the stops it
hosts or is asked to host; workspace staff cannot reopen or move a slot a stop holds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from booking import errors, slot_services
from booking.models import SlotHold
from events.models import Stop
from tests import factories
from tests.booking.icalcheck import assert_wire_format, parse
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    """An event with a stop at company A over slot A (which has no bookings)."""
    from booking import services

    services.booking_cancel(booking=world.booking_a)  # a stop cannot go over bookings
    event = factories.EventFactory(title="Stafetten")
    (stop,) = factories.plan_stops(
        event, (world.company_a, world.slot_a.start, world.slot_a.end, "Æblepresning")
    )
    return stop


def test_slot_held_by_a_stop_cannot_be_reopened(held, world):
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.CLOSED
    with pytest.raises(errors.SlotHeldByEvent) as caught:
        slot_services.slot_reopen(slot_id=world.slot_a.pk)
    assert caught.value.code == "slot_held_by_event"
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.CLOSED


def test_slot_held_by_a_stop_cannot_be_moved(held, world):
    with pytest.raises(errors.SlotHeldByEvent):
        slot_services.slot_move(slot_id=world.slot_a.pk, start=world.slot_a.start + timedelta(1))
    assert Slot.objects.get(pk=world.slot_a.pk).start == world.slot_a.start


def test_released_slot_can_be_reopened_again(held, world):
    """Control: once the host declines, the stop releases the slot (the events service
    reopens it), and staff may close and reopen it as any other."""
    from events import services as event_services

    event_services.stop_answer(stop=held, accept=False)
    assert not SlotHold.objects.exists()
    slot_services.slot_close(slot_id=world.slot_a.pk)
    assert slot_services.slot_reopen(slot_id=world.slot_a.pk).status == Slot.Status.SCHEDULED


def test_reopen_in_the_workspace_shows_the_error(client, held, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("workspace:slot", kwargs={"pk": world.slot_a.pk}))
    assert page.context["event_stop"] == held
    assert "Stafetten" in page.content.decode()
    assert reverse("workspace:slot_reopen", kwargs={"pk": world.slot_a.pk}) not in (
        page.content.decode()
    )
    response = client.post(
        reverse("workspace:slot_reopen", kwargs={"pk": world.slot_a.pk}), follow=True
    )
    assert response.status_code == 200
    assert [m.message for m in response.context["messages"]] == [
        str(errors.SlotHeldByEvent.message)
    ]
    assert Slot.objects.get(pk=world.slot_a.pk).status == Slot.Status.CLOSED


def test_dashboard_lists_the_companys_stops_with_their_state(client, held, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:dashboard"))
    assert response.context["stops"] == [held]
    body = response.content.decode()
    assert "Stafetten" in body and "Æblepresning" in body
    assert reverse("workspace:stop_accept", kwargs={"pk": held.pk}) in body
    client.force_login(world.staff_b)  # another company does not see it
    assert client.get(reverse("workspace:dashboard")).context["stops"] == []


@pytest.mark.parametrize(("action", "state"), [("accept", "accepted"), ("decline", "declined")])
def test_host_answers_from_the_dashboard(client, held, world, action, state):
    client.force_login(world.staff_a)
    url = reverse(f"workspace:stop_{action}", kwargs={"pk": held.pk})
    response = client.post(url)
    assert response.status_code == 302
    assert Stop.objects.get(pk=held.pk).host_state == state
    expected = Slot.Status.CLOSED if action == "accept" else Slot.Status.SCHEDULED
    assert Slot.objects.get(pk=world.slot_a.pk).status == expected
    again = client.post(url, follow=True)  # already answered: a message, not an error page
    assert again.status_code == 200
    assert Stop.objects.get(pk=held.pk).host_state == state


@pytest.mark.parametrize("role", ["staff_b", "anonymous"])
def test_others_cannot_answer_a_stop(client, held, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.post(reverse("workspace:stop_accept", kwargs={"pk": held.pk}))
    assert response.status_code == (404 if role == "staff_b" else 302)
    assert Stop.objects.get(pk=held.pk).host_state == Stop.HostState.REQUESTED


def test_coordinator_may_answer(client, held, world):
    client.force_login(world.coordinator)
    client.post(reverse("workspace:stop_accept", kwargs={"pk": held.pk}))
    assert Stop.objects.get(pk=held.pk).host_state == Stop.HostState.ACCEPTED


def test_answer_by_get_is_not_allowed(client, held, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:stop_accept", kwargs={"pk": held.pk}))
    assert response.status_code == 405
    assert Stop.objects.get(pk=held.pk).host_state == Stop.HostState.REQUESTED


def _staff_feed(client, company):
    response = client.get(reverse("staff_feed", kwargs={"token": company.feed_token}))
    assert response.status_code == 200
    assert_wire_format(response.content)
    return parse(response.content).walk("VEVENT")


def test_staff_feed_carries_requested_and_accepted_stops(client, held, world):
    from events import services as event_services

    (vevent,) = [e for e in _staff_feed(client, world.company_a) if "host" in str(e["uid"])]
    assert str(vevent["status"]) == "TENTATIVE"
    assert "Stafetten" in str(vevent["summary"])
    assert str(vevent["uid"]) == f"{held.uid}-host@klyngebesog"
    assert "attendee" not in vevent and "organizer" not in vevent
    assert vevent.decoded("dtstart") == world.slot_a.start
    event_services.stop_answer(stop=held, accept=True)
    (vevent,) = [e for e in _staff_feed(client, world.company_a) if "host" in str(e["uid"])]
    assert str(vevent["status"]) == "CONFIRMED"
    assert [e for e in _staff_feed(client, world.company_b) if "host" in str(e["uid"])] == []


def test_staff_feed_leaves_out_declined_stops(client, held, world):
    from events import services as event_services

    event_services.stop_answer(stop=held, accept=False)
    assert [e for e in _staff_feed(client, world.company_a) if "host" in str(e["uid"])] == []


@pytest.mark.parametrize("n_stops", [1, 50])
def test_dashboard_and_feed_with_stops_are_bounded(
    client, world, django_assert_max_num_queries, n_stops
):
    from booking import services

    services.booking_cancel(booking=world.booking_a)
    start = timezone.now() + timedelta(days=2)
    for n in range(n_stops):
        event = factories.EventFactory()
        begin = start + timedelta(hours=2 * n)
        factories.plan_stops(event, (world.company_a, begin, begin + timedelta(hours=1)))
    client.force_login(world.owner_a)
    client.get(reverse("workspace:dashboard"))
    # 12 for the page itself, the month's figures beside last year's (figures.selectors) and
    # the header's places (workspace.start): the same for 1 stop and for 50.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("workspace:dashboard"))
    assert len(response.context["stops"]) == min(n_stops, 30)
    with django_assert_max_num_queries(4):
        events = _staff_feed(client, world.company_a)
    assert len([e for e in events if "host" in str(e["uid"])]) == n_stops


@pytest.mark.parametrize("how", ["decline", "cancel_event"])
def test_released_slot_serves_its_waiting_list(world, how):
    """An entry too big for the slot waits; staff raise the capacity while a stop holds the
    slot (closed: nothing is offered); when the stop lets go, the entry gets its offer."""
    from booking import services, waitlist
    from events import services as event_services

    # The entry joined while the departure had room for its 12, then the capacity came down:
    # the waiting list refuses a party larger than the departure at the time it joins.
    slot_services.slot_set_capacity(slot_id=world.slot_a.pk, capacity=12)
    entry = waitlist.waitlist_join(
        slot_id=world.slot_a.pk, visitor=factories.visitor(email="big@example.com"), party_size=12
    )
    slot_services.slot_set_capacity(slot_id=world.slot_a.pk, capacity=10)
    services.booking_cancel(booking=world.booking_a)
    event = factories.EventFactory()
    (stop,) = factories.plan_stops(event, (world.company_a, world.slot_a.start, world.slot_a.end))
    slot_services.slot_set_capacity(slot_id=world.slot_a.pk, capacity=12)
    entry.refresh_from_db()
    assert entry.status == "waiting"  # control: nothing offered while held
    if how == "decline":
        event_services.stop_answer(stop=stop, accept=False)
    else:
        event_services.event_cancel(event=event)
    entry.refresh_from_db()
    assert entry.status == "offered"
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 12
