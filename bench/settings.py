"""The floor: the same project and database, with no middleware and one URL. What a booking
costs at the very least in Django on this machine, to compare the real API against."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE: list[str] = []
