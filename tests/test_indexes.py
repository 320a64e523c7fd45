"""The hot tables' indexes: one per way a table is read, and no narrower twin beside a
composite index (the planner may prefer it and sort, docs/finding.md) nor a LIKE-only copy
no query uses. Each index is paid for by every row written."""

import pytest
from django.db import connection

from booking.models import Booking, WaitlistEntry
from notify.models import OutboundMail
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: info["columns"] for name, info in found.items() if info["index"]}


@pytest.mark.parametrize(
    ("model", "composite", "twin"),
    [
        (Slot, ["tour_id", "start"], ["tour_id"]),
        (Booking, ["slot_id", "status"], ["slot_id"]),
        (WaitlistEntry, ["slot_id", "status", "created"], ["slot_id"]),
    ],
)
def test_lookups_by_the_parent_go_through_the_composite_index(model, composite, twin):
    columns = list(_indexes(model).values())
    assert composite in columns
    assert twin not in columns


def test_mails_are_found_by_about_through_one_plain_index():
    about = [name for name, columns in _indexes(OutboundMail).items() if columns == ["about"]]
    assert len(about) == 1  # on PostgreSQL a field's db_index would add a "_like" copy
    assert not about[0].endswith("_like")
