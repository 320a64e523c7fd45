"""The public pages' cached parts (booking.templatetags.page_cache) and the supply version that
renews them (tours.supply): every change a visitor could see shows on the very next view, and
the cache really serves (a write that goes round the version is not seen: the control)."""

from datetime import timedelta

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import timezone

from booking import holds, services, slot_services
from tests.factories import SlotFactory, TourFactory, book
from tours import supply
from tours.models import Slot
from workspace import services as workspace_services

pytestmark = pytest.mark.django_db


def _day(slot: Slot) -> str:
    return timezone.localdate(slot.start).isoformat()


def tour_page(client, slot: Slot) -> str:
    """The tour page's list of the two weeks from the slot's day, in English."""
    response = client.get(f"/en/tours/{slot.tour_id}/", {"from": _day(slot)})
    assert response.status_code == 200
    return response.content.decode()


def home_page(client) -> str:
    return client.get("/en/").content.decode()


@pytest.fixture
def slot():
    return SlotFactory(tour__title="Æbletur", tour__title_en="Apple tour", capacity=10)


def test_a_booking_shows_on_the_next_view_of_the_tour_page_and_the_home_page(client, slot):
    assert "10 places left" in tour_page(client, slot)
    assert "10 places left" in home_page(client)

    book(slot, party_size=3)

    assert "7 places left" in tour_page(client, slot)
    assert "7 places left" in home_page(client)


def test_a_cancellation_shows_on_the_next_view(client, slot):
    booking = book(slot, party_size=4)
    assert "6 places left" in tour_page(client, slot)
    services.booking_cancel(booking=booking)
    assert "10 places left" in tour_page(client, slot)
    assert "10 places left" in home_page(client)


def test_a_booking_moved_to_another_departure_shows_on_both(client, slot):
    later = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1), capacity=10)
    booking = book(slot, party_size=2)
    assert "8 places left" in tour_page(client, slot)
    services.booking_change(booking=booking, slot_id=later.pk)
    html = tour_page(client, slot)
    assert html.count("10 places left") == 1 and html.count("8 places left") == 1


def test_a_departure_moved_shows_at_its_new_time(client, slot):
    new_start = slot.start + timedelta(hours=2)
    assert timezone.localtime(new_start).strftime("%H:%M") not in tour_page(client, slot)
    slot_services.slot_move(slot_id=slot.pk, start=new_start)
    assert timezone.localtime(new_start).strftime("%H:%M") in tour_page(client, slot)


def test_a_departure_closed_cancelled_or_opened_shows(client, slot):
    assert "Closed for booking" not in tour_page(client, slot)
    slot_services.slot_close(slot_id=slot.pk)
    assert "Closed for booking" in tour_page(client, slot)
    slot_services.slot_cancel(slot_id=slot.pk)
    assert "Closed for booking" not in tour_page(client, slot)  # cancelled ones are not listed
    later = slot.start + timedelta(days=1)
    slot_services.slots_create_from_pattern(tour=slot.tour, starts=[later], capacity=7)
    assert "7 places left" in tour_page(client, slot)


def test_an_event_holding_a_departure_shows(client, slot):
    from django.db import transaction

    with transaction.atomic():
        holds.slot_hold(slot_ids=[slot.pk], holder="event:1")
    assert "Closed for booking" in tour_page(client, slot)
    with transaction.atomic():
        holds.slot_release(holder="event:1", now=timezone.now())
    assert "10 places left" in tour_page(client, slot)


def test_a_tour_edit_and_a_company_edit_show(client, slot):
    assert "Apple tour" in tour_page(client, slot)
    slot.tour.title_en = "Orchard walk"
    slot.tour.save()
    assert "Orchard walk" in tour_page(client, slot) and "Orchard walk" in home_page(client)
    company = slot.tour.company
    company.name = "Lolle Frugt og Grønt"
    company.save()
    assert "Lolle Frugt og Grønt" in tour_page(client, slot)


def test_unpublishing_a_tour_takes_it_off_at_once(client, slot):
    assert "Apple tour" in home_page(client)
    workspace_services.tour_set_published(tour=slot.tour, published=False)
    assert client.get(f"/en/tours/{slot.tour_id}/").status_code == 404
    assert "Apple tour" not in home_page(client)


def test_the_cache_serves_until_the_version_changes(client, slot, django_assert_num_queries):
    """The control: a write that goes round the version (update() sends no signal) is not
    seen, so the pages above show changes because the version changed, not by chance."""
    tour_page(client, slot), home_page(client)
    Slot.objects.filter(pk=slot.pk).update(booked=4)

    with django_assert_num_queries(1):  # the tour's title: the rest is the cached part
        assert "10 places left" in tour_page(client, slot)
    with django_assert_num_queries(0):
        assert "10 places left" in home_page(client)

    supply.changed([slot.tour_id])
    assert "6 places left" in tour_page(client, slot)
    assert "6 places left" in home_page(client)


