"""`make bench`: builds its own data on PostgreSQL, serves the project with gunicorn as in
production, loads it with wrk and prints one table (docs/performance.md). Not part of
`make test`.

Every figure is the median of ROUNDS runs. Runs that are compared are interleaved (the
API, its floor, the 10x data) so that a noisy neighbour hurts both alike. The exit status
is 1 when a correctness check fails, never because of speed.

Environment: BENCH_DB_NAME (default klyngebesog_bench; the 10x data goes to <name>_10x),
BENCH_PORT (first of four ports, default 8701), BENCH_SECONDS, BENCH_ROUNDS,
BENCH_PROFILE_N, WEB_CONCURRENCY, BENCH_POSTGRES, REDIS_URL (the product's cache, as in
production; without it each worker keeps its own), and BENCH_COMPARE: a Python file with a
WSGI `application` to serve (plain gunicorn) and book against beside the floor.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = os.environ.get("BENCH_DB_NAME", "klyngebesog_bench")
DB_10X = f"{DB_NAME}_10x"
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8701"))
CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
WARM_SECONDS = 3
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PROFILE_N = int(os.environ.get("BENCH_PROFILE_N", "200"))
WORKERS = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 2) * 2 + 1))
COMPARE = os.environ.get("BENCH_COMPARE", "")
TICK = os.sysconf("SC_CLK_TCK")

ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_COOKIES": "0",
    "SITE_URL": f"http://127.0.0.1:{PORT}",
    # Plain HTTP on loopback: no redirect to HTTPS (docs/security.md).
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    # wrk books thousands of times a second from one address: a load test by an operator.
    "RATE_LIMITS": "off",
    "WEB_CONCURRENCY": str(WORKERS),
    "LUA_PATH": f"{ROOT / 'bench'}/?.lua;;",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    # Its own keys in a shared Redis, new every run: no cached page from another run.
    "CACHE_KEY_PREFIX": f"{DB_NAME}-{os.getpid()}",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

# Where the system answers; the paths are the project's own.
BOOK_PATH = "/api/v1/bookings/"
SLOTS_URL = "/api/v1/slots/?tour={tour}&from={start}&to={end}"
FLOOR_SLOTS_URL = "/floor/slots?tour={tour}&from={start}&to={end}"
TOUR_URL = "/en/tours/{tour}/"  # the month calendar and its first day with room
TOUR_LIST_URL = "/en/tours/{tour}/?view=list"  # the next two weeks as a list
HOME_URL = "/en/"
# Issue 14: the visits page with five filters (docs/finding.md).
VISITS_URL = "/en/visits/?people=4&kind=open&language=en&area=Lolland+Kommune&day=6&day=7"
PLAN_URL = "/en/day-plan/?visits={visits}"
FEED_URL = "/calendar.ics"
FIGURES_URL = "/en/workspace/figures/?first={first}&last={last}"

# Issue 17's targets.
MIN_RATIO = 0.5
BOOKING_P95_MS = 100
READ_P95_MS = 50
PAGES_PER_S = 200
GROWTH_10X = 1.5
RSS_MB = 150
# Issue 15: the coordinator's overview of a year.
FIGURES_P95_MS = 300
MUST_HOLD = "must hold"  # a correctness check: the bench fails when one does not hold


def sh(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env or ENV, check=True, **kwargs)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _cpu_of(pids: list[int]) -> dict[int, float]:
    cpu = {}
    for pid in pids:
        try:
            cpu[pid] = _cpu_seconds(pid)
        except OSError:  # gone
            continue
    return cpu


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def db_backends(db: str) -> list[int]:
    """PostgreSQL's backend processes for `db`, when the server runs on this host."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f" {db} ".encode() in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            continue
    return pids


@dataclass
class Server:
    name: str
    port: int
    db: str
    process: subprocess.Popen
    peaks: dict[int, float] = field(default_factory=dict)  # worker pid -> VmHWM in MB

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
            except (OSError, ValueError):
                continue
        return pids

    def sample_rss(self) -> None:
        """Peak resident memory (VmHWM) of each worker, kept for workers gunicorn has since
        recycled (max_requests)."""
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), int(hwm.split()[1]) / 1024)
            except (OSError, StopIteration, ValueError):
                continue


