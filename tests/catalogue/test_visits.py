"""Finding a visit: the visits page's filters (plain GET parameters), what they find, what a
bad parameter does (a message, never a 500) and the bounded number of queries."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.visit_selectors import VisitFilters, find_visits, search_terms
from tests.factories import CompanyFactory, GroupTourFactory, SlotFactory, TourFactory, book
from tours.models import Slot, Tour

pytestmark = pytest.mark.django_db


def _day(weekday: int, weeks: int = 1):
    """A local date `weeks` weeks ahead falling on ISO `weekday` (6: Saturday)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.isoweekday()) % 7 + 7 * weeks)


def _at(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _found(**filters) -> list[Tour]:
    return find_visits(VisitFilters(**filters)).tours


def _titles(**filters) -> list[str]:
    return [tour.title for tour in _found(**filters)]


def test_a_family_of_four_finds_saturday_strawberry_tours_with_room():
    saturday, friday = _day(6), _day(5)
    strawberries = TourFactory(
        title="Jordbær i tunneller",
        title_en="Strawberries in polytunnels",
        title_de="Erdbeeren im Folientunnel",
        description="Rundvisning i jordbærtunnellerne.",
    )
    SlotFactory(tour=strawberries, start=_at(saturday))
    SlotFactory(tour=strawberries, start=_at(friday))
    almost_full = SlotFactory(tour=strawberries, start=_at(saturday, 15), capacity=5)
    book(almost_full, party_size=2)
    SlotFactory(tour__title="Æbler og pærer", start=_at(saturday))
    found = _found(text="strawberry", first_day=saturday, last_day=saturday, party_size=4)
    assert [t.pk for t in found] == [strawberries.pk]
    # Only the departures that match: Saturday, and with room for four (the 15:00 has 3).
    assert [s.start for s in found[0].departures] == [_at(saturday)]


@pytest.mark.parametrize(
    "text", ["jordbær", "Jordbærene", "strawberries", "Strawberry", "Erdbeere", "erdbeeren"]
)
def test_the_search_finds_a_tour_by_its_text_in_any_language(text):
    TourFactory(
        title="Jordbær i tunneller",
        title_en="Strawberries in polytunnels",
        description_de="Führung durch die Erdbeertunnel.",
    )
    SlotFactory(tour=TourFactory(title="Æbletur"))
    strawberry = Tour.objects.get(title_da="Jordbær i tunneller")
    SlotFactory(tour=strawberry)
    assert _titles(text=text) == ["Jordbær i tunneller"]


def test_the_search_folds_danish_and_german_capitals_on_every_database():
    SlotFactory(tour=TourFactory(title="ÆBLEMOST og Äpfel"))
    SlotFactory(tour=TourFactory(title="Honning"))
    assert _titles(text="æblemost") == ["ÆBLEMOST og Äpfel"]
    assert _titles(text="äpfel") == ["ÆBLEMOST og Äpfel"]
    # Every word must be found; the company's name and town count.
    SlotFactory(
        tour__company__name="Honningpigen", tour__company__city="Ringsted", tour__title="Bier"
    )
    assert _titles(text="honningpigen ringsted") == ["Bier"]
    assert _titles(text="honning æble") == []


def test_search_terms_keep_stems_of_three_letters():
    assert search_terms("Strawberries, ÆBLER!") == ["strawberr", "æbl"]
    assert search_terms("bees") == ["bee"]
    assert search_terms("?!") == []


def test_punctuation_alone_is_no_search():
    SlotFactory(tour__title="Æbletur")
    assert _titles(text="?!") == ["Æbletur"]


def test_for_groups_of_n_group_visits_within_their_sizes_and_free(settings):
    settings.BOOKING_MAX_PLACES = 10
    group = GroupTourFactory(title="Gruppebesøg", min_group_size=10, max_group_size=40)
    free = SlotFactory(tour=group)
    taken = SlotFactory(tour=group, start=free.start + timedelta(days=1))
    book(taken, party_size=12)
    SlotFactory(tour__title="Åben tur", capacity=30)
    assert _titles(party_size=4) == ["Åben tur"]
    found = _found(party_size=12)
    by_title = {t.title: t for t in found}
    # The open tour takes 12 only within its limit per online booking (10 here).
    assert set(by_title) == {"Gruppebesøg"}
    assert [s.pk for s in by_title["Gruppebesøg"].departures] == [free.pk]
    assert _titles(party_size=41) == []


def test_an_open_tour_with_a_higher_online_limit_takes_a_larger_party(settings):
    settings.RATELIMIT_ENABLE, settings.BOOKING_MAX_PLACES = True, 10
    SlotFactory(tour__title="Stor tur", tour__online_max_places=30, capacity=40)
    SlotFactory(tour__title="Lille tur", capacity=40)
    assert _titles(party_size=25) == ["Stor tur"]


def test_kind_municipality_and_language_filters():
    lolland = CompanyFactory(municipality="Lolland Kommune")
    stevns = CompanyFactory(municipality="Stevns Kommune")
    SlotFactory(tour=TourFactory(company=lolland, title="Dansk tur", languages=["da"]))
    SlotFactory(tour=TourFactory(company=stevns, title="Tysk tur", languages=["da", "de"]))
    SlotFactory(tour=GroupTourFactory(company=stevns, title="Gruppe", languages=["en"]))
    assert sorted(_titles(kind="group")) == ["Gruppe"]
    assert sorted(_titles(kind="open")) == ["Dansk tur", "Tysk tur"]
    assert sorted(_titles(municipality="Stevns Kommune")) == ["Gruppe", "Tysk tur"]
    assert _titles(language="de") == ["Tysk tur"]
    assert sorted(_titles(language="da")) == ["Dansk tur", "Tysk tur"]
    assert _titles(language="en", municipality="Lolland Kommune") == []


def test_date_range_and_days_of_the_week():
    monday = _day(1)
    tour = TourFactory(title="Hver dag")
    for offset in range(7):
        SlotFactory(tour=tour, start=_at(monday + timedelta(days=offset)))
    SlotFactory(tour__title="Senere", start=_at(monday + timedelta(days=30)))
    week = _found(first_day=monday, last_day=monday + timedelta(days=6))
    assert [t.title for t in week] == ["Hver dag"]
    assert len(week[0].departures) == 3  # the next three of the seven
    weekend = _found(weekdays=frozenset({6, 7}), first_day=monday, last_day=monday + timedelta(6))
    assert [timezone.localdate(s.start).isoweekday() for s in weekend[0].departures] == [6, 7]
    # A departure late in the evening is on its local day, not UTC's.
    late = SlotFactory(tour__title="Aften", start=_at(monday + timedelta(days=56), 23))
    assert _titles(weekdays=frozenset({1}), first_day=timezone.localdate(late.start)) == ["Aften"]


def test_tours_are_ordered_by_their_next_matching_departure_and_paged():
    start = timezone.now() + timedelta(days=2)
    tours = [TourFactory(title=f"Tur {n:02}") for n in range(15)]
    for n, tour in enumerate(reversed(tours)):
        SlotFactory(tour=tour, start=start + timedelta(hours=n))
    first = find_visits(VisitFilters(), per_page=12)
    assert first.count == 15
    assert [t.title for t in first.tours] == [f"Tur {n:02}" for n in range(14, 2, -1)]
    second = find_visits(VisitFilters(), page=2, per_page=12)
    assert [t.title for t in second.tours] == ["Tur 02", "Tur 01", "Tur 00"]
    # A page past the end or not a number gives a page, never an error.
    assert find_visits(VisitFilters(), page="99").page.number == 2
    assert find_visits(VisitFilters(), page="x").page.number == 1


def test_nothing_unpublished_cancelled_closed_full_or_past_is_found():
    SlotFactory(tour__title="Kladde", tour__published=False)
    SlotFactory(tour__title="Aflyst", status=Slot.Status.CANCELLED)
    SlotFactory(tour__title="Lukket", status=Slot.Status.CLOSED)
    full = SlotFactory(tour__title="Fuld", capacity=2)
    book(full, party_size=2)
    SlotFactory(tour__title="For sent", start=timezone.now() + timedelta(hours=1))
    assert _titles() == []


# The page


def test_the_page_shows_cards_with_departures_price_and_booking_links(client):
    tour = TourFactory(title="Jordbær", title_en="Strawberries", price=75)
    slot = SlotFactory(tour=tour, capacity=20)
    book(slot, party_size=3)
    with translation.override("en"):
        url = reverse("catalogue:visits")
        book_url = reverse("booking:book", args=[slot.pk])
    html = client.get(f"{url}?people=4").content.decode()
    assert "1 visit found" in html
    assert "Strawberries" in html and "17 places left" in html
    assert "DKK\N{NO-BREAK SPACE}75" in html
    assert "DKK\N{NO-BREAK SPACE}300" in html  # the total for the four asked
    assert f'href="{book_url}?people=4"' in html


def test_filters_are_get_parameters_and_a_shared_link_gives_the_same_result(client):
    saturday = _day(6)
    SlotFactory(tour__title="Lørdagstur", start=_at(saturday))
    SlotFactory(tour__title="Søndagstur", start=_at(saturday + timedelta(days=1)))
    html = client.get(f"/visits/?date={saturday.isoformat()}").content.decode()
    assert "Lørdagstur" in html and "Søndagstur" not in html
    assert f'value="{saturday.isoformat()}"' in html  # the form keeps what was asked
    assert "Ryd filtre" in html  # "Clear filters"


@pytest.mark.parametrize(
    "query",
    [
        "date=not-a-date",
        "date=2001-01-01",
        "date=9999-12-31",
        "until=2020-01-01&date=2030-01-01",
        "people=0",
        "people=abc",
        "people=100000000000000000000",
        "kind=boat",
        "area=Atlantis",
        "language=xx",
        "day=9",
        "day=x",
        "q=" + "x" * 500,
        "page=-1",
        "page=999",
        "date=%00",
    ],
)
def test_bad_parameters_give_a_message_and_the_rest_of_the_results(client, query):
    SlotFactory(tour__title="Æbletur")
    response = client.get(f"/en/visits/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if not query.startswith("page"):
        assert "could not be used" in html
    assert "Æbletur" in html or "date=" in query or "until=" in query


def test_until_before_date_is_explained(client):
    day = _day(3)
    html = client.get(
        f"/en/visits/?date={day.isoformat()}&until={(day - timedelta(days=1)).isoformat()}"
    ).content.decode()
    assert "The last day is before the first day." in html


def test_the_municipality_list_holds_only_municipalities_with_published_tours(client):
    TourFactory(company__municipality="Stevns Kommune")
    TourFactory(company__municipality="Skjult Kommune", published=False)
    CompanyFactory(municipality="Tom Kommune")
    html = client.get("/visits/").content.decode()
    assert ">Stevns Kommune</option>" in html
    assert "Skjult Kommune" not in html and "Tom Kommune" not in html


def test_language_choices_are_named_in_the_reader_s_language(client):
    html = client.get("/de/visits/").content.decode()
    assert ">Dänisch</option>" in html and ">Englisch</option>" in html


def test_an_empty_result_suggests_leaving_a_filter_out(client):
    SlotFactory(tour__title="Æbletur", tour__languages=["da"])
    html = client.get("/en/visits/?language=de&kind=open").content.decode()
    assert "0 visits found" in html
    assert "Without “German”" in html
    assert 'href="/en/visits/?kind=open"' in html  # the same search without the language


def test_the_home_page_has_a_short_form_to_the_visits_page(client):
    html = client.get("/en/").content.decode()
    assert 'action="/en/visits/"' in html
    assert 'name="date"' in html and 'name="people"' in html and 'name="kind"' in html


@pytest.mark.parametrize("tours", [1, 200])
def test_the_visits_page_answers_in_bounded_queries(client, django_assert_max_num_queries, tours):
    companies = [
        CompanyFactory(municipality=f"Kommune {n % 5}") for n in range(max(tours // 10, 1))
    ]
    start = timezone.now() + timedelta(days=1)
    made = []
    for n in range(tours):
        kind = GroupTourFactory if n % 4 == 0 else TourFactory
        made.append(kind(company=companies[n % len(companies)], languages=["da", "de"]))
    Slot.objects.bulk_create(
        Slot(
            tour=tour,
            start=start + timedelta(hours=n + 24 * day),
            end=start + timedelta(hours=n + 24 * day + 1),
            capacity=40,
        )
        for n, tour in enumerate(made)
        for day in range(5)
    )
    # Session and language reads included; the municipalities, the search, the matching
    # tours, their companies and their next departures.
    for query in ("", "?people=4&language=de&kind=open&q=rundvisning&day=1&day=2&day=3&day=4"):
        with django_assert_max_num_queries(8):
            response = client.get(f"/visits/{query}")
        assert response.status_code == 200
    assert find_visits(VisitFilters(language="de")).count == tours


def test_the_booking_page_opened_from_a_card_starts_at_the_party_size(client):
    slot = SlotFactory(capacity=20)
    url = reverse("booking:book", args=[slot.pk])
    assert 'name="party_size" value="4"' in client.get(f"{url}?people=4").content.decode()
    for bad in ("0", "x", "²", "99999", "-3"):
        assert client.get(f"{url}?people={bad}").status_code == 200


def test_the_search_folds_sharp_s_as_ss_in_the_database():
    SlotFactory(tour=TourFactory(title="Hofladen an der Dorfstraße"))
    assert _titles(text="dorfstrasse") == ["Hofladen an der Dorfstraße"]
    assert _titles(text="DORFSTRASSE") == ["Hofladen an der Dorfstraße"]


def test_the_search_is_one_query_with_the_tours(django_assert_num_queries):
    SlotFactory(tour__title="Æbletur")
    with django_assert_num_queries(1):  # the text is matched in the tours' query
        results = find_visits(VisitFilters(text="æble"))
    assert results.count == 1
