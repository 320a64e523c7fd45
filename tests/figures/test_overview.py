"""Every figure of the overview equals the same figure computed here, independently, from the
rows: bookings spread over two years and three companies, with partial arrivals, no-shows,
cancellations, holds, a cancelled departure and relay events. On PostgreSQL (local months
with time zones, interval sums)."""

import csv
import io
import random
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from booking.models import Booking
from events.models import Registration, Stop
from figures.selectors import Period, figures_for_period
from tests import factories
from tours.models import Slot, Tour

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
TZ = ZoneInfo(settings.TIME_ZONE)
PERIOD = Period(date(2025, 3, 10), date(2026, 2, 20))  # not month-aligned on purpose
LANGS = [code for code, _name in settings.LANGUAGES]


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


@pytest.fixture
def rows(db):
    """Three companies, two tours each (open, group), departures every 9 days over two
    years and a bit, bookings of every kind. Deterministic."""
    rng = random.Random(15)
    companies = [factories.CompanyFactory(name=n) for n in ("Æblegården", "Bærhaven", "Cider")]
    tours = []
    for company in companies:
        tours.append(factories.TourFactory(company=company))
        tours.append(factories.GroupTourFactory(company=company))
    day = date(2024, 1, 3)
    n = 0
    while day < date(2026, 4, 1):
        for tour in tours:
            n += 1
            if rng.random() < 0.5:
                continue
            start = _local(day, rng.choice([9, 10, 14, 23]))
            status = Slot.Status.CANCELLED if rng.random() < 0.08 else Slot.Status.SCHEDULED
            slot = factories.SlotFactory(
                tour=tour, start=start, capacity=rng.choice([10, 20, 40]), status=status
            )
            for k in range(rng.randint(0, 4)):
                _booking(rng, slot, f"{n}-{k}")
        day += timedelta(days=9)
    _events(rng, companies)
    return companies


def _booking(rng: random.Random, slot: Slot, key: str) -> Booking:
    size = rng.randint(1, 6) if not slot.tour.is_group else rng.randint(10, 30)
    status = rng.choices(["confirmed", "cancelled", "on_hold", "expired"], [8, 2, 1, 1])[0]
    if slot.status == Slot.Status.CANCELLED:
        status = "cancelled"
    fields = {}
    if status in ("on_hold", "expired"):
        fields = {"hold_expires_at": slot.start - timedelta(days=1)}
    if status == "confirmed":
        fate = rng.random()
        if fate < 0.5:
            fields = {"arrived": rng.randint(1, size), "checked_in_at": slot.start}
        elif fate < 0.65:
            fields = {"no_show_at": slot.start + timedelta(minutes=20)}
    booking = Booking.objects.create(
        slot=slot,
        name=f"Gæst {key}",
        email=f"g{key}@example.com",
        party_size=size,
        language=rng.choice(LANGS),
        status=status,
        **fields,
    )
    created = slot.start - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
    Booking.objects.filter(pk=booking.pk).update(created=created)
    return booking


def _events(rng: random.Random, companies) -> None:
    for k, day in enumerate([date(2024, 6, 1), date(2025, 3, 12), date(2025, 9, 1)]):
        event = factories.EventFactory(status="published")
        hosts = rng.sample(companies, 2)
        for n, company in enumerate(hosts):
            start = _local(day, 10 + 2 * n)
            Stop.objects.create(
                event=event, company=company, start=start, end=start + timedelta(hours=1)
            )
        for r in range(3):
            Registration.objects.create(
                event=event,
                name=f"Deltager {k}-{r}",
                email=f"d{k}{r}@example.com",
                party_size=r + 1,
                status="cancelled" if r == 2 else "confirmed",
            )


def _in(period: Period, moment: datetime) -> bool:
    return period.first <= moment.astimezone(TZ).date() <= period.last


