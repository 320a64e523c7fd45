"""The visitor's secret link: mailed again on request (lost link), or replaced (revoked)."""

from django.db import transaction
from django.tasks import task

from booking import notifications
from booking.models import REFERENCE_LENGTH, Booking, new_token, normalize_reference
from core.contact import has_control


def booking_send_lost_link(*, email: str, reference: str) -> None:
    """Queues the lookup that mails the booking's link to `email` if a booking with that
    reference was made with that address. Says nothing either way: the caller answers the
    same whether or not a booking exists, and the lookup runs in the worker so that the
    answer does not take longer when one does."""
    email = email.strip()
    ref = normalize_reference(reference)
    if has_control(email) or not email or len(email) > 254 or len(ref) != REFERENCE_LENGTH:
        return
    # A task row, so the answer takes as long whether or not there is such a booking.
    with transaction.atomic():
        send_lost_link.enqueue(email=email, reference=ref)


@task
def send_lost_link(*, email: str, reference: str) -> None:
    """Looks the booking up and, if there is one, writes its link mail to the outbox."""
    booking_link_mail(email=email, reference=reference)


def booking_link_mail(*, email: str, reference: str) -> bool:
    """Mails the manage link of the booking with `reference` made with `email` (matched
    case-insensitively); returns whether there was one. Called by the worker."""
    booking = Booking.objects.filter(reference=reference, email__iexact=email).first()
    if booking is None:
        return False
    with transaction.atomic():
        notifications.booking_link(booking)
    return True


def booking_token_renew(*, booking: Booking) -> Booking:
    """Gives the booking a new secret link, so the old link (forwarded, leaked) stops
    working at once, and mails the new one to the visitor."""
    with transaction.atomic(durable=True):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        locked.token = new_token()
        locked.save(update_fields=["token", "updated"])
        notifications.booking_link(locked)
    return locked
