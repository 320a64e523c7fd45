"""The concurrency tests' one harness: jobs that start at the same moment, each in its own
thread on its own database connection, with real commits (PostgreSQL; SQLite serialises
every writer and proves nothing here).

    outcomes = race([lambda: book(slot), lambda: book(slot)])
    assert not crashes(outcomes)

A job's outcome is the string it returns (`"ok"` when it returns anything else), the code of
a DomainError it raises (a clean refusal, e.g. `"slot_full"`), or `"crash: <type>: <message>"`
for any other exception, which the test asserts away with `crashes()`.
"""

import threading
from collections import Counter
from collections.abc import Callable, Sequence

from django.db import connection, connections

from core.errors import DomainError

# Long enough for a slow shared machine, short enough that a deadlocked test fails, not hangs.
TIMEOUT = 60


def race(jobs: Sequence[Callable[[], object]], *, timeout: float = TIMEOUT) -> Counter:
    """Runs every job in a thread of its own, released together once each has connected
    (so connecting is not part of the race). Returns how many had each outcome."""
    outcomes: Counter = Counter()
    guard = threading.Lock()
    barrier = threading.Barrier(len(jobs), timeout=timeout)

    def run(job: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            result = job()
            outcome = result if isinstance(result, str) else "ok"
        except DomainError as error:
            outcome = error.code
        except Exception as error:
            outcome = f"crash: {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with guard:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    stuck = sum(thread.is_alive() for thread in threads)
    assert not stuck, f"{stuck} of {len(threads)} racing jobs did not finish in {timeout} s"
    return outcomes


def crashes(outcomes: Counter) -> list[str]:
    """The outcomes that are neither a result nor a clean refusal."""
    return [outcome for outcome in outcomes if outcome.startswith("crash")]
