"""The visitor's filters for finding a visit (docs/finding.md): a GET form, so every search is
a plain address that can be shared, bookmarked and opened without JavaScript."""

import re

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.visit_selectors import VisitFilters
from core import forms as core_forms
from core.contact import MAX_PARTY_SIZE
from core.formats import weekday_choices
from tours.horizon import latest_day
from tours.models import Tour

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The query parameters a search is made of, in the order a shared address lists them.
PARAMETERS = ("q", "date", "until", "day", "people", "kind", "area", "language")


class VisitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. strawberries, apples, honey")}
        ),
    )
    date = core_forms.IsoDateField(
        label=_("Date"), required=False, help_text=_("Or the first day, with a last day.")
    )
    until = core_forms.IsoDateField(label=_("Last day"), required=False)
    day = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    people = core_forms.IntegerField(
        label=_("Number of people"), required=False, min_value=1, max_value=MAX_PARTY_SIZE
    )
    kind = forms.ChoiceField(label=_("Kind of visit"), required=False)
    area = forms.ChoiceField(label=_("Municipality"), required=False)
    language = forms.ChoiceField(label=_("Language of the tour"), required=False)

    def __init__(
        self, *args, municipalities: list[str] = (), compact: bool = False, **kwargs
    ) -> None:
        """`compact`: the home page's short form (one day, no hint about ranges)."""
        super().__init__(*args, **kwargs)
        if compact:
            self.fields["date"].help_text = ""
        self.fields["day"].choices = weekday_choices()
        self.fields["kind"].choices = [("", _("Any kind")), *Tour.Kind.choices]
        self.fields["area"].choices = [("", _("Anywhere")), *((m, m) for m in municipalities)]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]
        for name in ("date", "until"):
            widget = self.fields[name].widget
            widget.attrs.update(min=timezone.localdate().isoformat(), max=latest_day().isoformat())
        self.fields["people"].widget.attrs.update(inputmode="numeric")
        self.fields["day"].widget.attrs.update({"class": "btn-check"})

    def clean_date(self):
        return self._day("date")

    def clean_until(self):
        return self._day("until")

    def _day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(
                _("That day has passed. Choose today or a later day."), code="past"
            )
        if day > latest_day():
            raise forms.ValidationError(
                _("Tours are not planned that far ahead. Choose an earlier day."), code="far"
            )
        return day

    def clean(self):
        data = super().clean()
        first, last = data.get("date"), data.get("until")
        if first and last and last < first:
            self.add_error("until", _("The last day is before the first day."))
        return data

    def _forget_unreadable_days(self) -> None:
        """A date input shows only an ISO date (2026-12-15); anything else typed into a link
        is shown back empty, with its message, rather than as a value the browser drops."""
        for name in ("date", "until"):
            if name in self.errors and not ISO_DAY.fullmatch(self.data.get(name, "")):
                self.data = self.data.copy()
                self.data[name] = ""

    def filters(self) -> VisitFilters:
        """What the valid fields ask for. A field that does not validate is left out (and its
        message shown), so a bad date in a shared link still lists what the rest asks."""
        if not self.is_bound:
            return VisitFilters()
        self.is_valid()
        self._forget_unreadable_days()
        data = self.cleaned_data
        first, last = data.get("date"), data.get("until")
        if first and not last and "until" not in self.errors:
            last = first  # one day
        return VisitFilters(
            first_day=first,
            last_day=last,
            weekdays=frozenset(data.get("day") or ()),
            kind=data.get("kind") or "",
            municipality=data.get("area") or "",
            language=data.get("language") or "",
            party_size=data.get("people"),
            text=(data.get("q") or "").strip(),
        )

    def normalised_query(self) -> QueryDict | None:
        """The search as its valid fields read it, in PARAMETERS' order and nothing else
        (`q` stripped, days in ISO, weekdays sorted once each, `people=04` as 4): the key the
        visits page's content is cached under, so every address that asks the same thing
        shares one copy and text added to an address makes none. None when a field has an
        error: that page shows the address's own values back, and is not cached."""
        query = QueryDict(mutable=True)
        if not self.is_bound:
            return query
        if not self.is_valid():
            return None
        data = self.cleaned_data
        values = {
            "q": (data.get("q") or "").strip(),
            "date": data["date"].isoformat() if data.get("date") else "",
            "until": data["until"].isoformat() if data.get("until") else "",
            "day": [str(day) for day in sorted(set(data.get("day") or ()))],
            "people": str(data["people"]) if data.get("people") else "",
            "kind": data.get("kind") or "",
            "area": data.get("area") or "",
            "language": data.get("language") or "",
        }
        for name in PARAMETERS:
            value = values[name]
            for item in value if isinstance(value, list) else [value]:
                if item:
                    query.appendlist(name, item)
        return query
