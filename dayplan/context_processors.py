from django.http import HttpRequest

from dayplan import session


def day_plan(request: HttpRequest) -> dict:
    """`day_plan_count` for the header's link: read only when a page shows it, and from a
    session only when the visitor has one."""
    return {"day_plan_count": lambda: len(session.plan_ids(request))}
