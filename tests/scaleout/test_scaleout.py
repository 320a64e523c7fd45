"""Scale-out (issue 8): two gunicorn web servers on different ports and two task workers, as
real processes with DEBUG off, sharing one real PostgreSQL database and one SMTP server.

Concurrent bookings spread over both web servers never exceed the slot's capacity, and every
invitation and company notice reaches the SMTP server exactly once although both workers
compete for the queue. The control re-delivers mail past the claim and shows that the
counting below reports it, so the exactly-once assertion can fail.
"""

import contextlib
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import icalendar
import pytest
from django.db.models import Sum
from django.utils import timezone

from booking.models import Booking
from notify.models import OutboundMail, about
from tests.factories import SlotFactory
from tests.scaleout.cluster import Cluster

pytestmark = pytest.mark.postgres

CAPACITY = 20
REQUESTS = 80
CLIENTS = 16
DRAIN_TIMEOUT = 90.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("scaleout"), web_servers=2, task_workers=2)
    try:
        started = time.monotonic()
        cluster.start()
        print(f"cluster up in {time.monotonic() - started:.1f} s")
        yield cluster
    finally:
        cluster.stop()


@contextlib.contextmanager
def logs_on_failure(cluster: Cluster) -> Iterator[None]:
    try:
        yield
    except BaseException:
        print(cluster.logs())  # pytest shows a failed test's output
        raise


def _slot(capacity: int):
    start = (timezone.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
    return SlotFactory(capacity=capacity, start=start)


def _body(slot_id: int, email: str) -> dict:
    return {"slot": slot_id, "name": "Scale Test", "email": email, "party_size": 1}


def _warm_up(cluster: Cluster, slot_id: int) -> None:
    """Reads the slot from every web server a few times at once, so that each gunicorn
    worker has loaded the API before the race: a cold worker's first request takes a
    second or more here, which would hand the whole race to the other server."""
    requests = [port for port in cluster.ports for _ in range(4)]
    with ThreadPoolExecutor(len(requests)) as pool:
        answers = list(
            pool.map(lambda p: cluster.get_json(p, f"/api/v1/slots/{slot_id}/"), requests)
        )
    assert {status for status, _body in answers} == {200}, answers


def _book_concurrently(cluster: Cluster, slot_id: int, emails: list[str]) -> list[tuple]:
    """POSTs one booking per address from CLIENTS threads, alternating between the web
    servers. Returns (server index, status, body) per request."""

    def post(i: int) -> tuple:
        server = i % len(cluster.ports)
        status, body = cluster.post_json(
            cluster.ports[server], "/api/v1/bookings/", _body(slot_id, emails[i])
        )
        return server, status, body

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(post, range(len(emails))))


def _summary(answers: list[tuple]) -> Counter:
    """(server, status, code) counted: a readable failure message for 80 answers."""
    return Counter((server, status, body.get("code", "")) for server, status, body in answers)


def _drain(cluster: Cluster, db_blocker, bookings: list[Booking]) -> list[OutboundMail]:
    """Waits (bounded) until every mail of these bookings is SENT; then every send has
    finished, since a mail is marked SENT after its SMTP transaction. Returns the mails."""

    def settled() -> bool:
        with cluster.orm(db_blocker):
            mails = OutboundMail.objects.filter(about__in=[about(b) for b in bookings])
            return not mails.exclude(state=OutboundMail.State.SENT).exists()

    cluster.wait_for(settled, timeout=DRAIN_TIMEOUT, what="the task workers to drain the outbox")
    with cluster.orm(db_blocker):
        return list(OutboundMail.objects.filter(about__in=[about(b) for b in bookings]))


