"""The figures as CSV and as XLSX (openpyxl): the table per company with the cluster's total,
and the table month by month beside the year before. Counts only, no personal data."""

import csv
import io

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheet import FORMULA_START, csv_safe
from figures.selectors import Figures, Overview


def company_header() -> list[str]:
    return [
        _("Company"),
        _("Visitors booked"),
        _("Bookings"),
        _("Arrived"),
        _("No-shows"),
        _("Cancellations"),
        _("Places offered"),
        _("Departures"),
        _("Occupancy (%)"),
        _("Group visits: visitors"),
        _("Open tours: visitors"),
        *[_("Language: %(language)s") % {"language": name} for _code, name in settings.LANGUAGES],
        _("Relay participants"),
        _("Lead time (days)"),
    ]


def company_row(figures: Figures, name: str) -> list:
    occupancy = None if figures.occupancy is None else round(figures.occupancy * 100, 1)
    lead = None if figures.lead_days is None else round(figures.lead_days, 1)
    return [
        name,
        figures.visitors,
        figures.bookings,
        figures.arrived,
        figures.no_shows,
        figures.cancellations,
        figures.places_offered,
        figures.departures,
        occupancy,
        figures.group_visitors,
        figures.open_visitors,
        *[figures.languages.get(code, 0) for code, _name in settings.LANGUAGES],
        figures.relay_participants,
        lead,
    ]


def month_header() -> list[str]:
    return [
        _("Month"),
        _("Visitors booked"),
        _("Visitors booked, year before"),
        _("Arrived"),
        _("Arrived, year before"),
        _("No-shows"),
        _("No-shows, year before"),
    ]


def tables(overview: Overview) -> tuple[list[list], list[list]]:
    """The two tables, header first: per company (and the cluster's total), and per month."""
    companies = [company_header()]
    companies += [company_row(f, f.name) for f in overview.companies]
    companies.append(company_row(overview.total, _("Total")))
    months = [month_header()]
    months += [
        [
            m.month.strftime("%Y-%m"),
            m.visitors,
            m.visitors_before,
            m.arrived,
            m.arrived_before,
            m.no_shows,
            m.no_shows_before,
        ]
        for m in overview.months
    ]
    return companies, months


def as_csv(overview: Overview) -> bytes:
    """Both tables in one UTF-8 CSV (with a BOM, so Excel reads æøå), a blank row between."""
    companies, months = tables(overview)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in [*companies, [], *months]:
        writer.writerow(
            ["" if v is None else csv_safe(v) if isinstance(v, str) else v for v in row]
        )
    return out.getvalue().encode()


def _csv_cell(value):
    if value is None:
        return ""
    return csv_safe(value) if isinstance(value, str) else value


def as_xlsx(overview: Overview) -> bytes:
    """A workbook with a sheet per table; numbers stay numbers, text stays text."""
    companies, months = tables(overview)
    book = Workbook()
    first = book.active
    first.title = _("Companies")[:31]
    for sheet, rows in ((first, companies), (book.create_sheet(_("Months")[:31]), months)):
        for row in rows:
            sheet.append([_cell(v) for v in row])
            if sheet.max_row > 1 and isinstance(row[0], str) and row[0] == _("Total"):
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    # openpyxl stores a string that starts with "=" as a formula; a company named "=1+1" is
    # text, so it is kept as text the way the CSV does.
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
