"""What an import would do with each valid row, against the current observations:
create it, supersede (update) the current figure, or leave it unchanged. And which new
figures look like outliers: a warning, never a rejection.

The plan also records a *version* for every series it touches (measure × period): the
highest id among that series' current observations. Observations are only ever
inserted, so any later write to the series raises it; ``write`` compares the versions
under its lock and refuses a stale plan (a conflict) rather than overwrite what it
has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from localperf.observations.importing.keys import KEY_BITS, packed_key
from localperf.observations.importing.reference import Dimensions
from localperf.observations.importing.results import PROBLEM_SCHEMA, WARNING, empty_problems
from localperf.observations.importing.store import (
    current_observations,
    period_ids_for,
    periods_before,
    versions_current,
)
from localperf.observations.models import ObservationStatus, PeriodKindChoice, RowAction

COMPARED = (
    ("value_number", "current_value"),
    ("numerator_number", "current_numerator"),
    ("denominator_number", "current_denominator"),
    ("ci_lower_number", "current_ci_lower"),
    ("ci_upper_number", "current_ci_upper"),
    ("sample_size_int", "current_sample_size"),
    ("status_text", "current_status"),
    ("note_value", "current_note"),
)
# What the outlier check reads of the stored figures (``_series_history``).
HISTORY_COLUMNS = (
    "key",
    "measure_ix",
    "area_ix",
    "group_ix",
    "period_kind",
    "period_start",
    "period_label",
    "current_value",
)
# Quarters and half years are compared with the same part of the year before, so that
# year-to-date figures restarting each April are not taken for jumps.
SEASONAL_LAG = {"quarter": 4, "half_year": 2}
RELATIVE_TOLERANCE = 1e-15
OUTLIER_FACTOR = 5.0
OUTLIER_MIN_RELATIVE = 0.05
OUTLIER_MIN_CHANGES = 4


def series_key(measure_id: int, period_label: str) -> str:
    return f"{measure_id}|{period_label}"


@dataclass
class Plan:
    rows: pl.DataFrame
    versions: dict[str, int]
    warnings: pl.DataFrame

    def count(self, action: str) -> int:
        return int((self.rows["action"] == action).sum()) if self.rows.height else 0

    def changes(self, columns: tuple[str, ...] = ()) -> pl.DataFrame:
        """The rows that change a figure; only ``columns`` of them (and ``action``), when
        given, so that a million rows' other columns are not copied."""
        rows = self.rows.select(*dict.fromkeys(("action", *columns))) if columns else self.rows
        return rows.filter(pl.col("action") != RowAction.UNCHANGED)

    def narrowed(self, columns: tuple[str, ...]) -> Plan:
        """The plan with only these columns of its rows (and ``action``)."""
        rows = self.rows.select(*dict.fromkeys(("action", *columns)))
        return Plan(rows=rows, versions=self.versions, warnings=self.warnings)

    @property
    def change_count(self) -> int:
        return self.rows.height - self.count(RowAction.UNCHANGED)

    def without_lines(self, lines: pl.Series) -> Plan:
        """The plan less the rows refused once planned (a final status the submitter may
        not give: ``rights_check.final_status_problems``), so that no row is counted both
        as a change and as rejected."""
        if not lines.len():
            return self
        kept = self.rows.filter(~pl.col("line").is_in(lines.implode()))
        return Plan(rows=kept, versions=self.versions, warnings=self.warnings)


# A file with few areas reads the history of those areas only.
AREA_FILTER_LIMIT = 50


def stored_for(valid: pl.DataFrame) -> pl.DataFrame:
    """The current figures the plan needs: those the file's rows would replace, and
    enough earlier periods of each kind for the outlier check (fewer when the file
    brings its own history: a file of five years or more needs none)."""
    if not valid.height:
        return current_observations([], [])
    periods = _periods_of(valid)
    labels = periods["period_label"].to_list()
    period_ids = list(period_ids_for(labels).values())
    kinds = periods.group_by("period_kind").agg(
        first=pl.col("period_start").min(), count=pl.col("period_label").n_unique()
    )
    for kind, first, count in kinds.iter_rows():
        lag = SEASONAL_LAG.get(kind, 1)
        # A file that brings enough history of its own is judged on it alone.
        period_ids += periods_before(kind, first, max(0, OUTLIER_MIN_CHANGES + lag - count))
    areas = valid["area_id"].unique().to_list()
    return current_observations(
        valid["measure_id"].unique().to_list(),
        period_ids,
        areas if len(areas) <= AREA_FILTER_LIMIT else None,
    )


