from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from booking import capacity, services
from booking.models import Booking
from core.errors import DomainError
from core.roles import COORDINATORS_GROUP
from demo import companies as demo
from demo import visitor_info as demo_visitor_info
from demo.accounts import accounts_with_demo_password
from demo.history import load_demo_history
from demo.photos import load_demo_photos
from demo.relay import load_demo_relay
from tours.models import Company, Slot, Tour
from workspace.models import Membership

DEMO_WEEKS = 8


class Command(BaseCommand):
    help = "Loads the cluster's member companies with tours and 8 weeks of slots. Idempotent."

    def handle(self, *args, **options) -> None:
        self._load()
        photos = load_demo_photos()
        if photos:
            self.stdout.write(f"Demo photos: {photos} (painted by demo/photos.py, CC0).")
        # Outside the atomic block: bookings go through the booking service, which opens its
        # own durable transaction per booking.
        self._demo_bookings()
        if settings.DEBUG:
            self._demo_today()
            made = load_demo_history()
            if made:
                self.stdout.write(f"Demo history: {made} past bookings over two years.")
        # Outside the transaction above: the relay reserves slots in its own durable ones.
        relay = load_demo_relay()
        if relay is not None:
            self.stdout.write(f"Demo relay: {relay.title}, {relay.get_absolute_url()}")
        self._warn_about_public_passwords()

    def _warn_about_public_passwords(self) -> None:
        """The demo's log-ins share a password printed in the README: fine in the local
        SQLite file `make run` uses, a risk in any other database (a production one)."""
        if connection.vendor == "sqlite" and not settings.DATABASES["default"]["HOST"]:
            return
        accounts = accounts_with_demo_password()
        if accounts:
            names = ", ".join(sorted(user.get_username() for user in accounts))
            self.stderr.write(
                self.style.WARNING(
                    f"WARNING: {len(accounts)} accounts in this {connection.vendor} database "
                    f"have the demo's public password: {names}. Anyone who has read the "
                    "README can log in with them. Change them (manage.py changepassword) "
                    "before this database serves the public; make serve refuses to start "
                    "until then."
                )
            )

    @transaction.atomic
    def _load(self) -> None:
        tz = timezone.get_current_timezone()
        today = timezone.localdate()
        created_slots = 0
        for plan in demo.COMPANIES:
            company = self._company(plan)
            for tour_plan in plan.tours:
                tour = self._tour(company, tour_plan)
                for start in demo.slot_starts(tour_plan, today, DEMO_WEEKS, tz):
                    if start <= timezone.now():
                        continue
                    _, created = Slot.objects.get_or_create(
                        tour=tour,
                        start=start,
                        defaults={
                            "end": start + tour_plan.duration,
                            "capacity": tour_plan.capacity,
                        },
                    )
                    created_slots += created
        self._demo_admin()
        self._demo_workspace_logins()
        self.stdout.write(
            f"Demo data: {Company.objects.count()} companies, {Tour.objects.count()} tours, "
            f"{created_slots} new slots."
        )

    def _company(self, plan: demo.CompanyPlan) -> Company:
        fields = {
            k: getattr(plan, k)
            for k in (
                "name",
                "municipality",
                "address",
                "postal_code",
                "city",
                "latitude",
                "longitude",
                "description",
                "email",
                "phone",
                "website",
                "parking",
                "accessibility",
                "facilities",
            )
        }
        company, _ = Company.objects.get_or_create(slug=plan.slug, defaults=fields)
        _add_translations(company, plan.translations)
        return company

    def _tour(self, company: Company, plan: demo.TourPlan) -> Tour:
        tour, _ = Tour.objects.get_or_create(
            company=company,
            title=plan.title,
            defaults={
                "kind": plan.kind,
                "description": plan.description,
                "meeting_point": plan.meeting_point,
                "price": plan.price,
                "price_per": plan.price_per,
                "duration": plan.duration,
                "languages": list(plan.languages),
                "min_group_size": plan.min_group,
                "max_group_size": plan.max_group,
                "booking_cutoff": plan.cutoff,
                "published": True,
                **_new_tour_visitor_info(demo_visitor_info.TOURS.get(plan.title)),
            },
        )
        _add_translations(tour, plan.translations)
        self._before_you_come(tour, demo_visitor_info.TOURS.get(plan.title))
        return tour

    def _before_you_come(self, tour: Tour, info: demo_visitor_info.BeforeYouCome | None) -> None:
        """What to bring, the tour's own parking and accessibility, in every language, where
        empty (staff edits are kept). The deadline and meeting position are set on a new tour
        (`_tour`'s defaults)."""
        if info is None:
            return
        _add_translations(tour, info.by_language())

    def _demo_admin(self) -> None:
        """A coordinator log-in for the admin, on development machines only."""
        if not settings.DEBUG:
            return
        User = get_user_model()
        if not User.objects.filter(username="koordinator").exists():
            User.objects.create_superuser(
                "koordinator", "koordinator@klyngebesog.dk", "klynge-demo"
            )

    def _demo_workspace_logins(self) -> None:
        """E-mail log-ins for the company workspace, on development machines only.

        Idempotent: an existing account keeps its password and gains any missing membership."""
        if not settings.DEBUG:
            return

        User = get_user_model()
        for plan in demo.COMPANIES:
            company = Company.objects.get(slug=plan.slug)
            for email, role in zip(
                demo.demo_logins(plan.slug),
                (Membership.Role.OWNER, Membership.Role.STAFF),
                strict=True,
            ):
                user = self._demo_user(User, email)
                Membership.objects.get_or_create(
                    user=user, company=company, defaults={"role": role}
                )
        coordinator = User.objects.filter(username="koordinator").first()
        if coordinator is not None:
            coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])

    def _demo_user(self, User, email: str):
        user = User.objects.filter(username=email).first()
        if user is None:
            user = User.objects.create_user(email, email, demo.DEMO_PASSWORD)
        return user

    def _demo_bookings(self) -> None:
        """A few bookings on the coming departures, so the workspace has something to show.

        DEBUG only, and only once: skipped when any demo booking exists."""
        if not settings.DEBUG or Booking.objects.filter(idempotency_key__startswith="demo:"):
            return
        made = 0
        for n, (name, email, size, org) in enumerate(demo.DEMO_VISITORS):
            slot = self._demo_slot(n, size)
            if slot is None:
                continue
            try:
                services.booking_create(
                    slot_id=slot.pk,
                    visitor=services.VisitorData(
                        name=name, email=email, phone="+45 20 30 40 50", organisation=org
                    ),
                    party_size=size,
                    source=Booking.Source.PHONE if n % 3 == 0 else Booking.Source.ONLINE,
                    idempotency_key=f"demo:{n}",
                )
                made += 1
            except DomainError:
                continue
        self.stdout.write(f"Demo bookings: {made}.")

    def _demo_today(self) -> None:
        """A departure later today with a party booked, so that a staff member can open the
        check-in code from the visitor's mail (var/mail) and check the party in on the day.
        Skipped after 22:00, when no departure fits in the day any more."""
        tz = timezone.get_current_timezone()
        now = timezone.localtime()
        start = (now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
        if start.date() != now.date() or start.hour >= 23:
            return
        plan = demo.COMPANIES[0]
        tour = Tour.objects.filter(company__slug=plan.slug, kind=Tour.Kind.OPEN).first()
        if tour is None:
            return
        slot, _ = Slot.objects.get_or_create(
            tour=tour,
            start=start.astimezone(tz),
            defaults={"end": start + tour.duration, "capacity": 20},
        )
        try:
            booking = services.booking_create(
                slot_id=slot.pk,
                visitor=services.VisitorData(
                    name="Mette Jensen", email="mette@example.com", phone="+45 20 30 40 50"
                ),
                party_size=4,
                source=Booking.Source.PHONE,
                idempotency_key=f"demo-today:{now.date().isoformat()}",
            )
        except DomainError:
            return
        self.stdout.write(
            f"Today's demo booking {booking.display_reference} at {start:%H:%M}: its mail with "
            f"the check-in code is in var/mail once the worker has run."
        )

    def _demo_slot(self, n: int, size: int) -> Slot | None:
        """The n-th visitor's departure: spread over the companies and the coming days."""
        plan = demo.COMPANIES[n % len(demo.COMPANIES)]
        now = timezone.now()
        slots = Slot.objects.filter(tour__company__slug=plan.slug).select_related("tour")[:30]
        bookable = [
            s
            for s in slots
            if capacity.is_bookable(s, now=now)
            and s.tour.min_group_size <= size <= max(s.tour.max_group_size, 4)
        ]
        return bookable[n % 3] if len(bookable) > 2 else None


def _new_tour_visitor_info(info: demo_visitor_info.BeforeYouCome | None) -> dict:
    if info is None:
        return {}
    latitude, longitude = info.meeting_position or (None, None)
    return {
        "cancellation_deadline": info.cancellation_deadline,
        "meeting_latitude": latitude,
        "meeting_longitude": longitude,
    }


def _add_translations(obj: Company | Tour, translations: dict[str, dict[str, str]]) -> None:
    """Fills the English and German texts of a demo row where they are empty, so a database
    loaded before the texts were translated gets them too, and staff edits are kept."""
    changed = []
    for language, texts in translations.items():
        for name, text in texts.items():
            column = f"{name}_{language}"
            if not getattr(obj, column):
                setattr(obj, column, text)
                changed.append(column)
    if changed:
        obj.save(update_fields=changed)
