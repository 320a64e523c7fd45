import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from tours.models import Company, Slot, Tour

pytestmark = pytest.mark.django_db

MEMBERS = {
    "Lolle Frugt",
    "Varpelev Tomater",
    "Bandholm Frugtplantage",
    "Honningpigen",
    "Engvang Frugt & Specialiteter",
    "Planteriet",
    "Vineriet Frederiksdal",
}


def _snapshot():
    return (
        list(Company.objects.values_list("slug", "name", "address").order_by("slug")),
        list(Tour.objects.values_list("company__slug", "title", "kind").order_by("pk")),
        list(Slot.objects.values_list("tour_id", "start", "capacity").order_by("pk")),
    )


def test_load_demo_loads_the_members_with_eight_weeks_of_slots():
    call_command("load_demo", stdout=None)
    assert set(Company.objects.values_list("name", flat=True)) == MEMBERS
    assert Tour.objects.filter(kind=Tour.Kind.OPEN, company__slug="lolle-frugt").exists()
    assert Tour.objects.filter(
        kind=Tour.Kind.GROUP, company__slug="bandholm-frugtplantage", title__icontains="marmelade"
    ).exists()
    assert Tour.objects.filter(company__slug="engvang-frugt", title__icontains="jordbær").exists()
    starts = Slot.objects.values_list("start", flat=True)
    days = {(s - timezone.now()).days for s in starts}
    assert min(days) >= 0 and 50 <= max(days) <= 56
    assert all(slot.end > slot.start for slot in Slot.objects.all())


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first


def test_every_demo_tour_and_company_reads_in_english_and_german():
    call_command("load_demo", stdout=None)
    for company in Company.objects.all():
        for name in ("description", "parking", "accessibility", "facilities"):
            texts = [getattr(company, f"{name}_{code}") for code in ("da", "en", "de")]
            assert all(texts) and len(set(texts)) == 3, (company.slug, name, texts)
    for tour in Tour.objects.all():
        for name in ("title", "description", "meeting_point"):
            texts = [getattr(tour, f"{name}_{code}") for code in ("da", "en", "de")]
            assert all(texts) and len(set(texts)) == 3, (tour.pk, name, texts)
    event = Event.objects.get()
    assert event.title_de == "Der Innovationsstaffellauf auf Lolland"
    assert all(stop.activity_en and stop.activity_de for stop in event.stops.all())


def test_every_demo_tour_says_what_to_bring_in_every_language_and_its_terms():
    """Before you come (tours.visitor_info): every tour of the demo has its own words."""
    from datetime import timedelta

    from demo.companies import COMPANIES
    from demo.visitor_info import TOURS

    assert set(TOURS) == {tour.title for company in COMPANIES for tour in company.tours}
    call_command("load_demo", stdout=None)
    for tour in Tour.objects.all():
        for language in ("da", "en", "de"):
            assert getattr(tour, f"what_to_bring_{language}"), (tour.title, language)
    vineriet = Tour.objects.get(title="Rundvisning og kirsebærvinsmagning")
    assert "trappe" in vineriet.accessibility_da and "Treppe" in vineriet.accessibility_de
    assert Tour.objects.get(title="Jordbær i tunneller").parking_en.startswith("In the picking")
    assert Tour.objects.get(title="En eftermiddag i bigården").meeting_latitude is not None
    groups = Tour.objects.filter(kind=Tour.Kind.GROUP)
    assert {t.cancellation_deadline for t in groups} == {timedelta(days=3)}
