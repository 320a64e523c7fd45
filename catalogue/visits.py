"""The links of the visits page, all plain addresses built from the current one: each active
filter as a chip that removes it, the quick choices of days, the pages of results, and the
suggestions when nothing matches (docs/finding.md)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.forms import PARAMETERS, VisitFilterForm
from catalogue.visit_selectors import VisitFilters
from core.formats import RANGE_DASH, format_day, weekday_choices


@dataclass(frozen=True)
class Link:
    text: str
    query: str  # "?date=...", or "" for the bare page
    label: str = ""  # what the link's text is about (a chip's filter), for screen readers
    current: bool = False


def _query(params: QueryDict, *, drop=(), **values) -> str:
    """The address's query with `drop` removed, `values` set and the page reset; only our
    own parameters, in a fixed order."""
    query = QueryDict(mutable=True)
    for name in PARAMETERS:
        if name in drop or name in values:
            continue
        for value in params.getlist(name):
            if value:
                query.appendlist(name, value)
    for name, value in values.items():
        if value not in (None, ""):
            query[name] = value
    text = query.urlencode()
    return f"?{text}" if text else ""


def _days(first: date, last: date) -> str:
    if first == last:
        return format_day(first, "short_date")
    return f"{format_day(first, 'short_date')} {RANGE_DASH} {format_day(last, 'short_date')}"


def chips(params: QueryDict, form: VisitFilterForm, filters: VisitFilters) -> list[Link]:
    """One removable chip per filter in force."""
    found = []
    if filters.text:
        quoted = _("“%(text)s”") % {"text": filters.text}
        found.append(Link(quoted, _query(params, drop=("q",)), _("Search")))
    if filters.first_day or filters.last_day:
        first, last = filters.first_day, filters.last_day
        if first and last:
            text = _days(first, last)
        elif first:
            text = _("From %(day)s") % {"day": format_day(first, "short_date")}
        else:
            text = _("Until %(day)s") % {"day": format_day(last, "short_date")}
        found.append(Link(text, _query(params, drop=("date", "until")), _("Date")))
    if filters.weekdays:
        names = [name for day, name in weekday_choices() if day in filters.weekdays]
        found.append(Link(", ".join(names), _query(params, drop=("day",)), _("Days of the week")))
    if filters.party_size:
        text = ngettext("%(n)s person", "%(n)s people", filters.party_size) % {
            "n": filters.party_size
        }
        found.append(Link(text, _query(params, drop=("people",)), _("Number of people")))
    for name, value in (
        ("kind", filters.kind),
        ("area", filters.municipality),
        ("language", filters.language),
    ):
        if value:
            shown = dict(form.fields[name].choices).get(value, value)
            label = str(form.fields[name].label)
            found.append(Link(str(shown), _query(params, drop=(name,)), label))
    return found


def quick_days(params: QueryDict, filters: VisitFilters) -> list[Link]:
    """Today, tomorrow, this weekend and the next seven days, keeping the other filters."""
    today = timezone.localdate()
    if today.weekday() == 6:
        weekend = (today, today)  # Sunday: what is left of this weekend
    else:
        saturday = today + timedelta(days=5 - today.weekday())
        weekend = (saturday, saturday + timedelta(days=1))
    choices = (
        (_("Today"), today, today),
        (_("Tomorrow"), today + timedelta(days=1), today + timedelta(days=1)),
        (_("This weekend"), *weekend),
        (_("Next 7 days"), today, today + timedelta(days=6)),
    )
    asked = (filters.first_day, filters.last_day)
    links = []
    for text, first, last in choices:
        until = last.isoformat() if last != first else None
        query = _query(params, drop=("until",), date=first.isoformat(), until=until)
        links.append(Link(text, query, current=asked == (first, last)))
    return links


def pages(params: QueryDict, page: Page) -> dict:
    """The previous and next pages' addresses (None at either end)."""
    previous = next_ = None
    if page.has_previous():
        number = page.previous_page_number()
        previous = _query(params, page=number if number > 1 else None)
    if page.has_next():
        next_ = _query(params, page=page.next_page_number())
    return {"previous": previous, "next": next_}


def visit_links(
    params: QueryDict, form: VisitFilterForm, filters: VisitFilters, page: Page
) -> dict:
    return {
        "chips": chips(params, form, filters),
        "quick_days": quick_days(params, filters),
        "pages": pages(params, page),
        "book_query": f"?people={filters.party_size}" if filters.party_size else "",
        "tour_query": f"?from={filters.first_day.isoformat()}" if filters.first_day else "",
    }
