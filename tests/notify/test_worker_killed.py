"""Nothing is lost when the task worker dies mid-send: the real `manage.py db_worker`
process is killed with SIGKILL while a real SMTP server (aiosmtpd) holds one message
before answering, a second worker is started, and its lease sweeper gives back what the
first one held. Every mail arrives; the one in flight arrives once more, with the same
Message-ID (the server had taken it before the worker died).

And a worker stopped with SIGTERM while sending finishes that mail and records it before
it exits: nothing is left for the sweeper."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notify.models import OutboundMail
from tests.booking.mailserver import Inbox, MailServer, free_port
from tests.factories import SlotFactory, book

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SLOW = "slow@example.com"
LEASE_SECONDS = 3


class OneSlowMessage(Inbox):
    """Takes the first message to SLOW, then keeps its sender waiting `seconds` for the
    reply (a minute by default): the window a worker can die, or be stopped, in after the
    server has the message."""

    def __init__(self, seconds: float = 60) -> None:
        super().__init__()
        self.seconds = seconds
        self.held = False

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if envelope.rcpt_tos == [SLOW] and not self.held:
            self.held = True
            await asyncio.sleep(self.seconds)
        return reply


def _environment() -> dict[str, str]:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        CONN_MAX_AGE="0",
        SITE_URL=settings.SITE_URL,
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        TASK_LEASE_SECONDS=str(LEASE_SECONDS),
        WORKER_SWEEP_SECONDS="1",
        EMAIL_TIMEOUT="120",
        PYTHONUNBUFFERED="1",
    )
    return env


def _worker(name: str, port: int, logs: Path) -> tuple[subprocess.Popen, Path]:
    log = logs / f"{name}.log"
    with log.open("w") as out:
        popen = subprocess.Popen(
            [
                *(sys.executable, "manage.py", "db_worker", "--interval", "0.2"),
                *("--no-reload", "--no-startup-delay", "--worker-id", name),
            ],
            cwd=ROOT,
            env={**_environment(), "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill reaches only it
        )
    return popen, log


def _kill(popen: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(popen.pid, signal.SIGKILL)
    popen.wait(timeout=10)


def _wait(condition, *, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            text = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs)
            pytest.fail(f"timed out waiting for {what}\n{text}")
        time.sleep(0.2)


def test_a_worker_killed_mid_send_loses_no_mail(tmp_path):
    for address in ("first@example.com", SLOW, "third@example.com"):
        book(SlotFactory(), email=address, language="en")
    mails = {m.pk: m for m in OutboundMail.objects.all()}
    assert len(mails) == 6  # each booking: the visitor's invitation and the company's notice
    server = MailServer(free_port())
    server.inbox = OneSlowMessage()
    server.start()
    workers = []
    try:
        first, first_log = _worker("worker-1", server.port, tmp_path)
        workers.append(first)
        _wait(lambda: server.inbox.held, timeout=90, what="the slow message", logs=[first_log])
        _kill(first)  # SIGKILL: no handler runs, nothing is cleaned up

        in_flight = OutboundMail.objects.get(recipient=SLOW)
        assert (in_flight.state, in_flight.claimed_by) == (OutboundMail.State.SENDING, "worker-1")

        second, second_log = _worker("worker-2", server.port, tmp_path)
        workers.append(second)
        _wait(
            lambda: set(OutboundMail.objects.values_list("state", flat=True)) == {"sent"},
            timeout=120,
            what="every mail sent",
            logs=[first_log, second_log],
        )
    finally:
        for popen in workers:
            _kill(popen)
        server.stop()

    received = Counter(str(m["Message-ID"]) for m in server.inbox.messages)
    sent = {m.pk: m.message_id for m in OutboundMail.objects.all()}
    in_flight.refresh_from_db()
    assert set(received) == set(sent.values())  # every mail arrived
    assert received[in_flight.message_id] == 2  # the one in flight: once more, same id
    assert all(received[mid] == 1 for pk, mid in sent.items() if pk != in_flight.pk)
    assert (in_flight.attempts, in_flight.claimed_by) == (2, "worker-2")
    assert "stopped" not in in_flight.last_error  # sent: the sweeper's note is cleared


def test_a_worker_stopped_mid_send_finishes_the_mail_before_it_exits(tmp_path):
    book(SlotFactory(), email=SLOW, language="en")
    server = MailServer(free_port())
    # Three seconds: long enough to stop the worker while it waits, short enough to finish.
    server.inbox = OneSlowMessage(seconds=3)
    server.start()
    try:
        worker, log = _worker("worker-1", server.port, tmp_path)
        try:
            _wait(lambda: server.inbox.held, timeout=90, what="the slow message", logs=[log])
            os.killpg(worker.pid, signal.SIGTERM)  # what systemd or a deploy sends
            assert worker.wait(timeout=30) == 0, log.read_text()[-3000:]
        finally:
            _kill(worker)
    finally:
        server.stop()
    slow = OutboundMail.objects.get(recipient=SLOW)
    assert (slow.state, slow.attempts) == (OutboundMail.State.SENT, 1)
    assert [str(m["Message-ID"]) for m in server.inbox.messages].count(slow.message_id) == 1
