"""A small production cluster on this machine, for the scale-out test: its own PostgreSQL
database (created, migrated with `manage.py migrate`, dropped), gunicorn web servers and
`manage.py db_worker` task workers as real subprocesses with DEBUG off, and an aiosmtpd
server they all send to. Every process is started in its own session and killed, with its
children, when the cluster stops; its output goes to a log file the tests print on failure.
"""

import asyncio
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connections
from psycopg import sql

from tests.booking.mailserver import Inbox, MailServer, free_port

ROOT = Path(__file__).resolve().parents[2]
# Generous: two cores shared by several people, and six Django processes starting at once.
START_TIMEOUT = 90.0
MIGRATE_TIMEOUT = 240.0
REQUEST_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class SlowInbox(Inbox):
    """Takes a little time over each message, as a real mail server does, so that a burst
    of mail keeps one worker busy long enough for the other to take its share."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class ClusterError(AssertionError):
    """The cluster could not be started or did not settle in time (with the logs)."""


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            text = ["(no log)"]
        status = "running" if self.popen.poll() is None else f"exited {self.popen.returncode}"
        return f"--- {self.name} ({status}), {self.log} ---\n" + "\n".join(text)

    def stop(self) -> None:
        """SIGTERM to the process group (gunicorn's master and its workers), SIGKILL to
        whatever is left after STOP_TIMEOUT. Only this process's own group is signalled."""
        for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, STOP_TIMEOUT)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # The master is gone; make sure no worker of its group outlives it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)


def _admin_dsn(settings_dict: dict) -> dict:
    return {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or "5432",
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": "postgres",
    }