def recreate_databases() -> None:
    """The bench's two databases, migrated: the 10x one is a copy of the empty schema."""
    import psycopg

    with psycopg.connect(
        f"{PG.replace('postgres://', 'postgresql://')}/postgres", autocommit=True
    ) as conn:
        for name in (DB_10X, DB_NAME):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        sh(PY, "manage.py", "migrate", "--noinput", "-v0")
        conn.execute(f'CREATE DATABASE "{DB_10X}" TEMPLATE "{DB_NAME}"')
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0")


def start_server(name: str, port: int, args: list[str], db: str = DB_NAME) -> Server:
    log = open(ROOT / "var" / f"bench-{port}.log", "w")  # noqa: SIM115 (lives with the server)
    process = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--control-socket",
            str(ROOT / "var" / f"bench-{port}.ctl"),
            *args,
        ],
        cwd=ROOT,
        # Each database its own cache keys: the 1x and the 10x server share a Redis, and
        # their tours have the same ids, so one must never be served the other's pages.
        env={
            **ENV,
            "DATABASE_URL": f"{PG}/{db}",
            "CACHE_KEY_PREFIX": f"{ENV['CACHE_KEY_PREFIX']}-{db}",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Server(name, port, db, process)


def wait_until_up(server: Server) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=2)
            return
        except urllib.error.HTTPError:  # it answers, if only with a 404
            return
        except OSError:  # not up yet
            if server.process.poll() is not None:
                break
            time.sleep(0.2)
    raise SystemExit(f"{server.name} did not start: see var/bench-{server.port}.log")


def get_json(server: Server, target: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{target}", timeout=30) as r:
        return json.loads(r.read())


def wrk(
    server: Server,
    target: str,
    *script_args: str,
    script: str = "get.lua",
    clients: int = CLIENTS,
    seconds: int = SECONDS,
    headers: tuple[str, ...] = (),
) -> dict:
    """One wrk run. Returns its figures, the CPU the server's workers and its database's
    backends spent per request, and the CPU share wrk itself used."""
    url = f"http://127.0.0.1:{server.port}{target if script == 'get.lua' else ''}"
    args = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    for header in headers:
        args += ["-H", header]
    args += ["-s", f"bench/{script}", url]
    if script_args:
        args += ["--", *script_args]
    web, db = _cpu_of(server.workers()), _cpu_of(db_backends(server.db))
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    web = _spent(web, _cpu_of(server.workers()))
    db = _spent(db, _cpu_of(db_backends(server.db))) if db else None
    server.sample_rss()
    output = process.stdout.read()
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line.removeprefix("BENCH "))
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    result["wrk_cpu"] = (usage.ru_utime + usage.ru_stime) / wall
    requests = max(result["requests"], 1)
    result["app_ms"] = web * 1000 / requests
    result["db_ms"] = db * 1000 / requests if db is not None else None
    return result


def median_of(runs: list[dict]) -> dict:
    keys = ["rate", "p50_us", "p95_us", "wrk_cpu", "status_errors", "app_ms", "db_ms"]
    out = {}
    for key in keys:
        values = [run[key] for run in runs if run[key] is not None]
        out[key] = statistics.median(values) if values else None
    return out | {"requests": sum(run["requests"] for run in runs), "runs": len(runs)}


def interleaved(jobs: dict[str, tuple], rounds: int = ROUNDS) -> dict[str, dict]:
    """Each job (server, target, wrk args) once per round, in turn, after a short warm-up;
    the median of each."""
    for server, target, *args in jobs.values():  # with every worker busy, so all are warm
        if target:  # a GET: one answer first, so a cold cache is filled once, not 16 times
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}{target}", timeout=60).read()
        warm = args[-1] | {"clients": CLIENTS, "seconds": WARM_SECONDS}
        wrk(server, target, *args[:-1], **warm)
    runs: dict[str, list] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, (server, target, *args) in jobs.items():
            runs[name].append(wrk(server, target, *args[:-1], **args[-1]))
    return {name: median_of(results) for name, results in runs.items()}


