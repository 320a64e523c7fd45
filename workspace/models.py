"""Who may work for which member company, and the recurring schedules they open slots with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.secrets import new_secret, secret_digest
from tours.models import Company, Slot, Tour

API_KEY_PURPOSE = "staff-api-key"


class Membership(models.Model):
    """Ties a user to a member company. Owners also edit the company's public profile."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["company__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.company} ({self.get_role_display()})"


class Profile(models.Model):
    """Workspace settings of one user: the dashboard's memory. (Roles such as cluster
    coordinator are auth groups: core.roles.)"""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workspace_profile",
        verbose_name=_("user"),
    )
    # When the user last opened the dashboard in an earlier session: bookings made after it
    # are shown as new.
    dashboard_seen_at = models.DateTimeField(_("dashboard last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("workspace profile")
        verbose_name_plural = _("workspace profiles")

    def __str__(self) -> str:
        return str(self.user)


class SchedulePattern(models.Model):
    """A weekly rule that opened slots: weekdays x start times over a date range, minus closures.

    The slots it made are linked, so that changing or ending it can tell which slots are its
    own. A slot is never moved by a pattern change; see workspace.services."""

    tour = models.ForeignKey(
        Tour, on_delete=models.CASCADE, related_name="patterns", verbose_name=_("tour")
    )
    weekdays = models.JSONField(_("weekdays"), default=list, help_text=_("Monday is 0."))
    times = models.JSONField(_("start times"), default=list, help_text=_("Local times, HH:MM."))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    closures = models.JSONField(
        _("closures"), default=list, help_text=_("Date ranges without departures: [from, to].")
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    slots = models.ManyToManyField(
        Slot, related_name="patterns", blank=True, verbose_name=_("slots")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("schedule pattern")
        verbose_name_plural = _("schedule patterns")
        ordering = ["tour", "first_day", "pk"]

    def __str__(self) -> str:
        return f"{self.tour.title}: {self.first_day} to {self.last_day}"


class ApiKey(models.Model):
    """A staff member's personal key for the staff API (one per user). Only its keyed digest
    is kept (core.secrets): the key is shown once, when it is made, and a copy of the
    database lets no one in. `hint`, its first characters, lets the owner tell which key a
    tool holds."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_key",
        verbose_name=_("user"),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("begins with"), max_length=8, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.user} ({self.hint}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return secret_digest(key, purpose=API_KEY_PURPOSE)

    @classmethod
    def make(cls, *, user) -> tuple["ApiKey", str]:
        """An unsaved key for `user` and the key itself, to show once."""
        key = new_secret()
        return cls(user=user, digest=cls.digest_of(key), hint=key[:6]), key
