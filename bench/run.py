"""`make bench`: builds its own data on PostgreSQL, serves the project with gunicorn as in
production, loads it with wrk and prints a table. Not part of `make test`.

Every figure is the median of ROUNDS runs; the booking runs alternate between the real API
and the floor so that a noisy neighbour hurts both alike.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = "klyngebesog_bench"
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PRODUCT_PORT, FLOOR_PORT = 8701, 8702
CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 2) * 2 + 1))

ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_COOKIES": "0",
    "WEB_CONCURRENCY": str(WORKERS),
    "LUA_PATH": f"{ROOT / 'bench'}/?.lua;;",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
sys.path.insert(0, str(ROOT))

# Where the system answers; the paths are the project's own.
BOOK_PATH = "/api/v1/bookings/"
SLOTS_URL = "/api/v1/slots/?tour={tour}&from={start}&to={end}"
TOUR_URL = "/en/tours/{tour}/"
FEED_URL = "/calendar.ics"


def sh(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=ENV, check=True, **kwargs)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(
        f"{PG.replace('postgres://', 'postgresql://')}/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    sh(PY, "manage.py", "migrate", "--noinput", "-v0")
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0")


def start_server(port: int, wsgi: str) -> subprocess.Popen:
    log = open(ROOT / "var" / f"bench-{port}.log", "w")  # noqa: SIM115 (lives with the server)
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--control-socket",
            str(ROOT / "var" / f"bench-{port}.ctl"),
            "--access-logfile",
            str(ROOT / "var" / f"bench-{port}-access.log"),
            wsgi,
        ],
        cwd=ROOT,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            import urllib.request

            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/healthz"
                if "config" in wsgi
                else f"http://127.0.0.1:{port}/",
                timeout=1,
            )
            break
        except OSError:  # not up yet
            time.sleep(0.2)
    return server


def wrk(
    port: int, target: str, *script_args: str, script: str = "get.lua", clients: int = CLIENTS
) -> dict:
    """One wrk run; returns its figures plus the CPU share wrk itself used."""
    url = f"http://127.0.0.1:{port}{target if script == 'get.lua' else ''}"
    args = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{SECONDS}s",
        "--timeout",
        "10s",
        "-s",
        f"bench/{script}",
        url,
    ]
    if script_args:
        args += ["--", *script_args]
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    output = process.stdout.read()
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line.removeprefix("BENCH "))
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    result["wrk_cpu"] = (usage.ru_utime + usage.ru_stime) / wall
    return result


def median_of(runs: list[dict]) -> dict:
    keys = ["rate", "p50_us", "p95_us", "wrk_cpu", "status_errors"]
    return {key: statistics.median(run[key] for run in runs) for key in keys} | {
        "requests": sum(run["requests"] for run in runs)
    }


def worker_peak_rss_mb(server: subprocess.Popen) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker under the master."""
    peaks = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == server.pid:
                status = (stat.parent / "status").read_text()
                hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                peaks.append(int(hwm.split()[1]) / 1024)
        except (OSError, StopIteration, ValueError):
            continue
    return peaks


def main() -> None:
    import django

    (ROOT / "var").mkdir(exist_ok=True)
    print(f"Building the data in {DB_NAME} ...", flush=True)
    recreate_database()
    django.setup()
    from bench import data

    data.build_feed()  # alone in the database, so the cluster feed holds exactly these
    product = start_server(PRODUCT_PORT, "config.wsgi")
    floor = start_server(FLOOR_PORT, "bench.wsgi")
    rows: list[tuple[str, dict]] = []
    try:
        rows += bench_feed()
        print("Building 20,000 more slots and 100,000 bookings ...", flush=True)
        ids = data.build_rest()
        rows += bench_reads(ids)
        rows += bench_bookings(ids)
        overbooked = data.overbookings()
        rss = worker_peak_rss_mb(product)
    finally:
        for server in (product, floor):
            server.terminate()
            server.wait(timeout=30)
    report(rows, overbooked, rss)


def bench_feed() -> list[tuple[str, dict]]:
    return _bench_gets([("cluster feed, 1,000 slots", FEED_URL)])


def bench_reads(ids: dict) -> list[tuple[str, dict]]:
    start, end = ids["window"]
    return _bench_gets(
        [
            (
                "slot availability API, 2-week window (10,000 slots, 100,000 bookings)",
                SLOTS_URL.format(tour=ids["read_tour"], start=start, end=end),
            ),
            ("tour page, 2-week window (same tour)", TOUR_URL.format(tour=ids["read_tour"])),
        ]
    )


def _bench_gets(targets: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    """Each read twice: one client at a time (its own latency) and CLIENTS at once (what
    the server sustains, where latency includes waiting for a free worker)."""
    rows = []
    for label, target in targets:
        print(f"Reading {label} ...", flush=True)
        wrk(PRODUCT_PORT, target)  # warm-up round
        for clients in (1, CLIENTS):
            runs = [wrk(PRODUCT_PORT, target, clients=clients) for _ in range(ROUNDS)]
            rows.append((f"{label}, {clients} client{'s' if clients > 1 else ''}", median_of(runs)))
    return rows


def bench_bookings(ids: dict) -> list[tuple[str, dict]]:
    rows = []
    for label, lo, hi in [
        ("one hot slot", ids["hot_slot"], ids["hot_slot"]),
        ("spread over 10,000 slots", *ids["spread_slots"]),
    ]:
        print(f"Booking, {label} ...", flush=True)
        product_runs, floor_runs = [], []
        for _ in range(ROUNDS):
            product_runs.append(
                wrk(PRODUCT_PORT, "", BOOK_PATH, str(lo), str(hi), script="post.lua")
            )
            floor_runs.append(
                wrk(FLOOR_PORT, "", "/floor/book", str(lo), str(hi), script="post.lua")
            )
        api, floor = median_of(product_runs), median_of(floor_runs)
        api["ratio"] = api["rate"] / floor["rate"]
        rows += [(f"booking API, {label}", api), (f"floor (bench/), {label}", floor)]
    return rows


def report(rows: list[tuple[str, dict]], overbooked: int, rss: list[float]) -> None:
    print()
    print(
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{WORKERS} gunicorn workers, wrk -t2 -c{CLIENTS} (or 1 client where the row says "
        f"so) -d{SECONDS}s, median of {ROUNDS}"
    )
    print()
    print("| what | req/s | p50 ms | p95 ms | non-2xx | ratio to floor | wrk CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, r in rows:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        print(
            f"| {label} | {r['rate']:.0f} | {r['p50_us'] / 1000:.1f} | {r['p95_us'] / 1000:.1f} "
            f"| {r['status_errors']:.0f} | {ratio} | {r['wrk_cpu'] * 100:.0f}% |"
        )
    print()
    print(f"Overbooked slots after all booking runs: {overbooked}")
    if rss:
        print(
            f"Peak RSS per web worker: max {max(rss):.0f} MB, median "
            f"{statistics.median(rss):.0f} MB over {len(rss)} workers"
        )


if __name__ == "__main__":
    main()
