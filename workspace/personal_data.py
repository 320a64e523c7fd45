"""One person's personal data across every company, for the cluster coordinator (docs/
privacy.md): found by e-mail address, exported (JSON or CSV, GDPR art. 15 and 20) and erased
(art. 17) in one step. The erasure is the retention's own (booking.retention,
events.retention): names and contacts go, the figures stay."""

import csv
import io

from django.db.models import QuerySet
from django.utils import timezone

from booking import retention
from booking.models import Booking, WaitlistEntry
from events import retention as event_retention
from events.models import Registration

FIELDS = ["kind", "company", "what", "when", "party_size", "status", "name", "email", "phone",
          "organisation", "note", "language", "created"]  # fmt: skip


def _bookings(email: str) -> QuerySet[Booking]:
    return Booking.objects.filter(email__iexact=email, anonymised_at__isnull=True).select_related(
        "slot__tour__company"
    )


def _entries(email: str) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(
        email__iexact=email, anonymised_at__isnull=True
    ).select_related("slot__tour__company")


def _registrations(email: str) -> QuerySet[Registration]:
    return Registration.objects.filter(
        email__iexact=email, anonymised_at__isnull=True
    ).select_related("event")


def personal_data_find(*, email: str) -> list[dict]:
    """Every row holding this address, as plain values (three queries)."""
    email = email.strip()
    if not email:
        return []
    rows = []
    for kind, items in (("booking", _bookings(email)), ("waiting list", _entries(email))):
        for item in items:
            rows.append(
                {
                    "kind": kind,
                    "company": item.slot.tour.company.name,
                    "what": item.slot.tour.title,
                    "when": timezone.localtime(item.slot.start).isoformat(),
                    "party_size": item.party_size,
                    "status": item.status,
                    "name": item.name,
                    "email": item.email,
                    "phone": item.phone,
                    "organisation": item.organisation,
                    "note": item.note,
                    "language": item.language,
                    "created": timezone.localtime(item.created).isoformat(),
                }
            )
    for registration in _registrations(email):
        rows.append(
            {
                "kind": "event registration",
                "company": "",
                "what": registration.event.title,
                "when": "",
                "party_size": registration.party_size,
                "status": registration.status,
                "name": registration.name,
                "email": registration.email,
                "phone": "",
                "organisation": registration.organisation,
                "note": "",
                "language": registration.language,
                "created": timezone.localtime(registration.created).isoformat(),
            }
        )
    return rows


def personal_data_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        # A spreadsheet must not run what a visitor typed (CSV injection).
        writer.writerow(
            {k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v)
             for k, v in row.items()}
        )  # fmt: skip
    return out.getvalue()


def personal_data_erase(*, email: str) -> dict[str, int]:
    """Erases this person's data everywhere now (mails still owed to them are skipped);
    returns how many rows of each kind."""
    email = email.strip()
    if not email:
        return {"bookings": 0, "waitlist_entries": 0, "registrations": 0}
    return {
        "bookings": retention.bookings_anonymise(bookings=_bookings(email)),
        "waitlist_entries": retention.entries_anonymise(entries=_entries(email)),
        "registrations": event_retention.registrations_anonymise(
            registrations=_registrations(email)
        ),
    }
