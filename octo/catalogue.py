"""Our supply in OCTO's terms: a published tour is a product with one option ("DEFAULT"),
a slot is an availability whose id is its local start time with offset
("2027-06-12T10:00:00+02:00", as the specification's own examples have it), and the people
are units of the one unit "person". Reads only; places and bookability come from
booking.capacity, the one rule."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import capacity
from booking.models import Booking
from core.contact import MAX_PARTY_SIZE
from octo import errors
from tours.models import Slot, Tour

OPTION_ID = "DEFAULT"
UNIT_ID = "person"
TIME_ZONE = "Europe/Copenhagen"
# The longest range one availability request may ask about: a season and a little more.
MAX_RANGE_DAYS = 400
# Prices are in Danish kroner, sent in øre (OCTO: integers in the currency's minor unit).
CURRENCY = "DKK"
CURRENCY_PRECISION = 2


def products() -> QuerySet[Tour]:
    return Tour.objects.filter(published=True).select_related("company").order_by("pk")


def product(product_id: str) -> Tour:
    """The published tour with this product id, or INVALID_PRODUCT_ID."""
    if not product_id.isdigit():
        raise errors.invalid_product(product_id)
    tour = products().filter(pk=int(product_id)).first()
    if tour is None:
        raise errors.invalid_product(product_id)
    return tour


def check_option(option_id: str) -> None:
    if option_id != OPTION_ID:
        raise errors.invalid_option(option_id)


def check_units(unit_ids: list[str]) -> None:
    for unit_id in unit_ids:
        if unit_id != UNIT_ID:
            raise errors.invalid_unit(unit_id)


def availability_id(slot: Slot) -> str:
    return timezone.localtime(slot.start, ZoneInfo(TIME_ZONE)).isoformat()


def parse_availability_id(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def slot_for(tour: Tour, value: str) -> Slot:
    """The tour's slot that starts at the availability id's moment, or INVALID_AVAILABILITY_ID."""
    moment = parse_availability_id(value)
    slot = None
    if moment is not None:
        slot = (
            Slot.objects.select_related("tour", "tour__company")
            .filter(tour=tour, start=moment)
            .first()
        )
    if slot is None:
        raise errors.invalid_availability(value)
    return slot


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in Copenhagen, as aware datetimes."""
    zone = ZoneInfo(TIME_ZONE)
    return (
        datetime.combine(first, time(), zone),
        datetime.combine(last + timedelta(days=1), time(), zone),
    )


def check_range(first: date, last: date) -> None:
    if last < first:
        raise errors.bad_request(_("localDateEnd is before localDateStart."))
    if (last - first).days > MAX_RANGE_DAYS:
        raise errors.bad_request(
            _("Ask for at most %(days)d days at a time.") % {"days": MAX_RANGE_DAYS}
        )


def slots_between(tour: Tour, first: date, last: date) -> list[Slot]:
    """The tour's slots starting on the local days first..last, every status (one query)."""
    start, end = local_day_bounds(first, last)
    return list(
        Slot.objects.select_related("tour", "tour__company")
        .filter(tour=tour, start__gte=start, start__lt=end)
        .order_by("start", "pk")
    )


def start_times(tours: list[Tour], *, now: datetime) -> dict[int, list[str]]:
    """Each tour's local start times ("10:00") of its coming departures (one query)."""
    zone = ZoneInfo(TIME_ZONE)
    found: dict[int, set[str]] = {tour.pk: set() for tour in tours}
    starts = Slot.objects.filter(
        tour__in=tours, start__gt=now, status=Slot.Status.SCHEDULED
    ).values_list("tour_id", "start")
    for tour_id, start in starts:
        found[tour_id].add(start.astimezone(zone).strftime("%H:%M"))
    return {pk: sorted(times) for pk, times in found.items()}


def party_limits(tour: Tour) -> tuple[int, int]:
    """The fewest and most units one booking may have."""
    if tour.is_group:
        return tour.min_group_size, tour.max_group_size
    return 1, MAX_PARTY_SIZE


