"""The database ↔ Polars floor: query results read into frames, frames written in bulk,
and every vendor branch and planner setting that this needs, in one place.

Monitoring's recompute and the observations importer both read and write through here.

- ``frame_read``: the rows of a query as a frame, columns by position (numbers, dates
  and text; not booleans, which the server writes as ``t``/``f``). On PostgreSQL, CSV
  either way. By default the server writes the whole result as one text
  (``string_agg``), received as one value, since ``COPY … TO`` sends a message per row
  and receiving each costs Python time per row (a recompute's inputs for 5,250 targets
  and 200,000 observations: 71 ms against 82 ms). ``streamed=True`` takes ``COPY``
  instead, for a large result with text columns, where quoting every text in SQL costs
  the server more than the messages cost us (the importer's 200,000 current figures:
  0.56 s against 0.80 s). SQLite: a plain cursor.
- ``frame_write``: a frame's rows inserted into a table, columns by name. PostgreSQL:
  ``COPY … FROM STDIN`` in CSV written by Polars through psycopg's queued writer, so
  that Polars formats the next slice while the server takes this one. SQLite:
  ``executemany``, dates as the text Django stores there.
- ``random_reads_cheap``, ``indexes_rebuilt``, ``advisory_lock(ed)``, ``meanwhile``: the
  PostgreSQL-only settings and tricks, each a no-op (or done here and now) elsewhere.

Floats travel as the shortest text that reads back exactly (``extra_float_digits`` is 1
by default since PostgreSQL 12).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import polars as pl
from django.db import connection, connections

T = TypeVar("T")
Schema = dict[str, pl.DataType]
SQLITE_READ_ROWS = 50_000


def ints(values: Iterable[int]) -> str:
    """Integers for an ``IN (…)`` list (ids from our own frames, never user text);
    ``NULL`` for none, so that the list is still valid SQL and matches nothing."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- reading ------------------------------------------------------------------------------


def frame_read(
    sql: str, schema: Schema, params: Sequence = (), *, streamed: bool = False
) -> pl.DataFrame:
    """The rows of ``sql`` as a frame with ``schema`` (columns by position). Text columns
    come back with "" for NULL: the text read here is NOT NULL, or means "none" when
    empty. ``streamed``: a large result with text (see the module's note)."""
    if is_postgresql() and streamed:
        frame = _copy_out(sql, schema, params)
    elif is_postgresql():
        frame = _read_postgresql(sql, schema, params)
    else:
        frame = _read_sqlite(sql, schema, params)
    texts = [name for name, kind in schema.items() if kind == pl.String]
    return frame.with_columns(pl.col(texts).fill_null("")) if texts else frame


def _read_postgresql(sql: str, schema: Schema, params: Sequence) -> pl.DataFrame:
    names = [f"c{i}" for i in range(len(schema))]
    fields = ", ".join(
        # Text as CSV quotes it; NULL stays empty, as COPY writes it.
        f"""'"' || replace({name}::text, '"', '""') || '"'""" if kind == pl.String else name
        for name, kind in zip(names, schema.values(), strict=True)
    )
    # format()'s own placeholders, escaped when the query has parameters of its own.
    placeholder = "%%s" if params else "%s"
    template = ",".join([placeholder] * len(names))
    statement = (
        f"SELECT string_agg(format('{template}', {fields}), E'\\n') "
        f"FROM ({sql}) AS q({', '.join(names)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params) if params else None)
        (text,) = cursor.fetchone()
    if not text:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(
        text.encode(),
        has_header=False,
        new_columns=list(schema),
        schema=schema,
        try_parse_dates=False,
    )


def _copy_out(sql: str, schema: Schema, params: Sequence) -> pl.DataFrame:
    import psycopg

    connection.ensure_connection()
    # COPY takes no parameters: bind them on the client, as psycopg's ClientCursor does.
    statement = psycopg.ClientCursor(connection.connection).mogrify(sql, list(params))
    buffer = io.BytesIO()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv)") as copy,
    ):
        for chunk in copy:
            buffer.write(chunk)
    if not buffer.tell():
        return pl.DataFrame(schema=schema)
    buffer.seek(0)
    # COPY writes an empty string as "" and NULL as nothing.
    return pl.read_csv(
        buffer, has_header=False, new_columns=list(schema), schema=schema, try_parse_dates=False
    )


def _read_sqlite(sql: str, schema: Schema, params: Sequence) -> pl.DataFrame:
    # A slice of rows at a time: a million rows as Python tuples would take a gigabyte
    # (an import's stored figures, issue 16); as frames, a tenth of that.
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        while rows := cursor.fetchmany(SQLITE_READ_ROWS):
            parts.append(_sqlite_frame(rows, schema))
    return pl.concat(parts, rechunk=False) if parts else _sqlite_frame([], schema)


