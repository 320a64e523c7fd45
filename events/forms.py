"""Shapes of the organiser's and participants' input. Whether a stop or a registration is
possible is the services' call."""

import copy
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from core.addresses import validate_email_address
from core.contact import MAX_PARTY_SIZE, VisitorData
from events.models import Event
from events.services import StopData
from tours.horizon import day_in_horizon
from tours.models import Company

DEFAULT_STOP_LENGTH = timedelta(hours=1, minutes=30)


def local_datetime(day: date, moment: time) -> datetime:
    """A wall-clock time in Copenhagen as an aware datetime (stored as UTC)."""
    return datetime.combine(day, moment, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _in_other_languages(form: forms.Form, names: tuple[str, ...]) -> None:
    """Adds the English and German fields beside each Danish text field `name` (`name_en`,
    `name_de`; docs/i18n.md) and names the language in every label."""
    languages = dict(settings.LANGUAGES)
    for name in names:
        danish = form.fields[name]
        label = danish.label
        danish.label = f"{label} ({languages['da']})"
        for code in ("en", "de"):
            field = copy.deepcopy(danish)
            field.required = False
            field.label = f"{label} ({languages[code]})"
            field.help_text = _("Leave empty to show the Danish text.")
            form.fields[f"{name}_{code}"] = field


def _side_by_side(name: str) -> Row:
    return Row(*(Column(f, css_class="col-lg-4") for f in (name, f"{name}_en", f"{name}_de")))


class EventForm(forms.Form):
    """The event's details. `title`, `description` and `meeting_point` are the Danish texts;
    their English and German fields are added beside them."""

    TEXTS = ("title", "description", "meeting_point")

    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity = core_forms.IntegerField(label=_("Participant places"), min_value=1, max_value=5000)
    registration_deadline = core_forms.IsoDateTimeField(label=_("Registration closes"))
    meeting_point = forms.CharField(label=_("Meeting point"), max_length=200)
    travel = forms.ChoiceField(label=_("Participants travel by"), choices=Event.Travel.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _in_other_languages(self, self.TEXTS)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            _side_by_side("title"),
            _side_by_side("description"),
            "capacity",
            "registration_deadline",
            _side_by_side("meeting_point"),
            "travel",
        )
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_registration_deadline(self):
        deadline = self.cleaned_data["registration_deadline"]
        if not day_in_horizon(timezone.localtime(deadline).date()):
            raise forms.ValidationError(_("Plan at most five years ahead."))
        return deadline

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        texts = {
            f"{name}{suffix}": getattr(event, f"{name}_{code}") or ""
            for name in cls.TEXTS
            for code, suffix in (("da", ""), ("en", "_en"), ("de", "_de"))
        }
        return {
            **texts,
            "capacity": event.capacity,
            "registration_deadline": timezone.localtime(event.registration_deadline),
            "travel": event.travel,
        }


class StopForm(forms.Form):
    stop_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.order_by("name"), required=False
    )
    # Machine-format widgets: a localised value (15.12.2026) is refused by the browser.
    day = core_forms.IsoDateField(label=_("Date"))
    start_time = core_forms.IsoTimeField(label=_("From"))
    end_time = core_forms.IsoTimeField(label=_("To"))
    activity = forms.CharField(
        label=_("What happens"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _in_other_languages(self, ("activity",))
        self.proposing = proposing
        # An empty extra row is not an error; a row with a company must have its times.
        for name in ("day", "start_time", "end_time"):
            self.fields[name].required = False

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day is not None and not day_in_horizon(day):
            raise forms.ValidationError(_("Plan at most five years ahead."))
        return day

    def clean(self):
        data = super().clean()
        if self.proposing:
            return data
        if data.get("company") and not all(data.get(n) for n in ("day", "start_time", "end_time")):
            raise forms.ValidationError(_("Give the stop a date, a start and an end."))
        return data

    def stop_data(self) -> StopData | None:
        data = self.cleaned_data
        if not data.get("company") or data.get("DELETE"):
            return None
        return StopData(
            company=data["company"],
            start=local_datetime(data["day"], data["start_time"]),
            end=local_datetime(data["day"], data["end_time"]),
            activity=data.get("activity", ""),
            activity_en=data.get("activity_en", ""),
            activity_de=data.get("activity_de", ""),
            stop_id=data.get("stop_id"),
        )

    @staticmethod
    def initial_for(stop) -> dict:
        start, end = timezone.localtime(stop.start), timezone.localtime(stop.end)
        return {
            "stop_id": stop.pk,
            "company": stop.company_id,
            "day": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "activity": stop.activity_da or "",
            "activity_en": stop.activity_en or "",
            "activity_de": stop.activity_de or "",
        }


MAX_STOPS = 12
StopFormSet = forms.formset_factory(
    StopForm, extra=1, can_delete=True, max_num=MAX_STOPS, validate_max=True, absolute_max=MAX_STOPS
)


class RegistrationForm(forms.Form):
    party_size = core_forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=MAX_PARTY_SIZE, initial=1
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        validators=[validate_email_address],
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation and the calendar invitation here."),
    )
    organisation = forms.CharField(
        label=_("Company or organisation"), max_length=150, required=False
    )
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, full: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "da")[:2]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("party_size"),
            Field("name"),
            Field("email"),
            Field("organisation"),
            Field("language"),
        )
        label = _("Join the waiting list") if full else _("Register")
        self.helper.add_input(Submit("submit", label, css_class="btn-lg w-100"))

    def visitor(self) -> VisitorData:
        # The registration asks for no phone number and no message to the company.
        return VisitorData.from_mapping(self.cleaned_data, with_phone_and_note=False)
