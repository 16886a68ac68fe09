"""The database ↔ Polars floor reads back what it is given, on either database and by
either PostgreSQL route: text with quotes, commas and line breaks, empty text, NULLs,
dates and floats at full precision."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
from django.db import connection

from localperf.frames import frame_read, frame_write, ints

pytestmark = pytest.mark.django_db

SCHEMA = {"id": pl.Int64, "label": pl.String, "day": pl.Date, "value": pl.Float64}
TEXTS = ['a "quoted", comma', "two\nlines", "", "plain"]


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE frames_probe (id bigint, label text NOT NULL, day date, "
            "value double precision)"
        )
    yield "frames_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE frames_probe")


@pytest.mark.parametrize("streamed", [False, True])
def test_a_frame_written_reads_back_the_same(table, streamed):
    rows = pl.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "label": TEXTS,
            "day": [datetime.date(2009, 3, 31), None, datetime.date(2010, 4, 1), None],
            "value": [0.1 + 0.2, None, -1e-9, 123456.789],
        },
        schema=SCHEMA,
    )
    frame_write(table, rows, slice_rows=3)
    read = frame_read(
        f"SELECT id, label, day, value FROM {table} WHERE id IN ({ints([1, 2, 3, 4])}) ORDER BY id",
        SCHEMA,
        streamed=streamed,
    )
    assert read.to_dicts() == rows.to_dicts()


@pytest.mark.parametrize("streamed", [False, True])
def test_parameters_and_an_empty_result(table, streamed):
    frame_write(table, pl.DataFrame({"id": [7], "label": ["x%y"]}))
    found = frame_read(
        f"SELECT id, label FROM {table} WHERE label = %s",
        {"id": pl.Int64, "label": pl.String},
        ["x%y"],
        streamed=streamed,
    )
    assert found.to_dicts() == [{"id": 7, "label": "x%y"}]
    none = frame_read(
        f"SELECT id, label FROM {table} WHERE id IN ({ints([])})",
        {"id": pl.Int64, "label": pl.String},
        streamed=streamed,
    )
    assert none.height == 0 and none.columns == ["id", "label"]
