"""The supply version (tours.supply): which writes change it, when, and that no write in the
code base goes round it unseen."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from tests.factories import CompanyFactory, SlotFactory, TourFactory, book
from tours import supply
from tours.models import Slot

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _versions(*tour_ids):
    return [supply.version(pk) for pk in tour_ids] + [supply.version()]


def test_saving_a_slot_a_tour_or_a_company_changes_their_tours_and_the_cluster():
    tour = TourFactory()
    other = TourFactory(company=tour.company)
    elsewhere = TourFactory()
    slot = SlotFactory(tour=tour)

    before = _versions(tour.pk, other.pk, elsewhere.pk)
    slot.capacity = 12
    slot.save()
    after = _versions(tour.pk, other.pk, elsewhere.pk)
    assert after[0] != before[0] and after[-1] != before[-1]
    assert after[1:3] == before[1:3]  # the company's other tour and another company's

    tour.company.save()
    again = _versions(tour.pk, other.pk, elsewhere.pk)
    assert again[0] != after[0] and again[1] != after[1] and again[2] == after[2]

    slot.delete()
    assert supply.version(tour.pk) != again[0]


def test_a_booking_changes_its_tours_version():
    slot = SlotFactory()
    before = supply.version(slot.tour_id)
    book(slot)
    assert supply.version(slot.tour_id) != before


@pytest.mark.django_db(transaction=True)
def test_one_callback_per_transaction_renews_the_version_after_the_commit(monkeypatch):
    tours = [TourFactory(), TourFactory()]
    shared = _versions(tours[0].pk, tours[1].pk)
    bumped = []
    real_bump = supply._bump
    monkeypatch.setattr(supply, "_bump", lambda ids: (bumped.append(set(ids)), real_bump(ids)))
    with transaction.atomic():
        supply.changed([tours[0].pk])
        first = _versions(tours[0].pk, tours[1].pk)
        supply.changed([tours[1].pk])
        second = _versions(tours[0].pk, tours[1].pk)
        assert bumped == []  # nothing shared before the commit: no other process sees it yet
        # Reads in the transaction see each change at once, under the transaction's token.
        assert first[0] != shared[0] and first[1] == shared[1] and first[2] != shared[2]
        assert second[0] == first[0] and second[1] != shared[1] and second[2] != first[2]
    assert bumped == [{tours[0].pk, tours[1].pk}]  # once, after the commit
    after = _versions(tours[0].pk, tours[1].pk)
    assert all(a != b for a, b in zip(after, shared, strict=True))
    assert all(a != b for a, b in zip(after, second, strict=True))


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_is_shared_at_once(monkeypatch):
    tour = TourFactory()
    before = supply.version(tour.pk)
    supply.changed([tour.pk])
    assert supply.version(tour.pk) != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_renewed_after_the_commit(monkeypatch):
    tours = [TourFactory(), TourFactory()]
    bumped = []
    monkeypatch.setattr(supply, "_bump", lambda ids: bumped.append(set(ids)))
    with transaction.atomic():
        try:
            with transaction.atomic():
                supply.changed([tours[0].pk])
                raise RuntimeError
        except RuntimeError:
            pass
        supply.changed([tours[1].pk])
    assert bumped[-1] == {tours[1].pk}


def test_a_missing_version_is_made_once_and_then_kept():
    from django.core.cache import cache

    tour = TourFactory()
    cache.delete(supply.tour_key(tour.pk))
    first = supply.version(tour.pk)
    assert first == supply.version(tour.pk) and first != "none"


@pytest.mark.django_db(transaction=True)  # the shared tokens are set after a real commit
def test_a_cache_error_never_fails_the_write(monkeypatch):
    from django.core.cache import cache

    tried = []

    def down(*args, **kwargs):
        tried.append(args)
        raise ConnectionError("no cache")

    slot = SlotFactory()
    monkeypatch.setattr(cache, "set_many", down)
    book(slot)  # the booking stands
    assert tried  # the version's write was tried, and failed
    slot.refresh_from_db()
    assert slot.booked == 2


# --- No write goes round the version unseen -------------------------------------------------

WATCHED = {"Slot", "Tour", "Company", "TourPhoto", "CompanyPhoto"}
# Writes that send no post_save/post_delete signal.
BULK = {"update", "bulk_update", "bulk_create"}
APPS = (
    "booking",
    "catalogue",
    "core",
    "demo",
    "events",
    "figures",
    "notify",
    "octo",
    "tours",
    "widget",
    "workspace",
)


def _roots_in_watched_model(call: ast.Call) -> bool:
    """`Slot.objects....update(...)`, `Tour.objects.bulk_create(...)` and the like."""
    node = call.func.value
    while isinstance(node, ast.Call | ast.Attribute):
        node = node.func if isinstance(node, ast.Call) else node.value
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return isinstance(node.value, ast.Name) and node.value.id in WATCHED
    return False


def _calls_supply_changed(function: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"changed", "changed_everything"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "supply"
        for node in ast.walk(function)
    )


def unseen_bulk_writes(paths) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in BULK
                    and _roots_in_watched_model(node)
                    and not _calls_supply_changed(function)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {function.name}")
    return found


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_every_bulk_write_of_the_supply_changes_its_version():
    assert unseen_bulk_writes(_sources()) == []


def test_the_search_finds_a_bulk_write_without_a_version_change(tmp_path):
    """The control: the search above would see one."""
    (tmp_path / "sneaky.py").write_text(
        "def close_all(ids):\n"
        "    Slot.objects.filter(pk__in=ids).update(status='closed')\n"
        "\n"
        "def close_all_seen(ids):\n"
        "    Slot.objects.filter(pk__in=ids).update(status='closed')\n"
        "    supply.changed([1])\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert unseen_bulk_writes([tmp_path / "sneaky.py"]) == ["sneaky.py:2 close_all"]
    finally:
        ROOT = saved


def test_a_slot_saved_by_any_code_changes_the_version():
    slot = SlotFactory()
    before = supply.version(slot.tour_id)
    Slot.objects.get(pk=slot.pk).save(update_fields=["capacity"])
    assert supply.version(slot.tour_id) != before
    company = CompanyFactory()
    before = supply.version()
    company.delete()
    assert supply.version() != before