class Cluster:
    """Start with `start()`, always `stop()` (in a finally). `orm()` points this process's
    ORM at the cluster's database for the length of a `with` block."""

    def __init__(self, workdir: Path, *, web_servers: int, task_workers: int) -> None:
        self.workdir = workdir
        self.web_servers, self.task_workers = web_servers, task_workers
        self.db_name = f"klyngebesog_scaleout_{os.getpid()}"
        self.settings_dict = dict(connections["default"].settings_dict)
        self.mailserver = MailServer(free_port())
        self.mailserver.inbox = SlowInbox(delay=0.03)
        self.ports: list[int] = []
        self.worker_ids: list[str] = []
        self.processes: list[Process] = []
        self.database_created = False
        self._smtp_log_level = logging.NOTSET

    # -- lifecycle

    def start(self) -> None:
        # aiosmtpd logs every SMTP command at INFO: hundreds of lines in a failure report.
        self._smtp_log_level = logging.getLogger("mail.log").level
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.mailserver.start()
        self._create_database()
        self._run("migrate", [sys.executable, "manage.py", "migrate", "--noinput", "-v0"])
        for n in range(self.web_servers):
            port = self._new_port()
            self.ports.append(port)
            # gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/
            # gunicorn.ctl): two masters would take it from each other (and from any other
            # gunicorn of this user on the machine), so each gets its own.
            control = self.workdir / f"web-{n + 1}.ctl"
            self._spawn(
                f"web-{n + 1}",
                [
                    *(sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"),
                    *("--control-socket", str(control), "config.wsgi"),
                ],
                PORT=str(port),
            )
        for n in range(self.task_workers):
            worker_id = f"scaleout-worker-{n + 1}"
            self.worker_ids.append(worker_id)
            self._spawn(
                f"worker-{n + 1}",
                [
                    *(sys.executable, "manage.py", "db_worker", "--interval", "0.2"),
                    *("--no-reload", "--no-startup-delay", "--worker-id", worker_id),
                ],
            )
        self._wait_until_ready()

    def _new_port(self) -> int:
        # free_port() closes its socket, so two calls may name the same port: keep them apart.
        while (port := free_port()) in {*self.ports, self.mailserver.port}:
            continue
        return port

    def stop(self) -> None:
        """Kills every process, stops the mail server and drops the database; safe to call
        after a partial start."""
        for process in self.processes:
            process.stop()
        self.mailserver.stop()
        logging.getLogger("mail.log").setLevel(self._smtp_log_level)
        with contextlib.suppress(Exception):
            connections["default"].close()
        if self.database_created:
            self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"))

    def logs(self) -> str:
        return "\n\n".join(process.tail() for process in self.processes)

    # -- the database

    def _admin(self, statement: sql.Composed | sql.SQL) -> None:
        query = statement.format(sql.Identifier(self.db_name))
        dsn = _admin_dsn(self.settings_dict)
        with psycopg.connect(**dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)

    def _create_database(self) -> None:
        # A leftover from a killed run with the same pid would otherwise fail the CREATE.
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"))
        self._admin(sql.SQL("CREATE DATABASE {}"))
        self.database_created = True

    @contextlib.contextmanager
    def lock_waits(self) -> Iterator[list[int]]:
        """Samples, while the block runs, how many of the cluster's database sessions wait
        for a lock (pg_stat_activity); yields the list the samples are appended to."""
        samples: list[int] = []
        done = threading.Event()
        query = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
        )

        def sample() -> None:
            with psycopg.connect(**_admin_dsn(self.settings_dict), autocommit=True) as conn:
                while not done.is_set():
                    samples.append(conn.execute(query, [self.db_name]).fetchone()[0])
                    time.sleep(0.002)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            yield samples
        finally:
            done.set()
            sampler.join(timeout=10)

    @property
    def database_url(self) -> str:
        dsn = _admin_dsn(self.settings_dict)
        auth = dsn["user"] + (f":{dsn['password']}" if dsn["password"] else "")
        return f"postgres://{auth}@{dsn['host']}:{dsn['port']}/{self.db_name}"

    @contextlib.contextmanager
    def orm(self, db_blocker) -> Iterator[None]:
        """This process's default connection on the cluster's database, then back.

        The test process is single-threaded here and holds no transaction, so swapping the
        database name of the default connection (as Django's own test-database setup does)
        is safe; the connection is closed on both sides of the swap."""
        connection = connections["default"]
        with db_blocker.unblock():
            name = connection.settings_dict["NAME"]
            connection.close()
            connection.settings_dict["NAME"] = self.db_name
            try:
                yield
            finally:
                connection.close()
                connection.settings_dict["NAME"] = name

    # -- processes

    def environment(self) -> dict[str, str]:
        """Production settings from the environment only, as docs/deployment.md says."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTEST", "DJANGO_", "TEST_DATABASE")) and k != "DEBUG"
        }
        var = self.workdir / "var"
        (var / "static").mkdir(parents=True, exist_ok=True)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY="scaleout-test-only-" + "k" * 40,
            DATABASE_URL=self.database_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_COOKIES="0",
            # Plain HTTP on loopback: no redirect to HTTPS (docs/security.md).
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            # 80 bookings from one address in a second: a load test, as docs/security.md says.
            RATE_LIMITS="off",
            SITE_URL="http://127.0.0.1",
            VAR_DIR=str(var),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.mailserver.port),
            EMAIL_TIMEOUT="30",
            # Both workers look for mail five times a second: the test sees them share it.
            OUTBOX_POLL_SECONDS="0.2",
            WEB_CONCURRENCY="2",
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        return env

    def _run(self, name: str, args: list[str]) -> None:
        result = subprocess.run(
            args,
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=MIGRATE_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise ClusterError(f"{name} failed:\n{result.stdout}\n{result.stderr}")

    def _spawn(self, name: str, args: list[str], **extra_env: str) -> None:
        log = self.workdir / f"{name}.log"
        with log.open("w") as out:
            popen = subprocess.Popen(
                args,
                cwd=ROOT,
                env={**self.environment(), **extra_env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() reaches its children
            )
        self.processes.append(Process(name, popen, log))

    def _wait_until_ready(self) -> None:
        """Every web server answers /healthz with 200 (a worker reached the database) and
        every task worker has logged that it started polling the queue."""
        workers = self.processes[self.web_servers :]
        self.wait_for(
            lambda: (
                all(self._healthy(port) for port in self.ports)
                and all(
                    f"worker_id={w}" in p.log.read_text(errors="replace")
                    for w, p in zip(self.worker_ids, workers, strict=True)
                )
            ),
            timeout=START_TIMEOUT,
            what="web servers healthy and task workers polling",
        )

    def _healthy(self, port: int) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                return answer.status == 200
        except OSError:
            return False

    def wait_for(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Polls `condition` until it holds; fails with every log when a process died or
        the time ran out."""
        deadline = time.monotonic() + timeout
        while True:
            dead = [p.name for p in self.processes if p.popen.poll() is not None]
            if dead:
                raise ClusterError(
                    f"{', '.join(dead)} exited while waiting for {what}\n\n{self.logs()}"
                )
            if condition():
                return
            if time.monotonic() > deadline:
                raise ClusterError(
                    f"timed out after {timeout:.0f} s waiting for {what}\n\n{self.logs()}"
                )
            time.sleep(0.3)

    # -- HTTP

    def post_json(self, port: int, path: str, body: dict) -> tuple[int, dict]:
        """One POST on a new connection; returns the status and the decoded JSON body."""
        return self._request(port, path, json.dumps(body).encode())

    def get_json(self, port: int, path: str) -> tuple[int, dict]:
        return self._request(port, path, None)

    def _request(self, port: int, path: str, data: bytes | None) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=data,
            headers={"Content-Type": "application/json", "Accept-Language": "en"},
            method="GET" if data is None else "POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:  # noqa: S310
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload)
            except ValueError:
                return error.code, {"raw": payload[:500].decode(errors="replace")}
