"""Production behaviour: the server refuses to start without a secret, the health check."""

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _import(module: str, **env) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "SITE_URL", "PORT"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("server", ["config.wsgi", "config.asgi"])
def test_without_secret_key_the_server_refuses_to_start_with_a_clear_error(server):
    result = _import(server, DEBUG="0", SITE_URL="https://booking.example.dk")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("server", ["config.wsgi", "config.asgi"])
def test_with_secret_key_the_server_starts(server):
    result = _import(server, DEBUG="0", SECRET_KEY="x" * 50, SITE_URL="https://booking.example.dk")
    assert result.returncode == 0, result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key(tmp_path):
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment["VAR_DIR"] = str(tmp_path)  # a fresh clone has no var/ yet
    environment["SITE_URL"] = "https://booking.example.dk"  # required without DEBUG
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=environment | {"DEBUG": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_says_503_when_the_database_is_gone(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
