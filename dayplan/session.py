"""Where a visitor's plan lives until it is booked: the session, as a list of slot ids.

Only adding a visit writes the session, so browsing never creates one (Django saves a
session, and sets its cookie, only when it is modified). The plan holds ids, not
departures: every page reads the departures afresh, so a change by the company (a new
time, a cancellation, the last places sold) shows at once.
"""

from django.http import HttpRequest

KEY = "dayplan"
BOOKED_KEY = "dayplan_booked"


def plan_ids(request: HttpRequest) -> list[int]:
    """The slot ids of the visitor's plan, in the order they were added. Reads no session
    from the database when the visitor has none."""
    stored = request.session.get(KEY)
    if not isinstance(stored, list):
        return []
    return [value for value in stored if isinstance(value, int)]


def plan_save(request: HttpRequest, ids: list[int]) -> None:
    if ids:
        request.session[KEY] = list(dict.fromkeys(ids))
    else:
        request.session.pop(KEY, None)


def booked_save(request: HttpRequest, booking_ids: list[int]) -> None:
    """The bookings just made from the plan, for the confirmation page, in place of it."""
    request.session.pop(KEY, None)
    request.session[BOOKED_KEY] = booking_ids


def booked_ids(request: HttpRequest) -> list[int]:
    stored = request.session.get(BOOKED_KEY)
    if not isinstance(stored, list):
        return []
    return [value for value in stored if isinstance(value, int)]
