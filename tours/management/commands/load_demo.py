from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.demo import load_demo_relay
from tours import demo
from tours.models import Company, Slot, Tour

DEMO_WEEKS = 8


class Command(BaseCommand):
    help = "Loads the cluster's member companies with tours and 8 weeks of slots. Idempotent."

    def handle(self, *args, **options) -> None:
        self._load()
        # Outside the transaction above: the relay reserves slots in its own durable ones.
        relay = load_demo_relay()
        if relay is not None:
            self.stdout.write(f"Demo relay: {relay.title}, {relay.get_absolute_url()}")

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
            },
        )
        return tour

    def _demo_admin(self) -> None:
        """A coordinator log-in for the admin, on development machines only."""
        if not settings.DEBUG:
            return
        User = get_user_model()
        if not User.objects.filter(username="koordinator").exists():
            User.objects.create_superuser(
                "koordinator", "koordinator@klyngebesog.dk", "klynge-demo"
            )