def _calendar(message: EmailMessage) -> tuple[str, str] | None:
    """(METHOD, UID) of the message's text/calendar part, read with icalendar."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            (event,) = calendar.walk("VEVENT")
            return str(calendar["METHOD"]), str(event["UID"])
    return None


def delivery_problems(
    envelopes: list[tuple], *, bookings: list[Booking], mails: list[OutboundMail]
) -> list[str]:
    """Everything that arrived for these bookings (envelopes to their visitors or their
    company), counted three ways: by Message-ID, invitations by the calendar's UID, company
    notices by the visitor they concern (Reply-To). Returns every count that is not exactly
    one for what was owed, or zero for anything else."""
    visitors = {booking.email for booking in bookings}
    companies = {mail.recipient for mail in mails} - visitors
    arrived = [
        (rcpt, message_from_bytes(raw, policy=policy.default))
        for _sender, rcpt, raw in envelopes
        if set(rcpt) & (visitors | companies)
    ]
    by_id = Counter(message["Message-ID"] for _rcpt, message in arrived)
    invitations: Counter = Counter()
    notices: Counter = Counter()
    for rcpt, message in arrived:
        if set(rcpt) <= visitors:
            method, uid = _calendar(message) or ("", "")
            if method == "REQUEST":
                invitations[uid] += 1
        elif set(rcpt) <= companies:
            notices[message["Reply-To"].addresses[0].addr_spec] += 1
    expected = {
        "Message-ID": {mail.message_id for mail in mails},
        "invitation UID": {str(booking.uid) for booking in bookings},
        "company notice about": visitors,
    }
    problems = []
    for what, counted in (
        ("Message-ID", by_id),
        ("invitation UID", invitations),
        ("company notice about", notices),
    ):
        for key in sorted(expected[what] | set(counted)):
            wanted = 1 if key in expected[what] else 0  # nothing we did not send, either
            if counted[key] != wanted:
                problems.append(f"{what} {key}: arrived {counted[key]} times, not {wanted}")
    return problems


def test_bookings_over_two_web_servers_and_two_workers(cluster, django_db_blocker):
    with logs_on_failure(cluster):
        with cluster.orm(django_db_blocker):
            slot = _slot(CAPACITY)
        emails = [f"scale-{i}@example.com" for i in range(REQUESTS)]
        _warm_up(cluster, slot.pk)

        started = time.monotonic()
        with cluster.lock_waits() as waiting:
            answers = _book_concurrently(cluster, slot.pk, emails)
        booking_seconds = time.monotonic() - started
        confirmed_by = _assert_capacity_held(answers)
        # The race was real: requests from different processes queued on the slot's lock.
        assert max(waiting, default=0) >= 1, f"no lock wait in {len(waiting)} samples"
        bookings = _assert_database_agrees(cluster, django_db_blocker, slot, answers)

        started = time.monotonic()
        mails = _drain(cluster, django_db_blocker, bookings)
        drain_seconds = time.monotonic() - started
        envelopes = cluster.mailserver.inbox.envelopes
        assert len(mails) == 2 * CAPACITY  # an invitation and a company notice each
        assert delivery_problems(envelopes, bookings=bookings, mails=mails) == []
        refused = set(emails) - {booking.email for booking in bookings}
        assert not [rcpt for _sender, rcpt, _raw in envelopes if set(rcpt) & refused]
        per_worker = _assert_workers_shared_the_queue(cluster, django_db_blocker, mails)
        print(
            f"{REQUESTS} requests in {booking_seconds:.2f} s, at most {max(waiting)} waiting "
            f"for a lock (in {sum(map(bool, waiting))} of {len(waiting)} samples), "
            f"confirmed per server {dict(confirmed_by)}; queue drained in {drain_seconds:.2f} s, "
            f"mails sent per worker {dict(per_worker)}"
        )


def _assert_capacity_held(answers: list[tuple]) -> Counter:
    """Exactly CAPACITY bookings confirmed, every other request refused as slot_full, both
    servers answered their half and both confirmed some. Returns 201s per server."""
    statuses = Counter(status for _server, status, _body in answers)
    assert statuses == {201: CAPACITY, 409: REQUESTS - CAPACITY}, _summary(answers)
    refusals = Counter(body["code"] for _s, status, body in answers if status == 409)
    assert refusals == {"slot_full": REQUESTS - CAPACITY}
    assert Counter(server for server, _s, _b in answers) == {0: REQUESTS // 2, 1: REQUESTS // 2}
    confirmed_by = Counter(server for server, status, _b in answers if status == 201)
    assert set(confirmed_by) == {0, 1}, confirmed_by
    return confirmed_by


def _assert_database_agrees(cluster: Cluster, db_blocker, slot, answers) -> list[Booking]:
    """The slot's count equals the places of its confirmed bookings, which are exactly the
    bookings the API confirmed. Returns them."""
    with cluster.orm(db_blocker):
        slot.refresh_from_db()
        bookings = list(Booking.objects.filter(slot=slot))
        confirmed = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
        assert slot.booked == CAPACITY
        assert confirmed.aggregate(places=Sum("party_size"))["places"] == slot.booked
    assert {b.reference for b in bookings} == {
        body["reference"] for _s, status, body in answers if status == 201
    }
    return bookings


def _assert_workers_shared_the_queue(cluster: Cluster, db_blocker, mails) -> Counter:
    """Each of these mails was sent by one of the workers (the last claim is recorded on
    the mail), and both workers sent some. Returns the mails per worker."""
    with cluster.orm(db_blocker):
        senders = OutboundMail.objects.filter(pk__in=[m.pk for m in mails]).values_list(
            "claimed_by", flat=True
        )
        per_worker = Counter(senders)
    assert set(per_worker) == set(cluster.worker_ids), per_worker
    return per_worker


def test_control_a_mail_delivered_past_the_claim_is_counted_twice(cluster, django_db_blocker):
    """What a claim that did not exclude would allow: a sent mail becomes due again and a
    poll of the real workers sends it again. The counting must report it."""
    with logs_on_failure(cluster):
        with cluster.orm(django_db_blocker):
            slot = _slot(1)
        status, body = cluster.post_json(
            cluster.ports[0], "/api/v1/bookings/", _body(slot.pk, "control@example.com")
        )
        assert status == 201, body
        with cluster.orm(django_db_blocker):
            bookings = list(Booking.objects.filter(slot=slot))
        mails = _drain(cluster, django_db_blocker, bookings)
        envelopes = cluster.mailserver.inbox.envelopes
        assert delivery_problems(envelopes, bookings=bookings, mails=mails) == []

        with cluster.orm(django_db_blocker):
            OutboundMail.objects.filter(pk__in=[m.pk for m in mails]).update(
                state=OutboundMail.State.PENDING, next_attempt_at=timezone.now()
            )
        mails = _drain(cluster, django_db_blocker, bookings)

        problems = delivery_problems(envelopes, bookings=bookings, mails=mails)
        (booking,) = bookings
        assert sorted(problems) == sorted(
            [f"Message-ID {mail.message_id}: arrived 2 times, not 1" for mail in mails]
            + [
                f"invitation UID {booking.uid}: arrived 2 times, not 1",
                "company notice about control@example.com: arrived 2 times, not 1",
            ]
        )
