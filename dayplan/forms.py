import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from booking.forms import VisitorContactForm
from booking.plans import MAX_VISITS
from core import forms as core_forms
from core.contact import MAX_PARTY_SIZE


def parse_ids(text: str) -> list[int] | None:
    """ "12,15" as [12, 15]; None for anything else (or more than a plan holds)."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not parts or len(parts) > MAX_VISITS or not all(p.isdigit() and len(p) < 10 for p in parts):
        return None
    return list(dict.fromkeys(int(part) for part in parts))


class PlanBookingForm(VisitorContactForm):
    """One party's details for every visit of the plan. Shape only: whether each visit
    has room is booking.plans' call, under the lock."""

    # The number of people first, then the contact fields, then the hidden ones.
    field_order = ["party_size"]

    party_size = core_forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=MAX_PARTY_SIZE
    )
    # The visits the visitor saw on the page: exactly these are booked, never a plan
    # changed in another tab since.
    visits = forms.CharField(widget=forms.HiddenInput, max_length=100)
    # Made when the form is shown; a second submission is the same plan (booking.plans).
    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, visits: list[int], party_size: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()
        self.fields["visits"].initial = ",".join(str(pk) for pk in visits)
        size = self.fields["party_size"]
        size.initial = party_size
        size.widget.attrs.update({"min": 1, "inputmode": "numeric"})
        size.help_text = _("The same party goes to every visit.")
        # One confirmation for all the visits, and several companies to reach the party.
        self.fields["email"].help_text = _(
            "We send one confirmation with every visit and its calendar entry here."
        )
        self.fields["phone"].help_text = _("So the companies can reach you on the day.")
        self.fields["note"].label = _("Message to the companies")
        count = len(visits)
        self.helper = FormHelper()
        self.helper.attrs = {"data-once": "true"}
        self.helper.layout = Layout(
            Field("party_size"),
            *self.contact_layout(),
            Field("visits"),
            Field("submission_id"),
            Submit(
                "submit",
                ngettext("Book the visit", "Book all %(count)d visits", count) % {"count": count},
                css_class="btn-lg w-100",
            ),
        )

    def clean_visits(self) -> list[int]:
        ids = parse_ids(self.cleaned_data["visits"])
        if ids is None:
            raise forms.ValidationError(_("The plan could not be read. Please try again."))
        return ids
