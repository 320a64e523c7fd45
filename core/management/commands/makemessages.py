"""`makemessages` with the catalogues sorted by msgid and with file names but no line
numbers: an entry stays where it is when code moves, so catalogues changed on two branches
merge without conflicts except where the same strings changed."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--sort-output"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--sort-output"]
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output"]

    def handle(self, *args, **options):
        if options.get("add_location") is None:
            options["add_location"] = "file"
        return super().handle(*args, **options)