def expected(companies, period: Period) -> dict:
    """Every figure, per company slug and for the cluster (""), from the rows by hand."""
    out = defaultdict(lambda: defaultdict(float))
    for b in Booking.objects.select_related("slot__tour__company"):
        if not _in(period, b.slot.start):
            continue
        for key in (b.slot.tour.company.slug, ""):
            row = out[key]
            if b.status == "cancelled":
                row["cancellations"] += 1
            if b.status != "confirmed":
                continue
            row["visitors"] += b.party_size
            row["bookings"] += 1
            row["arrived"] += b.arrived or 0
            row["no_shows"] += b.party_size if b.no_show_at else 0
            kind = "group_visitors" if b.slot.tour.kind == Tour.Kind.GROUP else "open_visitors"
            row[kind] += b.party_size
            row[f"lang_{b.language}"] += b.party_size
            row["lead_seconds"] += (b.slot.start - b.created).total_seconds()
    for s in Slot.objects.select_related("tour__company"):
        if _in(period, s.start) and s.status != Slot.Status.CANCELLED:
            for key in (s.tour.company.slug, ""):
                out[key]["offered"] += s.capacity
                out[key]["departures"] += 1
    cluster_events = set()
    for stop in Stop.objects.select_related("company", "event"):
        if not _in(period, stop.start):
            continue
        people = sum(
            r.party_size for r in stop.event.registrations.all() if r.status == "confirmed"
        )
        out[stop.company.slug]["relay"] += people
        cluster_events.add((stop.event_id, people))
    out[""]["relay"] = sum(people for _event, people in cluster_events)
    return out


def expected_months(period: Period) -> dict:
    """(year-month) -> [visitors, arrived, no_shows] for the period and the year before."""
    before = period.year_before()
    out = defaultdict(lambda: [0, 0, 0])
    for b in Booking.objects.filter(status="confirmed").select_related("slot"):
        if _in(period, b.slot.start) or _in(before, b.slot.start):
            key = b.slot.start.astimezone(TZ).strftime("%Y-%m")
            out[key][0] += b.party_size
            out[key][1] += b.arrived or 0
            out[key][2] += b.party_size if b.no_show_at else 0
    return out


def _check(figures, want) -> None:
    assert figures.visitors == want["visitors"]
    assert figures.bookings == want["bookings"]
    assert figures.arrived == want["arrived"]
    assert figures.no_shows == want["no_shows"]
    assert figures.cancellations == want["cancellations"]
    assert figures.places_offered == want["offered"]
    assert figures.departures == want["departures"]
    assert figures.group_visitors == want["group_visitors"]
    assert figures.open_visitors == want["open_visitors"]
    assert figures.relay_participants == want["relay"]
    assert figures.languages == {code: want[f"lang_{code}"] for code in LANGS}
    if want["bookings"]:
        assert figures.lead_days == pytest.approx(want["lead_seconds"] / 86400 / want["bookings"])
        assert figures.occupancy == pytest.approx(want["visitors"] / want["offered"])


def test_every_figure_equals_the_rows_counted_by_hand(rows):
    want = expected(rows, PERIOD)
    overview = figures_for_period(period=PERIOD)
    assert {f.company.slug for f in overview.companies} == {c.slug for c in rows}
    assert want[""]["visitors"] > 100 and want[""]["arrived"] > 0 and want[""]["no_shows"] > 0
    assert want[""]["cancellations"] > 0 and want[""]["relay"] > 0
    for figures in overview.companies:
        _check(figures, want[figures.company.slug])
    _check(overview.total, want[""])


def test_month_by_month_beside_the_year_before(rows):
    months = expected_months(PERIOD)
    overview = figures_for_period(period=PERIOD)
    assert overview.months[0].month == date(2025, 3, 1)
    assert len(overview.months) == 12
    for m in overview.months:
        now, before = m.month.strftime("%Y-%m"), m.month.replace(year=m.month.year - 1)
        assert [m.visitors, m.arrived, m.no_shows] == months[now]
        assert [m.visitors_before, m.arrived_before, m.no_shows_before] == months[
            before.strftime("%Y-%m")
        ]
    assert any(m.visitors_before for m in overview.months)