def per_booking(tour: Tour) -> bool:
    """A group visit's price is for the whole group (OCTO pricingPer BOOKING)."""
    return tour.price_per == Tour.PricePer.GROUP


def money(kroner) -> dict:
    """An OCTO Pricing of `kroner` (a Decimal), VAT included as on our own pages."""
    ore = int((kroner * 100).to_integral_value())
    return {
        "original": ore,
        "retail": ore,
        "net": None,
        "currency": CURRENCY,
        "currencyPrecision": CURRENCY_PRECISION,
        "includedTaxes": [],
    }


def utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def availability(
    slot: Slot, *, now: datetime, party_size: int | None = None, pricing: bool = False
) -> dict:
    """The slot as an OCTO Availability. `available` answers for `party_size` people when the
    request named units, else for the smallest party the tour takes. The status follows the
    one bookable rule: BOOKABLE is AVAILABLE (LIMITED when fewer than half the places are
    left), FULL is SOLD_OUT, anything closed, cancelled, started or past the cut-off CLOSED."""
    state = capacity.slot_state(slot, now=now, source=Booking.Source.API)
    vacancies = capacity.places_bookable(slot, now=now, source=Booking.Source.API)
    smallest, largest = party_limits(slot.tour)
    if state == capacity.SlotState.BOOKABLE:
        status = "LIMITED" if vacancies * 2 < slot.capacity else "AVAILABLE"
    elif state == capacity.SlotState.FULL:
        status = "SOLD_OUT"
    else:
        status = "CLOSED"
    wanted = party_size if party_size else smallest
    available = state == capacity.SlotState.BOOKABLE and smallest <= wanted <= min(
        largest, vacancies
    )
    zone = ZoneInfo(TIME_ZONE)
    found = {
        "id": availability_id(slot),
        "localDateTimeStart": timezone.localtime(slot.start, zone).isoformat(),
        "localDateTimeEnd": timezone.localtime(slot.end, zone).isoformat(),
        "utcCutoffAt": utc(capacity.booking_closes_at(slot)),
        "allDay": False,
        "available": available,
        "status": status,
        "vacancies": vacancies,
        "capacity": slot.capacity,
        "maxUnits": min(largest, vacancies),
        "openingHours": [],
    }
    if pricing:  # octo/pricing: the price of one unit, or of the booking for a group price
        price = money(slot.tour.price)
        if per_booking(slot.tour):
            found["pricing"] = price
        else:
            found["unitPricing"] = [{"unitId": UNIT_ID, **price}]
    return found


def calendar(
    slots: list[Slot],
    first: date,
    last: date,
    *,
    now: datetime,
    party_size: int | None = None,
    pricing_of: Tour | None = None,
) -> list[dict]:
    """One OCTO AvailabilityCalendar entry per local day first..last, from that day's
    availabilities: available if any is, the best status of any, places added up."""
    by_day: dict[date, list[dict]] = {}
    zone = ZoneInfo(TIME_ZONE)
    for slot in slots:
        day = slot.start.astimezone(zone).date()
        by_day.setdefault(day, []).append(availability(slot, now=now, party_size=party_size))
    rank = ["AVAILABLE", "LIMITED", "SOLD_OUT", "CLOSED"]
    days = []
    day = first
    while day <= last:
        entries = by_day.get(day, [])
        best = min((rank.index(e["status"]) for e in entries), default=rank.index("CLOSED"))
        days.append(
            {
                "localDate": day.isoformat(),
                "available": any(e["available"] for e in entries),
                "status": rank[best],
                "vacancies": sum(e["vacancies"] for e in entries),
                "capacity": sum(e["capacity"] for e in entries),
                "openingHours": [],
                **_calendar_pricing(pricing_of),
            }
        )
        day += timedelta(days=1)
    return days


def _calendar_pricing(tour: Tour | None) -> dict:
    """octo/pricing on a calendar day: the lowest price of the day (one price per tour)."""
    if tour is None:
        return {}
    if per_booking(tour):
        return {"pricingFrom": money(tour.price)}
    return {"unitPricingFrom": [{"unitId": UNIT_ID, **money(tour.price)}]}
