"""The confirmation step of an action that cannot be undone (cancelling a booking or a whole
departure): the page that asks sends `confirm=yes` with its button
(templates/_confirm_field.html); a POST without it only shows that page again. So one tap,
a stray or replayed request, or an old form never cancels without the person having seen what
it would do (docs/paths.md). The API keeps its single call."""

from django.http import HttpRequest

FIELD = "confirm"
VALUE = "yes"


def confirmed(request: HttpRequest) -> bool:
    """Whether this request is the confirmation step's POST."""
    return request.method == "POST" and request.POST.get(FIELD) == VALUE
