"""The benchmark's data, written in bulk straight to the tables it measures.

Companies and tours go through the ORM (a handful of rows, with every model default);
slots and bookings are generated in SQL (`INSERT … SELECT … generate_series`), a million
rows in well under a minute. Every column the SQL does not set comes from a template
instance of the model, so a new field with a default needs no change here. Tables are
found by model name (bench/tables.py), wherever the model lives.

Run as `python -m bench.data reads SCALE` to build a scale's read data into the database of
DATABASE_URL and print its ids as JSON (bench/run.py does this for the 10x database).
"""

import json
import sys
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from bench.tables import model, table

FEED_SLOTS = 1_000
READ_SLOTS = 10_000  # per read tour; scale 10 has ten read tours on the same dates
BOOKINGS_PER_READ_SLOT = 10
SPREAD_SLOTS = 10_000
SLOTS_PER_DAY = 10
# A generated booking's reference is its number in hex, spelt in the reference alphabet
# (0-9a-f -> 2-9A-H): unique, valid, and 8 characters up to 4 billion rows.
_REFERENCE = "translate(lpad(to_hex(src.n), 8, '0'), '0123456789abcdef', '23456789ABCDEFGH')"


def _company(n: int) -> Model:
    return model("Company").objects.create(
        name=f"Bench Frugt {n}",
        slug=f"bench-{n}",
        municipality="Lolland Kommune",
        address=f"Frugtvej {n}",
        postal_code="4930",
        city="Maribo",
        latitude=Decimal("54.77640"),
        longitude=Decimal("11.50120"),
        email=f"bench{n}@example.dk",
        phone="+45 11 22 33 44",
    )


def _tour(company: Model, title: str) -> Model:
    return model("Tour").objects.create(
        company=company,
        title=title,
        meeting_point="Gården",
        languages=["da", "en"],
        published=True,
        booking_cutoff=timedelta(0),
    )


def _insert_select(model_name: str, template: Model, exprs: dict, source: str, params) -> None:
    """INSERT one row of `model_name` per row of the `source` query (aliased `src`): the
    columns named in `exprs` from those SQL expressions, every other one from `template`."""
    Target = model(model_name)
    columns, values, args = [], [], []
    for field in Target._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in exprs:
            values.append(exprs[field.column])
        else:
            values.append("%s")
            args.append(field.get_db_prep_save(field.pre_save(template, add=True), connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table(model_name)} ({', '.join(columns)})"
            f" SELECT {', '.join(values)} FROM ({source}) AS src",
            [*args, *params],
        )


def _slots(tour: Model, count: int, capacity: int, *, per_day: int, booked: int = 0) -> tuple:
    """`count` slots of 45 minutes, `per_day` a day on the hour from 08:00 local time,
    starting tomorrow, each with `booked` places sold. Returns the first and last id."""
    template = model("Slot")(tour=tour, start=timezone.now(), end=timezone.now(), capacity=1)
    start = (
        "((%s::date + (n / %s) * interval '1 day' + interval '8 hours'"
        " + (n %% %s) * interval '1 hour')::timestamp AT TIME ZONE %s)"
    )
    first_day = timezone.localdate() + timedelta(days=1)
    tz = timezone.get_current_timezone_name()
    _insert_select(
        "Slot",
        template,
        {
            "tour_id": "src.tour_id",
            "start": "src.start",
            "end": "src.start + interval '45 minutes'",
            "capacity": "src.capacity",
            "booked": "src.booked",
        },
        f"SELECT %s::bigint AS tour_id, {start} AS start, %s AS capacity, %s AS booked, n"
        " FROM generate_series(0, %s - 1) AS n ORDER BY n",
        [tour.pk, first_day, per_day, per_day, tz, capacity, booked, count],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min(id), max(id) FROM {table('Slot')} WHERE tour_id = %s", [tour.pk]
        )
        return cursor.fetchone()


def _bookings(tour: Model, per_slot: int) -> None:
    """`per_slot` confirmed one-person bookings on every slot of the tour (whose `booked`
    already counts them)."""
    template = model("Booking")(
        slot_id=0, name="x", email="x@example.com", party_size=1, unit_price=0, price_per="person"
    )
    _insert_select(
        "Booking",
        template,
        {
            "slot_id": "src.slot_id",
            "reference": _REFERENCE,
            # The link's seed and digest (core.secrets.SecretLinkModel): unique per row.
            "token_seed": "md5('seed-' || src.n)::uuid",
            "token_digest": "md5('bench-' || src.n)",
            "uid": "md5('booking-' || src.n)::uuid",
            "name": "'Gæst ' || src.k",
            "email": "'guest' || src.n || '@example.com'",
            "party_size": "1",
        },
        f"SELECT s.id AS slot_id, k, s.id * 16 + k AS n FROM {table('Slot')} s,"
        " generate_series(0, %s - 1) AS k WHERE s.tour_id = %s",
        [per_slot, tour.pk],
    )
    assert per_slot <= 16  # keeps s.id * 16 + k unique


