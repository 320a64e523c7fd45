"""Reads for the visitor's own pages, each in a bounded number of queries (the move page's
calendar is booking.month)."""


def waitlist_position(entry) -> int | None:
    """The entry's place in its slot's queue (1 = next), or None once it no longer waits.
    One query."""
    from booking.models import WaitlistEntry

    if entry.status != WaitlistEntry.Status.WAITING:
        return None
    ahead = WaitlistEntry.objects.filter(
        slot_id=entry.slot_id, status=WaitlistEntry.Status.WAITING, created__lte=entry.created
    ).exclude(created=entry.created, pk__gt=entry.pk)
    return ahead.count()