def _periods_of(valid: pl.DataFrame) -> pl.DataFrame:
    """The rows' distinct periods (label, kind, start), found by their number: grouping a
    million rows by an integer costs far less memory than by their text (issue 16)."""
    return valid.group_by("period_no").agg(
        pl.col("period_label", "period_kind", "period_start").first()
    )


def current_keyed(
    current: pl.DataFrame, dimensions: Dimensions, periods: pl.DataFrame
) -> pl.DataFrame:
    """The stored figures with the same packed key as the file's rows (null for a period
    the file does not have: those rows are history, for the outlier check only)."""
    labels = dict(periods.drop_nulls("period_no").select("period_label", "period_no").iter_rows())
    positions = {
        "measure_ix": ("measure_id", dimensions.measures["measure_id"]),
        "area_ix": ("area_id", dimensions.areas["area_id"]),
        "group_ix": ("group_id", dimensions.groups["group_id"]),
    }
    return current.with_columns(
        period_no=pl.col("period_label").replace_strict(
            labels, default=None, return_dtype=pl.Int64
        ),
        **{
            name: pl.col(column).replace_strict(
                {pk: i for i, pk in enumerate(ids.to_list())}, default=None, return_dtype=pl.Int64
            )
            for name, (column, ids) in positions.items()
        },
    ).with_columns(key=packed_key())


def plan_rows(
    valid: pl.DataFrame, current: pl.DataFrame, versions: dict[str, int] | None = None
) -> Plan:
    """``current`` as made by ``current_keyed``; ``versions`` as read by
    ``plan_versions`` *before* ``current`` was read (so that a write in between shows
    as a conflict, never as a lost update)."""
    valid = valid.with_columns(status_text=pl.col("status_value").cast(pl.String))
    if versions is None:
        versions = versions_of(valid, current)
    stored = current.filter(pl.col("key").is_not_null()).select(
        "key", "current_id", *(old for _, old in COMPARED)
    )
    # The stored figures laid beside the rows only while each row's action is decided:
    # the plan keeps the stored id and value alone (issue 16).
    compared = valid.select("line", *(new for new, _ in COMPARED)).hstack(
        _stored_beside(valid, stored).get_columns()
    )
    del stored
    same = pl.all_horizontal(_same(new, old) for new, old in COMPARED)
    compared = compared.with_columns(
        action=pl.when(pl.col("current_id").is_null())
        .then(pl.lit(RowAction.CREATED.value))
        .when(same)
        .then(pl.lit(RowAction.UNCHANGED.value))
        .otherwise(pl.lit(RowAction.UPDATED.value)),
    )
    downgrades = _downgrades(compared)
    decided = compared.select("current_id", "action", previous_value=pl.col("current_value"))
    del compared
    rows = valid.hstack(decided.get_columns())
    del decided, valid
    # Only what the outlier check reads of the stored figures from here on.
    current = current.select(HISTORY_COLUMNS)
    warnings = pl.concat(
        [empty_problems(), downgrades, _outliers(rows, current)], how="vertical_relaxed"
    ).cast(PROBLEM_SCHEMA)
    return Plan(rows=rows, versions=versions, warnings=warnings)


