"""The floors: what a booking and a slot listing cost at the very least in Django on this
machine, on the same database, to compare the real API against (docs/performance.md).

Served by bench/wsgi.py with bench/settings.py (no middleware, no sessions) and gunicorn
without an access log (bench/gunicorn_floor.py). Nothing here validates, checks a rule or
writes a side effect; every input comes from the bench's own wrk scripts.
"""

import json
import secrets
import uuid
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from bench.tables import model, table
from core.secrets import derived_secret, secret_digest

JSON = "application/json"
# The booking's reference alphabet (no 0/O, 1/I/L), as in the product.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# The API's page size (tours.api.pagination.ApiPagination.page_size): the read floor returns
# the same first page of the window, and bench/run.py checks that both list the same slots.
PAGE_SIZE = 50
# Booking.LINK_PURPOSE, read from the model by name like the tables.
LINK = model("Booking").LINK_PURPOSE

_sql: dict[str, str] = {}


def _statements() -> dict[str, str]:
    """The floor's two statements, with the tables' current names (resolved once)."""
    if not _sql:
        _sql["update"] = (
            f"UPDATE {table('Slot')} SET booked = booked + %s"
            " WHERE id = %s AND booked + %s <= capacity"
        )
        _sql["insert"] = (
            f"INSERT INTO {table('Booking')} (slot_id, reference, token_seed, token_digest, uid,"
            " sequence, name, email, phone, party_size, unit_price, price_per, organisation,"
            " language, note, status, source, channel, origin, reseller_reference,"
            " request_fingerprint, confirmed_at, created, updated) VALUES (%s, %s, %s, %s, %s,"
            " 0, %s, %s, '', %s, 0, 'person', '', 'da', '', 'confirmed', 'online', 'web', '',"
            " '', '', %s, %s, %s)"
        )
    return _sql


def floor_book(request: HttpRequest) -> HttpResponse:
    """The conditional UPDATE and the INSERT of a whole booking row, in one transaction,
    through a raw cursor: no model instance, no validation, no rules, no outbox."""
    sql = _statements()
    data = json.loads(request.body)
    slot, size = int(data["slot"]), int(data["party_size"])
    reference = "".join(secrets.choice(ALPHABET) for _ in range(8))
    # The link secret as the product keeps it: a seed, and the keyed digest of the secret
    # derived from it (core.secrets), so the floor pays for the same two HMACs.
    seed = uuid.uuid4()
    digest = secret_digest(derived_secret(str(seed), purpose=LINK), purpose=LINK)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql["update"], [size, slot, size])
        if cursor.rowcount != 1:
            return HttpResponse(b'{"code": "slot_full"}', status=409, content_type=JSON)
        cursor.execute(
            sql["insert"],
            [
                slot,
                reference,
                seed,
                digest,
                uuid.uuid4(),
                data["name"],
                data["email"],
                size,
                now,
                now,
                now,
            ],
        )
    body = json.dumps({"reference": reference})
    return HttpResponse(body, status=201, content_type=JSON)


def floor_slots(request: HttpRequest) -> HttpResponse:
    """The availability API's first page of one tour's slot window (`?tour=&from=&to=`, ISO
    dates in local time), as JSON from `.values()`: the same two queries (the page and its
    count) and the same fields, with no filterset, serializer or pagination class."""
    tour = int(request.GET["tour"])
    start = timezone.make_aware(datetime.fromisoformat(request.GET["from"]))
    end = timezone.make_aware(datetime.fromisoformat(request.GET["to"]))
    window = (
        model("Slot")
        .objects.filter(tour_id=tour, tour__published=True, start__gte=start, start__lt=end)
        .order_by("start", "pk")
    )
    rows = window.values(
        "id",
        "tour_id",
        "tour__title",
        "tour__company__slug",
        "tour__kind",
        "tour__booking_cutoff",
        "start",
        "end",
        "capacity",
        "booked",
        "status",
    )[:PAGE_SIZE]
    now = timezone.now()
    results = [_slot_json(row, now) for row in rows]
    body = json.dumps({"count": window.count(), "results": results})
    return HttpResponse(body, content_type=JSON)


def _slot_json(row: dict, now: datetime) -> dict:
    closes: datetime = row["start"] - (row["tour__booking_cutoff"] or timedelta(0))
    open_ = row["status"] == "scheduled" and not (row["tour__kind"] == "group" and row["booked"])
    available = max(row["capacity"] - row["booked"], 0) if open_ else 0
    return {
        "id": row["id"],
        "tour": row["tour_id"],
        "tour_title": row["tour__title"],
        "company": row["tour__company__slug"],
        "start": timezone.localtime(row["start"]).isoformat(),
        "end": timezone.localtime(row["end"]).isoformat(),
        "capacity": row["capacity"],
        "available": available,
        "status": row["status"],
        "bookable": available > 0 and now < closes,
        "booking_closes_at": timezone.localtime(closes).isoformat(),
        "book_url": f"/book/{row['id']}/",
    }
