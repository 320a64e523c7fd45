"""Log-in by e-mail address and password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticates a user by e-mail (case-insensitive) and password.

    Django's user e-mail is not unique: if two active accounts share an address, neither can
    log in by e-mail (they still can by username in the admin), rather than guessing which
    one is meant. The password hasher runs even when no user matches, so the response time
    does not tell whether an address has an account."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        address = (email or username or "").strip()
        if not address or password is None or "@" not in address:
            return None
        User = get_user_model()
        users = list(User._default_manager.filter(email__iexact=address)[:2])
        if len(users) != 1:
            User().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