@transaction.atomic
def build_feed() -> None:
    """1,000 upcoming slots over seven companies: what the cluster feed will hold."""
    per_company = FEED_SLOTS // 7 + 1
    made = 0
    for n in range(7):
        count = min(per_company, FEED_SLOTS - made)
        _slots(_tour(_company(n), f"Feed tour {n}"), count, capacity=20, per_day=4)
        made += count


def plan_visits() -> str:
    """A day plan of three farms for the plan page (its shared-link form, `?visits=`, so no
    session is needed): the n-th departure of feed company n, three times one after another
    on the feed's first day."""
    ids = []
    for n in range(3):
        slots = model("Slot").objects.filter(tour__company__slug=f"bench-{n}").order_by("start")
        ids.append(slots.values_list("pk", flat=True)[n])
    return ",".join(str(pk) for pk in ids)


@transaction.atomic
def build_reads(scale: int) -> dict:
    """`scale` read tours of one company, each with READ_SLOTS slots on the same dates and
    BOOKINGS_PER_READ_SLOT bookings per slot; the first is the one the bench reads."""
    company = _company(99)
    tours = [_tour(company, "Read tour")]
    tours += [_tour(company, f"Read tour {n}") for n in range(2, scale + 1)]
    for tour in tours:
        _slots(tour, READ_SLOTS, 20, per_day=SLOTS_PER_DAY, booked=BOOKINGS_PER_READ_SLOT)
        _bookings(tour, BOOKINGS_PER_READ_SLOT)
    start = timezone.localdate() + timedelta(days=30)
    return {
        "read_tour": tours[0].pk,
        "window": (start.isoformat(), (start + timedelta(days=14)).isoformat()),
    }


@transaction.atomic
def build_bookables() -> dict:
    """What the booking runs write to: 10,000 slots to spread over, one hot slot, and one
    slot for the in-process profile."""
    company = model("Company").objects.get(slug="bench-99")
    spread = _slots(_tour(company, "Spread tour"), SPREAD_SLOTS, 1_000, per_day=SLOTS_PER_DAY)
    hot = _slots(_tour(company, "Hot tour"), 1, 10_000_000, per_day=1)[0]
    profile = _slots(_tour(company, "Profile tour"), 1, 10_000_000, per_day=1)[0]
    return {"hot_slot": hot, "spread_slots": spread, "profile_slot": profile}


def coordinator_session() -> str:
    """A logged-in coordinator's session (the figures overview is behind log-in); returns
    the session key for wrk's Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User

    from core.roles import COORDINATORS_GROUP

    user, _ = User.objects.get_or_create(username="bench-coordinator")
    user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def analyze() -> None:
    """Table statistics for the planner: this machine's PostgreSQL runs without autovacuum,
    and a table never analysed gets plans made for an empty one."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def row_counts() -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for name in ("Slot", "Booking"):
            cursor.execute(f"SELECT count(*) FROM {table(name)}")
            counts[name] = cursor.fetchone()[0]
        return counts


def correctness() -> dict:
    """Counts of what must never happen, over every slot and booking in the database:
    slots whose confirmed places exceed their capacity or disagree with `booked`, and API
    bookings (the only ones whose mail the bench exercises) with no outbox row."""
    slot, booking, mail = table("Slot"), table("Booking"), table("OutboundMail")
    # The outbox names what a mail is about as "<app_label>.<model>:<pk>" (notify.models.about).
    label = model("Booking")._meta.label_lower
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT count(*) FILTER (WHERE coalesce(b.sold, 0) > s.capacity),
                   count(*) FILTER (WHERE coalesce(b.sold, 0) <> s.booked)
            FROM {slot} s
            LEFT JOIN (SELECT slot_id, sum(party_size) AS sold FROM {booking}
                       WHERE status = 'confirmed' GROUP BY slot_id) b ON b.slot_id = s.id
        """)
        over, mismatched = cursor.fetchone()
        cursor.execute(
            f"""
            SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM {mail} m WHERE m.about = %s || b.id::text))
            FROM {booking} b WHERE b.source = 'api'
        """,
            [f"{label}:"],
        )
        api_bookings, without_outbox = cursor.fetchone()
    return {
        "over_capacity": over,
        "booked_mismatch": mismatched,
        "api_bookings": api_bookings,
        "api_without_outbox": without_outbox,
    }


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "reads":
        ids = build_reads(int(sys.argv[2]))
        analyze()
        print(json.dumps(ids | {"rows": row_counts()}))
