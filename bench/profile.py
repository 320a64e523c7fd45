"""In-process profile: requests through Django's test client (the whole middleware stack,
URL routing, DRF and the services, no HTTP server) against the bench database, so that a
change in the queries or the CPU a request costs shows without wrk's noise.

CPU is this process's CPU time (time.process_time) over N requests, the test client's own
small share included; queries are counted on a separate sample, because capturing them
slows every query down.
"""

import json
import time
from collections import Counter
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

QUERY_SAMPLE = 20


def measure(
    send: Callable[[Client, int], object],
    n: int,
    *,
    floor: bool = False,
    settings: dict | None = None,
) -> dict:
    """Runs `send(client, i)` n times (after a warm-up) and returns CPU and wall time per
    request and the queries per request. `floor` serves bench/urls.py without middleware;
    `settings` are overridden for the measurement (PAGE_CACHE_SECONDS=0: nothing cached)."""
    settings = dict(settings or {})
    if floor:
        settings |= {"ROOT_URLCONF": "bench.urls", "MIDDLEWARE": []}
    with override_settings(**settings):
        client = Client(HTTP_HOST="127.0.0.1")
        for i in range(10):
            send(client, -1 - i)
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(n):
            send(client, i)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        with CaptureQueriesContext(connection) as captured:
            for i in range(QUERY_SAMPLE):
                send(client, n + i)
    kinds = Counter(query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries)
    return {
        "n": n,
        "cpu_ms": cpu * 1000 / n,
        "wall_ms": wall * 1000 / n,
        "queries": len(captured.captured_queries) / QUERY_SAMPLE,
        "kinds": {kind: count / QUERY_SAMPLE for kind, count in kinds.most_common()},
    }


def poster(path: str, slot: int, expect: int) -> Callable[[Client, int], object]:
    def send(client: Client, i: int) -> object:
        body = {
            "slot": slot,
            "name": f"Profil {i}",
            "email": f"profile{i}@example.com",
            "party_size": 1,
        }
        response = client.post(path, json.dumps(body), content_type="application/json")
        assert response.status_code == expect, (path, response.status_code, response.content)
        return response

    return send


def getter(path: str) -> Callable[[Client, int], object]:
    def send(client: Client, i: int) -> object:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return send
