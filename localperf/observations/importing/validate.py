"""Checking every row of an import at once: each distinct code looked up once, then
vectorised rules over the whole frame. Each problem names the line, the column and the
reason, and for a mistyped code the nearest valid one (``calculations.nearest``: for the
first few distinct unknown codes of each column, so a file of thousands costs no more).

Errors reject the row. Warnings (a period before the area existed, a deferred indicator
before its first year) do not; outliers are found later, by ``plan``, against the
series already stored.

A file may leave rows without figures (``skip_blank``): a template downloaded for an
agreement and period has a row for every figure its targets need, and a return is often
sent before every figure is known. A row with no figure at all (no value, numerator,
denominator, confidence limit or sample size) is then set aside as *skipped: no value*
and nothing else in it is checked, since it would change nothing. A row with some figures
but no value is still an error: a value was meant and is missing.

The check's rooms, in the order a row's problems are listed:

``cells``         the cells read into ids and typed values, the packed key (``keys``)
``cell_rules``    required cells, numbers, sample size, status and note
``hints``         codes that name nothing, with the nearest valid one
``domain_rules``  the domain's rules for a figure (D1, D2, D4, D5, D8)
``rights_check``  what the submitter may write, and rule D9's local measures
and here, the whole: ``observations_check`` and the duplicates across rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from localperf.observations.importing.cell_rules import numbers, required, status_and_note
from localperf.observations.importing.cells import (
    FIGURE_COLUMNS,
    attributes_beside,
    blank,
    periods_parsed,
    rows_resolved,
)
from localperf.observations.importing.domain_rules import domain_rules
from localperf.observations.importing.hints import unknown_codes
from localperf.observations.importing.keys import key_capacity_check, period_count_check
from localperf.observations.importing.layout import OPTIONAL_COLUMNS
from localperf.observations.importing.parse import ParsedFile
from localperf.observations.importing.reference import Dimensions
from localperf.observations.importing.results import (
    ERROR,
    PROBLEM_SCHEMA,
    empty_problems,
    problems_frame,
)
from localperf.observations.importing.rights_check import (
    local_supplier_problems,
    rights_problems,
)
from localperf.observations.rights import FigureRights

# The domain rules and rights run over this many rows at a time (``_row_rules``): their
# attributes, laid beside a million rows at once, would cost some 150 MB (issue 16).
SLICE_ROWS = 100_000
# Columns read by the checks alone, dropped from ``Checked.rows`` once they are done: the
# cells already read into typed columns, that is every optional cell but the group (``value``,
# as written, is kept for the summary page).
CHECKED_ONLY = (
    *(column for column in OPTIONAL_COLUMNS if column != "group"),
    "sample_size_number",
)


@dataclass
class Checked:
    """The rows with their ids and typed values, and every problem found."""

    rows: pl.DataFrame
    problems: pl.DataFrame
    periods: pl.DataFrame  # the file's distinct periods: period_no, label, kind, dates
    skipped: pl.DataFrame | None = None  # rows with no figure, as read (see skip_blank)

    @property
    def skipped_count(self) -> int:
        return self.skipped.height if self.skipped is not None else 0

    @property
    def rejected_lines(self) -> list[int]:
        errors = self.problems.filter(pl.col("severity") == ERROR)
        return errors["line"].unique().to_list()

    def valid(self) -> pl.DataFrame:
        rejected = self.rejected_lines
        if not rejected:
            return self.rows.filter(pl.col("key").is_not_null())
        return self.rows.filter(~pl.col("line").is_in(rejected) & pl.col("key").is_not_null())


def observations_check(
    parsed: ParsedFile,
    dimensions: Dimensions,
    *,
    rights: FigureRights | None = None,
    local_measure_ids: Iterable[int] | None = None,
    skip_blank: bool = False,
) -> Checked:
    """Every problem of every row.

    ``rights``: what the submitter may write (``observations.rights``); None for any
    figure. ``local_measure_ids``: None for any local indicator's measure, else the only ones the
    source organisation may supply (rule D9: its own, and those of targets it signed up
    to). ``skip_blank``: set rows without any figure aside (``Checked.skipped``) instead
    of rejecting them for their empty value."""
    raw, skipped = parsed.rows, None
    if skip_blank:
        no_figure = pl.all_horizontal(blank(column) for column in FIGURE_COLUMNS)
        skipped = raw.filter(no_figure)
        if skipped.height:
            raw = raw.filter(~no_figure)
    period_count_check(raw["period"])
    periods = periods_parsed(raw["period"])
    key_capacity_check(dimensions, periods.height)
    rows = rows_resolved(raw, dimensions, periods)
    del raw  # the text cells live on in ``rows`` (and, until the caller lets go, ``parsed``)
    local = None if local_measure_ids is None else sorted(set(local_measure_ids))
    found = [
        problems_frame(parsed.problems),
        *required(rows),
        *unknown_codes(rows, dimensions, periods),
        *numbers(rows),
        *status_and_note(rows),
        # Each slice's problems, in rule order: a line is in one slice, so sorting by line
        # below lists its problems in the same order as one pass over the whole would.
        *(
            problem
            for part in rows.iter_slices(SLICE_ROWS)
            for problem in _row_rules(part, dimensions, periods, rights, local)
        ),
        _duplicates(rows, dimensions),
    ]
    problems = pl.concat(
        [empty_problems(), *(f for f in found if f.height)], how="vertical_relaxed"
    )
    problems = problems.cast(PROBLEM_SCHEMA).sort("line", maintain_order=True)
    # The cells only the checks read go now: the later steps hold the rest for the whole
    # file, so each text column kept would cost them 16 bytes a row.
    rows = rows.drop(*CHECKED_ONLY)
    return Checked(rows=rows, problems=problems, periods=periods, skipped=skipped)


def _row_rules(
    rows: pl.DataFrame,
    dimensions: Dimensions,
    periods: pl.DataFrame,
    rights: FigureRights | None,
    local_measure_ids: list[int] | None,
) -> list[pl.DataFrame]:
    """The rules that need the measure's, area's, group's and period's attributes, each
    row judged alone: over one slice, with those attributes laid beside it."""
    rows = attributes_beside(rows, dimensions, periods)
    return [
        *domain_rules(rows, dimensions),
        *rights_problems(rows, rights, dimensions),
        *local_supplier_problems(rows, rights, local_measure_ids, dimensions),
    ]


def _duplicates(rows: pl.DataFrame, dimensions: Dimensions) -> pl.DataFrame:
    """Rows with the same natural key: every one is rejected, naming another's line."""
    keyed = rows.select("key", "line").filter(pl.col("key").is_not_null()).sort("key", "line")
    key = pl.col("key")
    repeated = keyed.filter((key == key.shift(1)) | (key == key.shift(-1)))
    if not repeated.height:
        return empty_problems()
    lines = repeated.group_by("key").agg(
        first=pl.col("line").min(), second=pl.col("line").sort().get(1)
    )
    # A filter, not a semi join: the join gathers the whole wide frame into one piece first.
    detail = rows.filter(pl.col("line").is_in(repeated["line"].implode())).join(
        lines, on="key", how="left"
    )
    detail = detail.join(dimensions.measure_info, on="measure_id", how="left").join(
        dimensions.area_info, on="area_id", how="left"
    )
    return detail.select(
        line=pl.col("line"),
        column=pl.lit(""),
        message=pl.format(
            "The same figure ({} for {}, {}, {}) is also on line {}; give each figure once.",
            pl.col("code"),
            pl.col("area_code"),
            pl.col("period_label"),
            pl.when(pl.col("group_id") == dimensions.whole_population_id)
            .then(pl.lit("whole population"))
            .otherwise(pl.col("group")),
            pl.when(pl.col("line") == pl.col("first"))
            .then(pl.col("second"))
            .otherwise(pl.col("first")),
        ),
        suggestion=pl.lit(""),
        severity=pl.lit(ERROR),
    )
