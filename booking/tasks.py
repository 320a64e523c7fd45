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
