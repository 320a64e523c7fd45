"""Secret tokens never reach the logs (the access log and Django's request warnings)."""

import logging

import pytest

from config.logs import RedactTokensFilter, redact

TOKEN = "dymhA9oN5Wrg-bLhJKizVbQcNJ3tgqkiM5010pFbWPc"


def test_redact_replaces_a_token_and_keeps_the_rest():
    assert redact(f"/en/booking/{TOKEN}/cancel/") == "/en/booking/[token]/cancel/"
    assert redact("/companies/engvang-frugt/calendar.ics") == (
        "/companies/engvang-frugt/calendar.ics"
    )


@pytest.mark.django_db
def test_a_404_for_a_revoked_link_logs_no_token(client, caplog):
    caplog.handler.addFilter(RedactTokensFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/en/booking/{TOKEN}/").status_code == 404
    assert "Not Found" in caplog.text
    assert TOKEN not in caplog.text
    assert "[token]" in caplog.text


def test_gunicorn_access_log_atoms_are_redacted():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from config.logs import RedactingGunicornLogger

    logger = RedactingGunicornLogger(Config())
    req = SimpleNamespace(
        headers=[],
        method="GET",
        path=f"/en/booking/{TOKEN}/",
        query="token=" + TOKEN,
        uri=f"/en/booking/{TOKEN}/?token={TOKEN}",
        version=(1, 1),
    )
    resp = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "RAW_URI": req.uri,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": req.query,
        "PATH_INFO": req.path,
        "REQUEST_METHOD": "GET",
    }
    from datetime import timedelta

    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
    assert TOKEN not in str(atoms["U"]) and TOKEN not in str(atoms["r"])
    assert TOKEN not in str(atoms["q"])