@dataclass
class Row:
    what: str
    clients: str = ""
    figures: dict | None = None
    queries: str = ""
    against: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None  # None: no target


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> int:
    began, load_at_start = time.monotonic(), load_average()
    import django

    (ROOT / "var").mkdir(exist_ok=True)
    print(f"Building the data in {DB_NAME} and {DB_10X} ...", flush=True)
    recreate_databases()
    django.setup()
    from bench import data

    data.build_feed()  # alone in the database, so the cluster feed holds exactly these
    data.analyze()
    servers = start_servers()
    try:
        rows = run_all(servers)
    finally:
        for server in servers.values():
            server.process.terminate()
        for server in servers.values():
            server.process.wait(timeout=30)
    rows += memory_rows(servers)
    elapsed = time.monotonic() - began
    print(report(rows, elapsed, f"{load_at_start} at the start, {load_average()} at the end"))
    failed = [row.what for row in rows if row.target == MUST_HOLD and not row.ok]
    if failed:
        print("CORRECTNESS CHECK FAILED: " + "; ".join(failed))
        return 1
    return 0


def start_servers() -> dict[str, Server]:
    """The product as in production on each data set, the floors, and the comparison."""
    product = ["-c", "config/gunicorn.py", "--access-logfile"]
    servers = {
        "product": start_server(
            "product", PORT, [*product, f"var/bench-{PORT}-access.log", "config.wsgi"]
        ),
        "floor": start_server("floor", PORT + 1, ["-c", "bench/gunicorn_floor.py", "bench.wsgi"]),
        "product_10x": start_server(
            "product, 10x data",
            PORT + 2,
            [*product, f"var/bench-{PORT + 2}-access.log", "config.wsgi"],
            db=DB_10X,
        ),
    }
    if COMPARE:
        path = Path(COMPARE).resolve()
        servers["compare"] = start_server(
            f"comparison ({COMPARE})",
            PORT + 3,
            ["-w", str(WORKERS), "--chdir", str(path.parent), f"{path.stem}:application"],
        )
    for server in servers.values():
        wait_until_up(server)
    return servers


def run_all(servers: dict[str, Server]) -> list[Row]:
    from bench import data

    rows = bench_feed(servers)
    print("Building 20,000 more slots and 100,000 bookings ...", flush=True)
    ids = data.build_reads(1) | data.build_bookables()
    data.analyze()
    print(f"Building 100,000 slots and 1,000,000 bookings in {DB_10X} ...", flush=True)
    built = sh(
        PY,
        "-m",
        "bench.data",
        "reads",
        "10",
        env={**ENV, "DATABASE_URL": f"{PG}/{DB_10X}"},
        stdout=subprocess.PIPE,
        text=True,
    )
    ids_10x = json.loads(built.stdout)
    same_window = check_read_floor(servers, ids)
    rows += bench_reads(servers, ids, ids_10x)
    rows += bench_plan(servers["product"], data.plan_visits())
    rows += bench_figures(servers["product"])
    rows += bench_bookings(servers, ids)
    print(f"In-process profile ({PROFILE_N} bookings) ...", flush=True)
    rows += bench_profile(ids)
    return rows + correctness_rows(data.correctness(), same_window)


def bench_figures(product: Server) -> list[Row]:
    """The coordinator's overview for the coming year of the bench's data (the 100,000
    bookings start tomorrow), at one client, logged in; and its queries, counted in-process."""
    from datetime import date, timedelta

    from bench import data

    print("Reading the coordinator's figures overview for a year ...", flush=True)
    first = date.today() + timedelta(days=1)
    target = FIGURES_URL.format(first=first, last=first + timedelta(days=364))
    from django.conf import settings

    cookie = f"Cookie: {settings.SESSION_COOKIE_NAME}={data.coordinator_session()}"
    request = urllib.request.Request(f"http://127.0.0.1:{product.port}{target}")
    request.add_header(*cookie.split(": ", 1))
    with urllib.request.urlopen(request, timeout=60) as answer:  # logged in, not redirected
        assert answer.url.endswith(target.split("?")[1]) and answer.status == 200
    wrk(product, target, clients=CLIENTS, seconds=WARM_SECONDS, headers=(cookie,))
    runs = [wrk(product, target, clients=1, headers=(cookie,)) for _ in range(ROUNDS)]
    result = median_of(runs)
    return [
        Row(
            "coordinator's figures overview, a year (100,000 bookings in the database)",
            "1",
            result,
            queries=str(figures_queries(target)),
            target=f"p95 < {FIGURES_P95_MS} ms",
            ok=result["p95_us"] < FIGURES_P95_MS * 1000 and not result["status_errors"],
        )
    ]


