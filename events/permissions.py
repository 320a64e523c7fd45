"""Who may organise events. One function, so the check can move to the workspace's
memberships (a coordinator role) without touching the views."""

ORGANISER_GROUP = "Event organisers"


def is_organiser(user) -> bool:
    """A superuser, a cluster coordinator (workspace), or an active user in the "Event
    organisers" group."""
    from workspace.access import is_coordinator

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or is_coordinator(user):
        return True
    return user.groups.filter(name=ORGANISER_GROUP).exists()


def organiser_events(user):
    """The events this organiser may see and change: their own; a superuser sees all."""
    from events.models import Event

    events = Event.objects.all()
    return events if user.is_superuser else events.filter(organiser=user)
