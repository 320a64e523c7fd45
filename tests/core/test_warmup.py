"""The web process's warm-up compiles every template and loads the URLconf without touching
the database: it runs in gunicorn's master, before the workers are forked."""

from pathlib import Path

from django.urls import reverse

from core.warmup import TEMPLATE_SUFFIXES, warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_compiles_our_templates_and_needs_no_database():
    # No django_db mark: any query, or a connection opened, fails the test (pytest-django).
    compiled = warm_up()
    ours = [
        path
        for directory in [ROOT / "templates", *ROOT.glob("*/templates")]
        for path in directory.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
    ]
    assert len(ours) > 100
    assert compiled >= len(ours)  # ours, and those of the packages we use
    assert reverse("healthz")  # the URLconf is loaded


def test_a_template_that_does_not_compile_is_left_for_its_first_use(tmp_path, settings):
    """The control: a broken template neither stops the start nor counts as compiled."""
    (tmp_path / "broken.html").write_text("{% if %}")
    (tmp_path / "fine.html").write_text("{{ 1 }}")
    before = warm_up()
    # Changing TEMPLATES makes Django build its engines again (django.test.signals).
    settings.TEMPLATES = [
        {**engine, "DIRS": [tmp_path, *engine["DIRS"]]} for engine in settings.TEMPLATES
    ]
    assert warm_up() == before + len(settings.TEMPLATES)  # fine.html, once per engine
