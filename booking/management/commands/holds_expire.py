"""`manage.py holds_expire`: releases every hold that has run out, now. The task worker does
this on its own (a sweep at each hold's deadline and on starting); this is for an operator,
or a cron job on a site that runs the worker only now and then."""

from django.core.management.base import BaseCommand

from booking.reservations import booking_holds_expire_due


class Command(BaseCommand):
    help = "Release the places of every hold whose time has run out"

    def handle(self, *args, **options) -> None:
        ended = booking_holds_expire_due()
        self.stdout.write(f"{ended} hold(s) released")
