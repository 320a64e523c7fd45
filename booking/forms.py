import uuid

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from booking import errors
from booking.models import Booking
from core import forms as core_forms
from core.addresses import validate_email_address
from core.contact import MAX_PARTY_SIZE, VisitorData
from tours import pricing
from tours.models import Slot

# The live total's table of labels stops here; a larger party sees the price per person
# until the server's answer (its limits are far below for an online booking).
LIVE_TOTAL_MOST = 100


class VisitorContactForm(forms.Form):
    """The visitor's contact details, the fields of core.contact.VisitorData: their labels,
    limits and browser hints, and the VisitorData they clean to. The booking form (with its
    waiting-list and phone forms) and the day plan's form add their own fields and may word a
    label or help text for their case; `contact_layout()` places the fields in their order."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        validators=[validate_email_address],
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation and the calendar invitation here."),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        help_text=_("So the company can reach you on the day."),
    )
    organisation = forms.CharField(
        label=_("School, association or company"), max_length=150, required=False
    )
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=settings.LANGUAGES)
    note = forms.CharField(
        label=_("Message to the company"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # In the order every form shows them.
    CONTACT_FIELDS = ("name", "email", "phone", "organisation", "language", "note")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "da")[:2]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def contact_layout(self) -> list[Field]:
        return [Field(name) for name in self.CONTACT_FIELDS]

    def visitor(self) -> VisitorData:
        return VisitorData.from_mapping(self.cleaned_data)


class BookingForm(VisitorContactForm):
    """The visitor's details. Shape only: whether the slot has room is the service's call."""

    # The price and the party's total under the number of people (price_block).
    shows_total = True
    # The number of people first, then the contact fields, then the hidden ones.
    field_order = ["party_size"]

    party_size = core_forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=MAX_PARTY_SIZE
    )
    # Made when the form is shown; a second submission of the same form is the same booking.
    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, slot: Slot, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tour = slot.tour
        self.fields["submission_id"].initial = uuid.uuid4()
        size = self.fields["party_size"]
        if tour.is_group:
            size.min_value, size.max_value = tour.min_group_size, tour.max_group_size
            size.initial = tour.min_group_size
            size.label = _("Number of people in the group")
            size.help_text = _("From %(min)d to %(max)d people.") % {
                "min": tour.min_group_size,
                "max": tour.max_group_size,
            }
            self.fields["organisation"].required = True
        else:
            size.initial = min(2, max(slot.available, 1))
        self.slot = slot
        size.validators = []
        # The browser's hint for a group's fixed range. An open tour gets no `max`: the browser
        # would refuse 30 on 25 places in its own words, with no way to the waiting list; the
        # server answers with the places left and the waiting-list choice (offer_waitlist).
        if tour.is_group:
            size.widget.attrs["max"] = size.max_value
        else:
            size.widget.attrs.pop("max", None)
        size.widget.attrs["min"] = size.min_value
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": "true"}
        self.helper.layout = Layout(
            Field("party_size"),
            *([HTML(self.price_block())] if self.shows_total else []),
            *self.contact_layout(),
            Field("submission_id"),
            Submit("submit", _("Book"), css_class="btn-lg w-100"),
        )

    def price_block(self) -> str:
        """The price, and the total for the party as its size changes (static/js/total.js
        shows the label the server wrote for each size, tours.pricing). Without the script
        the price and a note say the total comes on the confirmation, which shows it."""
        tour = self.slot.tour
        price = pricing.Price.of(tour)
        label = pricing.price_label(price)
        if price.is_free or price.per_group:
            # Nothing changes with the party size: the price is the total.
            return format_html(
                '<p class="booking-price mb-3" data-testid="form-price">{}: <strong>{}</strong>'
                "</p>",
                _("Price") if price.is_free else _("Total"),
                label,
            )
        field = self.fields["party_size"]
        if tour.is_group:
            low, high = field.min_value, field.max_value
        else:
            low, high = 1, tour.online_limits[0]
        sizes = range(low, min(high, low + LIVE_TOTAL_MOST - 1) + 1)
        table_id = f"totals-{self.slot.pk}"
        return format_html(
            '<div class="booking-total mb-3" data-live-total="{}" data-fallback="{}" '
            'data-testid="form-total">{}'
            '<p class="mb-0">{}: <strong>{}</strong></p>'
            '<p class="mb-0 fs-5" data-total-live hidden>{}: '
            '<output class="fw-semibold" for="id_party_size" aria-live="polite" data-total>'
            "</output></p>"
            '<p class="small text-body-secondary mb-0" data-total-nojs>{}</p></div>',
            table_id,
            label,
            json_script(pricing.totals_by_size(price, sizes), table_id),
            _("Price"),
            label,
            _("Total"),
            _("The total for your party is on the confirmation. Paid on arrival."),
        )

    def clean_party_size(self) -> int:
        value = self.cleaned_data["party_size"]
        field = self.fields["party_size"]
        left = self.slot.available
        if not self.slot.tour.is_group and value > field.max_value and left < value:
            # 5000 on a departure with 25 left: the limit that matters is the places left.
            error = errors.NotEnoughPlaces(left) if left else errors.SlotFull()
            raise forms.ValidationError(error.text, code=error.code)
        return self._in_range(value)

    def _in_range(self, value: int) -> int:
        field = self.fields["party_size"]
        if value < field.min_value or value > field.max_value:
            raise forms.ValidationError(
                _("Choose between %(min)d and %(max)d people."),
                code="party_size_invalid",
                params={"min": field.min_value, "max": field.max_value},
            )
        return value

    def offer_waitlist(self, *, party_size: int) -> None:
        """After a refusal for want of places: the same form (what was typed is kept) gets a
        second button that puts the party, at the size asked, on the waiting list."""
        count = {"count": party_size}
        self.waitlist_size = party_size
        self.helper.layout.append(
            Div(
                HTML(
                    format_html(
                        '<p class="mb-2">{}</p>',
                        ngettext(
                            "Or wait for a place: if one frees up, we offer it in the order "
                            "people joined the waiting list.",
                            "Or wait for %(count)d places: if they free up, we offer them in "
                            "the order people joined the waiting list.",
                            party_size,
                        )
                        % count,
                    )
                ),
                StrictButton(
                    ngettext(
                        "Join the waiting list for %(count)d person",
                        "Join the waiting list for %(count)d people",
                        party_size,
                    )
                    % count,
                    type="submit",
                    name="waitlist",
                    value="1",
                    formaction=reverse("booking:waitlist_join", kwargs={"slot_id": self.slot.pk}),
                    css_class="btn-outline-primary w-100",
                ),
                css_class="border-top mt-3 pt-3",
                css_id="waitlist-choice",
            )
        )


class WaitlistForm(BookingForm):
    """The same details as a booking, to wait for places on a full slot."""

    shows_total = False  # the waiting list's page and offer show it, at the price then

    def __init__(self, *args, slot: Slot, **kwargs) -> None:
        super().__init__(*args, slot=slot, **kwargs)
        size = self.fields["party_size"]
        if not slot.tour.is_group:
            size.max_value = max(1, min(MAX_PARTY_SIZE, slot.capacity))
            size.widget.attrs["max"] = size.max_value
            size.initial = min(2, size.max_value)
        self.fields["email"].help_text = _(
            "If places free up, we offer them to you here, in the order people joined."
        )
        self.helper.form_action = reverse("booking:waitlist_join", kwargs={"slot_id": slot.pk})
        self.helper.layout[-1] = Submit(
            "submit", _("Join the waiting list"), css_class="btn-lg w-100"
        )

    def clean_party_size(self) -> int:
        value = self.cleaned_data["party_size"]
        limit = self.fields["party_size"].max_value
        if not self.slot.tour.is_group and value > limit:
            # Waiting for more places than the departure has would be waiting for ever.
            error = errors.PartyLargerThanSlot(limit)
            raise forms.ValidationError(error.text, code=error.code)
        return self._in_range(value)


class PartySizeForm(forms.Form):
    party_size = core_forms.IntegerField(label=_("Number of people"), min_value=1)

    def __init__(self, *args, booking: Booking, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tour, slot = booking.slot.tour, booking.slot
        size = self.fields["party_size"]
        size.initial = booking.party_size
        if tour.is_group:
            low, high = tour.min_group_size, tour.max_group_size
        else:
            low, high = 1, max(1, min(MAX_PARTY_SIZE, slot.available + booking.party_size))
        size.validators = []
        size.min_value, size.max_value = low, high
        size.widget.attrs.update({"min": low, "max": high})
        size.help_text = _("From %(min)d to %(max)d people.") % {"min": low, "max": high}
        self.helper = FormHelper()
        self.helper.form_action = reverse("booking:resize", kwargs={"token": booking.token})
        self.helper.layout = Layout(
            Field("party_size"),
            StrictButton(
                _("Change the number of people"), type="submit", css_class="btn-outline-primary"
            ),
        )

    def clean_party_size(self) -> int:
        value = self.cleaned_data["party_size"]
        field = self.fields["party_size"]
        if not field.min_value <= value <= field.max_value:
            raise forms.ValidationError(
                _("Choose between %(min)d and %(max)d people."),
                code="party_size_invalid",
                params={"min": field.min_value, "max": field.max_value},
            )
        return value


class MoveForm(forms.Form):
    """The departure a visitor moves to, as the move page's confirmation sends it
    (templates/booking/move.html). Shape only: whether it can take the party now is the
    booking service's call, under the lock."""

    slot = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class LostLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail you booked with"), max_length=254)
    reference = forms.CharField(
        label=_("Booking reference"),
        max_length=20,
        help_text=_("Eight letters and digits, e.g. K7MQ-4PX9. It is in your confirmation."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["reference"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("email"),
            Field("reference"),
            Submit("submit", _("Send me the link"), css_class="btn-primary"),
        )
