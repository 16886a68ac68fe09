"""The rules one cell answers alone: a required code or value is given, a number reads as
a finite number (with the likely slip named: a % sign, a thousands separator), a sample
size is a whole number the store can hold, a status is one there is, a note fits and
holds nothing a spreadsheet cannot.
"""

from __future__ import annotations

import polars as pl

from localperf.observations.importing.cells import FIGURE_COLUMNS, INVALID, blank
from localperf.observations.importing.hints import STATUS_INDEX, hinted
from localperf.observations.importing.layout import (
    CONTROL_CHARACTERS,
    MAX_NOTE_LENGTH,
    MAX_SAMPLE_SIZE,
    NUMBER_COLUMNS,
)
from localperf.observations.importing.results import problems_where


def required(rows: pl.DataFrame) -> list[pl.DataFrame]:
    """A blank measure, area, period or value; a blank value beside other figures names them."""
    # Only rows without an id (or a number) can be blank: test those alone.
    unresolved = {
        "measure": "measure_id",
        "area": "area_id",
        "period": "period_no",
        "value": "value_number",
    }
    # A value left out beside other figures: name them, since a skipped row needs none.
    others = [column for column in FIGURE_COLUMNS if column != "value"]
    given = pl.concat_str(
        [pl.when(~blank(column)).then(pl.lit(column)) for column in others],
        separator=", ",
        ignore_nulls=True,
    )
    return [
        problems_where(
            rows.filter(pl.col(resolved).is_null()),
            blank(column),
            column,
            "is empty; a value is required."
            if column != "value"
            else pl.when(given != "")
            .then(
                pl.format(
                    "is empty, but the row gives {}: give the value as well, or clear the "
                    "row's figures to leave it out.",
                    given,
                )
            )
            .otherwise(pl.lit("is empty; a value is required.")),
        )
        for column, resolved in unresolved.items()
    ]


def numbers(rows: pl.DataFrame) -> list[pl.DataFrame]:
    """Figures that are not numbers, or not finite; a sample size that is not whole."""
    found = []
    for column in (*NUMBER_COLUMNS, "sample_size"):
        number = pl.col(f"{column}_number")
        text = pl.col(column).str.strip_chars()
        found.append(
            problems_where(
                rows,
                pl.col(column).is_not_null() & (text != "") & number.is_null(),
                column,
                pl.when(text.str.contains("%", literal=True))
                .then(pl.format("'{}' is not a number: leave out the % sign.", text))
                .when(text.str.contains(",", literal=True))
                .then(
                    pl.format(
                        "'{}' is not a number: use a point for decimals and no thousands "
                        "separators.",
                        text,
                    )
                )
                .otherwise(pl.format("'{}' is not a number.", text)),
            )
        )
        found.append(
            problems_where(
                rows,
                number.is_not_null() & ~number.is_finite(),
                column,
                pl.format("'{}' is not a finite number.", text),
            )
        )
    found.append(_sample_size_not_whole(rows))
    return found


def _sample_size_not_whole(rows: pl.DataFrame) -> pl.DataFrame:
    size = pl.col("sample_size_number")
    return problems_where(
        rows,
        size.is_finite() & ((size != size.floor()) | (size < 0) | (size > MAX_SAMPLE_SIZE)),
        "sample_size",
        pl.format(
            "'{}' is not a whole number between 0 and {}.",
            pl.col("sample_size").str.strip_chars(),
            pl.lit(f"{MAX_SAMPLE_SIZE:,}"),
        ),
    )


def status_and_note(rows: pl.DataFrame) -> list[pl.DataFrame]:
    """A status that is not one (with the nearest), a note a spreadsheet cannot hold."""
    bad_status = rows.filter(pl.col("status_value") == INVALID).with_columns(
        pl.col("status").str.strip_chars()
    )
    return [
        hinted(
            bad_status,
            "status",
            lambda s: STATUS_INDEX.nearest(s.lower()),
            pl.format("'{}' is not a status; write 'provisional' or 'final'.", pl.col("status")),
        ),
        problems_where(
            rows,
            pl.col("note_value").str.contains(CONTROL_CHARACTERS),
            "note",
            "The note holds a control character (such as U+001F) that spreadsheets cannot "
            "hold; remove it.",
        ),
        problems_where(
            rows,
            pl.col("note_value").str.len_chars() > MAX_NOTE_LENGTH,
            "note",
            pl.format(
                "The note has {} characters; at most {} are allowed.",
                pl.col("note_value").str.len_chars(),
                pl.lit(f"{MAX_NOTE_LENGTH:,}"),
            ),
        ),
    ]
