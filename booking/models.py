"""Bookings made by visitors, on the phone by staff, or through the API."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.secrets import SecretLinkModel
from tours import pricing
from tours.models import Slot, Tour

# No 0/O, 1/I/L: a reference must survive being read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_token() -> str:
    """The plain link tokens of before links were derived (core.secrets.SecretLinkModel);
    kept because old migrations name it."""
    return secrets.token_urlsafe(32)


def format_reference(reference: str) -> str:
    """`K7MQ4PX9` is shown and read out as `K7MQ-4PX9`."""
    return f"{reference[:4]}-{reference[4:]}"


def normalize_reference(text: str) -> str:
    """Accepts what a person types: any case, with spaces or a dash."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Booking(SecretLinkModel):
    LINK_PURPOSE = "booking-link"

    class Status(models.TextChoices):
        # Places held for a partner until `hold_expires_at` (booking.reservations): they count
        # in Slot.booked like a confirmed booking's, so every availability already leaves them
        # out; nobody is mailed until the hold is confirmed.
        ON_HOLD = "on_hold", _("On hold")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Hold expired")

    class Source(models.TextChoices):
        """Who books, which decides the rules (capacity.cutoff_applies): staff on the phone, or
        a visitor or partner unattended."""

        ONLINE = "online", _("Online form")
        PHONE = "phone", _("By phone (staff)")
        API = "api", _("API")

    class Channel(models.TextChoices):
        """Through which door the booking came, for figures and partners: our own pages, the
        REST API, staff on the phone, an OCTO reseller or the widget on a company's site."""

        WEB = "web", _("Website")
        API = "api", _("REST API")
        PHONE = "phone", _("Phone")
        OCTO = "octo", _("Reseller (OCTO)")
        WIDGET = "widget", _("Widget")

    # No index of its own: the (slot, status) index below serves every lookup by slot,
    # and every booking written maintained both.
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("slot"),
        db_index=False,
    )
    reference = models.CharField(
        _("reference"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        default=new_reference,
        editable=False,
    )
    # The iCalendar UID: made once, never changed, carries no personal data (RFC 5545 §3.8.4.7).
    uid = models.UUIDField(_("calendar UID"), unique=True, default=uuid.uuid4, editable=False)
    # Raised with every change the visitor's calendar should see (RFC 5546 §2.1.4).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=120)
    # Blank only for a caller booked by phone without one, a hold that has no details yet, or
    # a booking whose personal data was erased (the constraint booking_contact_present
    # below; the rule is core.contact's).
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    party_size = models.PositiveIntegerField(
        _("number of people"), validators=[MinValueValidator(1)]
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    # The price the booking was made at (tours.pricing): the tour's price when the booking
    # was created, kept when the tour's price changes later, so a confirmed visitor's total
    # stays what they were told. The total follows the party size (booking.total).
    unit_price = models.DecimalField(
        _("price at booking (DKK)"), max_digits=8, decimal_places=2, editable=False
    )
    price_per = models.CharField(
        _("price applies"), max_length=10, choices=Tour.PricePer.choices, editable=False
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="da"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(
        _("made"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # The page that embedded the widget (scheme://host[:port]), for a WIDGET booking.
    origin = models.CharField(_("embedding origin"), max_length=200, blank=True)
    # The partner's own reference for the booking (OCTO resellerReference).
    reseller_reference = models.CharField(_("reseller reference"), max_length=100, blank=True)
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True, editable=False)
    # A client's promise that a repeated request is the same booking: the booking form's
    # hidden submission id, or the API's Idempotency-Key header. The fingerprint is a hash of
    # what was asked, so a reused key with another request can be told apart.
    # NULL, not "", so that the unique constraint ignores bookings made without a key.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, editable=False)  # noqa: DJ001
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # When the places became the visitor's: at creation, or when a hold was confirmed.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent"), null=True, blank=True, editable=False
    )
    # Personal data (name, contact, note) removed: RETENTION_DAYS after the visit, or at the
    # visitor's or the coordinator's request (booking.retention). The figures stay.
    anonymised_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )
    # The visitor asked, with the cancellation, to erase their data: done once the mails
    # about the cancellation have gone out (booking.retention.booking_erase).
    erasure_requested_at = models.DateTimeField(
        _("erasure requested"), null=True, blank=True, editable=False
    )
    # Arrival, written only by booking.checkin: how many of the party came and when, or that
    # nobody came (a no-show). Kept for the figures; a booking is never deleted for it.
    arrived = models.PositiveIntegerField(
        _("people arrived"), null=True, blank=True, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    no_show_at = models.DateTimeField(_("marked no-show"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["slot", "status"]),
            models.Index(fields=["email"]),
            # The expiry sweep reads only the holds, by deadline.
            models.Index(
                fields=["hold_expires_at"],
                condition=Q(status="on_hold"),
                name="booking_hold_expiry",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="booking_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="booking_party_size_positive"
            ),
            # Checked in means 1..party_size people came; not checked in means no count.
            models.CheckConstraint(
                condition=(
                    Q(checked_in_at__isnull=True, arrived__isnull=True)
                    | Q(
                        checked_in_at__isnull=False,
                        arrived__gte=1,
                        arrived__lte=models.F("party_size"),
                    )
                ),
                name="booking_arrived_within_party",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(no_show_at__isnull=True),
                name="booking_not_arrived_and_no_show",
            ),
            models.CheckConstraint(
                condition=~Q(status="on_hold") | Q(hold_expires_at__isnull=False),
                name="booking_hold_has_deadline",
            ),
            # The visitor can be reached: an e-mail address, or (booked by staff on the phone)
            # a phone number. A hold gets its contact details when it is confirmed; one that
            # never was (it expired, or the reseller released it) has none.
            models.CheckConstraint(
                condition=(
                    Q(confirmed_at__isnull=True, status__in=["on_hold", "expired", "cancelled"])
                    | ~Q(email="")
                    | (Q(source="phone") & ~Q(phone=""))
                    # Erased personal data (booking.retention): no contact is the point.
                    | Q(anonymised_at__isnull=False)
                ),
                name="booking_contact_present_or_never_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_reference} {self.name}"

    def prepare_save(self) -> None:
        if self._state.adding and self.unit_price is None:
            # A new booking takes its tour's price of now (the snapshot; tours.pricing).
            self.take_tour_price(self.slot.tour)
        super().prepare_save()

    def take_tour_price(self, tour: Tour) -> None:
        self.unit_price, self.price_per = tour.price, tour.price_per

    def get_absolute_url(self) -> str:
        return reverse("booking:manage", kwargs={"token": self.token})

    @property
    def pricing(self) -> pricing.Price:
        """The price the booking was made at."""
        return pricing.Price(self.unit_price, self.price_per)

    @property
    def total(self):
        """What the party pays (Decimal, DKK): the booking's price for its party size."""
        return self.pricing.total(self.party_size)

    @property
    def display_reference(self) -> str:
        return format_reference(self.reference)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def is_no_show(self) -> bool:
        return self.no_show_at is not None

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.ON_HOLD

    @property
    def holds_places(self) -> bool:
        """Whether the booking's places are counted in its slot's `booked`."""
        return self.status in {self.Status.ON_HOLD, self.Status.CONFIRMED}


class MailKind(models.TextChoices):
    """The mails the booking app sends (notify.OutboundMail.kind), rendered by booking.mail."""

    CONFIRMED = "confirmed", _("Visitor: booking confirmed")
    CHANGED = "changed", _("Visitor: booking changed")
    CANCELLED = "cancelled", _("Visitor: booking cancelled")
    REMINDER = "reminder", _("Visitor: reminder")
    LINK = "link", _("Visitor: booking link")
    COMPANY_NEW = "company_new", _("Company: new booking")
    COMPANY_CHANGED = "company_changed", _("Company: booking changed by the visitor")
    COMPANY_CANCELLED = "company_cancelled", _("Company: booking cancelled")
    WAITLIST_JOINED = "waitlist_joined", _("Waiting list: joined")
    WAITLIST_OFFER = "waitlist_offer", _("Waiting list: places offered")
    WAITLIST_EXPIRED = "waitlist_expired", _("Waiting list: offer expired")
    WAITLIST_CANCELLED = "waitlist_cancelled", _("Waiting list: departure cancelled")
    WAITLIST_MOVED = "waitlist_moved", _("Waiting list: departure moved")
    # One mail for several bookings made together (booking.plans): each visit's event.
    PLAN_CONFIRMED = "plan_confirmed", _("Visitor: day plan booked")


class WaitlistEntry(SecretLinkModel):
    """A visitor waiting for places on a full slot, in order of `created`.

    While an entry is OFFERED, its `party_size` places are held by counting them in
    `Slot.booked` (see docs/waitlist.md), so no one else can take them until the offer is
    accepted (they become the booking's places), left or expired (they are freed).
    """

    LINK_PURPOSE = "waitlist-link"

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered places")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Offer expired")
        LEFT = "left", _("Left the list")
        # The departure itself was cancelled by the company (booking.slot_services.slot_cancel).
        SLOT_CANCELLED = "cancelled", _("Departure cancelled")

    # Served by the (slot, status, created) index below, like Booking.slot.
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        related_name="waitlist_entries",
        verbose_name=_("slot"),
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="da"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    party_size = models.PositiveIntegerField(
        _("number of people"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offered_until = models.DateTimeField(_("offer holds until"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waitlist_entry",
        verbose_name=_("booking"),
    )
    created = models.DateTimeField(_("joined"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["slot", "status", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="waitlist_party_size_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_until__isnull=False),
                name="waitlist_offer_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party_size}) · {self.slot}"

    def get_absolute_url(self) -> str:
        return reverse("booking:waitlist", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.WAITING, self.Status.OFFERED}


class SlotHold(models.Model):
    """A slot closed to visitors on behalf of someone other than its company: today an event
    stop ("events.stop:12"). Written only by booking.holds, under the slot lock. Releasing
    the holder reopens exactly the slots it closed, never one the company closed itself."""

    slot = models.OneToOneField(
        Slot, on_delete=models.CASCADE, related_name="hold", verbose_name=_("slot")
    )
    # "<app_label>.<model>:<pk>" of the holder; booking knows nothing else about it.
    holder = models.CharField(_("held by"), max_length=80, db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slot hold")
        verbose_name_plural = _("slot holds")

    def __str__(self) -> str:
        return f"{self.slot} ← {self.holder}"
