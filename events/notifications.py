"""What an event change tells people. Each function writes outbox rows (notify.outbox) and
must be called inside the transaction that makes the change, so the notice commits or rolls
back with it; the worker sends them after commit (events/mail.py renders them), retrying
while the mail server is down. The services raise each stop's SEQUENCE before calling
these; these only decide who hears what."""

from events.mail import token_digest
from events.models import Event, Registration, Stop
from events.models import MailKind as Kind
from notify import outbox
from notify.models import OutboundMail
from tours.models import Company


def _to_participant(registration_id: int, email: str, kind: str, **context) -> OutboundMail:
    return OutboundMail(
        kind=kind,
        about=f"events.registration:{registration_id}",
        recipient=email,
        context={"registration_id": registration_id, **context},
    )


def _to_stop(stop: Stop, kind: str, recipient: str, **context) -> OutboundMail:
    return OutboundMail(
        kind=kind,
        about=f"events.stop:{stop.pk}",
        recipient=recipient,
        context={"stop_id": stop.pk, **context},
    )


def registration_confirmed(registration: Registration, *, admitted: bool = False) -> None:
    """A participant has places: the invitation with the whole programme."""
    kind = Kind.EVENT_ADMITTED if admitted else Kind.EVENT_CONFIRMED
    outbox.mails_enqueue(mails=[_to_participant(registration.pk, registration.email, kind)])


def registration_waiting(registration: Registration) -> None:
    outbox.mails_enqueue(
        mails=[_to_participant(registration.pk, registration.email, Kind.EVENT_WAITING)]
    )


def registration_cancelled(registration: Registration) -> None:
    outbox.mails_enqueue(
        mails=[_to_participant(registration.pk, registration.email, Kind.EVENT_UNREGISTERED)]
    )


def programme_changed(
    event: Event, *, moved: list[Stop], removed: list[Stop], added: list[Stop] = ()
) -> None:
    """Moved or added stops: a REQUEST with the programme (moved ones with SEQUENCE raised).
    Removed stops: a CANCEL naming that stop's VEVENT only, so the others stay in
    participants' calendars."""
    if not moved and not removed and not added:
        return
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    mails = []
    for registration_id, email in confirmed.values_list("pk", "email"):
        if moved or added:
            mails.append(_to_participant(registration_id, email, Kind.EVENT_CHANGED))
        for stop in removed:
            mails.append(
                _to_participant(registration_id, email, Kind.EVENT_STOP_REMOVED, stop_id=stop.pk)
            )
    outbox.mails_enqueue(mails=mails)


def event_cancelled(event: Event, stops: list[Stop]) -> None:
    """Every participant still registered or waiting hears; confirmed ones get a CANCEL."""
    rows = event.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
        "pk", "email", "status"
    )
    outbox.mails_enqueue(
        mails=[
            _to_participant(
                registration_id,
                email,
                Kind.EVENT_CANCELLED
                if status == Registration.Status.CONFIRMED
                else Kind.EVENT_WAITING_CLOSED,
            )
            for registration_id, email, status in rows
        ]
    )


def _company_email(company_id: int) -> str:
    return Company.objects.filter(pk=company_id).values_list("email", flat=True).get()


def host_requested(stop: Stop) -> None:
    """The host company is asked to accept or decline hosting the stop."""
    email = stop.company.email if Stop.company.is_cached(stop) else _company_email(stop.company_id)
    outbox.mails_enqueue(
        mails=[
            _to_stop(stop, Kind.HOST_REQUESTED, email, token_digest=token_digest(stop.host_token))
        ]
    )


def host_released(stop: Stop) -> None:
    """The stop no longer needs the host at that time (removed, moved away, cancelled). The
    time and the host are kept in the mail, since the stop may move on to another."""
    outbox.mails_enqueue(
        mails=[
            _to_stop(
                stop,
                Kind.HOST_RELEASED,
                _company_email(stop.company_id),
                start=stop.start.isoformat(),
                end=stop.end.isoformat(),
                company_id=stop.company_id,
            )
        ]
    )


def host_answered(stop: Stop) -> None:
    """The organiser hears the host's answer (if the organiser has an e-mail address)."""
    email = Event.objects.filter(pk=stop.event_id).values_list("organiser__email", flat=True).get()
    if not email:
        return
    kind = Kind.HOST_ACCEPTED if stop.host_state == Stop.HostState.ACCEPTED else Kind.HOST_DECLINED
    outbox.mails_enqueue(mails=[_to_stop(stop, kind, email)])
