"""gunicorn settings for `make serve` and production: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be overridden from the environment (WEB_CONCURRENCY, PORT, BIND)."""

import gc
import multiprocessing
import os
import tempfile

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: the booking path is short database work, and a worker per core and a half
# keeps both cores busy while one worker waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, so memory stays flat
max_requests_jitter = 500
# The app is loaded (and warmed up: config/wsgi.py, core/warmup.py) once in the master, and
# each worker is a fork of it: a recycled worker costs a fork and serves at once, instead of
# half a second of imports and template compiling on the cores the others serve from. The
# master opens no database or cache connection. A new release needs a restart, not a HUP.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# One line per request on stdout: time, method, path (no query string: it may hold a
# token), status, bytes, duration in microseconds. No personal data.
accesslog = "-"
logger_class = "config.logs.RedactingGunicornLogger"  # secret tokens never reach the log
access_log_format = '%(t)s %(m)s %(U)s %(s)s %(B)s %(D)sus "%(a)s"'
errorlog = "-"
# gunicorn 27's control socket defaults to one path per user, which a second server on the
# same host (another instance, the benchmark's floor) would take over: one per bind address.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    tempfile.gettempdir(), f"klyngebesog-gunicorn-{bind.replace(':', '-')}.ctl"
)


def when_ready(server) -> None:
    """Before the first fork: what the master loaded is moved out of the garbage collector's
    reach, so the workers' collections do not write to (and so copy) the shared pages."""
    gc.freeze()
