"""The kinds of mail the apps above register, with their labels for people (the admin).
A kind is a stable string stored on each OutboundMail; its app owns it and renders it."""

from django.db.models import TextChoices

_LABELS: dict[str, object] = {}


def register(choices: type[TextChoices]) -> None:
    """Registers every member of an app's mail-kind TextChoices. A kind registered twice
    must mean the same: two apps cannot share one."""
    for value, label in choices.choices:
        if _LABELS.setdefault(value, label) is not label:
            raise ValueError(f"mail kind {value!r} is registered twice")


def label(kind: str) -> str:
    return str(_LABELS.get(kind, kind))


def all_kinds() -> list[tuple[str, str]]:
    """(kind, label) of every registered kind, in label order (the admin's filter)."""
    return sorted(((kind, str(text)) for kind, text in _LABELS.items()), key=lambda kv: kv[1])
