"""Staff API authentication: `Authorization: Token <key>`, the key looked up by its keyed
digest (workspace.ApiKey), never kept in clear."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from workspace.models import ApiKey


class ApiKeyAuthentication(TokenAuthentication):
    """DRF's token scheme (the same header and `Token` challenge), over hashed keys."""

    def authenticate_credentials(self, key: str):
        api_key = ApiKey.objects.select_related("user").filter(digest=ApiKey.digest_of(key)).first()
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not api_key.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (api_key.user, api_key)
