"""factory_boy factories that keep related objects consistent: a slot's company is its
tour's company, a slot's end follows the tour's duration."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from booking import services
from booking.models import Booking
from tours.models import Company, Slot, Tour


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Frugtgård {n}")
    slug = factory.Sequence(lambda n: f"frugtgaard-{n}")
    municipality = "Lolland Kommune"
    address = "Frugtvej 1"
    postal_code = "4930"
    city = "Maribo"
    latitude = Decimal("54.77640")
    longitude = Decimal("11.50120")
    description = "En frugtplantage."
    email = factory.Sequence(lambda n: f"gaard{n}@example.dk")
    phone = "+45 11 22 33 44"


class TourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tour

    company = factory.SubFactory(CompanyFactory)
    kind = Tour.Kind.OPEN
    title = factory.Sequence(lambda n: f"Rundvisning {n}")
    description = "En guidet tur."
    duration = timedelta(hours=1, minutes=30)
    languages = ["da", "en"]
    meeting_point = "Gårdbutikken"
    price = Decimal("75")
    booking_cutoff = timedelta(hours=2)
    published = True


class GroupTourFactory(TourFactory):
    kind = Tour.Kind.GROUP
    price = Decimal("1500")
    price_per = Tour.PricePer.GROUP
    min_group_size = 10
    max_group_size = 40


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    tour = factory.SubFactory(TourFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + o.tour.duration)
    capacity = factory.LazyAttribute(lambda o: o.tour.max_group_size if o.tour.is_group else 10)


def visitor(**overrides) -> services.VisitorData:
    data = {
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "+45 20 30 40 50",
        "language": "da",
    }
    data.update(overrides)
    return services.VisitorData(**data)


def book(slot: Slot, party_size: int = 2, **visitor_fields) -> Booking:
    """Books through the real service, so the slot's places stay in step."""
    return services.booking_create(
        slot_id=slot.pk, visitor=visitor(**visitor_fields), party_size=party_size
    )


# --- Workspace: users, memberships, coordinators ---


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.dk")
    email = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("demo-password-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workspace.Membership"

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = "staff"


def coordinator(**fields):
    """A user with the cluster-coordinator flag (not a superuser)."""
    from workspace.models import Profile

    user = UserFactory(**fields)
    Profile.objects.create(user=user, is_coordinator=True)
    return user
