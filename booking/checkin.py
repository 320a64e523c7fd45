"""Arrival on the farm: the check-in code on the visitor's papers, checking a party in (all or
some of it), undoing a mistaken check-in, and marking a party that never came as a no-show.

The check-in code is a URL holding the booking's reference and a secret of its own,
`checkin_secret`: derived from the booking's calendar UID (a UUID4, never shown on its own)
and SECRET_KEY with its own purpose, so it is unguessable, is not stored, and is neither the
manage token nor derivable from it. Scanning it lets the farm's staff record the arrival and
nothing else: the manage link, which can change or cancel, never leaves the visitor.

Locking contract: these services change no places, so they take no slot lock; each locks the
one booking row (`select_for_update`) inside `transaction.atomic(durable=True)` and re-checks
the rules on the locked row. booking.services and booking.slot_services refuse to change,
cancel or move a booking whose party is checked in (BookingCheckedIn, SlotHasArrivals): what
happened on the farm is not rewritten by a change of plan; the check-in is undone first.
"""

import hmac
import io
from datetime import datetime, timedelta

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from booking import errors
from booking.models import Booking
from core.secrets import derived_secret

CHECKIN_PURPOSE = "booking-checkin"
# How long after a departure's start a party still counts as late rather than absent: only
# then can it be marked as a no-show.
NO_SHOW_GRACE = timedelta(minutes=15)


def checkin_secret(booking: Booking) -> str:
    return derived_secret(str(booking.uid), purpose=CHECKIN_PURPOSE)


def checkin_secret_matches(booking: Booking, secret: str) -> bool:
    """Whether `secret` is the booking's check-in secret, compared in constant time."""
    return hmac.compare_digest(checkin_secret(booking).encode(), secret.encode())


def checkin_url(booking: Booking) -> str:
    """The absolute URL in the booking's QR code. Unprefixed, so the page opens in the site's
    language (the farm's), not in the visitor's: it is the staff who scan it."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "checkin", kwargs={"reference": booking.reference, "secret": checkin_secret(booking)}
        )
    return settings.SITE_URL + path


def _qr(booking: Booking) -> segno.QRCode:
    # Error correction M (15 %): a code on a cracked phone screen or a crumpled print-out
    # still reads, while the URL fits in a version-5 code that any phone camera resolves.
    return segno.make(checkin_url(booking), error="m", micro=False)


def checkin_qr_png(booking: Booking) -> bytes:
    """The code as a PNG, for mails: mail clients show PNG, few show SVG."""
    buffer = io.BytesIO()
    _qr(booking).save(buffer, kind="png", scale=5, border=4, dark="#000", light="#fff")
    return buffer.getvalue()


def checkin_qr_svg(booking: Booking) -> str:
    """The code as inline SVG markup (no size: CSS sets it), for pages. The caller gives it
    its accessible name; the markup is segno's own, with no text of ours in it."""
    return _qr(booking).svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")


def no_show_from(booking: Booking) -> datetime:
    """The moment from which the booking's party may be marked as not come."""
    return booking.slot.start + NO_SHOW_GRACE


def _lock(booking_id: int) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot", "slot__tour", "slot__tour__company")
        .get(pk=booking_id)
    )


def booking_check_in(
    *, booking_id: int, arrived: int | None = None, by=None, now: datetime | None = None
) -> Booking:
    """Records that `arrived` of the party came (all of it when None), now, by `by`.

    A party marked as a no-show that turns up late is checked in (the mark is removed).
    Raises AlreadyCheckedIn (with the time of the first check-in; nothing changes),
    BookingNotActive for a cancelled booking, CheckInNotConfirmed for a hold,
    CheckInWrongDay when the departure is on another local day than `now`, ArrivedInvalid
    for a count outside 1..party size.
    The caller holds no lock; this locks the booking row."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = _lock(booking_id)
        check_can_check_in(booking, now=now)
        count = booking.party_size if arrived is None else arrived
        if not 1 <= count <= booking.party_size:
            raise errors.ArrivedInvalid(booking.party_size)
        booking.arrived, booking.checked_in_at, booking.no_show_at = count, now, None
        booking.checked_in_by = by if by is not None and by.is_authenticated else None
        booking.save(
            update_fields=["arrived", "checked_in_at", "checked_in_by", "no_show_at", "updated"]
        )
    return booking


def check_can_check_in(booking: Booking, *, now: datetime) -> None:
    """The check-in rule, for the service (on the locked row) and for pages that decide
    whether to offer the button. Raises the refusal."""
    if booking.checked_in_at is not None:
        raise errors.AlreadyCheckedIn(booking.checked_in_at, booking.arrived or 0)
    if booking.status == Booking.Status.CANCELLED:
        raise errors.BookingNotActive()
    if booking.status != Booking.Status.CONFIRMED:
        raise errors.CheckInNotConfirmed()
    day = timezone.localdate(booking.slot.start)
    if day != timezone.localdate(now):
        raise errors.CheckInWrongDay(day)


def booking_check_in_undo(*, booking_id: int) -> Booking:
    """Removes the check-in (a tap on the wrong row). Raises NotCheckedIn. Locks the row."""
    with transaction.atomic(durable=True):
        booking = _lock(booking_id)
        if booking.checked_in_at is None:
            raise errors.NotCheckedIn()
        booking.arrived = booking.checked_in_at = booking.checked_in_by = None
        booking.save(update_fields=["arrived", "checked_in_at", "checked_in_by", "updated"])
    return booking


def booking_mark_no_show(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Marks a confirmed booking whose party did not come. Only from `no_show_from` on: before
    that the party may just be late. Raises NoShowTooEarly, AlreadyCheckedIn, AlreadyNoShow
    or BookingNotActive. The booking stays (the figures count it). Locks the row."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = _lock(booking_id)
        if booking.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        if booking.checked_in_at is not None:
            raise errors.AlreadyCheckedIn(booking.checked_in_at, booking.arrived or 0)
        if booking.no_show_at is not None:
            raise errors.AlreadyNoShow()
        if now < no_show_from(booking):
            raise errors.NoShowTooEarly(no_show_from(booking))
        booking.no_show_at = now
        booking.save(update_fields=["no_show_at", "updated"])
    return booking


def booking_no_show_undo(*, booking_id: int) -> Booking:
    """Removes a no-show mark. Raises NotNoShow. Locks the row."""
    with transaction.atomic(durable=True):
        booking = _lock(booking_id)
        if booking.no_show_at is None:
            raise errors.NotNoShow()
        booking.no_show_at = None
        booking.save(update_fields=["no_show_at", "updated"])
    return booking
