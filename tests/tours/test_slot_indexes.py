"""The slot table's indexes: one per way it is read, and no narrower twin that the planner
could prefer to the ordered one (docs/finding.md, "The 1x data got the slower plan")."""

import pytest
from django.db import connection

from tours.models import Slot

pytestmark = pytest.mark.django_db


def _indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Slot._meta.db_table)
    return {name: info["columns"] for name, info in found.items() if info["index"]}


def test_lookups_by_tour_go_through_the_tour_and_start_index():
    columns = list(_indexes().values())
    assert ["tour_id", "start"] in columns
    assert ["tour_id"] not in columns  # the narrower twin that made the search sort
