"""Bulk writes for SQLite and PostgreSQL: rows in, as fast as each database takes them.

The ORM's ``save()`` costs a round trip per row; a million-account book has some twenty
million rows. PostgreSQL takes ``COPY``: Arrow tables become CSV bytes in C and stream
straight in. SQLite takes ``executemany`` in large batches inside one transaction. Both
run on Django's connection, so they are part of the use case's transaction and roll back
with it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection

BATCH = 50_000
SQLITE_CACHE_KIB = 1024 * 1024  # 1 GiB of page cache for this connection while it loads


class BulkWriter:
    """Inserts, deletes and updates in bulk on the default connection."""

    def __init__(self, progress: Callable[[int], None] | None = None):
        self.vendor = connection.vendor
        self.progress = progress or (lambda n: None)
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:  # keep the indexes being filled in memory (default: 2 MB)
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        cols = ", ".join(columns)
        with connection.cursor() as cursor, connection.wrap_database_errors:  # raw DB-API errors become Django's
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for n, row in enumerate(rows, start=1):
                        copy.write_row(row)
                        if n % BATCH == 0:
                            self.progress(BATCH)
                return
            raw = self._raw()
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['?'] * len(columns))})"
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    raw.executemany(sql, batch)
                    self.progress(len(batch))
                    batch = []
            if batch:
                raw.executemany(sql, batch)
                self.progress(len(batch))

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Insert an Arrow table whose column names are the database columns."""
        cols = ", ".join(data.column_names)
        with connection.cursor() as cursor, connection.wrap_database_errors:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                    for batch in data.to_batches(BATCH):
                        buffer = io.BytesIO()
                        pacsv.write_csv(pa.Table.from_batches([batch]), buffer, pacsv.WriteOptions(include_header=False))
                        copy.write(buffer.getvalue())
                        self.progress(batch.num_rows)
                return
            raw = self._raw()
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['?'] * data.num_columns)})"
            for batch in data.to_batches(BATCH):
                raw.executemany(sql, zip(*(col.to_pylist() for col in batch.columns), strict=True))
                self.progress(batch.num_rows)

    def _raw(self):
        """The DB-API connection under Django's wrapper (same transaction), for SQLite's fastest path."""
        connection.ensure_connection()
        return connection.connection

    def delete_where_in(self, table: str, column: str, values: Sequence) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(values), 10_000):
                chunk = values[start : start + 10_000]
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def replace_all(self, table: str, data: pa.Table, midway: Callable[[], None] = lambda: None) -> None:
        """Replace every row of ``table`` with ``data``, inside the caller's transaction.

        PostgreSQL: ``TRUNCATE`` (transactional and without per-row work; readers of the
        table wait for the commit instead of seeing the old rows) then ``COPY``. SQLite:
        ``DELETE`` without a condition (its truncate optimisation) and batched inserts.
        ``midway`` is called when half the rows are in (a crash point for the tests).
        """
        with connection.cursor() as cursor:
            cursor.execute(f"{'TRUNCATE' if self.vendor == 'postgresql' else 'DELETE FROM'} {table}")
        half = data.num_rows // 2
        self.insert_arrow(table, data.slice(0, half))
        midway()
        self.insert_arrow(table, data.slice(half))

    def update_rows(self, table: str, columns: Sequence[str], key: str, rows: Iterable[tuple]) -> None:
        """``UPDATE table SET columns WHERE key = last value of each row``."""
        sets = ", ".join(f"{c} = %s" for c in columns)
        with connection.cursor() as cursor:
            batch = list(rows)
            for start in range(0, len(batch), BATCH):
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE {key} = %s", batch[start : start + BATCH])

    def id_map(self, table: str, natural_key: str) -> dict[str, int]:
        """``{natural key: primary key}`` for the whole table."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {natural_key}, id FROM {table}")
            return dict(cursor.fetchall())
