from django import template

from core.roles import is_coordinator as _is_coordinator

register = template.Library()


@register.filter
def is_coordinator(user) -> bool:
    """{% if user|is_coordinator %}: the coordinator's own menu items."""
    return _is_coordinator(user)
