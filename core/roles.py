"""Who may do what across the cluster, beyond company memberships (workspace.Membership):
two roles, each a Django auth group, so the admin manages them like any permission group.

- cluster coordinators see and manage every member company and organise events;
- event organisers plan innovation-relay events.

A superuser has both. The answers are cached on the user object for the request."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

COORDINATORS_GROUP = "Cluster coordinators"
ORGANISERS_GROUP = "Event organisers"

User = AbstractBaseUser | AnonymousUser


def _groups(user: User) -> frozenset[str]:
    cached = getattr(user, "_kb_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._kb_groups = cached
    return cached


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_coordinator(user: User) -> bool:
    """Whether the user sees and manages every member company."""
    if not _active(user):
        return False
    return user.is_superuser or COORDINATORS_GROUP in _groups(user)


def is_organiser(user: User) -> bool:
    """Whether the user may organise events: a coordinator or an event organiser."""
    if not _active(user):
        return False
    return is_coordinator(user) or ORGANISERS_GROUP in _groups(user)


def forget(user: User) -> None:
    """Drops the cached answers, after the user's groups changed within a request."""
    user.__dict__.pop("_kb_groups", None)


# The attribute `requires` sets on a view: the check a user must pass to open it.
REQUIRES_ATTRIBUTE = "kb_requires"


def requires(check: Callable[[User], bool]):
    """Marks a view (the outermost wrapper) as open only to users for whom `check(user)`
    holds. It checks nothing itself: the view's own decorator refuses; the mark lets the
    log-in tell, before following a `next` address, whether it would answer 403."""

    def mark(view):
        setattr(view, REQUIRES_ATTRIBUTE, check)
        return view

    return mark
