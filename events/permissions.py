"""Which events an organiser may see and change. Who is an organiser is a role, decided in
core.roles (superusers, cluster coordinators and the "Event organisers" group)."""

from django.db.models import QuerySet

from core.roles import is_organiser
from events.models import Event

__all__ = ["is_organiser", "organiser_events"]


def organiser_events(user) -> QuerySet[Event]:
    """The events this organiser may see and change: their own; a superuser sees all."""
    events = Event.objects.all()
    return events if user.is_superuser else events.filter(organiser=user)
