"""Two companies A and B, each with a tour, a slot and a booking, and the five kinds of
people the permission matrix is about."""

from dataclasses import dataclass

import pytest

from booking.models import MailKind
from tests import factories
from workspace.models import Membership


@dataclass
class World:
    company_a: object
    company_b: object
    tour_a: object
    tour_b: object
    slot_a: object
    slot_b: object
    booking_a: object
    booking_b: object
    owner_a: object
    staff_a: object
    staff_b: object
    coordinator: object


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """PBKDF2 is slow by design; these tests are about access, not hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    company_a = factories.CompanyFactory(name="A-gården", slug="a-gaarden")
    company_b = factories.CompanyFactory(name="B-gården", slug="b-gaarden")
    tour_a = factories.TourFactory(company=company_a)
    tour_b = factories.TourFactory(company=company_b)
    slot_a = factories.SlotFactory(tour=tour_a)
    slot_b = factories.SlotFactory(tour=tour_b)
    return World(
        company_a=company_a,
        company_b=company_b,
        tour_a=tour_a,
        tour_b=tour_b,
        slot_a=slot_a,
        slot_b=slot_b,
        booking_a=factories.book(slot_a, name="Anne A"),
        booking_b=factories.book(slot_b, name="Bente B", email="bente@example.com"),
        owner_a=factories.MembershipFactory(
            company=company_a, role=Membership.Role.OWNER, user__username="owner-a@example.dk"
        ).user,
        staff_a=factories.MembershipFactory(
            company=company_a, user__username="staff-a@example.dk"
        ).user,
        staff_b=factories.MembershipFactory(
            company=company_b, user__username="staff-b@example.dk"
        ).user,
        coordinator=factories.coordinator(username="koordinator@example.dk"),
    )


def notices(kind: str | None = None) -> list[tuple[int, str]]:
    """The visitor mails written to the outbox so far, as (booking id, kind), oldest first."""
    from notify.models import OutboundMail

    mails = OutboundMail.objects.filter(
        kind__in=[
            MailKind.CONFIRMED,
            MailKind.CHANGED,
            MailKind.CANCELLED,
        ]
    ).order_by("created", "pk")
    if kind is not None:
        mails = mails.filter(kind=kind)
    return [(mail.context["booking_id"], mail.kind) for mail in mails]
