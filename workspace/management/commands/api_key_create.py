"""`manage.py api_key_create <username>`: a new staff API key for that user, printed once
(only its digest is kept). Replaces the user's previous key."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workspace import services


class Command(BaseCommand):
    help = "Make a new staff API key for a user (replacing any previous one) and print it once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username!r}.")
        key = services.api_token_regenerate(user=user)
        self.stdout.write(key)
