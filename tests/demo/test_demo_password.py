"""The demo's public password (issue 13, finding 10): `make serve` refuses to start while a
superuser or demo log-in has it, and load_demo warns when it leaves such accounts in a
database other than the local SQLite file."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from demo.companies import DEMO_PASSWORD
from demo.management.commands.load_demo import Command as LoadDemo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_the_check_fails_while_a_superuser_has_the_demo_password():
    User.objects.create_superuser("koordinator", "k@example.dk", DEMO_PASSWORD)
    with pytest.raises(CommandError, match="koordinator"):
        call_command("demo_password_check")


def test_the_check_fails_for_a_demo_company_log_in_too():
    User.objects.create_user("ejer@lollefrugt.dk", "ejer@lollefrugt.dk", DEMO_PASSWORD)
    with pytest.raises(CommandError, match=r"ejer@lollefrugt\.dk"):
        call_command("demo_password_check")


def test_control_the_check_passes_once_the_password_is_changed():
    user = User.objects.create_superuser("koordinator", "k@example.dk", DEMO_PASSWORD)
    user.set_password("a-new-long-password-2026")
    user.save()
    User.objects.create_user("someone", "s@example.dk", DEMO_PASSWORD)  # not a demo log-in
    out = io.StringIO()
    call_command("demo_password_check", stdout=out)
    assert "No account" in out.getvalue()


@pytest.mark.postgres
def test_load_demo_warns_about_public_passwords_in_a_postgres_database():
    User.objects.create_superuser("koordinator", "k@example.dk", DEMO_PASSWORD)
    command = LoadDemo(stdout=io.StringIO(), stderr=io.StringIO())
    command._warn_about_public_passwords()
    warning = command.stderr._out.getvalue()
    assert "koordinator" in warning
    assert "public password" in warning


def test_make_serve_runs_the_check_and_says_how_to_skip_it():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile[makefile.index("\nserve: install") :]
    serve = serve[: serve.index("\n\n")]
    assert "manage.py demo_password_check" in serve
    assert "ALLOW_DEMO_PASSWORD" in serve
    # The serve recipe runs it before gunicorn starts.
    assert serve.index("demo_password_check") < serve.index("gunicorn")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_for_the_shell():
    User.objects.create_superuser("koordinator", "k@example.dk", DEMO_PASSWORD)
    from django.db import connection

    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_password_check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ALLOW_DEMO_PASSWORD=1" in result.stderr
