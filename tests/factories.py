"""factory_boy factories that keep related objects consistent: a slot's company is its
tour's company, a slot's end follows the tour's duration."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from booking import services
from booking.models import Booking
from core.contact import VisitorData
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


def visitor(**overrides) -> VisitorData:
    data = {
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "+45 20 30 40 50",
        "language": "da",
    }
    data.update(overrides)
    return VisitorData(**data)


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
    """A user with the cluster-coordinator role (not a superuser)."""
    from django.contrib.auth.models import Group

    from core.roles import COORDINATORS_GROUP

    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    return user


# ---------------------------------------------------------------- events (issue 6)


def organiser(username: str = "arrangoer", **fields):
    """A user with the organiser role (the "Event organisers" group)."""
    from django.contrib.auth.models import Group, User

    from core.roles import ORGANISERS_GROUP

    user = User.objects.create_user(
        username, f"{username}@klyngebesog.dk", "secret-pass-123", **fields
    )
    user.groups.add(Group.objects.get_or_create(name=ORGANISERS_GROUP)[0])
    return user


class EventFactory(factory.django.DjangoModelFactory):
    """A draft event; give it stops with `plan_stops`, which reserves through the service."""

    class Meta:
        model = "events.Event"

    organiser = factory.Sequence(lambda n: organiser(f"organiser{n}"))
    title = factory.Sequence(lambda n: f"Innovationsstafetten {n}")
    slug = factory.Sequence(lambda n: f"innovationsstafetten-{n}")
    description = "En dag hos klyngens medlemmer."
    capacity = 30
    registration_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    meeting_point = "Maribo Station"
    status = "draft"


def plan_stops(event, *stops: tuple):
    """Saves the programme through events.services.programme_save. Each stop is
    (company, start, end) or (company, start, end, activity)."""
    from events.services import StopData, programme_save

    return programme_save(
        event=event,
        stops=[
            StopData(company=s[0], start=s[1], end=s[2], activity=s[3] if len(s) > 3 else "")
            for s in stops
        ],
    )


def register(event, party_size: int = 2, **visitor_fields):
    """Registers through the real registration service."""
    from events import registrations

    return registrations.registration_create(
        event_id=event.pk, visitor=visitor(**visitor_fields), party_size=party_size
    )
