"""Codes that name nothing (a measure, area, period, group or status): each failing row
becomes a problem naming the code, and for a mistyped one the nearest valid code ("did
you mean", ``calculations.nearest``). Only the first few distinct unknown codes of a
column get a suggestion (``LOCALPERF_IMPORT_SUGGESTIONS``), so a file of thousands costs
no more than a few.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from localperf.calculations.nearest import CodeIndex, suggestions
from localperf.calculations.periods import period_suggestion
from localperf.observations.importing.cells import STATUSES, blank, spread
from localperf.observations.importing.limits import import_limits
from localperf.observations.importing.reference import Dimensions, group_key, measure_key
from localperf.observations.importing.results import ERROR, empty_problems

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
STATUS_INDEX = CodeIndex(STATUSES)


def unknown_codes(
    rows: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame
) -> list[pl.DataFrame]:
    """Every row whose measure, area, period or group names nothing, as problems."""
    return [
        _unknown_measures(rows, dimensions),
        _unknown_areas(rows, dimensions),
        _bad_periods(rows, periods),
        _unknown_groups(rows, dimensions),
    ]


def _unknown_measures(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    deleted_keys = set(dimensions.deleted_measure_keys)
    bare_local = dimensions.bare_local_codes
    unknown = _unresolved(rows, "measure", "measure_id")
    unknown = unknown.with_columns(
        # Each distinct code once: a file may hold a million unknown ones.
        deleted=spread(unknown["measure"], lambda v: measure_key(v) in deleted_keys, pl.Boolean),
        bare_local=spread(
            unknown["measure"], lambda v: bare_local.get(measure_key(v), ""), pl.String
        ),
    )
    return hinted(
        unknown,
        "measure",
        _measure_hint(dimensions),
        pl.when(pl.col("deleted"))
        .then(
            pl.format(
                "{} was deleted from the National Indicator Set (rule D1).", pl.col("measure")
            )
        )
        .when(pl.col("bare_local") != "")
        .then(
            pl.format(
                "{} is a local indicator (rule D9) with no measure to hold its figures "
                "yet: an administrator adds one to the indicator first.",
                pl.col("bare_local"),
            )
        )
        .otherwise(
            pl.format(
                "There is no measure with the code '{}'; codes look like 'NI 195' or "
                "'NI 157a', or a local indicator's own code.",
                pl.col("measure"),
            )
        ),
    )


def _unknown_areas(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    return hinted(
        _unresolved(rows, "area", "area_id"),
        "area",
        _area_hint(dimensions),
        pl.format(
            "There is no area with the code '{}'; give its GSS code (e.g. E06000001) "
            "or its older ONS code (e.g. 00EB).",
            pl.col("area"),
        ),
    )


def _bad_periods(rows: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    bad_period = _unresolved(rows, "period", "period_no")
    if bad_period.height:
        # Each label was parsed once, in ``cells.periods_parsed``: its error is read from there.
        errors = periods.filter(pl.col("period_error").is_not_null())
        bad_period = bad_period.join(
            errors.select("period_text", "period_error"),
            left_on="period",
            right_on="period_text",
            how="left",
        )
    return hinted(
        bad_period,
        "period",
        period_suggestion,
        pl.when(pl.col("period").str.contains(ISO_DATE.pattern))
        .then(
            pl.format(
                "'{}' is a date, not a period label: a spreadsheet may have turned the "
                "label into a date; format the column as text and type e.g. 2008/09.",
                pl.col("period"),
            )
        )
        .otherwise(pl.col("period_error")),
    )


def _unknown_groups(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    return hinted(
        rows.filter(pl.col("group_id").is_null()),
        "group",
        _group_hint(dimensions),
        pl.format(
            "There is no population group '{}'; write dimension:code, e.g. 'age:16-24', "
            "or leave it blank for the whole population.",
            pl.col("group"),
        ),
    )


def _unresolved(rows: pl.DataFrame, column: str, resolved: str) -> pl.DataFrame:
    """Rows whose code was given (not blank) but found nothing."""
    return rows.filter(pl.col(resolved).is_null()).filter(~blank(column))


def hinted(
    failing: pl.DataFrame, column: str, nearest: Callable[[str], str], message: pl.Expr
) -> pl.DataFrame:
    """The failing rows as problems, with a suggestion for the first distinct codes of the
    column (``LOCALPERF_IMPORT_SUGGESTIONS``, in line order); the rows of the others say
    that theirs has none, so thousands of unknown codes cost no more than a few."""
    if not failing.height:
        return empty_problems()
    cap = import_limits().suggestions
    distinct = failing[column].drop_nulls().unique(maintain_order=True).head(cap)
    answers = suggestions(distinct.to_list(), nearest, cap=cap)
    hints = pl.DataFrame(
        {"text": list(answers), "hint": list(answers.values())},
        schema={"text": pl.String, "hint": pl.String},
    )
    joined = failing.join(hints, left_on=column, right_on="text", how="left")
    unanswered = pl.col("hint").is_null() & pl.col(column).is_not_null()
    return joined.select(
        line=pl.col("line"),
        column=pl.lit(column),
        message=pl.when(unanswered)
        .then(
            pl.concat_str(
                message,
                pl.lit(
                    f" (No suggestion: only the first {cap:,} different unknown codes in a "
                    "column get one.)"
                ),
            )
        )
        .otherwise(message),
        suggestion=pl.col("hint").fill_null(""),
        severity=pl.lit(ERROR),
    )


def _measure_hint(dimensions: Dimensions) -> Callable[[str], str]:
    by_key = {measure_key(code): code for code in dimensions.measure_codes}
    index = CodeIndex(by_key)

    def nearest(text: str) -> str:
        key = measure_key(text)
        if key and (key.isdigit() or key[:-1].isdigit()):
            key = f"NI{key}"
        if key in by_key:
            return by_key[key]
        found = index.nearest(key)
        return by_key[found] if found else ""

    return nearest


def _area_hint(dimensions: Dimensions) -> Callable[[str], str]:
    by_name = {name.lower(): code for code, name in dimensions.area_names.items()}
    index = CodeIndex(dimensions.area_codes)

    def nearest(text: str) -> str:
        if text.lower() in by_name:
            return by_name[text.lower()]
        return index.nearest(text.upper())

    return nearest


def _group_hint(dimensions: Dimensions) -> Callable[[str], str]:
    index = CodeIndex(dimensions.group_codes)
    return lambda text: index.nearest(group_key(text))
