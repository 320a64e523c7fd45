"""Workspace forms: shape and field validation only. The rules about places are the booking
services' call; each form's FormHelper lives here, not in the templates."""

from datetime import date, datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from booking.forms import BookingForm
from core import forms as core_forms
from core import ratelimit
from core.content_language import translated_fields
from core.formats import format_when
from tours.horizon import latest_day
from tours.models import Company, Slot, Tour
from tours.translation import CompanyTranslation, TourTranslation
from workspace.schedules import MAX_DAYS, MAX_SLOTS, PatternPlan, plan_starts

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def _helper(*fields, submit: str, **attrs) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit, css_class="w-100 w-sm-auto"))
    for key, value in attrs.items():
        setattr(helper, key, value)
    return helper


class RateLimitedLoginMixin:
    """Log-in attempts are limited per client address (every attempt) and per account
    (failed attempts only, so the right password costs nothing): core.ratelimit, `login`.
    Over either limit the form raises RateLimited, answered with the 429 page, and the
    password is not even checked (each check costs a PBKDF2 round)."""

    def clean(self):
        account = self.data.get("username", "")
        if self.request is not None:
            ratelimit.enforce(self.request, "login")
            ratelimit.enforce_target(self.request, "login", account, count=False)
        try:
            return super().clean()
        except forms.ValidationError as error:
            if self.request is not None and error.code == "invalid_login":
                ratelimit.enforce_target(self.request, "login", account, count=True)
            raise


class RateLimitedAdminLoginForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    """The admin's log-in (username), under the same limits as the workspace's."""


