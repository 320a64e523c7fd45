# ruff: noqa: RUF001, RUF002 (the multiplication sign of "3 x 75 kr." is meant)
"""What a visit costs and how it is written: the one place for prices and totals.

A tour has a price in Danish kroner (`Tour.price`, two decimals) that applies per person or
per group (`Tour.price_per`); 0 is a free tour. A booking keeps the price it was made at
(booking.Booking.unit_price / price_per, the snapshot), so a later change of the tour's
price does not change what a confirmed visitor pays; its total is `price_total` of those.

Every page, mail and calendar text writes prices through the labels below, which write the
amounts with core.formats.format_price (Babel's CLDR data):

| | da | en | de |
|---|---|---|---|
| price_label | 75 kr. pr. person | DKK 75 per person | 75 DKK pro Person |
| price_label (group) | 1.500 kr. pr. gruppe | DKK 1,500 per group | 1.500 DKK pro Gruppe |
| price_from_label | fra 75 kr. pr. person | from DKK 75 per person | ab 75 DKK pro Person |
| (one free) | Gratis eller fra 75 kr. pr. person | Free or from DKK 75 … | Kostenlos oder ab … |
| total_label | 3 × 75 kr. = 225 kr. | 3 × DKK 75 = DKK 225 | 3 × 75 DKK = 225 DKK |
| free | Gratis | Free | Kostenlos |

The templates use them as filters (`{% load pricing %}`, tours/templatetags/pricing.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.formats import format_price

PER_PERSON = "person"
PER_GROUP = "group"
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Price:
    """An amount in DKK and what it applies to (PER_PERSON or PER_GROUP)."""

    amount: Decimal
    per: str = PER_PERSON

    @classmethod
    def of(cls, tour) -> "Price":
        """The tour's price today (a booking's own is `booking.pricing`)."""
        return cls(Decimal(tour.price), tour.price_per or PER_PERSON)

    @property
    def is_free(self) -> bool:
        return self.amount == 0

    @property
    def per_group(self) -> bool:
        return self.per == PER_GROUP

    def total(self, party_size: int) -> Decimal:
        return price_total(self.amount, self.per, party_size)


def price_total(amount: Decimal, per: str, party_size: int) -> Decimal:
    """What a party of `party_size` pays: the amount once for a group price, once per
    person otherwise; to the øre."""
    amount = Decimal(amount)
    if per == PER_GROUP:
        return amount.quantize(CENTS)
    return (amount * max(int(party_size), 0)).quantize(CENTS)


def booking_total(tour, party_size: int) -> Decimal:
    """What a party of `party_size` pays for `tour` at its price today."""
    return Price.of(tour).total(party_size)


def _per(price: Price, amount: str) -> str:
    if price.per_group:
        return _("%(price)s per group") % {"price": amount}
    return _("%(price)s per person") % {"price": amount}


def price_label(price: Price | None) -> str:
    """ "75 kr. pr. person", "1.500 kr. pr. gruppe", "Gratis"."""
    if price is None:
        return ""
    if price.is_free:
        return pgettext("price", "Free")
    return _per(price, format_price(price.amount))


def price_from_label(tours: Iterable) -> str:
    """The price of several tours (a company's published tours) in one line, from the
    lowest (see lowest_price): "fra 75 kr. pr. person"; "Gratis eller fra 75 kr. pr.
    person" when one of them is free; "Gratis" when all are; "" when there are none."""
    prices = [Price.of(tour) for tour in tours]
    lowest = lowest_price(prices)
    if lowest is None:
        return ""
    if lowest.is_free:
        return pgettext("price", "Free")
    amount = format_price(lowest.amount)
    if any(price.is_free for price in prices):
        if lowest.per_group:
            return _("Free or from %(price)s per group") % {"price": amount}
        return _("Free or from %(price)s per person") % {"price": amount}
    if lowest.per_group:
        return _("from %(price)s per group") % {"price": amount}
    return _("from %(price)s per person") % {"price": amount}


def total_label(price: Price | None, party_size: int) -> str:
    """What a party pays, showing the sum: "3 × 75 kr. = 225 kr."; a group price is the
    total itself ("1.500 kr. pr. gruppe"); a free tour "Gratis"."""
    if price is None:
        return ""
    if price.is_free:
        return pgettext("price", "Free")
    if price.per_group:
        return price_label(price)
    return _("%(count)s × %(price)s = %(total)s") % {
        "count": party_size,
        "price": format_price(price.amount),
        "total": format_price(price.total(party_size)),
    }


def total_line(price: Price, party_size: int) -> str:
    """The line of a mail or a calendar entry: "I alt: 3 × 75 kr. = 225 kr., betales ved
    ankomst"; "Pris: Gratis" for a free tour."""
    if price.is_free:
        return _("Price: %(price)s") % {"price": pgettext("price", "Free")}
    return _("Total: %(total)s, paid on arrival") % {"total": total_label(price, party_size)}


def lowest_price(prices: Iterable) -> Price | None:
    """The "from" price of several tours or prices: the lowest paid price per person when
    any tour is priced per person, else the lowest group price (a group price is not
    compared with a price per person); free only when all are free; None for none."""
    prices = [price if isinstance(price, Price) else Price.of(price) for price in prices]
    if not prices:
        return None
    paid = [price for price in prices if not price.is_free]
    if not paid:
        return Price(Decimal(0), PER_PERSON)
    per_person = [price for price in paid if not price.per_group]
    return min(per_person or paid, key=lambda price: price.amount)


def totals_by_size(price: Price, sizes: Iterable[int]) -> dict[str, str]:
    """The total label for each party size, for the booking form's live total (the script
    shows the label the server wrote, so the browser never formats an amount itself)."""
    return {str(size): total_label(price, size) for size in sizes}
