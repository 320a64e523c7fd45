"""Bases of the API's views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from core.api.language import AcceptLanguageMixin
from core.api.pagination import ApiPagination

# Ids are 64-bit; a longer number in the path is answered with 404 by the URL pattern
# instead of reaching the database as an out-of-range integer.
ID_PATTERN = r"[0-9]{1,18}"
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class PublicViewSet(AcceptLanguageMixin, viewsets.ReadOnlyModelViewSet):
    # Anonymous and read-only: no session, so no CSRF and no cookies are involved.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    pagination_class = ApiPagination


class PublicCommandView(AcceptLanguageMixin, APIView):
    # Anonymous: no session, so no CSRF; a secret token in the request is the credential.
    authentication_classes = ()
    permission_classes = (AllowAny,)
