"""Exits 1, naming the accounts, while any superuser or demo log-in has the demo's public
password. `make serve` runs it before starting (ALLOW_DEMO_PASSWORD=1 skips it, for a trial
with the demo data on this machine only)."""

from django.core.management.base import BaseCommand, CommandError

from demo.accounts import accounts_with_demo_password


class Command(BaseCommand):
    help = "Fails while a superuser or demo log-in has the demo's public password."

    def handle(self, *args, **options) -> None:
        accounts = accounts_with_demo_password()
        if not accounts:
            self.stdout.write("No account has the demo's public password.")
            return
        names = ", ".join(sorted(user.get_username() for user in accounts))
        raise CommandError(
            f"These accounts have the demo's public password (in the README): {names}. "
            "Give each a new password (manage.py changepassword <name>) or deactivate it. "
            "For a trial with the demo data on this machine only: ALLOW_DEMO_PASSWORD=1 make serve."
        )