def figures_queries(target: str) -> int:
    """The SQL queries of one answer of the overview, in-process."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(User.objects.get(username="bench-coordinator"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target, HTTP_HOST="127.0.0.1").status_code == 200
    return len(queries)


def main_figures() -> int:
    """`python -m bench.run figures`: only the figures overview, on the 100,000 bookings."""
    import django

    (ROOT / "var").mkdir(exist_ok=True)
    recreate_databases()
    django.setup()
    from bench import data

    data.build_reads(1)
    data.analyze()
    server = start_server("product", PORT, ["-c", "config/gunicorn.py", "config.wsgi"])
    try:
        wait_until_up(server)
        rows = bench_figures(server)
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    print(report(rows, 0, load_average()))
    return 0


def check_read_floor(servers: dict[str, Server], ids: dict) -> bool:
    """The read floor answers with the API's page of the window: same slots, same count."""
    start, end = ids["window"]
    api = get_json(
        servers["product"], SLOTS_URL.format(tour=ids["read_tour"], start=start, end=end)
    )
    floor = get_json(
        servers["floor"], FLOOR_SLOTS_URL.format(tour=ids["read_tour"], start=start, end=end)
    )
    listed = [[slot["id"] for slot in answer["results"]] for answer in (api, floor)]
    return listed[0] == listed[1] and api["count"] == floor["count"] and bool(listed[0])


def bench_feed(servers: dict[str, Server]) -> list[Row]:
    print("Reading the cluster feed ...", flush=True)
    rows = []
    for clients in (1, CLIENTS):
        result = interleaved({"feed": (servers["product"], FEED_URL, {"clients": clients})})
        rows.append(Row("cluster feed, 1,000 slots (cached)", str(clients), result["feed"]))
    return rows


def bench_reads(servers: dict[str, Server], ids: dict, ids_10x: dict) -> list[Row]:
    product, floor, big = servers["product"], servers["floor"], servers["product_10x"]
    api, api_floor, api_10x = (
        url.format(tour=of["read_tour"], start=of["window"][0], end=of["window"][1])
        for url, of in ((SLOTS_URL, ids), (FLOOR_SLOTS_URL, ids), (SLOTS_URL, ids_10x))
    )
    print("Reading the availability API beside its floor, and on 10x data ...", flush=True)
    one = interleaved(
        {
            "api": (product, api, {"clients": 1}),
            "floor": (floor, api_floor, {"clients": 1}),
            "10x": (big, api_10x, {"clients": 1}),
        }
    )
    many = interleaved({"api": (product, api, {}), "floor": (floor, api_floor, {})})
    label = "availability API, one tour's 2-week window"
    rows = [
        _latency_row(f"{label} (10,000 slots, 100,000 bookings)", one["api"]),
        Row("read floor (bench/), same window as JSON from .values()", "1", one["floor"]),
        _against_floor(label, many["api"], many["floor"], "read floor"),
        Row("read floor (bench/)", str(CLIENTS), many["floor"]),
        _growth(f"{label}, 10x data (100,000 slots, 1,000,000 bookings)", one),
    ]
    pages = [
        ("tour page, month calendar", TOUR_URL.format(tour=ids["read_tour"]),
         TOUR_URL.format(tour=ids_10x["read_tour"])),
        ("tour page, 2-week list", TOUR_LIST_URL.format(tour=ids["read_tour"]),
         TOUR_LIST_URL.format(tour=ids_10x["read_tour"])),
        ("home page", HOME_URL, HOME_URL),
        ("visits page, 5 filters", VISITS_URL, VISITS_URL),
    ]  # fmt: skip
    for label, target, target_10x in pages:
        print(f"Reading the {label}, and on 10x data ...", flush=True)
        one = interleaved(
            {"api": (product, target, {"clients": 1}), "10x": (big, target_10x, {"clients": 1})}
        )
        many = interleaved({"api": (product, target, {})})["api"]
        rows.append(_latency_row(label, one["api"]))
        rows.append(
            Row(
                label,
                str(CLIENTS),
                many,
                target=f"≥ {PAGES_PER_S}/s",
                ok=many["rate"] >= PAGES_PER_S,
            )
        )
        rows.append(_growth(f"{label}, 10x data", one))
    return rows


