"""The demo's two years of history: deterministic, seasonal, consistent with the booking
invariants, and enough for every chart of the figures page."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.utils import timezone

from booking.models import Booking
from demo.history import KEY, load_demo_history
from figures.selectors import Period, figures_for_period
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=None)


def _monthly(title_word: str) -> dict[int, int]:
    rows = (
        Booking.objects.filter(
            idempotency_key__startswith=KEY,
            status="confirmed",
            slot__tour__title__icontains=title_word,
        )
        .values_list("slot__start__month")
        .annotate(people=Sum("party_size"))
    )
    return dict(rows)


def test_history_has_seasons_growth_and_every_kind_of_record(demo):
    assert Booking.objects.filter(idempotency_key__startswith=KEY).count() > 500
    strawberries = _monthly("Jordbær")
    assert strawberries.get(6, 0) > 3 * strawberries.get(1, 0)
    cherries = _monthly("kirsebær")
    assert cherries.get(9, 0) > cherries.get(3, 0)
    history = Booking.objects.filter(idempotency_key__startswith=KEY)
    assert history.filter(status="cancelled").exists()
    assert history.filter(no_show_at__isnull=False).exists()
    assert history.filter(arrived__isnull=False).exists()
    assert history.filter(checked_in_at__isnull=False).exclude(arrived=F("party_size")).exists()
    assert history.exclude(language="da").exists()


def test_history_keeps_booked_equal_to_the_confirmed_places(demo):
    for slot in Slot.objects.filter(bookings__idempotency_key__startswith=KEY).distinct():
        confirmed = slot.bookings.filter(status="confirmed").aggregate(n=Sum("party_size"))["n"]
        assert slot.booked == (confirmed or 0) <= slot.capacity


def test_history_is_deterministic_and_loaded_once(demo):
    period = Period(date.today().replace(day=1, year=date.today().year - 1), date.today())
    first = figures_for_period(period=period).total
    assert load_demo_history() == 0  # already there: nothing written again
    Booking.objects.filter(idempotency_key__startswith=KEY).delete()
    # Every departure before yesterday is history (load_demo makes only coming ones).
    Slot.objects.filter(start__lt=timezone.now() - timedelta(days=1)).delete()
    load_demo_history()
    again = figures_for_period(period=period).total
    assert (first.visitors, first.arrived, first.no_shows) == (
        again.visitors,
        again.arrived,
        again.no_shows,
    )


def test_the_figures_of_the_last_twelve_months_compare_with_the_year_before(demo):
    from workspace.figures_views import last_twelve_months

    overview = figures_for_period(period=last_twelve_months(date.today()))
    assert (
        sum(m.visitors for m in overview.months)
        > sum(m.visitors_before for m in overview.months)
        > 0
    )
    assert all(f.visitors for f in overview.companies)
