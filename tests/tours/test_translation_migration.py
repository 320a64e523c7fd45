"""The texts written before content translation were Danish: the migration that adds a
column per language (tours 0003, events 0004) keeps each of them, in its `_da` column, and
the pages read them in Danish and (as the fallback) in English."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("tours", "0002_company_photo"), ("events", "0003_slothold_moves_to_booking")]
AFTER = [("tours", "0003_translated_texts"), ("events", "0004_translated_texts")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_danish_texts_move_into_the_danish_column(back_to_latest):
    old = _migrate(BEFORE)
    company = old.get_model("tours", "Company").objects.create(
        name="Lolle Frugt", slug="lolle", address="Vej 1", postal_code="4930", city="Maribo",
        municipality="Lolland", latitude=54.77, longitude=11.5, email="f@example.dk",
        phone="12345678", photo="", description="Æbler og pærer", parking="Ved laden",
        accessibility="Grusveje",
    )  # fmt: skip
    tour = old.get_model("tours", "Tour").objects.create(
        company=company, title="Æblerundvisning", description="Vi går i plantagen",
        meeting_point="Gårdbutikken",
    )  # fmt: skip
    user = old.get_model("auth", "User").objects.create(username="arrangør")
    start = timezone.now() + timedelta(days=3)
    event = old.get_model("events", "Event").objects.create(
        organiser=user, title="Innovationsstafetten", slug="stafet", capacity=20,
        registration_deadline=start, meeting_point="Maribo station", description="En dag",
    )  # fmt: skip
    stop = old.get_model("events", "Stop").objects.create(
        event=event, company=company, start=start, end=start + timedelta(hours=1),
        activity="Smagning", host_token="h" * 43,
    )  # fmt: skip

    new = _migrate(AFTER)
    tour = new.get_model("tours", "Tour").objects.get(pk=tour.pk)
    assert (tour.title_da, tour.description_da, tour.meeting_point_da) == (
        "Æblerundvisning",
        "Vi går i plantagen",
        "Gårdbutikken",
    )
    assert (tour.title_en, tour.title_de) == (None, None)
    company = new.get_model("tours", "Company").objects.get(pk=company.pk)
    assert (company.description_da, company.parking_da, company.accessibility_da) == (
        "Æbler og pærer",
        "Ved laden",
        "Grusveje",
    )
    event = new.get_model("events", "Event").objects.get(pk=event.pk)
    assert (event.title_da, event.meeting_point_da) == ("Innovationsstafetten", "Maribo station")
    assert new.get_model("events", "Stop").objects.get(pk=stop.pk).activity_da == "Smagning"

    # Through the real models: Danish reads the Danish column, English falls back to it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from tours.models import Tour

    with translation.override("en"):
        assert Tour.objects.get(pk=tour.pk).title == "Æblerundvisning"

    back = _migrate(BEFORE)
    assert back.get_model("tours", "Tour").objects.get(pk=tour.pk).title == "Æblerundvisning"
