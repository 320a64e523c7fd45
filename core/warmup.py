"""What the first request of a new web process would otherwise pay for, done at start: the
URLconf imported and resolved, every template compiled into the cached loader, and the
translation catalogues of every language loaded. No database and no cache are touched, so
it is safe in gunicorn's master before it forks its workers (config/gunicorn.py,
`preload_app`), where it is paid once for all workers and every worker recycled later.

Measured on the bench machine: about 0.45 s of CPU that the first request of each worker
paid (0.24 s importing the views, 0.17 s compiling 143 templates), and with it the tail
that a batch of recycled workers put on every other request (docs/performance.md)."""

from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt", ".ics", ".xml")


def warm_up() -> int:
    """Loads what the first requests need; returns how many templates it compiled."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module)
    resolver._populate()  # the reverse() tables, built on first use otherwise
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")  # loads the language's catalogues
    return sum(_compile_templates(engine) for engine in engines.all())


def _compile_templates(engine) -> int:
    compiled = 0
    for directory in engine.template_dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*")):
            if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                continue
            try:
                engine.get_template(path.relative_to(root).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                # A template of a package we do not use may need a library we lack: it
                # is compiled when (if ever) it is asked for, and fails there as before.
                continue
            compiled += 1
    return compiled