def bench_plan(product: Server, visits: str) -> list[Row]:
    """The day plan page (issue 14): three farms with the drives between them."""
    label = "day plan page, 3 farms"
    print(f"Reading the {label} ...", flush=True)
    one = interleaved({"plan": (product, PLAN_URL.format(visits=visits), {"clients": 1})})
    many = interleaved({"plan": (product, PLAN_URL.format(visits=visits), {})})["plan"]
    ok = many["rate"] >= PAGES_PER_S
    return [
        _latency_row(label, one["plan"]),
        Row(label, str(CLIENTS), many, target=f"≥ {PAGES_PER_S}/s", ok=ok),
    ]


def _latency_row(label: str, result: dict) -> Row:
    ok = result["p95_us"] <= READ_P95_MS * 1000
    return Row(label, "1", result, target=f"p95 ≤ {READ_P95_MS} ms", ok=ok)


def _against_floor(label: str, product: dict, floor: dict, floor_name: str, p95_ms=None) -> Row:
    ratio = product["rate"] / floor["rate"]
    ok = ratio >= MIN_RATIO
    target = f"≥ {MIN_RATIO} x floor"
    if p95_ms is not None:
        ok = ok and product["p95_us"] <= p95_ms * 1000
        target += f", p95 ≤ {p95_ms} ms"
    return Row(
        label,
        str(CLIENTS),
        product,
        against=f"{floor_name} {floor['rate']:.0f}/s",
        ratio=ratio,
        target=target,
        ok=ok,
    )


def _growth(label: str, one: dict) -> Row:
    ratio = one["10x"]["p95_us"] / one["api"]["p95_us"]
    return Row(
        label,
        "1",
        one["10x"],
        against=f"1x p95 {one['api']['p95_us'] / 1000:.1f} ms",
        ratio=ratio,
        target=f"p95 ≤ {GROWTH_10X} x 1x",
        ok=ratio <= GROWTH_10X,
    )


def bench_bookings(servers: dict[str, Server], ids: dict) -> list[Row]:
    rows = []
    for label, lo, hi in [
        ("one hot slot", ids["hot_slot"], ids["hot_slot"]),
        ("spread over 10,000 slots", *ids["spread_slots"]),
    ]:
        print(f"Booking, {label} ...", flush=True)
        jobs = {
            "api": (servers["product"], "", BOOK_PATH, str(lo), str(hi), {"script": "post.lua"}),
            "floor": (
                servers["floor"],
                "",
                "/floor/book",
                str(lo),
                str(hi),
                {"script": "post.lua"},
            ),
        }
        if "compare" in servers:
            jobs["compare"] = (
                servers["compare"],
                "",
                "/floor/book",
                str(lo),
                str(hi),
                {"script": "post.lua"},
            )
        result = interleaved(jobs)
        rows.append(
            _against_floor(
                f"booking API, {label}",
                result["api"],
                result["floor"],
                "floor",
                p95_ms=BOOKING_P95_MS,
            )
        )
        floor = Row(f"booking floor (bench/), {label}", str(CLIENTS), result["floor"])
        rows.append(floor)
        if "compare" in result:
            floor.against = f"single file {result['compare']['rate']:.0f}/s"
            floor.ratio = result["floor"]["rate"] / result["compare"]["rate"]
            rows.append(
                Row(f"single-file comparison ({COMPARE}), {label}", str(CLIENTS), result["compare"])
            )
    return rows


