"""Innovation-relay events: a day that visits several member companies (stops), with
registered participants. The rules live in events.services (programmes, holding the hosts'
slots through booking.holds) and events.registrations (participant places); these models
hold the state."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.secrets import SecretLinkModel
from tours.models import Company


def new_secret() -> str:
    """The plain link tokens of before links were derived (core.secrets.SecretLinkModel);
    kept because old migrations name it."""
    return secrets.token_urlsafe(32)


def new_slug_suffix() -> str:
    return secrets.token_hex(3)


class MailKind(models.TextChoices):
    """The mails the events app sends (notify.OutboundMail.kind), rendered by events.mail."""

    EVENT_CONFIRMED = "event_confirmed", _("Event participant: registered")
    EVENT_ADMITTED = "event_admitted", _("Event participant: admitted from the waiting list")
    EVENT_CHANGED = "event_changed", _("Event participant: programme changed")
    EVENT_WAITING = "event_waiting", _("Event participant: on the waiting list")
    EVENT_UNREGISTERED = "event_unregistered", _("Event participant: registration cancelled")
    EVENT_STOP_REMOVED = "event_stop_removed", _("Event participant: stop removed")
    EVENT_CANCELLED = "event_cancelled", _("Event participant: event cancelled")
    EVENT_WAITING_CLOSED = "event_waiting_closed", _("Event waiting list: event cancelled")
    HOST_REQUESTED = "host_requested", _("Event host: asked to host a stop")
    HOST_RELEASED = "host_released", _("Event host: stop no longer needed")
    HOST_ACCEPTED = "host_accepted", _("Event organiser: host accepted")
    HOST_DECLINED = "host_declined", _("Event organiser: host declined")


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Travel(models.TextChoices):
        BUS = "bus", _("Shared bus")
        OWN_CARS = "cars", _("Own cars")
        BICYCLE = "bicycle", _("Bicycle")

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("participant places"), validators=[MinValueValidator(1)]
    )
    # Places taken by confirmed registrations; written only by events.registrations under
    # the event's row lock.
    registered = models.PositiveIntegerField(_("places registered"), default=0, editable=False)
    registration_deadline = models.DateTimeField(_("registration closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    travel = models.CharField(
        _("participants travel by"), max_length=10, choices=Travel.choices, default=Travel.BUS
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["registration_deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered__lte=F("capacity")),
                name="event_registered_within_capacity",
                violation_error_message=_("Capacity cannot be below the places registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered, 0)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Stop(SecretLinkModel):
    """One visit of the programme. While active and not declined it holds the company's
    overlapping slots closed (booking.holds, holder `holder`). Its secret link
    (`host_token`) is the host company's answer page."""

    LINK_PURPOSE = "host-link"

    class HostState(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="stops", verbose_name=_("event")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="event_stops", verbose_name=_("company")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    activity = models.TextField(_("what happens"), blank=True, max_length=2000)
    host_state = models.CharField(
        _("host's answer"),
        max_length=10,
        choices=HostState.choices,
        default=HostState.REQUESTED,
    )
    host_answered_at = models.DateTimeField(_("host answered"), null=True, blank=True)
    # The iCalendar UID of this stop's VEVENT: made once, never changed (RFC 5545 §3.8.4.7).
    uid = models.UUIDField(_("calendar UID"), unique=True, default=uuid.uuid4, editable=False)
    # Raised with every change participants' calendars should see (RFC 5546 §2.1.4).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # A removed stop is kept (not deleted) so its CANCEL can still be sent and audited.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["company", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="stop_ends_after_start",
                violation_error_message=_("A stop must end after it starts."),
            ),
        ]

    @property
    def host_token(self) -> str:
        return self.token

    def __str__(self) -> str:
        return f"{self.event}: {self.company}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def holder(self) -> str:
        """The name under which the stop holds its company's slots (booking.holds)."""
        return stop_holder(self.pk)


def stop_holder(stop_id: int) -> str:
    return f"events.stop:{stop_id}"


class Registration(SecretLinkModel):
    LINK_PURPOSE = "registration-link"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    party_size = models.PositiveIntegerField(
        _("number of people"), validators=[MinValueValidator(1)]
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="da"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["event", "status", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="registration_party_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"token": self.token})
