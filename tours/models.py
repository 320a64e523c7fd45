"""Member companies, the tours they offer and the dated slots that visitors book."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.secrets import SecretLinkModel


def new_feed_token() -> str:
    """The plain feed tokens of before links were derived; kept because old migrations name
    it."""
    return secrets.token_urlsafe(32)


class Company(SecretLinkModel):
    class FarmKind(models.TextChoices):
        """What the company grows or makes: chooses the drawing shown where it has no photo
        (static/img/placeholders/<kind>.svg)."""

        ORCHARD = "orchard", _("Orchard")
        GREENHOUSE = "greenhouse", _("Greenhouse")
        BERRIES = "berries", _("Berries")
        VEGETABLES = "vegetables", _("Vegetables")
        BEES = "bees", _("Bees and honey")
        WINE = "wine", _("Fruit wine and cider")
        NURSERY = "nursery", _("Plants and nursery")

    # The secret in the URL of the company's private staff calendar feed (`feed_token`,
    # derived from `token_seed`). A new seed revokes every copy of the old address.
    LINK_PURPOSE = "feed-link"

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    municipality = models.CharField(_("municipality"), max_length=80)
    address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("town"), max_length=80)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    farm_kind = models.CharField(
        _("kind of farm"),
        max_length=12,
        choices=FarmKind.choices,
        default=FarmKind.ORCHARD,
        help_text=_("Chooses the drawing shown where there is no photo."),
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("contact phone"), max_length=30)
    website = models.URLField(_("website"), blank=True)
    # The websites allowed to embed the booking widget (docs/widget.md), one origin per line,
    # normalised by core.origins.origins_parse. Empty: the widget is not framed anywhere.
    widget_origins = models.TextField(
        _("websites that may show the booking widget"),
        blank=True,
        help_text=_("One address per line, e.g. https://www.gaard.dk"),
    )
    parking = models.TextField(_("parking"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    facilities = models.TextField(
        _("other visitor information"), blank=True, help_text=_("Toilets, dogs, farm shop …")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    @property
    def feed_token(self) -> str:
        return self.token

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:company", kwargs={"slug": self.slug})

    @property
    def widget_origin_list(self) -> list[str]:
        """The embedding origins, as saved (already normalised)."""
        return self.widget_origins.split()

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postal_code} {self.city}"


class Tour(models.Model):
    class Kind(models.TextChoices):
        OPEN = "open", _("Open tour")
        GROUP = "group", _("Group visit")

    class PricePer(models.TextChoices):
        PERSON = "person", _("per person")
        GROUP = "group", _("per group")

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="tours", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    duration = models.DurationField(_("duration"), default=timedelta(hours=1, minutes=30))
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        help_text=_("Language codes the tour is given in, e.g. da, en, de."),
    )
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    # Where the meeting point is on the map, when it is not at the company's own position
    # (a field, a car park down the road). Both or neither; empty: the company's position.
    meeting_latitude = models.DecimalField(
        _("meeting point latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    meeting_longitude = models.DecimalField(
        _("meeting point longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # What a visitor reads before coming (tours.visitor_info). Parking and accessibility
    # are the company's unless the tour says otherwise (a tour in the fields is not the shop).
    what_to_bring = models.TextField(
        _("what to bring"), blank=True, help_text=_("Boots, warm clothes, a bag for the fruit …")
    )
    parking = models.TextField(
        _("parking"), blank=True, help_text=_("Leave empty to show the company's parking text.")
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Leave empty to show the company's accessibility text."),
    )
    price = models.DecimalField(
        _("price (DKK)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    price_per = models.CharField(
        _("price applies"), max_length=10, choices=PricePer.choices, default=PricePer.PERSON
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group"), default=1, validators=[MinValueValidator(1)]
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("largest group"), default=1, validators=[MinValueValidator(1)]
    )
    # Limits on visitors' own bookings of an open tour (online and API; staff bookings are
    # not limited). Empty: the site's default (BOOKING_MAX_PLACES, BOOKING_MAX_PER_EMAIL).
    online_max_places = models.PositiveSmallIntegerField(
        _("most places per online booking"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Open tours: larger groups are asked to contact you. Empty: the site's default."
        ),
    )
    online_max_per_email = models.PositiveSmallIntegerField(
        _("most bookings per e-mail address on one departure"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Open tours. Empty: the site's default."),
    )
    booking_cutoff = models.DurationField(
        _("booking closes before start"), default=timedelta(hours=2)
    )
    cancellation_deadline = models.DurationField(
        _("visitors may cancel until, before start"), default=timedelta(hours=24)
    )
    reminder_before = models.DurationField(_("reminder before start"), default=timedelta(hours=24))
    published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["company__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__lte=F("max_group_size")),
                name="tour_group_size_range",
                violation_error_message=_(
                    "The smallest group cannot be larger than the largest group."
                ),
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="tour_price_not_negative"),
            models.CheckConstraint(
                condition=Q(meeting_latitude__isnull=True, meeting_longitude__isnull=True)
                | Q(meeting_latitude__isnull=False, meeting_longitude__isnull=False),
                name="tour_meeting_position_whole",
                violation_error_message=_(
                    "Give both the latitude and the longitude of the meeting point, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.company})"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:tour", kwargs={"pk": self.pk})

    @property
    def online_limits(self) -> tuple[int, int]:
        """(most places per online booking, most bookings per e-mail address on one
        departure): the tour's own, or the site's defaults."""
        return (
            self.online_max_places or settings.BOOKING_MAX_PLACES,
            self.online_max_per_email or settings.BOOKING_MAX_PER_EMAIL,
        )

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    def language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]


class Slot(models.Model):
    """One dated departure of a tour. `booked` is the number of places sold.

    `booked` is written only by the booking services, under the slot's row lock; the
    database keeps 0 <= booked <= capacity whatever happens. Whether and how much a visitor
    can book is decided by booking.capacity, never here.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed to new bookings")
        CANCELLED = "cancelled", _("Cancelled")

    # No index of its own: the (tour, start) index below serves every lookup by tour. With
    # both, PostgreSQL picked the narrower one for "a tour's next departure" on small
    # tables, read every departure of the tour and sorted them (docs/finding.md).
    tour = models.ForeignKey(
        Tour,
        on_delete=models.PROTECT,
        related_name="slots",
        verbose_name=_("tour"),
        db_index=False,
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"))
    booked = models.PositiveIntegerField(_("places booked"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["tour", "start"]), models.Index(fields=["start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(booked__gte=0) & Q(booked__lte=F("capacity")),
                name="slot_booked_within_capacity",
                violation_error_message=_("Capacity cannot be below the places booked."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.tour.title}, {local:%Y-%m-%d %H:%M}"

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


class Photo(models.Model):
    """A photo as it is stored: re-encoded from the upload by tours.photos (EXIF and every
    other metadata dropped), in a few widths as WebP and JPEG under MEDIA_ROOT
    (`photos/<key>/<width>.webp|jpg`). The key is random, so the addresses are unguessable
    and never change: a new photo is a new key, and the files can be cached for ever.
    `width` and `height` are the largest rendition's, for the aspect ratio of <img>."""

    key = models.CharField(max_length=32, unique=True, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    widths = models.JSONField(default=list, editable=False)
    alt = models.CharField(
        _("description of the photo"),
        max_length=250,
        help_text=_("What the photo shows, for visitors who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt

    def file_name(self, width: int, fmt: str) -> str:
        return f"photos/{self.key}/{width}.{fmt}"

    def file_names(self) -> list[str]:
        return [self.file_name(w, fmt) for w in self.widths for fmt in ("webp", "jpg")]


class CompanyPhoto(Photo):
    """A photo of the company: the first is its picture on cards and its page."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="photos", verbose_name=_("company")
    )

    class Meta(Photo.Meta):
        verbose_name = _("company photo")
        verbose_name_plural = _("company photos")


class TourPhoto(Photo):
    """A photo of a tour, in the tour's order: the first is its picture on cards."""

    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="photos", verbose_name=_("tour")
    )

    class Meta(Photo.Meta):
        verbose_name = _("tour photo")
        verbose_name_plural = _("tour photos")