def _sqlite_frame(rows: list[tuple], schema: Schema) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(pl.col(n).cast(t, strict=False) for n, t in schema.items())


# --- writing ------------------------------------------------------------------------------


def frame_write(
    table: str,
    rows: pl.DataFrame,
    progress: Callable[[float], None] = lambda fraction: None,
    *,
    slice_rows: int = 100_000,
) -> None:
    """Insert a frame's rows into ``table`` (columns by name), in the current
    transaction, ``slice_rows`` at a time; ``progress`` hears the fraction written."""
    if not rows.height:
        return
    columns = ", ".join(f'"{name}"' for name in rows.columns)
    done = 0
    if is_postgresql():
        from psycopg.copy import QueuedLibpqWriter

        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)"
            with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
                for part in rows.iter_slices(slice_rows):
                    buffer = io.BytesIO()
                    part.write_csv(buffer, include_header=False)
                    copy.write(buffer.getvalue())
                    done += part.height
                    progress(done / rows.height)
        return
    # As Django stores dates in SQLite: text. Cheaper than adapting a date per value.
    rows = rows.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d"))
    placeholders = ", ".join("?" * rows.width)
    statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    connection.ensure_connection()
    raw = connection.connection
    for part in rows.iter_slices(slice_rows):
        raw.executemany(statement, part.iter_rows())
        done += part.height
        progress(done / rows.height)


def table_empty(table: str, *, where: str = "") -> None:
    """Delete the table's rows (those meeting ``where``, if given)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}" + (f" WHERE {where}" if where else ""))


# --- PostgreSQL's settings and tricks -----------------------------------------------------


def advisory_lock(namespace: int, key: int = 0) -> None:
    """A PostgreSQL transaction-scoped advisory lock (two keys: this project's namespace
    for the job, and the thing locked). SQLite's writer already holds its only lock."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])


@contextmanager
def advisory_locked(namespace: int, key: int = 0) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock for the block. Inside a transaction it is the
    transaction's (released at its end); outside one it is the session's, released when
    the block ends, so that the block may run transactions of its own and share work
    with a second connection. SQLite's writer already holds its only lock."""
    if not is_postgresql():
        yield
        return
    if connection.in_atomic_block:
        advisory_lock(namespace, key)
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [namespace, key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])


@contextmanager
def random_reads_cheap() -> Iterator[None]:
    """PostgreSQL's planner prices a random page read at 4 sequential ones (its default,
    made for spinning disks), so for a read of a few per cent of a large table it scans
    the whole table rather than follow an index: 57 ms against 19 ms for the bench's
    million observations, whose pages are in memory as a working store's are. The usual
    setting for solid-state or cached data, for the block only (the session's own value
    comes back after it)."""
    if not is_postgresql():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET random_page_cost = 1.1")
    try:
        yield
    except Exception:
        # In a transaction the failed read has aborted it, and its rollback undoes the SET.
        if not connection.in_atomic_block:
            _random_reads_priced_again()
        raise
    _random_reads_priced_again()


def _random_reads_priced_again() -> None:
    with connection.cursor() as cursor:
        cursor.execute("RESET random_page_cost")


@contextmanager
def indexes_rebuilt(table: str) -> Iterator[bool]:
    """Empty ``table`` for a refill. On PostgreSQL: TRUNCATE (no dead rows left behind)
    and drop its indexes (and the constraints they serve), then, after the block has
    filled it, build them again: building an index once the rows are in costs less than
    adding each row to it. In the transaction, which holds the table's exclusive lock
    from the TRUNCATE: nobody sees it without them. Elsewhere a DELETE. Yields whether
    the indexes were dropped."""
    if not is_postgresql():
        table_empty(table)
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, c.conname, pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
            WHERE x.indrelid = %s::regclass
              -- an index a foreign key relies on stays
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.oid
              )
            """,
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(f"TRUNCATE {table}")
        for index, constraint, _, _ in indexes:
            if constraint:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            else:
                cursor.execute(f'DROP INDEX "{index}"')
    yield True
    with connection.cursor() as cursor:
        for _, constraint, constraint_sql, index_sql in indexes:
            if constraint:
                cursor.execute(
                    f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {constraint_sql}'
                )
            else:
                cursor.execute(index_sql)


def meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` on a connection of its own while this one does something else;
    call the result to wait for it. Only outside a transaction on PostgreSQL, where the
    other connection sees the same data; otherwise ``work`` runs here and now."""
    if connection.in_atomic_block or not is_postgresql():
        result = work()
        return lambda: result

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()  # this thread's connection only

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(run)
    pool.shutdown(wait=False)  # the thread ends when the work does
    return future.result