def test_each_language_and_window_has_its_own_copy(client, slot):
    assert "Apple tour" in tour_page(client, slot)
    danish = client.get(f"/tours/{slot.tour_id}/", {"from": _day(slot)}).content.decode()
    assert "Æbletur" in danish and "10 pladser tilbage" in danish
    later = client.get(f"/en/tours/{slot.tour_id}/", {"from": "2099-01-01"})
    assert later.status_code == 200  # outside the horizon: the default window, its own copy


def test_a_logged_in_visitor_gets_the_shared_part_and_their_own_header(client, slot):
    from tests.factories import UserFactory

    anonymous = tour_page(client, slot)
    assert "Log out" not in anonymous
    client.force_login(UserFactory())
    mine = tour_page(client, slot)
    assert "Log out" in mine  # the header is the visitor's own, outside the cached part
    assert "10 places left" in mine
    # Each page's CSRF token (the language switcher's form) is its own, never a cached one.
    token = 'name="csrfmiddlewaretoken" value="'
    assert anonymous.split(token)[1][:20] != mine.split(token)[1][:20]


@pytest.mark.django_db(transaction=True)
def test_a_committed_booking_shows_on_the_next_view(client, slot):
    """With real commits: the version changes after the booking's transaction commits."""
    assert "10 places left" in tour_page(client, slot)
    book(slot, party_size=1)
    assert "9 places left" in tour_page(client, slot)
    assert "9 places left" in home_page(client)


class RecordingCache(LocMemCache):
    timeouts: list = []

    def set(self, key, value, timeout=None, version=None):
        if key.startswith("page:"):
            self.timeouts.append(timeout)
        return super().set(key, value, timeout, version)


def test_a_part_is_kept_no_longer_than_the_next_cut_off_it_shows(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.RecordingCache", "LOCATION": "page-cache-test"}
    }
    RecordingCache.timeouts = []
    tour = TourFactory(booking_cutoff=timedelta(hours=2))
    soon = SlotFactory(tour=tour, start=timezone.now() + timedelta(hours=2, minutes=10))
    tour_page(client, soon)
    assert len(RecordingCache.timeouts) == 1
    assert 0 < RecordingCache.timeouts[0] <= 10 * 60  # booking closes in ten minutes
    assert RecordingCache.timeouts[0] <= settings.PAGE_CACHE_SECONDS


def test_without_a_cache_time_nothing_is_kept(client, slot, settings):
    settings.PAGE_CACHE_SECONDS = 0
    tour_page(client, slot)
    Slot.objects.filter(pk=slot.pk).update(booked=4)
    assert "6 places left" in tour_page(client, slot)


@pytest.mark.parametrize(
    "inside",
    ['<input type="hidden" name="csrfmiddlewaretoken" value="x">', '<script nonce="abc"></script>'],
)
def test_a_part_holding_a_csrf_token_or_a_nonce_is_refused(inside):
    source = "{% load page_cache %}{% page_cache 'x' %}" + inside + "{% endpage_cache %}"
    template = Template(source)
    with pytest.raises(ImproperlyConfigured):
        template.render(Context({}))


