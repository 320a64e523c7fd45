"""Queued side effects of events. These run in the task worker (`manage.py db_worker`),
after the change that enqueued them has committed."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events import calendar
from events.models import Registration, Stop
from tours.models import Company

# Kinds of participant mail, and the calendar METHOD each carries (None: no calendar).
PARTICIPANT_METHODS = {
    "confirmed": "REQUEST",
    "admitted": "REQUEST",
    "changed": "REQUEST",
    "waiting": None,
    "cancelled": "CANCEL",
    "stop_removed": "CANCEL",
    "event_cancelled": "CANCEL",
    "waiting_closed": None,
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


class InvitationMessage(EmailMultiAlternatives):
    """A mail whose text/calendar parts carry `method=` equal to the METHOD (RFC 6047 §2.4)."""

    calendar_method: str = "REQUEST"

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.calendar_method)
        return msg


def _calendar_stops(registration: Registration, kind: str, stop_id: int | None) -> list[Stop]:
    stops = Stop.objects.select_related("company").filter(event=registration.event_id)
    if kind == "stop_removed":
        return list(stops.filter(pk=stop_id))
    return list(stops.filter(removed_at=None))


@task
def send_participant_mail(*, registration_id: int, kind: str, stop_id: int | None = None) -> None:
    """Mails the participant, in the language they registered in, with the calendar object
    the change implies (see PARTICIPANT_METHODS)."""
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    method = PARTICIPANT_METHODS[kind]
    if method == "REQUEST" and registration.status != Registration.Status.CONFIRMED:
        return  # cancelled since: an update would put the event back in their calendar
    stops = _calendar_stops(registration, kind, stop_id)
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
    message = InvitationMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[event.organiser.email] if event.organiser.email else None,
    )
    if ics:
        message.calendar_method = method
        message.attach_alternative(ics.decode(), "text/calendar")
        message.attach("invitation.ics", ics, "application/ics")
    message.send()


@task
def send_host_mail(
    *,
    stop_id: int,
    kind: str,
    token: str = "",
    start: str = "",
    end: str = "",
    company_id: int | None = None,
) -> None:
    """Asks the host to accept or decline (with the secret link), or tells them a stop no
    longer needs them. A request superseded by a newer one (another host) is not sent."""
    stop = Stop.objects.select_related("event", "company").get(pk=stop_id)
    if kind == "requested" and (
        stop.host_token != token or stop.removed_at or stop.host_state != Stop.HostState.REQUESTED
    ):
        return  # superseded: another host, removed, or already answered
    company = Company.objects.get(pk=company_id) if company_id else stop.company
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
    EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[company.email]
    ).send()


@task
def send_organiser_mail(*, stop_id: int, kind: str) -> None:
    """Tells the organiser a host's answer."""
    stop = Stop.objects.select_related("event__organiser", "company").get(pk=stop_id)
    organiser = stop.event.organiser
    if not organiser.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"stop": stop, "event": stop.event, "kind": kind, "site_url": settings.SITE_URL}
        body = render_to_string("events/email/organiser.txt", context)
        subject = _subject(kind, stop.event.title)
    EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[organiser.email],
        reply_to=[stop.company.email],
    ).send()
