"""The visitor's secret link: mailed again on request (lost link), or replaced (revoked)."""

from django.db import transaction
from django.tasks import task

from booking import notifications
from booking.models import REFERENCE_LENGTH, Booking, normalize_reference
from core.contact import has_control


def booking_send_lost_link(*, email: str, reference: str) -> None:
    """Queues the link mail to `email` if a booking with that reference was made with that
    address. Says nothing either way: the caller answers the same whether or not a booking
    exists, and this does the same work in both cases (one indexed SELECT, one task row),
    so the answer does not take longer when one does.

    The task row holds the booking's id (or nothing), never the address: task arguments
    are kept in the task table long after the request (no personal data there)."""
    email = email.strip()
    ref = normalize_reference(reference)
    if has_control(email) or not email or len(email) > 254 or len(ref) != REFERENCE_LENGTH:
        return
    match = Booking.objects.filter(reference=ref, email__iexact=email).values_list("pk")
    booking_id = next(iter(match), (None,))[0]
    with transaction.atomic():
        send_lost_link.enqueue(booking_id=booking_id)


@task
def send_lost_link(*, booking_id: int | None = None, **_old_arguments) -> None:
    """Writes the booking's link mail to the outbox, if there is such a booking. Rows an
    older release queued carry an address and a reference instead: they are looked up."""
    if booking_id is None and _old_arguments:
        booking_link_mail(**_old_arguments)
    elif booking_id is not None:
        booking = Booking.objects.filter(pk=booking_id).first()
        if booking is not None:
            with transaction.atomic():
                notifications.booking_link(booking)


def booking_link_mail(*, email: str, reference: str) -> bool:
    """Mails the manage link of the booking with `reference` made with `email` (matched
    case-insensitively); returns whether there was one."""
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
        locked.token_renew()
        locked.save(update_fields=[*Booking.token_fields(), "updated"])
        notifications.booking_link(locked)
    return locked
