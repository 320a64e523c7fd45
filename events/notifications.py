"""What an event change tells people. Each function enqueues task rows and must be called
inside the transaction that makes the change, so the notice commits or rolls back with it.
The services raise each stop's SEQUENCE before calling these; these only decide who hears
what."""

from events import tasks
from events.models import Event, Registration, Stop


def registration_confirmed(registration: Registration, *, admitted: bool = False) -> None:
    """A participant has places: the invitation with the whole programme."""
    kind = "admitted" if admitted else "confirmed"
    tasks.send_participant_mail.enqueue(registration_id=registration.pk, kind=kind)


def registration_waiting(registration: Registration) -> None:
    tasks.send_participant_mail.enqueue(registration_id=registration.pk, kind="waiting")


def registration_cancelled(registration: Registration) -> None:
    tasks.send_participant_mail.enqueue(registration_id=registration.pk, kind="cancelled")


def _confirmed(event: Event) -> list[int]:
    return list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )


def programme_changed(
    event: Event, *, moved: list[Stop], removed: list[Stop], added: list[Stop] = ()
) -> None:
    """Moved or added stops: a REQUEST with the programme (moved ones with SEQUENCE raised).
    Removed stops: a CANCEL naming that stop's VEVENT only, so the others stay in
    participants' calendars."""
    if not moved and not removed and not added:
        return
    for registration_id in _confirmed(event):
        if moved or added:
            tasks.send_participant_mail.enqueue(registration_id=registration_id, kind="changed")
        for stop in removed:
            tasks.send_participant_mail.enqueue(
                registration_id=registration_id, kind="stop_removed", stop_id=stop.pk
            )


def event_cancelled(event: Event, stops: list[Stop]) -> None:
    """Every participant still registered or waiting hears; confirmed ones get a CANCEL."""
    ids = event.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
        "pk", "status"
    )
    for registration_id, status in ids:
        kind = "event_cancelled" if status == Registration.Status.CONFIRMED else "waiting_closed"
        tasks.send_participant_mail.enqueue(registration_id=registration_id, kind=kind)


def host_requested(stop: Stop) -> None:
    """The host company is asked to accept or decline hosting the stop."""
    tasks.send_host_mail.enqueue(stop_id=stop.pk, kind="requested", token=stop.host_token)


def host_released(stop: Stop) -> None:
    """The stop no longer needs the host at that time (removed, moved away, cancelled)."""
    tasks.send_host_mail.enqueue(
        stop_id=stop.pk,
        kind="released",
        start=stop.start.isoformat(),
        end=stop.end.isoformat(),
        company_id=stop.company_id,
    )


def host_answered(stop: Stop) -> None:
    """The organiser hears the host's answer."""
    tasks.send_organiser_mail.enqueue(stop_id=stop.pk, kind=stop.host_state)
