"""Who sees what in the workspace. Every workspace queryset starts here.

Scoping is done in the queryset, never only in a check after loading: an object outside the
user's companies is simply not found (404), whatever id is tried. Coordinators, and
superusers, see every company."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from booking.models import Booking
from core.roles import is_coordinator
from tours.models import Company, Slot, Tour
from workspace.models import Membership, SchedulePattern

User = AbstractBaseUser | AnonymousUser


def has_workspace(user: User) -> bool:
    """Whether the user may use the workspace at all (a member or a coordinator). Asked by
    the workspace's views and by the header on the same request, so the answer is kept on
    the user object (a new one per request) as Django keeps the user's groups."""
    if is_coordinator(user):
        return True
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_workspace"):
        user._has_workspace = Membership.objects.filter(user=user).exists()
    return user._has_workspace


def companies_for(user: User) -> QuerySet[Company]:
    if is_coordinator(user):
        return Company.objects.all()
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user).distinct()


def companies_owned_by(user: User) -> QuerySet[Company]:
    """The companies whose public profile the user may edit: owners and coordinators."""
    if is_coordinator(user):
        return Company.objects.all()
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.OWNER
    ).distinct()


def _company_ids(user: User):
    return Membership.objects.filter(user=user).values("company_id")


def tours_for(user: User) -> QuerySet[Tour]:
    tours = Tour.objects.select_related("company")
    if is_coordinator(user):
        return tours
    if not user.is_authenticated:
        return tours.none()
    return tours.filter(company_id__in=_company_ids(user))


def slots_for(user: User) -> QuerySet[Slot]:
    slots = Slot.objects.select_related("tour", "tour__company")
    if is_coordinator(user):
        return slots
    if not user.is_authenticated:
        return slots.none()
    return slots.filter(tour__company_id__in=_company_ids(user))


def bookings_for(user: User) -> QuerySet[Booking]:
    bookings = Booking.objects.select_related("slot", "slot__tour", "slot__tour__company")
    if is_coordinator(user):
        return bookings
    if not user.is_authenticated:
        return bookings.none()
    return bookings.filter(slot__tour__company_id__in=_company_ids(user))


def patterns_for(user: User) -> QuerySet[SchedulePattern]:
    patterns = SchedulePattern.objects.select_related("tour", "tour__company")
    if is_coordinator(user):
        return patterns
    if not user.is_authenticated:
        return patterns.none()
    return patterns.filter(tour__company_id__in=_company_ids(user))


def bookings_to_check_in(user: User) -> QuerySet[Booking]:
    """The bookings the user may check in or mark as no-shows: those on the tours of the
    companies the user is a member of. Membership only, deliberately: the coordinator sees
    every company's lists but does not receive a farm's visitors, and a scanned code must
    open nothing for anyone but that farm's own staff."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.select_related(
        "slot", "slot__tour", "slot__tour__company", "checked_in_by"
    ).filter(slot__tour__company_id__in=_company_ids(user))


def is_member(user: User) -> bool:
    """Whether the user is staff (or owner) of at least one company."""
    return user.is_authenticated and Membership.objects.filter(user=user).exists()


def figure_company_ids(user: User) -> list[int] | None:
    """Whose figures the user sees: every company's (None) for the coordinator, else the
    user's own companies'."""
    if is_coordinator(user):
        return None
    return list(companies_for(user).values_list("pk", flat=True))
