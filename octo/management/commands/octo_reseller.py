"""`manage.py octo_reseller`: resellers and their OCTO API keys, for an operator.

    manage.py octo_reseller create "Visit Lolland" --email api@visitlolland.dk
    manage.py octo_reseller list
    manage.py octo_reseller rotate <id>
    manage.py octo_reseller revoke <id>

`create` and `rotate` print the key once; it is not stored (docs/octo.md)."""

from django.core.management.base import BaseCommand, CommandError

from octo import keys
from octo.models import Reseller


class Command(BaseCommand):
    help = "Create resellers and create, rotate or revoke their OCTO API keys"

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new reseller, with its first key")
        create.add_argument("name")
        create.add_argument("--email", default="")
        actions.add_parser("list", help="every reseller and the start of its key")
        for name, text in (("rotate", "a new key (the old one stops)"), ("revoke", "no key")):
            action = actions.add_parser(name, help=text)
            action.add_argument("reseller_id", type=int)

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            issued = keys.reseller_create(name=options["name"], contact_email=options["email"])
            self._print_key(issued)
        elif action == "list":
            for reseller in Reseller.objects.order_by("pk"):
                state = f"key {reseller.key_hint}…" if reseller.has_key else "no key"
                self.stdout.write(f"{reseller.pk}\t{reseller.name}\t{state}")
        elif action == "rotate":
            self._print_key(keys.reseller_key_rotate(reseller=self._reseller(options)))
        elif action == "revoke":
            reseller = keys.reseller_key_revoke(reseller=self._reseller(options))
            self.stdout.write(f"Key of reseller {reseller.pk} ({reseller.name}) revoked.")

    def _reseller(self, options) -> Reseller:
        reseller = Reseller.objects.filter(pk=options["reseller_id"]).first()
        if reseller is None:
            raise CommandError(f"No reseller with id {options['reseller_id']}.")
        return reseller

    def _print_key(self, issued: keys.IssuedKey) -> None:
        self.stderr.write(f"Reseller {issued.reseller.pk} ({issued.reseller.name}). Its key:")
        self.stdout.write(issued.key)
