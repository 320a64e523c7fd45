"""Schema changes that a running release must not notice: for migrations that drop an index
without Django's AlterField, which would drop and re-add the foreign key around it and so
re-check every row under a lock that stops writes (bookings) until the migration commits.

`DropColumnIndexes` is the database half of a SeparateDatabaseAndState whose state half is
the AlterField (`db_index=False`): it drops the plain indexes on exactly one column (or only
the PostgreSQL LIKE copy, `like_only`), a quick catalogue change, and creates the index
again when migrated backwards, under the name Django would have given it."""

from django.db import migrations


class DropColumnIndexes(migrations.RunPython):
    def __init__(self, table: str, column: str, *, like_only: bool = False) -> None:
        self.table, self.column, self.like_only = table, column, like_only
        super().__init__(self._forwards, self._backwards, elidable=False)

    def _found(self, schema_editor) -> list[str]:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, self.table)
        return sorted(
            name
            for name, info in constraints.items()
            if info["index"]
            and not info["unique"]
            and not info["primary_key"]
            and info["columns"] == [self.column]
            and (not self.like_only or name.endswith("_like"))
        )

    def _forwards(self, apps, schema_editor) -> None:
        for name in self._found(schema_editor):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")

    def _backwards(self, apps, schema_editor) -> None:
        q = schema_editor.quote_name
        if self.like_only:
            if schema_editor.connection.vendor != "postgresql":
                return
            name = schema_editor._create_index_name(self.table, [self.column], suffix="_like")
            opclass = "varchar_pattern_ops"
            sql = f"CREATE INDEX {q(name)} ON {q(self.table)} ({q(self.column)} {opclass})"
        else:
            name = schema_editor._create_index_name(self.table, [self.column])
            sql = f"CREATE INDEX {q(name)} ON {q(self.table)} ({q(self.column)})"
        schema_editor.execute(sql)

    def describe(self) -> str:
        what = "the LIKE index" if self.like_only else "the indexes"
        return f"Drop {what} on {self.table}.{self.column} alone"
