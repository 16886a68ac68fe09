"""Reading the cells of an import's rows into typed columns: each distinct code looked
up once and its id spread over the rows, numbers read as floats, the status and note
cleaned, each distinct period label parsed once, and the packed key (``keys``).

The measure's, area's and group's attributes the domain rules need (ranges, masks,
dates: some thirty bytes a row) are laid beside one slice of rows at a time
(``attributes_beside``), never beside the whole file: a million rows would carry them
all at once, the largest part of an import's memory (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from localperf.calculations.periods import PeriodError, period_parse
from localperf.observations.importing.keys import packed_key
from localperf.observations.importing.layout import MAX_SAMPLE_SIZE, NUMBER_COLUMNS
from localperf.observations.importing.reference import (
    PERIOD_KIND_BITS,
    Dimensions,
    group_key,
    measure_key,
)
from localperf.observations.models import ObservationStatus
from localperf.web.downloads import frame_inert_undone

STATUSES = tuple(ObservationStatus.values)
INVALID = "invalid"
STATUS_TYPE = pl.Enum([*STATUSES, INVALID])
# What every row carries of its period (the rest, ``attributes_beside``).
PERIOD_COLUMNS = ("period_no", "period_label", "period_kind", "period_start", "period_end")
# A row with none of these filled carries no figure: skipped when the caller allows it.
FIGURE_COLUMNS = (*NUMBER_COLUMNS, "sample_size")


def spread(column: pl.Series, lookup: Callable[[str], object], dtype: pl.DataType) -> pl.Series:
    """Look each distinct value up once; spread the answers over the rows."""
    distinct = column.drop_nulls().unique().to_list()
    answers = {value: lookup(value) for value in distinct}
    return column.replace_strict(answers, default=None, return_dtype=dtype)


def _status_of(text: str) -> str | None:
    """The status a cell names; blank is provisional (only a release, or a final status
    from someone who may publish, makes a figure public); anything else is "invalid"."""
    status = text.strip().lower()
    if not status:
        return ObservationStatus.PROVISIONAL.value
    return status if status in STATUSES else INVALID


def blank(column: str) -> pl.Expr:
    """Null, or nothing but spaces."""
    return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")


def finite(column: str) -> pl.Expr:
    """The column's number is given and finite."""
    return pl.col(f"{column}_number").is_finite().fill_null(False)


def rows_resolved(raw: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame) -> pl.DataFrame:
    """The rows with their ids, typed values, their period's label, kind and dates, and
    the key."""
    period_no = {row[0]: row[1] for row in periods.select("period_text", "period_no").iter_rows()}
    rows = raw.with_columns(
        # Each code's id, from its distinct values; the text stays as written, for messages.
        spread(
            raw["measure"], lambda v: dimensions.measure_ids.get(measure_key(v)), pl.Int64
        ).alias("measure_id"),
        spread(raw["area"], lambda v: dimensions.area_ids.get(v.strip().upper()), pl.Int64).alias(
            "area_id"
        ),
        spread(raw["group"].fill_null(""), _group_lookup(dimensions), pl.Int64).alias("group_id"),
        spread(raw["period"], period_no.get, pl.Int64).alias("period_no"),
        spread(raw["status"], _status_of, STATUS_TYPE)
        .fill_null(ObservationStatus.PROVISIONAL.value)
        .alias("status_value"),
        # A note from one of our files may carry the spreadsheet's text mark: taken off.
        frame_inert_undone(pl.col("note")).str.strip_chars().fill_null("").alias("note_value"),
        *(_number(raw, c) for c in (*NUMBER_COLUMNS, "sample_size")),
    )
    # The period's label, kind and dates stay on every row: the plan and the write read
    # them too.
    period = _beside(rows, "period_no", periods.select(PERIOD_COLUMNS))
    rows = rows.hstack(period.get_columns())
    # The positions live on in the key alone (``keys``): three columns fewer to hold.
    positions = ("measure_ix", "area_ix", "group_ix")
    return _positioned(rows, dimensions).with_columns(key=packed_key()).drop(positions)


def attributes_beside(
    rows: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame
) -> pl.DataFrame:
    """``rows`` (a slice) with what the domain rules need of its measure, area, group and
    period, from the small frames: joined onto the id column alone and laid beside the
    rows (a join would copy every column of the wide frame)."""
    attributes = [
        _beside(rows, "measure_id", dimensions.measures),
        _beside(rows, "area_id", dimensions.areas),
        _beside(rows, "group_id", dimensions.groups),
        _beside(rows, "period_no", periods.select("period_no", "p_kind_bit")),
    ]
    return rows.hstack([column for frame in attributes for column in frame.iter_columns()])


def _positioned(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    """The whole sample size, and each id's dense position for the packed key."""
    measure_ix = {pk: i for i, pk in enumerate(dimensions.measures["measure_id"].to_list())}
    area_ix = {pk: i for i, pk in enumerate(dimensions.areas["area_id"].to_list())}
    group_ix = {pk: i for i, pk in enumerate(dimensions.groups["group_id"].to_list())}
    return rows.with_columns(
        sample_size_int=pl.when(pl.col("sample_size_number").is_finite())
        .then(pl.col("sample_size_number").clip(-1, MAX_SAMPLE_SIZE + 1).cast(pl.Int64))
        .otherwise(None),
        measure_ix=pl.col("measure_id").replace_strict(measure_ix, default=None),
        area_ix=pl.col("area_id").replace_strict(area_ix, default=None),
        group_ix=pl.col("group_id").replace_strict(group_ix, default=None),
    )


def _beside(rows: pl.DataFrame, key: str, small: pl.DataFrame) -> pl.DataFrame:
    """``small``'s columns for each row's ``key``, in row order (``small`` has one row per key)."""
    matched = rows.select(key).join(small, on=key, how="left", maintain_order="left")
    return matched.drop(key)


def _group_lookup(dimensions: Dimensions) -> Callable[[str], int | None]:
    return lambda text: dimensions.group_ids.get(group_key(text))


def _number(raw: pl.DataFrame, column: str) -> pl.Expr:
    """The cell as a float; text with spaces around it is read too (a rare, slower path)."""
    text = pl.col(column)
    direct = text.cast(pl.Float64, strict=False)
    number = pl.when(direct.is_null() & text.is_not_null()).then(
        text.str.strip_chars().cast(pl.Float64, strict=False)
    )
    # + 0.0 turns -0 into 0, so that "-0" and "0" are the same figure.
    return (pl.coalesce(direct, number) + 0.0).alias(f"{column}_number")


def periods_parsed(labels: pl.Series) -> pl.DataFrame:
    """Each distinct label as written → its canonical label, kind and dates, or the error."""
    records = []
    canonical: dict[str, int] = {}
    for text in labels.drop_nulls().unique().sort().to_list():
        try:
            period = period_parse(text)
        except PeriodError as error:
            records.append((text, None, None, None, None, None, None, str(error)))
            continue
        number = canonical.setdefault(period.label, len(canonical))
        kind = period.kind.value
        records.append(
            (
                text,
                number,
                period.label,
                kind,
                PERIOD_KIND_BITS[kind],
                period.start,
                period.end,
                None,
            )
        )
    return pl.DataFrame(
        records,
        schema={
            "period_text": pl.String,
            "period_no": pl.Int64,
            "period_label": pl.String,
            "period_kind": pl.String,
            "p_kind_bit": pl.Int64,
            "period_start": pl.Date,
            "period_end": pl.Date,
            "period_error": pl.String,
        },
        orient="row",
    )
