"""Page-number pagination for every public list: `?page=2&page_size=100`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A partner can mirror a season's slots in few requests; the bound keeps each page's
    # queries and rendering time small whatever it asks.
    max_page_size = 200
    # The schema says `page` is an integer; DRF's "?page=last" would contradict it.
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator) -> int:
        """A page that is not a whole number is a 400 (DRF would answer 404, or page 1 for
        an empty value); a page past the end stays a 404."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return _whole_number(raw, self.page_query_param, maximum=10**9)

    def get_page_size(self, request: Request) -> int:
        """Refuses a page_size that is not 1..max_page_size with 400, where DRF would
        silently fall back to the default and hide the client's mistake."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return _whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": 10**9},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def _whole_number(raw: str, name: str, *, maximum: int) -> int:
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= maximum):
        message = _("Enter a whole number from 1 to %(max)d.") % {"max": maximum}
        raise ValidationError({name: [message]})
    return int(raw)
