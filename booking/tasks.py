"""Queued side effects. These run in the task worker (`manage.py db_worker`), after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from booking.models import Booking


@task
def send_visitor_mail(*, booking_id: int, kind: str) -> None:
    """Mails the visitor about their booking, in the language they booked in."""
    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking_id)
    company = booking.slot.tour.company
    with translation.override(booking.language):
        context = {
            "booking": booking,
            "slot": booking.slot,
            "tour": booking.slot.tour,
            "company": company,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"booking/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"booking/email/{kind}.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[booking.email],
        reply_to=[company.email],
    )
    message.send()


# Self-service tasks (issue 4).


def _mail(*, to: str, language: str, kind: str, context: dict, reply_to: str) -> None:
    """Renders booking/email/<kind>_subject.txt and <kind>.txt in `language` and sends them."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"booking/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"booking/email/{kind}.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to],
    ).send()


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "company": booking.slot.tour.company,
    }


@task
def send_visitor_mail_kind(*, booking_id: int, kind: str) -> None:
    """Mails the visitor a plain notice about their booking: `reminder` or `link`."""
    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking_id)
    company = booking.slot.tour.company
    _mail(
        to=booking.email,
        language=booking.language,
        kind=kind,
        context=_booking_context(booking),
        reply_to=company.email,
    )


@task
def send_company_change_mail(*, booking_id: int, old_slot_id: int, old_party_size: int) -> None:
    """Tells the company that a visitor moved or resized a booking, old and new side by side."""
    from tours.models import Slot

    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking_id)
    company = booking.slot.tour.company
    context = {
        **_booking_context(booking),
        "old_slot": Slot.objects.get(pk=old_slot_id),
        "old_party_size": old_party_size,
    }
    _mail(
        to=company.email,
        language=settings.LANGUAGE_CODE,
        kind="company_changed",
        context=context,
        reply_to=booking.email,
    )


@task
def booking_remind_task(*, booking_id: int) -> None:
    """Scheduled at the booking's reminder time; the service decides whether it is due."""
    from booking.reminders import booking_remind

    booking_remind(booking_id=booking_id)


@task
def send_lost_link(*, email: str, reference: str) -> None:
    from booking.links import booking_link_mail

    booking_link_mail(email=email, reference=reference)


@task
def send_waitlist_mail(*, entry_id: int, kind: str) -> None:
    """Mails a waiting-list visitor: joined, offer (with the accept link) or offer expired."""
    from booking.models import WaitlistEntry

    entry = WaitlistEntry.objects.select_related("slot__tour__company").get(pk=entry_id)
    company = entry.slot.tour.company
    context = {"entry": entry, "slot": entry.slot, "tour": entry.slot.tour, "company": company}
    _mail(
        to=entry.email, language=entry.language, kind=kind, context=context, reply_to=company.email
    )


@task
def waitlist_expire_task(*, entry_id: int) -> None:
    """Scheduled at the offer's end; passes unanswered places to the next in line."""
    from booking.waitlist import waitlist_expire

    waitlist_expire(entry_id=entry_id)
