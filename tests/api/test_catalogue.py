"""The public, read-only catalogue: companies, tours and slots, their filters, pagination
and bounded query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import assert_error_shape
from tests.factories import (
    CompanyFactory,
    GroupTourFactory,
    SlotFactory,
    TourFactory,
    book,
)
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_api_lives_outside_the_language_prefixes(api):
    assert reverse("api:slot-list") == "/api/v1/slots/"
    assert api.get("/api/v1/slots/", HTTP_ACCEPT_LANGUAGE="de").status_code == 200
    assert api.get("/en/api/v1/slots/").status_code == 404


def test_companies_list_and_detail_never_show_the_private_feed_token(api):
    company = CompanyFactory(name="Vineriet Frederiksdal", slug="vineriet")

    listed = _results(api.get("/api/v1/companies/"))
    detail = api.get("/api/v1/companies/vineriet/").json()

    assert [c["slug"] for c in listed] == ["vineriet"]
    assert detail["name"] == "Vineriet Frederiksdal"
    assert detail["url"] == "http://testserver/companies/vineriet/"
    assert company.feed_token not in str(listed) + str(detail)
    assert "feed_token" not in detail
    assert_error_shape(api.get("/api/v1/companies/nobody/"), 404, "not_found")


def test_tours_only_published_and_filtered_by_company_kind_language(api):
    apple = TourFactory(company__slug="aeble", languages=["da", "de"])
    group = GroupTourFactory(company=apple.company, languages=["da"])
    other = TourFactory(company__slug="pære", languages=["en"])
    hidden = TourFactory(company=apple.company, published=False)

    def ids(query: str) -> set[int]:
        return {t["id"] for t in _results(api.get(f"/api/v1/tours/{query}"))}

    assert ids("") == {apple.pk, group.pk, other.pk}
    assert ids("?company=aeble") == {apple.pk, group.pk}
    assert ids("?kind=group") == {group.pk}
    assert ids("?language=de") == {apple.pk}
    assert ids("?language=en&company=aeble") == set()
    assert api.get(f"/api/v1/tours/{apple.pk}/").json()["company"]["slug"] == "aeble"
    assert_error_shape(api.get(f"/api/v1/tours/{hidden.pk}/"), 404, "not_found")
    body = assert_error_shape(api.get("/api/v1/tours/?kind=circus"), 400, "invalid")
    assert list(body["fields"]) == ["kind"]


def test_slot_available_counts_places_a_visitor_could_book(api):
    open_slot = SlotFactory(capacity=10)
    book(open_slot, party_size=3)
    closed = SlotFactory(tour=open_slot.tour, capacity=10, status=Slot.Status.CLOSED)
    group_slot = SlotFactory(tour=GroupTourFactory())
    book(group_slot, party_size=12, organisation="Skolen")

    by_id = {s["id"]: s for s in _results(api.get("/api/v1/slots/"))}

    assert by_id[open_slot.pk]["available"] == 7
    assert by_id[open_slot.pk]["bookable"] is True
    assert by_id[closed.pk]["available"] == 0
    assert by_id[group_slot.pk]["available"] == 0  # one group per slot: taken
    assert by_id[group_slot.pk]["bookable"] is False
    assert by_id[open_slot.pk]["book_url"].endswith(f"/book/{open_slot.pk}/")


def test_slot_filters_from_to_min_available_tour_company(api):
    now = timezone.now().replace(microsecond=0)
    tour = TourFactory(company__slug="stevns")
    soon = SlotFactory(tour=tour, start=now + timedelta(days=1), capacity=2)
    later = SlotFactory(tour=tour, start=now + timedelta(days=10), capacity=20)
    past = SlotFactory(tour=tour, start=now - timedelta(days=1), capacity=20)
    elsewhere = SlotFactory(start=now + timedelta(days=2))

    def ids(query: str) -> set[int]:
        return {s["id"] for s in _results(api.get("/api/v1/slots/", query))}

    assert ids({}) == {soon.pk, later.pk, elsewhere.pk}  # the past only when asked for
    assert ids({"from": (now - timedelta(days=2)).isoformat(), "tour": tour.pk}) == {
        past.pk,
        soon.pk,
        later.pk,
    }
    assert ids({"to": (now + timedelta(days=5)).isoformat()}) == {soon.pk, elsewhere.pk}
    assert ids({"min_available": 5, "company": "stevns"}) == {later.pk}
    assert ids({"company": "nobody"}) == set()
    body = assert_error_shape(api.get("/api/v1/slots/", {"from": "tomorrow"}), 400, "invalid")
    assert "from" in body["fields"]
    assert_error_shape(api.get("/api/v1/slots/", {"min_available": -1}), 400, "invalid")


def test_lists_are_paginated(api):
    tour = TourFactory()
    for day in range(1, 6):
        SlotFactory(tour=tour, start=timezone.now() + timedelta(days=day))

    first = api.get("/api/v1/slots/", {"page_size": 2}).json()
    last = api.get("/api/v1/slots/", {"page_size": 2, "page": 3}).json()

    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page=2" in first["next"]
    assert len(last["results"]) == 1 and last["next"] is None
    assert_error_shape(api.get("/api/v1/slots/", {"page": 99}), 404, "not_found")


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(
    "resource",
    [
        "companies",
        "tours",
        "slots",
    ],
)
def test_each_list_answers_in_bounded_queries(api, django_assert_max_num_queries, count, resource):
    companies = CompanyFactory.create_batch(count)
    for company in companies:
        SlotFactory(tour__company=company)

    # One COUNT and one SELECT of the page (and one of its photos), whatever the page holds.
    with django_assert_max_num_queries(2 if resource == "slots" else 3):
        response = api.get(f"/api/v1/{resource}/")

    assert len(_results(response)) == count


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/slots/?page=", "page"),
        ("/api/v1/slots/?page=abc", "page"),
        ("/api/v1/slots/?page=last", "page"),
        ("/api/v1/slots/?page_size=0", "page_size"),
        ("/api/v1/slots/?page_size=201", "page_size"),
        ("/api/v1/slots/?to=", "to"),
        ("/api/v1/tours/?kind=", "kind"),
        ("/api/v1/tours/?company=%C3%A6ble", "company"),
        ("/api/v1/tours/?company=a%00b", "company"),
        ("/api/v1/slots/?from=0001-01-01T00:00:00%2B05:00", "from"),
        ("/api/v1/slots/?from=2026-03-29T02:30:00", "from"),  # a local time that never was
    ],
)
def test_malformed_query_values_are_400_naming_the_parameter(api, url, field):
    """Found by the schemathesis run: DRF and django-filter would quietly ignore these, or
    pass them to PostgreSQL and fail."""
    body = assert_error_shape(api.get(url), 400, "invalid")
    assert list(body["fields"]) == [field]


def test_offsets_postgresql_would_refuse_are_read_as_the_same_instant(api):
    slot = SlotFactory(start=timezone.now() + timedelta(days=1))
    # -19:20 is a valid ISO 8601 offset for Python, but out of range for PostgreSQL.
    found = _results(api.get("/api/v1/slots/", {"from": "2000-01-01T00:00:00-19:20"}))
    assert [s["id"] for s in found] == [slot.pk]


def test_any_other_api_address_is_a_json_404(api):
    assert_error_shape(api.get("/api/v1/tours/1%0A/"), 404, "not_found")
    assert_error_shape(api.get("/api/v2/"), 404, "not_found")
