"""Page-number pagination for every public list: `?page=2&page_size=100`."""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A partner can mirror a season's slots in few requests; the bound keeps each page's
    # queries and rendering time small whatever it asks.
    max_page_size = 200
