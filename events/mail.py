"""The events' e-mails, rendered by the outbox worker when they are sent (notify.outbox,
notify.mail): participants' invitations and notices, host requests and releases, and the
organiser's news of a host's answer. Each renderer reads the rows as they are now, or
returns None when the mail has become moot (the outbox then marks it SKIPPED)."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events import calendar
from events.models import MailKind as Kind
from events.models import Registration, Stop
from notify import kinds
from notify.mail import InvitationMessage, renders
from notify.models import OutboundMail
from tours.models import Company

kinds.register(Kind)

# Outbox kind -> the participant kind the template and subjects know, and the calendar
# METHOD the mail carries (None: no calendar).
PARTICIPANT_KINDS = {
    Kind.EVENT_CONFIRMED: ("confirmed", "REQUEST"),
    Kind.EVENT_ADMITTED: ("admitted", "REQUEST"),
    Kind.EVENT_CHANGED: ("changed", "REQUEST"),
    Kind.EVENT_WAITING: ("waiting", None),
    Kind.EVENT_UNREGISTERED: ("cancelled", "CANCEL"),
    Kind.EVENT_STOP_REMOVED: ("stop_removed", "CANCEL"),
    Kind.EVENT_CANCELLED: ("event_cancelled", "CANCEL"),
    Kind.EVENT_WAITING_CLOSED: ("waiting_closed", None),
}


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("Registration confirmed: %(title)s"),
        "admitted": _("A place opened up: you are registered for %(title)s"),
        "changed": _("Programme changed: %(title)s"),
        "waiting": _("On the waiting list: %(title)s"),
        "cancelled": _("Registration cancelled: %(title)s"),
        "stop_removed": _("A stop was removed: %(title)s"),
        "event_cancelled": _("Cancelled: %(title)s"),
        "waiting_closed": _("Cancelled: %(title)s"),
        "requested": _("Will you host a stop of %(title)s?"),
        "released": _("No longer needed: a stop of %(title)s"),
        "accepted": _("Host accepted: %(title)s"),
        "declined": _("Host declined: %(title)s"),
    }
    return " ".join((subjects[kind] % {"title": title}).split())


def token_digest(token: str) -> str:
    """What the outbox keeps of a host's secret token: enough to tell whether the stop still
    has it when the request is sent, without the token itself (the admin shows `context`)."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _calendar_stops(registration: Registration, kind: str, stop_id: int | None) -> list[Stop]:
    stops = Stop.objects.select_related("company").filter(event=registration.event_id)
    if kind == "stop_removed":
        return list(stops.filter(pk=stop_id))
    return list(stops.filter(removed_at=None))


@renders(*PARTICIPANT_KINDS)
def participant_message(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """The participant's mail, in the language they registered in, with the calendar object
    the change implies (see PARTICIPANT_KINDS). An update for a registration cancelled
    since is not sent: it would put the event back in their calendar."""
    kind, method = PARTICIPANT_KINDS[mail.kind]
    registration = Registration.objects.select_related("event__organiser").get(
        pk=mail.context["registration_id"]
    )
    event = registration.event
    if method == "REQUEST" and registration.status != Registration.Status.CONFIRMED:
        return None
    stops = _calendar_stops(registration, kind, mail.context.get("stop_id"))
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "stops": stops,
            "kind": kind,
            "site_url": settings.SITE_URL,
        }
        body = render_to_string("events/email/participant.txt", context)
        subject = _subject(kind, event.title)
        ics = (
            calendar.invitation(event, stops, attendee=registration, method=method)
            if method
            else None
        )
    addresses = {
        "subject": subject,
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [mail.recipient],
        "reply_to": [event.organiser.email] if event.organiser.email else None,
    }
    if ics is None:
        return EmailMultiAlternatives(**addresses)
    return InvitationMessage(**addresses, ics=ics, method=method)


@renders(Kind.HOST_REQUESTED, Kind.HOST_RELEASED)
def host_message(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """Asks the host to accept or decline (with the secret link as it is now), or tells them
    a stop no longer needs them. A request superseded by a newer one (another host, a new
    time), removed or already answered is not sent."""
    kind = "requested" if mail.kind == Kind.HOST_REQUESTED else "released"
    stop = Stop.objects.select_related("event", "company").get(pk=mail.context["stop_id"])
    if kind == "requested" and (
        token_digest(stop.host_token) != mail.context.get("token_digest")
        or stop.removed_at
        or stop.host_state != Stop.HostState.REQUESTED
    ):
        return None
    company_id = mail.context.get("company_id")
    company = Company.objects.get(pk=company_id) if company_id else stop.company
    start, end = mail.context.get("start"), mail.context.get("end")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "stop": stop,
            "event": stop.event,
            "company": company,
            "kind": kind,
            "start": datetime.fromisoformat(start) if start else stop.start,
            "end": datetime.fromisoformat(end) if end else stop.end,
            "answer_url": settings.SITE_URL
            + reverse("events:host", kwargs={"token": stop.host_token}),
            "site_url": settings.SITE_URL,
        }
        body = render_to_string("events/email/host.txt", context)
        subject = _subject(kind, stop.event.title)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[mail.recipient]
    )


@renders(Kind.HOST_ACCEPTED, Kind.HOST_DECLINED)
def organiser_message(mail: OutboundMail) -> EmailMultiAlternatives:
    """Tells the organiser a host's answer."""
    kind = "accepted" if mail.kind == Kind.HOST_ACCEPTED else "declined"
    stop = Stop.objects.select_related("event", "company").get(pk=mail.context["stop_id"])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"stop": stop, "event": stop.event, "kind": kind, "site_url": settings.SITE_URL}
        body = render_to_string("events/email/organiser.txt", context)
        subject = _subject(kind, stop.event.title)
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        reply_to=[stop.company.email],
    )
