"""Table names for the bench's raw SQL, looked up by model name in the app registry, so the
bench keeps working when a model moves to another app (and its table gets another name)."""

from functools import cache

from django.apps import apps
from django.db.models import Model


def table(model_name: str) -> str:
    """The database table of the one installed model called `model_name`."""
    return model(model_name)._meta.db_table


@cache
def model(model_name: str) -> type[Model]:
    """The one installed model class called `model_name`."""
    found = [m for m in apps.get_models() if m.__name__ == model_name]
    if len(found) != 1:
        raise LookupError(f"expected one model named {model_name}, found {len(found)}")
    return found[0]
