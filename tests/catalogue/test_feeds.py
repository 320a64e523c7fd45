"""Public feeds: cluster, company, tour."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from booking import calendar
from booking.models import Booking
from tests.booking.icalcheck import assert_wire_format, parse, vobject_read
from tests.factories import SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _slot(local: datetime, **fields) -> Slot:
    start = local.replace(tzinfo=CPH).astimezone(UTC)
    tour = fields.pop("tour", None) or TourFactory()
    return SlotFactory(tour=tour, start=start, end=start + tour.duration, **fields)


def _en(name: str, **kwargs) -> str:
    """The English URL (/en/...): the tests read feed text in the source language."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_company_feed_is_publish_with_name_refresh_and_no_personal_data(client):
    slot = _slot(datetime(2027, 3, 28, 10, 0))
    company = slot.tour.company
    booking = book(slot, party_size=3, name="Hemmelig Person", email="hemmelig@example.com")
    other = SlotFactory()  # another company's slot stays out
    ics = _get(client, _en("catalogue:company_feed", slug=company.slug))
    assert_wire_format(ics)
    cal = parse(ics)
    assert cal["METHOD"] == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == f"{company.name}: tours"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in ics
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in ics
    text = ics.decode()
    for secret in (booking.name, booking.email, booking.phone, booking.token, booking.reference):
        assert secret not in text
    assert "ATTENDEE" not in text
    read = vobject_read(ics)
    assert read["method"] == "PUBLISH"
    (event,) = read["events"]
    assert event["uid"] == calendar.slot_uid(slot)
    assert event["start_utc"] == "2027-03-28T08:00:00+00:00"
    assert "7 places left" in event["description"]
    assert calendar.slot_uid(other) not in text


def test_tour_and_cluster_feeds_cover_their_slots(client):
    tour = TourFactory()
    mine = _slot(datetime(2027, 10, 31, 10, 0), tour=tour)
    elsewhere = _slot(datetime(2027, 10, 31, 11, 0))
    cancelled = _slot(datetime(2027, 11, 1, 11, 0), tour=tour, status=Slot.Status.CANCELLED)
    hidden = _slot(datetime(2027, 11, 2, 11, 0), tour=TourFactory(published=False))
    tour_ics = _get(client, reverse("catalogue:tour_feed", kwargs={"pk": tour.pk}))
    assert [e["uid"] for e in vobject_read(tour_ics)["events"]] == [calendar.slot_uid(mine)]
    assert vobject_read(tour_ics)["events"][0]["start_utc"] == "2027-10-31T09:00:00+00:00"
    cluster = _get(client, reverse("catalogue:feed"))
    uids = {e["uid"] for e in vobject_read(cluster)["events"]}
    assert uids == {calendar.slot_uid(mine), calendar.slot_uid(elsewhere)}
    assert calendar.slot_uid(cancelled) not in uids and calendar.slot_uid(hidden) not in uids
    assert (
        client.get(reverse("catalogue:tour_feed", kwargs={"pk": hidden.tour.pk})).status_code == 404
    )


def test_feed_pages_show_webcal_links(client):
    tour = TourFactory()
    SlotFactory(tour=tour)
    pages = {
        reverse("catalogue:home"): reverse("catalogue:feed"),
        tour.company.get_absolute_url(): reverse(
            "catalogue:company_feed", kwargs={"slug": tour.company.slug}
        ),
        tour.get_absolute_url(): reverse("catalogue:tour_feed", kwargs={"pk": tour.pk}),
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert f'href="webcal://testserver{feed}"' in html, page


@pytest.mark.parametrize("count", [1, 50])
def test_feeds_read_in_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    tour = TourFactory()
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    for n in range(count):
        slot = SlotFactory(
            tour=tour, start=base + timedelta(hours=n), end=base + timedelta(hours=n, minutes=90)
        )
        Booking.objects.create(slot=slot, name=f"P{n}", email=f"p{n}@example.com", party_size=1)
    with django_assert_max_num_queries(1):
        _get(client, reverse("catalogue:feed"))
    with django_assert_max_num_queries(2):
        _get(client, reverse("catalogue:company_feed", kwargs={"slug": tour.company.slug}))
    with django_assert_max_num_queries(2):
        _get(client, reverse("catalogue:tour_feed", kwargs={"pk": tour.pk}))


def test_public_feed_is_built_once_per_cache_period(client, settings, django_assert_num_queries):
    settings.FEED_CACHE_SECONDS = 60
    SlotFactory(tour__title="Æbletur")
    first = client.get("/calendar.ics")
    assert first.status_code == 200 and "Æbletur" in first.content.decode()
    SlotFactory(tour__title="Pæretur")
    with django_assert_num_queries(0):
        again = client.get("/calendar.ics")
    assert again.content == first.content
    assert again["Content-Type"].startswith("text/calendar")


def test_control_without_the_cache_period_a_new_slot_shows_at_once(client, settings):
    settings.FEED_CACHE_SECONDS = 0
    SlotFactory(tour__title="Æbletur")
    client.get("/calendar.ics")
    SlotFactory(tour__title="Pæretur")
    assert "Pæretur" in client.get("/calendar.ics").content.decode()


@pytest.mark.redis
def test_the_shared_cache_works_on_real_redis(settings):
    """With REDIS_URL set, every web process shares this cache (rate limits, feeds)."""
    from django.core.cache import caches

    from tests.conftest import REDIS_URL

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kb-test",
        }
    }
    cache = caches.create_connection("default")
    cache.set("feed:da:/calendar.ics", (b"BEGIN:VCALENDAR", "x.ics"), 5)
    assert cache.get("feed:da:/calendar.ics") == (b"BEGIN:VCALENDAR", "x.ics")
    cache.add("n", 0)
    assert cache.incr("n") == 1  # the lost-link rate limit counts this way
    cache.delete_many(["feed:da:/calendar.ics", "n"])