def test_a_cache_that_does_not_answer_renders_the_part(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(supply, "version", down)
    template = Template("{% load page_cache %}{% page_cache 'x' %}fresh{% endpage_cache %}")
    assert template.render(Context({})) == "fresh"


def test_a_form_in_the_cached_part_carries_each_visitors_own_csrf_token(slot):
    """The tour page's "Add to day plan" forms: the cached part holds a placeholder, and each
    answer puts its own request's token in, so a visitor served from the cache can post."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        add = reverse("dayplan:add")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    field = 'name="csrfmiddlewaretoken" value="'
    tokens = []
    for client in (first, second):  # the first renders the part, the second is served it
        html = tour_page(client, slot)
        form = html.split(f'action="{add}"', 1)[1]
        tokens.append(form.split(field, 1)[1].split('"', 1)[0])
        answer = client.post(add, {"slot": slot.pk, "csrfmiddlewaretoken": tokens[-1]})
        assert answer.status_code == 302, answer.status_code
    assert tokens[0] != tokens[1]
    assert "pagecache" not in "".join(tokens)


def visits_page(client, query: str = "?people=2") -> str:
    response = client.get(f"/en/visits/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_booking_shows_on_the_next_view_of_the_visits_page(client, slot):
    assert "10 places left" in visits_page(client)
    book(slot, party_size=3)
    assert "7 places left" in visits_page(client)


def test_the_visits_page_is_served_from_the_cache_until_the_version_changes(client, slot):
    """The control: a write round the version is not seen; the same search written another
    way (spaces, a leading zero, an unknown parameter) is the same copy."""
    visits_page(client)
    Slot.objects.filter(pk=slot.pk).update(booked=4)
    assert "10 places left" in visits_page(client)
    assert "10 places left" in visits_page(client, "?people=02&utm=x")
    supply.changed([slot.tour_id])
    assert "6 places left" in visits_page(client)


def test_a_visits_search_with_an_error_is_not_cached(client, slot):
    visits_page(client, "?people=0")
    Slot.objects.filter(pk=slot.pk).update(booked=4)
    assert "6 places left" in visits_page(client, "?people=0")


def _stored_parts(monkeypatch) -> list[str]:
    """What page_cache writes to the cache, as it writes it."""
    from booking.templatetags import page_cache

    stored: list[str] = []
    real = page_cache.cache.set

    def keep(key, value, timeout=None):
        stored.append(value)
        return real(key, value, timeout)

    monkeypatch.setattr(page_cache.cache, "set", keep)
    return stored


def test_a_fresh_value_is_each_answers_own_and_never_in_the_stored_part(monkeypatch):
    """`fresh=`: the part is rendered once; each answer shows its own value in its place."""
    stored = _stored_parts(monkeypatch)
    template = Template(
        "{% load page_cache %}{% page_cache 'fresh' fresh=value %}"
        '<input name="submission_id" value="{{ value }}">{% endpage_cache %}'
    )
    first = template.render(Context({"value": "5e508c9e-first-answer"}))
    second = template.render(Context({"value": "b18c220c-second-answer"}))
    assert first == '<input name="submission_id" value="5e508c9e-first-answer">'
    assert second == '<input name="submission_id" value="b18c220c-second-answer">'
    assert len(stored) == 1  # the second was served from the cache
    assert "5e508c9e" not in stored[0] and "pagecacheFresh" in stored[0]


def test_a_fresh_value_too_short_to_be_found_safely_is_refused():
    template = Template(
        "{% load page_cache %}{% page_cache 'short' fresh=value %}{{ value }}{% endpage_cache %}"
    )
    with pytest.raises(ImproperlyConfigured, match="fresh="):
        template.render(Context({"value": "42"}))
    assert template.render(Context({"value": None})) == "None"  # no value: nothing replaced


def _without_csrf_token(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _plan_form(client, slot: Slot) -> tuple[str, str]:
    """The day plan page of one visit (the shared-link form): its booking form's HTML and
    its submission id."""
    html = client.get(f"/en/day-plan/?visits={slot.pk}").content.decode()
    form = html.split('id="book-title"', 1)[1].split("</section>", 1)[0]
    submission = form.split('name="submission_id" value="', 1)[1].split('"', 1)[0]
    return form, submission


def test_the_day_plans_form_is_shared_but_each_answer_has_its_own_submission(slot, monkeypatch):
    """The plan's booking form is rendered once per plan and party; two visitors served it
    get different submission ids, and each books (the second from the cached part)."""
    from django.test import Client

    from booking.models import Booking

    stored = _stored_parts(monkeypatch)
    first, second = Client(), Client()
    form_a, id_a = _plan_form(first, slot)
    form_b, id_b = _plan_form(second, slot)
    assert len([part for part in stored if 'name="submission_id"' in part]) == 1
    assert id_a != id_b
    assert _without_csrf_token(form_a.replace(id_a, "")) == _without_csrf_token(
        form_b.replace(id_b, "")
    )
    assert "pagecache" not in form_a + form_b
    for client, submission, email in (
        (first, id_a, "a@example.com"),
        (second, id_b, "b@example.com"),
    ):
        answer = client.post(
            f"/en/day-plan/?visits={slot.pk}",
            {
                "party_size": 2,
                "name": "Anne Hansen",
                "email": email,
                "language": "en",
                "visits": str(slot.pk),
                "submission_id": submission,
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:500]
    assert Booking.objects.filter(slot=slot).count() == 2


def test_the_day_plans_form_follows_the_party_and_the_plan(slot):
    """The control: another party size or another plan is another copy."""
    from django.test import Client

    other = SlotFactory(tour__title_en="Honey tour", start=slot.start + timedelta(hours=3))
    client = Client()
    one, _ = _plan_form(client, slot)
    two = client.get(f"/en/day-plan/?visits={slot.pk},{other.pk}").content.decode()
    assert "Book all 2 visits" in two and "Book the visit" in one
    five = client.get(f"/en/day-plan/?visits={slot.pk}&people=5").content.decode()
    assert 'name="party_size" value="5"' in five