class EmailAuthenticationForm(RateLimitedLoginMixin, AuthenticationForm):
    """Django's log-in form, asking for the e-mail address instead of a username."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address and password do not match an account. Note that the password "
            "is case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("username", "password", submit=_("Log in"))


def _side_by_side(name: str) -> Row:
    """Danish, English and German beside each other on a wide screen, one under the other on
    a phone."""
    return Row(*(Column(field, css_class="col-lg-4") for field in translated_fields(name)))


def _label_languages(form: forms.ModelForm, names: tuple[str, ...], rows: int = 3) -> None:
    """ "Title (Danish)", "Title (English)": the model's label with the language's name; the
    English and German ones say that the Danish text is shown when they are empty."""
    languages = dict(settings.LANGUAGES)
    for name in names:
        label = form._meta.model._meta.get_field(name).verbose_name
        for field_name in translated_fields(name):
            field = form.fields[field_name]
            code = field_name.rsplit("_", 1)[1]
            field.label = f"{capfirst(label)} ({languages[code]})"
            if code != settings.LANGUAGE_CODE:
                field.help_text = _("Leave empty to show the Danish text.")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = rows


class TourForm(forms.ModelForm):
    """Every field of a tour. The company is chosen only when the user works for several."""

    # Durations as a number and a unit (2 days, not 2880 minutes); stored as before.
    duration = core_forms.DurationField(
        label=_("Duration"), units=("minutes", "hours"), min_minutes=15, max_minutes=24 * 60
    )
    booking_cutoff = core_forms.DurationField(
        label=_("Online booking closes before the start"),
        help_text=_("After that, visitors are asked to call you. You can still book by phone."),
        max_minutes=60 * 24 * 60,
    )
    cancellation_deadline = core_forms.DurationField(
        label=_("Visitors may change or cancel until, before the start"),
        max_minutes=60 * 24 * 60,
    )
    reminder_before = core_forms.DurationField(
        label=_("Reminder e-mail before the start"), max_minutes=14 * 24 * 60
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Tour
        formfield_callback = core_forms.formfield
        fields = [
            "company",
            "kind",
            *translated_fields("title"),
            *translated_fields("description"),
            *translated_fields("meeting_point"),
            *translated_fields("what_to_bring"),
            *translated_fields("parking"),
            *translated_fields("accessibility"),
            "languages",
            "duration",
            "price",
            "price_per",
            "min_group_size",
            "max_group_size",
            "online_max_places",
            "online_max_per_email",
            "booking_cutoff",
            "cancellation_deadline",
            "reminder_before",
            "published",
        ]
        help_texts = {
            "min_group_size": _("Group visits only: the smallest group you accept."),
            "max_group_size": _("Group visits only: the largest group you accept."),
        }

    # Where the meeting point is on the map when it is not at the company's own position.
    meeting_position = core_forms.PositionField(
        label=_("Meeting point on the map"),
        required=False,
        help_text=_(
            "Only if visitors meet somewhere other than the company's address: paste the link "
            "to the place from OpenStreetMap or Google Maps, or write the position. Empty: the "
            "company's position."
        ),
    )

    # Texts a visitor reads before coming: an English or German one needs the Danish one,
    # which every language falls back to (tours.visitor_info).
    VISITOR_TEXTS = ("what_to_bring", "parking", "accessibility")

    def __init__(self, *args, companies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if (
            self.instance.meeting_latitude is not None
            and self.instance.meeting_longitude is not None
        ):
            position = (self.instance.meeting_latitude, self.instance.meeting_longitude)
            self.initial.setdefault(
                "meeting_position", self.fields["meeting_position"].prepare_value(position)
            )
        self.fields["meeting_position"].widget.attrs["placeholder"] = "54.77640, 11.50120"
        company = self.fields["company"]
        company.queryset = companies
        if self.instance.pk:
            # A tour's bookings and slots belong to its company: it never changes hands.
            del self.fields["company"]
        elif len(companies) == 1:
            # Nothing to choose: the user's only company.
            self.instance.company = companies[0]
            del self.fields["company"]
        self.helper = _helper(
            *(["company"] if "company" in self.fields else []),
            "kind",
            _side_by_side("title"),
            _side_by_side("description"),
            "languages",
            Row(Column("duration"), Column("price"), Column("price_per")),
            Row(Column("min_group_size"), Column("max_group_size")),
            Row(Column("online_max_places"), Column("online_max_per_email")),
            Row(
                Column("booking_cutoff"), Column("cancellation_deadline"), Column("reminder_before")
            ),
            Fieldset(
                _("Before you come"),
                _side_by_side("meeting_point"),
                "meeting_position",
                _side_by_side("what_to_bring"),
                _side_by_side("parking"),
                _side_by_side("accessibility"),
            ),
            "published",
            submit=_("Save tour"),
        )
        _label_languages(self, TourTranslation.fields)
        for name in ("parking", "accessibility"):
            for field_name in translated_fields(name)[1:]:
                # Empty in English or German shows the tour's Danish text, or the company's.
                self.fields[field_name].help_text = _(
                    "Leave empty to show the Danish text, or the company's if that is empty too."
                )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_group_size"), data.get("max_group_size")
        if low and high and low > high:
            self.add_error(
                "min_group_size", _("The smallest group cannot be larger than the largest group.")
            )
        if data.get("kind") == Tour.Kind.OPEN:
            # Open tours are sold per person; group limits do not apply to them.
            data["min_group_size"] = data["max_group_size"] = 1
            self.instance.min_group_size = self.instance.max_group_size = 1
        # Set before the model's own validation runs on the instance; empty clears it.
        if "meeting_position" not in self.errors:
            position = data.get("meeting_position") or (None, None)
            self.instance.meeting_latitude, self.instance.meeting_longitude = position
        for name in self.VISITOR_TEXTS:
            danish, *others = translated_fields(name)
            if not data.get(danish) and any(data.get(other) for other in others):
                self.add_error(
                    danish,
                    _("Write the Danish text too: it is shown wherever a translation is missing."),
                )
        return data


class CompanyProfileForm(forms.ModelForm):
    class Meta:
        model = Company
        formfield_callback = core_forms.formfield
        fields = [
            "name",
            *translated_fields("description"),
            "address",
            "postal_code",
            "city",
            "municipality",
            "email",
            "phone",
            "website",
            *translated_fields("parking"),
            *translated_fields("accessibility"),
            *translated_fields("facilities"),
            "farm_kind",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for name in ("description", "parking", "accessibility", "facilities")
            for f in translated_fields(name)
        }

    position = core_forms.PositionField(
        label=_("Position on the map"),
        help_text=_(
            "Paste the link to the place from OpenStreetMap or Google Maps, or write the "
            "position as the map shows it. Example: 54.77640, 11.50120"
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.latitude is not None and self.instance.longitude is not None:
            position = (self.instance.latitude, self.instance.longitude)
            self.initial.setdefault("position", self.fields["position"].prepare_value(position))
        self.fields["position"].widget.attrs["placeholder"] = (
            "https://www.openstreetmap.org/#map=16/54.77640/11.50120"
        )
        self.helper = _helper(
            "name",
            _side_by_side("description"),
            Fieldset(
                _("Address"),
                "address",
                Row(Column("postal_code", css_class="col-sm-4"), Column("city")),
                "municipality",
                "position",
            ),
            Fieldset(_("Contact"), Row(Column("email"), Column("phone")), "website"),
            Fieldset(
                _("Visitor information"),
                _side_by_side("parking"),
                _side_by_side("accessibility"),
                _side_by_side("facilities"),
            ),
            # The photos have their own page (workspace:company_photos); the kind of farm
            # chooses the drawing shown until there is one.
            "farm_kind",
            submit=_("Save profile"),
        )
        _label_languages(self, CompanyTranslation.fields)

    def clean(self):
        data = super().clean()
        if data.get("position"):
            # Set before the model's own validation runs on the instance.
            self.instance.latitude, self.instance.longitude = data["position"]
        return data


class _LocalStartMixin:
    """A local date and time field pair, read as one aware start instant."""

    def local_start(self) -> datetime:
        day, at = self.cleaned_data["date"], self.cleaned_data["time"]
        return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time") and self.local_start() <= timezone.now():
            raise forms.ValidationError(_("A departure must start in the future."), code="past")
        return data


class SlotForm(_LocalStartMixin, forms.Form):
    date = core_forms.IsoDateField(label=_("Date"))
    time = core_forms.IsoTimeField(label=_("Start time"))
    capacity = core_forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)

    def __init__(self, *args, tour: Tour, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].initial = tour.max_group_size if tour.is_group else 20
        self.helper = _helper(
            Row(Column("date"), Column("time"), Column("capacity")), submit=_("Add departure")
        )


class MoveSlotForm(_LocalStartMixin, forms.Form):
    date = core_forms.IsoDateField(label=_("New date"))
    time = core_forms.IsoTimeField(label=_("New start time"))

    def __init__(self, *args, slot: Slot, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        local = timezone.localtime(slot.start)
        self.fields["date"].initial = local.date()
        self.fields["time"].initial = local.time()
        self.helper = _helper(
            Row(Column("date"), Column("time")), submit=_("Move and tell the visitors")
        )


class CapacityForm(forms.Form):
    capacity = core_forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)

    def __init__(self, *args, slot: Slot, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].initial = slot.capacity
        held = getattr(slot, "held", 0)  # set by the slot page: places held by open offers
        if held:
            # Held places count as booked (docs/waitlist.md): the capacity cannot go below both.
            self.fields["capacity"].help_text = _(
                "%(booked)d booked now, %(held)d of them held for waiting-list offers."
            ) % {"booked": slot.booked, "held": held}
        else:
            self.fields["capacity"].help_text = _("%(booked)d booked now.") % {
                "booked": slot.booked
            }
        self.helper = _helper(
            "capacity",
            submit=_("Change capacity"),
            form_action=reverse("workspace:slot_capacity", kwargs={"pk": slot.pk}),
        )


class BookingChangeForm(forms.Form):
    """Staff move one booking to another departure of the same tour and/or change its party
    size. The choices are a convenience; booking.services.booking_change decides."""

    slot = forms.TypedChoiceField(label=_("Departure"), coerce=int)
    party_size = core_forms.IntegerField(label=_("Number of people"), min_value=1, max_value=500)

    def __init__(self, *args, booking, targets: list[Slot], **kwargs) -> None:
        super().__init__(*args, **kwargs)

        def label(slot: Slot) -> str:
            return _("%(when)s (%(free)d free)") % {
                "when": format_when(slot.start, "short_date_year"),
                "free": slot.available,
            }

        current = _("%(when)s (now)") % {"when": format_when(booking.slot.start, "short_date_year")}
        self.fields["slot"].choices = [(booking.slot_id, current)] + [
            (slot.pk, label(slot)) for slot in targets
        ]
        self.fields["slot"].initial = booking.slot_id
        self.fields["party_size"].initial = booking.party_size
        self.helper = _helper("slot", "party_size", submit=_("Change the booking"))


class PatternForm(forms.Form):
    """A weekly pattern. `plan()` turns the valid form into a PatternPlan."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    times = core_forms.TimesField(
        label=_("Start times"),
        help_text=_("One or more, as you write them: 10, 14.30 or 10:00, 14:30"),
    )
    first_day = core_forms.IsoDateField(label=_("First day"))
    last_day = core_forms.IsoDateField(label=_("Last day"))
    closures = core_forms.DateRangesField(
        label=_("Closed days"),
        help_text=_(
            "Days without departures, e.g. holidays or a harvest week: a single day, or from "
            "and to. Two empty rows are added each time you preview."
        ),
    )
    capacity = core_forms.IntegerField(
        label=_("Places per departure"), min_value=1, max_value=10000
    )

    def __init__(self, *args, tour: Tour, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tour = tour
        if not self.is_bound and "capacity" not in self.initial:
            self.fields["capacity"].initial = tour.max_group_size if tour.is_group else 20
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template adds preview and confirm buttons
        self.helper.layout = Layout(
            Field("weekdays", css_class="form-check-inline"),
            "times",
            Row(Column("first_day"), Column("last_day")),
            "closures",
            "capacity",
        )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day must be on or after the first day."))
            elif (last - first).days >= MAX_DAYS:
                self.add_error("last_day", _("A pattern can span at most a year."))
            elif last < timezone.localdate():
                self.add_error("last_day", _("The last day has already passed."))
            elif last > latest_day():
                self.add_error("last_day", _("Plan at most five years ahead."))
        if not self.errors and len(plan_starts(self.plan(), timezone.get_current_timezone())) > (
            MAX_SLOTS
        ):
            raise forms.ValidationError(
                _("This pattern would open more than %(max)d departures."),
                params={"max": MAX_SLOTS},
            )
        return data

    def plan(self) -> PatternPlan:
        data = self.cleaned_data
        return PatternPlan(
            weekdays=tuple(data["weekdays"]),
            times=tuple(data["times"]),
            first_day=data["first_day"],
            last_day=data["last_day"],
            closures=tuple(data["closures"]),
            capacity=data["capacity"],
        )

    @staticmethod
    def initial_from(plan: PatternPlan) -> dict:
        return {
            "weekdays": list(plan.weekdays),
            "times": ", ".join(t.strftime("%H:%M") for t in plan.times),
            "first_day": plan.first_day,
            "last_day": plan.last_day,
            "closures": list(plan.closures),
            "capacity": plan.capacity,
        }


class PhoneFindForm(forms.Form):
    """Which departure a caller wants: a tour and a day (a GET form; nothing is written)."""

    tour = forms.ModelChoiceField(label=_("Tour"), queryset=Tour.objects.none())
    day = core_forms.IsoDateField(label=_("Date"))

    def __init__(self, *args, tours, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = tours
        self.fields["tour"].empty_label = None
        self.fields["day"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("tour", css_class="col-md-7"), Column("day", css_class="col-md-5")),
            Submit("find", _("Show departures"), css_class="w-100 w-sm-auto"),
        )

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."), code="past")
        if day > latest_day():
            raise forms.ValidationError(_("Plan at most five years ahead."), code="horizon")
        return day


class PhoneBookingForm(BookingForm):
    """The visitor booking form, worded for staff taking a booking on the phone."""

    def __init__(self, *args, slot: Slot, **kwargs) -> None:
        super().__init__(*args, slot=slot, **kwargs)
        self.fields["name"].label = _("Visitor's name")
        email = self.fields["email"]
        email.label = _("Visitor's e-mail")
        email.required = False
        email.help_text = _(
            "If the caller has one, they get the confirmation and calendar invitation there. "
            "Without it, read them the booking reference at the end of the call."
        )
        phone = self.fields["phone"]
        phone.label = _("Visitor's phone")
        phone.help_text = _("Needed when there is no e-mail address, so you can reach them.")
        self.fields["language"].label = _("Visitor's language")
        self.fields["note"].label = _("Note")
        self.fields["note"].help_text = _("Only your company sees this note.")
        self.helper.layout[-1] = Submit("submit", _("Book for the visitor"), css_class="w-100")

    def clean(self):
        data = super().clean()
        # The contact rule is core.contact's; said here too so both fields keep what was typed.
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error(
                "phone",
                _("Enter the visitor's e-mail address or phone number, so they can be reached."),
            )
        return data


class CheckInForm(forms.Form):
    """How many of the party came: the whole party unless staff say otherwise (3 of 4)."""

    def __init__(self, *args, booking, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arrived"] = forms.IntegerField(
            label=_("People who came"),
            min_value=1,
            max_value=booking.party_size,
            initial=booking.party_size,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
        )


# The longest period the figures page answers for: three years of months fit its charts.
FIGURES_MAX_DAYS = 3 * 366


class FiguresPeriodForm(forms.Form):
    """The period of the figures: from and to (both days included)."""

    first = core_forms.IsoDateField(label=_("From"))
    last = core_forms.IsoDateField(label=_("To"))

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                raise forms.ValidationError(_("The period must end on or after its first day."))
            if (last - first).days > FIGURES_MAX_DAYS:
                raise forms.ValidationError(_("Please choose a period of at most three years."))
        return data