def bench_profile(ids: dict) -> list[Row]:
    from bench import profile

    slot = ids["profile_slot"]
    api = profile.measure(profile.poster(BOOK_PATH, slot, 201), PROFILE_N)
    floor = profile.measure(profile.poster("/floor/book", slot, 201), PROFILE_N, floor=True)
    start, end = ids["window"]
    reads = [
        ("availability API", SLOTS_URL.format(tour=ids["read_tour"], start=start, end=end)),
        ("tour page, month calendar", TOUR_URL.format(tour=ids["read_tour"])),
        ("tour page, 2-week list", TOUR_LIST_URL.format(tour=ids["read_tour"])),
        ("home page", HOME_URL),
    ]
    rows = [
        _profile_row(f"in-process: booking API, {PROFILE_N} bookings on one slot", api, floor),
        _profile_row(f"in-process: booking floor, {PROFILE_N} bookings", floor),
    ]
    for label, target in reads:
        result = profile.measure(profile.getter(target), max(PROFILE_N // 4, 20))
        rows.append(_profile_row(f"in-process: {label}, {result['n']} requests", result))
        if label.startswith(("tour", "home")):  # what each answer costs when rendered
            result = profile.measure(profile.getter(target), 20, settings={"PAGE_CACHE_SECONDS": 0})
            rows.append(_profile_row(f"in-process: {label}, not cached, 20 requests", result))
    return rows


def _profile_row(label: str, result: dict, floor: dict | None = None) -> Row:
    kinds = ", ".join(f"{kind} {count:g}" for kind, count in result["kinds"].items())
    figures = {"rate": 1000 / result["wall_ms"], "app_ms": result["cpu_ms"]}
    row = Row(label, "1", figures, queries=f"{result['queries']:g} ({kinds})")
    if floor:
        row.against = f"floor {floor['cpu_ms']:.2f} ms, {floor['queries']:g} queries"
        row.ratio = result["cpu_ms"] / floor["cpu_ms"]
    return row


def memory_rows(servers: dict[str, Server]) -> list[Row]:
    rows = []
    for key, label in (("product", "1x data"), ("product_10x", "10x data")):
        peaks = list(servers[key].peaks.values())
        if peaks:
            rows.append(
                Row(
                    f"peak RSS per web worker, {label}: max {max(peaks):.0f} MB, median "
                    f"{statistics.median(peaks):.0f} MB over {len(peaks)} workers",
                    target=f"< {RSS_MB} MB",
                    ok=max(peaks) < RSS_MB,
                )
            )
    return rows


def correctness_rows(checks: dict, same_window: bool) -> list[Row]:
    return [
        Row(
            f"slots with more places booked than capacity: {checks['over_capacity']}",
            target=MUST_HOLD,
            ok=checks["over_capacity"] == 0,
        ),
        Row(
            f"slots whose `booked` differs from their confirmed places: "
            f"{checks['booked_mismatch']}",
            target=MUST_HOLD,
            ok=checks["booked_mismatch"] == 0,
        ),
        Row(
            f"API bookings without an outbox row: {checks['api_without_outbox']} of "
            f"{checks['api_bookings']}",
            target=MUST_HOLD,
            ok=checks["api_without_outbox"] == 0 and checks["api_bookings"] > 0,
        ),
        Row(
            f"read floor lists the API's slots: {'yes' if same_window else 'NO'}",
            target=MUST_HOLD,
            ok=same_window,
        ),
    ]


def _result(row: Row) -> str:
    if row.ok is None:
        return ""
    if row.target == MUST_HOLD:
        return "PASS" if row.ok else "FAIL"
    return "PASS" if row.ok else "MISS"


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def report(rows: list[Row], elapsed: float, load: str) -> str:
    wrk_cpu = max((r.figures or {}).get("wrk_cpu") or 0 for r in rows)
    lines = [
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.now():%Y-%m-%d %H:%M}; {WORKERS} gunicorn sync workers per server; "
        f"wrk -c{CLIENTS} (or 1) -d{SECONDS}s, median of {ROUNDS} interleaved runs; "
        f"bench time {elapsed / 60:.1f} min; load average {load}; "
        f"wrk used at most {wrk_cpu * 100:.0f}% of a core.",
        "",
        "| what | clients | req/s | p50 ms | p95 ms | app CPU ms/req | db CPU ms/req "
        "| queries/req | against | ratio | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|",
    ]
    for row in rows:
        f = row.figures or {}
        cells = [
            row.what,
            row.clients,
            f"{f['rate']:.0f}" if "rate" in f else "",
            f"{f['p50_us'] / 1000:.1f}" if "p50_us" in f else "",
            f"{f['p95_us'] / 1000:.1f}" if "p95_us" in f else "",
            _ms(f.get("app_ms")),
            _ms(f.get("db_ms")),
            row.queries,
            row.against,
            f"{row.ratio:.2f}" if row.ratio is not None else "",
            row.target,
            _result(row),
        ]
        if f.get("status_errors"):
            cells[0] += f" ({f['status_errors']:.0f} non-2xx per run)"
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    text = "\n".join(lines)
    (ROOT / "var" / "bench-latest.md").write_text(text)
    return text


if __name__ == "__main__":
    sys.exit(main_figures() if sys.argv[1:] == ["figures"] else main())