def test_a_company_sees_only_its_own_figures(rows):
    first = rows[0]
    overview = figures_for_period(period=PERIOD, company_ids=[first.pk])
    want = expected(rows, PERIOD)
    assert [f.company for f in overview.companies] == [first]
    _check(overview.companies[0], want[first.slug])
    assert overview.total.visitors == want[first.slug]["visitors"]
    # The months are the company's too.
    assert sum(m.visitors for m in overview.months) == want[first.slug]["visitors"]


def test_a_bounded_number_of_queries_whatever_the_data(rows, django_assert_num_queries):
    with django_assert_num_queries(6):
        figures_for_period(period=PERIOD)
    with django_assert_num_queries(6):
        figures_for_period(period=Period(date(2024, 1, 1), date(2026, 12, 31)))
    with django_assert_num_queries(6):
        figures_for_period(period=PERIOD, company_ids=[rows[0].pk])


def _page_figures(html: str, company: str) -> dict:
    row = re.search(rf'<tr data-company="{company}">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', row))
    return {k: v.replace(".", "").replace("\xa0", "").strip() for k, v in cells.items()}


def test_the_page_and_the_exports_show_the_same_figures(rows):
    coordinator = factories.coordinator()
    client = Client()
    client.force_login(coordinator)
    query = {"first": PERIOD.first.isoformat(), "last": PERIOD.last.isoformat()}
    want = expected(rows, PERIOD)
    page = client.get("/en/workspace/figures/", query)
    assert page.status_code == 200
    html = page.content.decode()
    for company in [*rows, None]:
        slug = company.slug if company else ""
        cells = _page_figures(html, slug)
        for name in ("visitors", "arrived", "no_shows", "cancellations", "relay"):
            assert int(cells[name].replace(",", "")) == want[slug][name], (slug, name)
    # No personal data on the page.
    assert "Gæst" not in html and "@example.com" not in html
    raw = client.get("/en/workspace/figures/figures.csv", query).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(raw)))
    header = table[0]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in table[1 : len(rows) + 2]}
    assert int(by_name["Total"]["Visitors booked"]) == want[""]["visitors"]
    assert int(by_name[rows[1].name]["No-shows"]) == want[rows[1].slug]["no_shows"]
    assert "Gæst" not in raw
    xlsx = client.get("/en/workspace/figures/figures.xlsx", query)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    values = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Total"][1] == want[""]["visitors"]
    assert values[rows[2].name][3] == want[rows[2].slug]["arrived"]
    months = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(months) == 12 and months[0][0] == "2025-03"


def test_a_companys_staff_get_their_own_figures_in_every_format(rows):
    own, other = rows[0], rows[1]
    staff = factories.MembershipFactory(company=own).user
    client = Client()
    client.force_login(staff)
    query = {"first": PERIOD.first.isoformat(), "last": PERIOD.last.isoformat()}
    page = client.get("/en/workspace/figures/", query).content.decode()
    assert own.name in page and other.name not in page
    raw = client.get("/en/workspace/figures/figures.csv", query).content.decode("utf-8-sig")
    assert own.name in raw and other.name not in raw
    book = load_workbook(
        io.BytesIO(client.get("/en/workspace/figures/figures.xlsx", query).content)
    )
    names = [r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == [own.name, "Total"]
    want = expected(rows, PERIOD)
    totals = dict(
        zip(
            company_header_en(),
            list(book.worksheets[0].iter_rows(values_only=True))[-1],
            strict=True,
        )
    )
    assert totals["Visitors booked"] == want[own.slug]["visitors"]


def company_header_en() -> list[str]:
    from django.utils import translation

    from figures.exports import company_header

    with translation.override("en"):
        return company_header()


@pytest.mark.parametrize(
    ("first", "last"), [("2026-02-01", "2025-01-01"), ("2020-01-01", "2026-01-01"), ("x", "")]
)
def test_a_bad_period_is_a_clear_error_not_a_500(rows, first, last):
    client = Client()
    client.force_login(factories.coordinator())
    page = client.get("/en/workspace/figures/", {"first": first, "last": last})
    assert page.status_code == 400
    assert 'class="text-danger' in page.content.decode() or "alert-danger" in page.content.decode()
