"""Visitor lists as CSV, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.models import Booking
from core.spreadsheet import csv_safe


def _local(moment) -> str:
    return "" if moment is None else f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def visitors_csv(bookings: Iterable[Booking], filename: str) -> HttpResponse:
    """The visitor list as a UTF-8 CSV download (with a BOM, so Excel reads æøå right)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Start"),
            _("Tour"),
            _("Name"),
            _("Number of people"),
            _("Phone"),
            _("E-mail"),
            _("Language"),
            _("Organisation"),
            _("Note"),
            _("Reference"),
            _("Arrived"),
            _("Checked in"),
            _("Did not come"),
        ]
    )
    for booking in bookings:
        start = timezone.localtime(booking.slot.start)
        writer.writerow(
            [
                csv_safe(f"{start:%Y-%m-%d %H:%M}"),
                csv_safe(booking.slot.tour.title),
                csv_safe(booking.name),
                booking.party_size,
                csv_safe(booking.phone),
                csv_safe(booking.email),
                csv_safe(booking.language),
                csv_safe(booking.organisation),
                csv_safe(booking.note),
                csv_safe(booking.display_reference),
                "" if booking.arrived is None else booking.arrived,
                _local(booking.checked_in_at),
                _local(booking.no_show_at),
            ]
        )
    return response
