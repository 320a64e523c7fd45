"""Writes on the hottest paths with their SQL built once per process.

Django compiles a query anew for every `save()`, `create()` and `bulk_create()`: for the
booking API's two INSERTs (the booking, its mails) that compilation cost more CPU than the
database spent on them (docs/performance.md). `insert` does what `save()` does for new
instances, with the statement kept per model and row count; `update_columns` does the
same for `save(update_fields=...)` of a few columns. Both send the same signals as the
ORM (only when someone listens) and leave the instances as a save leaves them.
tests/core/test_db.py holds the rows they write to those the ORM writes.
"""

from collections.abc import Sequence

from django.db import DatabaseError, connections, router
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

_inserts: dict[tuple[str, type[Model], int], tuple[str, list]] = {}
_updates: dict[tuple[str, type[Model], tuple[str, ...]], tuple[str, list]] = {}


def _insert_statement(model: type[Model], conn, rows: int) -> tuple[str, list]:
    key = (conn.alias, model, rows)
    if key not in _inserts:
        meta = model._meta
        if meta.parents or not conn.features.can_return_rows_from_bulk_insert:
            raise TypeError(f"core.db.insert cannot write {meta.label} on {conn.vendor}")
        fields = [f for f in meta.local_concrete_fields if f is not meta.pk and not f.generated]
        q = conn.ops.quote_name
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        # Identifiers from the model's metadata, quoted; every value is a parameter.
        sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)})"  # noqa: S608
            f" VALUES {', '.join([row] * rows)} RETURNING {q(meta.pk.column)}"
        )
        _inserts[key] = (sql, fields)
    return _inserts[key]


def insert(objs: Sequence[Model]) -> None:
    """Saves these new, unsaved instances of one model, as `obj.save()` would each, in one
    INSERT: the model's `prepare_save()` (what its `save()` derives first), the pre_save
    signal, each field's `pre_save` (defaults already set, `auto_now_add`), its database
    value, the id from RETURNING, then post_save with created=True. A model whose `save()`
    does more than `prepare_save()` cannot be written this way (TypeError)."""
    if not objs:
        return
    model = type(objs[0])
    prepare = getattr(model, "prepare_save", None)
    if model.save is not Model.save and prepare is None:
        raise TypeError(f"{model._meta.label}.save() has no prepare_save() to run first")
    db = router.db_for_write(model)
    conn = connections[db]
    sql, fields = _insert_statement(model, conn, len(objs))
    signal = pre_save.has_listeners(model)
    params = []
    for obj in objs:
        if type(obj) is not model or not obj._state.adding or obj.pk is not None:
            raise ValueError("core.db.insert writes new instances of one model")
        if prepare is not None:
            prepare(obj)
        if signal:
            pre_save.send(sender=model, instance=obj, raw=False, using=db, update_fields=None)
        for field in fields:
            value = field.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):  # an expression or a db_default
                raise TypeError(f"core.db.insert cannot write an expression to {field}")
            params.append(field.get_db_prep_save(value, conn))
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    signal = post_save.has_listeners(model)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, db
        if signal:
            post_save.send(
                sender=model, instance=obj, created=True, update_fields=None, raw=False, using=db
            )


def update_columns(obj: Model, names: tuple[str, ...]) -> None:
    """`obj.save(update_fields=names)` for a saved row: the named columns' current values in
    one UPDATE by primary key, with the same signals. Nothing else is written."""
    model = type(obj)
    db = obj._state.db or router.db_for_write(model)
    conn = connections[db]
    key = (conn.alias, model, names)
    if key not in _updates:
        q = conn.ops.quote_name
        fields = [model._meta.get_field(name) for name in names]
        assignments = ", ".join(f"{q(f.column)} = %s" for f in fields)
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        _updates[key] = (f"UPDATE {table} SET {assignments} WHERE {pk} = %s", fields)  # noqa: S608
    sql, fields = _updates[key]
    frozen = frozenset(names)
    if pre_save.has_listeners(model):
        pre_save.send(sender=model, instance=obj, raw=False, using=db, update_fields=frozen)
    params = [field.get_db_prep_save(field.pre_save(obj, False), conn) for field in fields]
    with conn.cursor() as cursor:
        cursor.execute(sql, [*params, obj.pk])
        if cursor.rowcount != 1:  # as save(update_fields=...) says it
            raise DatabaseError("Save with update_fields did not affect any rows.")
    if post_save.has_listeners(model):
        post_save.send(
            sender=model, instance=obj, created=False, update_fields=frozen, raw=False, using=db
        )
