"""SITE_URL: the address in mails and calendar files follows the port `make run` serves on, and
production refuses to start without one (issue 12, point 5)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import site_url_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_development_follows_the_port():
    assert site_url_from_env({"PORT": "8001"}, debug=True) == "http://127.0.0.1:8001"


def test_development_without_a_port_is_the_default_port():
    assert site_url_from_env({}, debug=True) == "http://127.0.0.1:8000"
    assert site_url_from_env({"PORT": " "}, debug=True) == "http://127.0.0.1:8000"


def test_an_explicit_site_url_wins_over_the_port_and_loses_its_trailing_slash():
    environ = {"PORT": "8001", "SITE_URL": "https://booking.example.dk/"}
    assert site_url_from_env(environ, debug=True) == "https://booking.example.dk"
    assert site_url_from_env(environ, debug=False) == "https://booking.example.dk"


def test_production_does_not_guess_from_the_port():
    assert site_url_from_env({"PORT": "8001"}, debug=False) == ""


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    unset = {"SITE_URL", "PORT", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset} | env
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


PRINT_SITE_URL = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
    "django.setup(); from django.conf import settings; print(settings.SITE_URL)"
)


def test_port_8001_make_run_puts_port_8001_into_the_settings_the_mails_read():
    # What `PORT=8001 make run` gives both the web server and the task worker.
    result = _run(["-c", PRINT_SITE_URL], DEBUG="1", PORT="8001")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8001"


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {"DEBUG": "0", "SECRET_KEY": "x" * 50, "VAR_DIR": str(tmp_path)}


def test_production_without_site_url_fails_the_deployment_check_with_a_clear_error(production):
    result = _run(["manage.py", "check", "--deploy"], **production)
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "SITE_URL is not set" in result.stderr


def test_developer_commands_that_write_no_link_run_without_site_url(production):
    # `makemigrations --check` answers the question it is asked, not "SITE_URL is not set".
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], **production)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_worker_without_site_url_refuses_to_start(production):
    # The worker sends the mail: without SITE_URL every link in it would be wrong.
    result = _run(["manage.py", "db_worker", "--batch"], **production)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_production_with_a_site_url_without_scheme_fails_the_system_check(production):
    result = _run(["manage.py", "check"], **production, SITE_URL="booking.example.dk")
    assert result.returncode != 0
    assert "core.E002" in result.stderr


def test_production_with_site_url_passes_the_system_check(production):
    # Control: the same command with the address set starts.
    result = _run(["manage.py", "check"], **production, SITE_URL="https://booking.example.dk")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("server", ["config.wsgi", "config.asgi"])
def test_production_server_without_site_url_refuses_to_start(server, production):
    # gunicorn runs no system checks: the WSGI module itself refuses.
    result = _run(["-c", f"import {server}"], **production)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
