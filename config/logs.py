"""Secret link tokens are credentials: they must not end up in logs. Both the access log
(gunicorn) and Django's own request warnings print paths, so both pass through here."""

import logging
import re

from gunicorn.glogging import Logger

# A token is 43 characters of URL-safe base64; nothing else in our paths is that long.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")


def redact(text: str) -> str:
    return _TOKEN.sub("[token]", text)


class RedactTokensFilter(logging.Filter):
    """Rewrites the record's message with tokens replaced (for Django's loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg, record.args = message, ()
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's access log, with the path's tokens replaced."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "q", "f"):
            if key in atoms and isinstance(atoms[key], str):
                atoms[key] = redact(atoms[key])
        return atoms
