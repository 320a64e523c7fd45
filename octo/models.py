"""Resellers and the OCTO side of their bookings. The booking itself, with its places, is a
booking.Booking; what only OCTO needs (the reseller's uuids, the cancellation reason) is kept
here, so the booking app knows nothing of OCTO."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from booking.models import Booking


class Reseller(models.Model):
    """A partner that sells through the OCTO API with one Bearer key. Only a keyed digest of
    the key is stored (core.secrets); the key itself is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    key_digest = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    # The key's first characters, to tell keys apart in lists and logs; opens nothing.
    key_hint = models.CharField(_("key begins"), max_length=12, blank=True, editable=False)
    key_created_at = models.DateTimeField(_("key made"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("key revoked"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reseller")
        verbose_name_plural = _("resellers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_key(self) -> bool:
        return self.key_digest is not None


class OctoBooking(models.Model):
    """A booking made through the OCTO API: the reseller's `uuid` for it (unique per
    reseller, the idempotency key of its POST /bookings) and its unit items' uuids."""

    reseller = models.ForeignKey(
        Reseller, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("reseller")
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, related_name="octo", verbose_name=_("booking")
    )
    uuid = models.CharField(_("reseller's uuid"), max_length=100)
    unit_item_uuids = models.JSONField(default=list, editable=False)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCTO booking")
        verbose_name_plural = _("OCTO bookings")
        constraints = [
            models.UniqueConstraint(fields=["reseller", "uuid"], name="octo_uuid_per_reseller")
        ]

    def __str__(self) -> str:
        return f"{self.reseller} {self.uuid}"


def new_uuid() -> str:
    return str(uuid.uuid4())