def _stored_beside(valid: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """The stored figure of each valid row's key (nulls where there is none), in row
    order, to lay beside the rows: a join of the whole frame would copy every one of its
    columns (issue 16). The store holds one current figure per key (its unique index)."""
    if not stored.height:
        # Nothing stored: columns of one null each, spread without being written out.
        nulls = [pl.lit(None, dtype=t).alias(c) for c, t in stored.schema.items() if c != "key"]
        return valid.select("key").with_columns(nulls).drop("key")
    matched = valid.select("key").join(
        stored, on="key", how="left", maintain_order="left", validate="m:1"
    )
    return matched.drop("key")


def _same(new: str, old: str) -> pl.Expr:
    """Equal, nulls included. Numbers that agree to 15 significant digits are the same
    figure: Excel keeps 15 and openpyxl writes 16, so a figure exported to XLSX and
    imported again may differ from the stored one in the last bit, and that must not
    count as a correction."""
    equal = pl.col(new).eq_missing(pl.col(old))
    if new.endswith("_number"):
        scale = pl.max_horizontal(pl.col(new).abs(), pl.col(old).abs())
        close = (pl.col(new) - pl.col(old)).abs() <= RELATIVE_TOLERANCE * scale
        return equal | close.fill_null(False)
    return equal


def plan_versions(valid: pl.DataFrame) -> dict[str, int]:
    """For each series (measure × period) the file touches, the highest id among its
    current figures in the store, all areas and groups (0 for a series with none)."""
    pairs = (
        valid.group_by("measure_id", "period_no")
        .agg(pl.col("period_label").first())
        .select("measure_id", "period_label")
    )
    stored = versions_current(
        pairs["measure_id"].unique().to_list(), pairs["period_label"].unique().to_list()
    )
    return {series_key(m, p): stored.get(series_key(m, p), 0) for m, p in pairs.iter_rows()}


def versions_of(valid: pl.DataFrame, current: pl.DataFrame) -> dict[str, int]:
    """The versions as seen in ``current`` (only right when it holds whole series)."""
    pairs = valid.select("measure_id", "period_label").unique()
    highest = current.group_by("measure_id", "period_label").agg(version=pl.col("current_id").max())
    versions = pairs.join(highest, on=["measure_id", "period_label"], how="left").with_columns(
        pl.col("version").fill_null(0)
    )
    return {
        series_key(m, p): int(v)
        for m, p, v in versions.select("measure_id", "period_label", "version").iter_rows()
    }


def _downgrades(rows: pl.DataFrame) -> pl.DataFrame:
    downgraded = rows.filter(
        (pl.col("action") == RowAction.UPDATED)
        & (pl.col("current_status") == ObservationStatus.FINAL)
        & (pl.col("status_text") == ObservationStatus.PROVISIONAL)
    )
    return downgraded.select(
        line=pl.col("line"),
        column=pl.lit("status"),
        message=pl.lit("This replaces a final figure with a provisional one."),
        suggestion=pl.lit(""),
        severity=pl.lit(WARNING),
    )


KIND_NUMBERS = {kind: i for i, kind in enumerate(PeriodKindChoice.values)}
LAGS = {KIND_NUMBERS[kind]: lag for kind, lag in SEASONAL_LAG.items()}


def _series(kind_no: pl.Expr) -> pl.Expr:
    """(measure, area, group, period kind) packed into one integer."""
    series = (pl.col("measure_ix") * (1 << 20) + pl.col("area_ix")) * (1 << 12)
    return (series + pl.col("group_ix")) * 16 + kind_no


def _series_of_key(kind_no: pl.Expr) -> pl.Expr:
    """``_series`` of a row that has the packed key: its measure, area and group are
    the key's low bits, packed the same way (``keys.KEY_BITS``)."""
    below_period = KEY_BITS["measure_ix"] + KEY_BITS["area_ix"] + KEY_BITS["group_ix"]
    return pl.col("key") % (1 << below_period) * 16 + kind_no


def _kind_no() -> pl.Expr:
    """The period kind's number, the last four bits of the series."""
    return pl.col("series") % 16


def _outliers(rows: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """New figures far beyond their series' usual movement (rule M3: judge by trends).

    A series is one measure, area and group in one kind of period. Its usual movement is
    the median absolute change from one period to the next (the same part of the
    previous year for quarters and halves); a figure that moves more than five times
    that, and more than 5% of the previous figure, is flagged, once the series has at
    least four changes to judge by.
    """
    series = _series_history(rows, current)
    scored = _changes(series)
    # Only the columns each step reads are copied out of the million scored rows.
    candidates = scored.filter(
        pl.col("line").is_not_null()
        & pl.col("changed")
        & (pl.col("change") > OUTLIER_MIN_RELATIVE * pl.col("previous_value").abs())
        & (pl.col("change") > 0)
    ).select("series", "position", "line", "change")
    if not candidates.height:
        return empty_problems()
    usual = (
        scored.lazy()
        .select("series", "change")
        .filter(pl.col("series").is_in(candidates["series"].unique().implode()))
        .group_by("series")
        .agg(usual=pl.col("change").median(), changes=pl.col("change").count())
        .collect()
    )
    del scored
    flagged = candidates.join(usual, on="series").filter(
        (pl.col("changes") >= OUTLIER_MIN_CHANGES)
        & (pl.col("change") > OUTLIER_FACTOR * pl.col("usual"))
    )
    if not flagged.height:
        return empty_problems()
    return _outlier_warnings(series, flagged)


def _series_history(rows: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """The new figures and the stored ones they do not replace, by series and period,
    each with its position in that order, and whether it changes a figure (``changed``).
    Only the columns the judgement reads are gathered and sorted, once (issue 16)."""
    kind_no = pl.col("period_kind").replace_strict(KIND_NUMBERS, default=15, return_dtype=pl.Int64)
    fresh = rows.lazy().select(
        "period_start",
        "period_label",
        "line",
        series=_series_of_key(kind_no),
        changed=pl.col("action") != RowAction.UNCHANGED.value,
        value=pl.col("value_number"),
    )
    history = (
        current.lazy()
        .join(rows.lazy().select("key"), on="key", how="anti")
        .filter(pl.col("measure_ix").is_not_null() & pl.col("area_ix").is_not_null())
        .select(
            "period_start",
            "period_label",
            line=pl.lit(None, dtype=pl.Int64),
            series=_series(kind_no),
            changed=pl.lit(False),
            value=pl.col("current_value"),
        )
    )
    return (
        pl.concat([history, fresh], how="vertical_relaxed")
        .sort("series", "period_start")
        .with_row_index("position")
        .collect()
    )


def _changes(series: pl.DataFrame) -> pl.DataFrame:
    """Each figure's change from the one before it in its series (the same part of the
    year before, for quarters and halves)."""
    lag = _kind_no().replace_strict(LAGS, default=1, return_dtype=pl.Int64)
    earlier = pl.coalesce(
        *(
            pl.when((lag == n) & (pl.col("series") == pl.col("series").shift(n))).then(
                pl.col("value").shift(n)
            )
            for n in (1, 2, 4)
        )
    )
    return series.select(
        "series", "position", "line", "changed", "value", previous_value=earlier
    ).with_columns(change=(pl.col("value") - pl.col("previous_value")).abs())


def _outlier_warnings(series: pl.DataFrame, flagged: pl.DataFrame) -> pl.DataFrame:
    """The flagged figures as warnings, naming the figure they move from."""
    positions = flagged["position"].to_list()
    detail = series[positions]
    lags = [LAGS.get(k, 1) for k in detail.select(_kind_no())["series"].to_list()]
    before = series[[p - n for p, n in zip(positions, lags, strict=True)]]
    flagged = flagged.with_columns(
        value=detail["value"],
        period_label=detail["period_label"],
        previous=before["value"],
        previous_label=before["period_label"],
    )
    return flagged.select(
        line=pl.col("line"),
        column=pl.lit("value"),
        message=pl.format(
            "Possible outlier: {} for {} moves {} from {} ({}), where this series usually "
            "moves about {}. Check the figure (rule M3).",
            pl.col("value"),
            pl.col("period_label"),
            pl.col("change").round(3),
            pl.col("previous"),
            pl.col("previous_label"),
            pl.col("usual").round(3),
        ),
        suggestion=pl.lit(""),
        severity=pl.lit(WARNING),
    )
