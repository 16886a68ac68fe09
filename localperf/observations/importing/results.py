"""What an import tells its user: problems by line and column, counts, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from localperf.observations.importing.reference import Dimensions

ERROR = "error"
WARNING = "warning"

PROBLEM_SCHEMA = {
    "line": pl.Int64,
    "column": pl.String,
    "message": pl.String,
    "suggestion": pl.String,
    "severity": pl.String,
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) with one cell, row or the whole file."""

    line: int
    column: str
    message: str
    suggestion: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the file"
        if self.column:
            where += f", column {self.column}"
        hint = f" Did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"{where}: {self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return {"column": self.column, "message": self.message, "suggestion": self.suggestion}


def problems_frame(problems: list[Problem]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "line": [p.line for p in problems],
            "column": [p.column for p in problems],
            "message": [p.message for p in problems],
            "suggestion": [p.suggestion for p in problems],
            "severity": [p.severity for p in problems],
        },
        schema=PROBLEM_SCHEMA,
    )


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def problems_where(
    rows: pl.DataFrame,
    condition: pl.Expr,
    column: str,
    message: pl.Expr | str,
    *,
    dimensions: Dimensions | None = None,
    suggestion: pl.Expr | None = None,
    severity: str = ERROR,
) -> pl.DataFrame:
    """The rows meeting ``condition`` as problems; the words for the message (codes,
    units) are joined onto the failing rows only."""
    failing = rows.filter(condition)
    if not failing.height:
        return empty_problems()
    if dimensions is not None:
        failing = failing.join(dimensions.measure_info, on="measure_id", how="left").join(
            dimensions.area_info, on="area_id", how="left"
        )
    message = pl.lit(message) if isinstance(message, str) else message
    return failing.select(
        line=pl.col("line"),
        column=pl.lit(column),
        message=message,
        suggestion=suggestion if suggestion is not None else pl.lit(""),
        severity=pl.lit(severity),
    )


class FileError(Exception):
    """The file as a whole cannot be read (not its rows): nothing else is checked."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


class ImportConflict(Exception):
    """The figures changed since the check: the plan no longer holds."""

    def __init__(self, message: str, series: list[str]):
        self.series = series
        super().__init__(message)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    skipped: int = 0  # rows without any figure, left out (a template's blank rows)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected + self.skipped

    def __str__(self) -> str:
        text = (
            f"{self.created:,} created, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.rejected:,} rejected, "
            f"{self.warnings:,} warnings"
        )
        if self.skipped:
            text += f"; {self.skipped:,} skipped: no value"
        return text


@dataclass
class ImportResult:
    """The outcome of one import or submission, dry run or real."""

    batch_id: int | None
    status: str
    dry_run: bool
    counts: Counts = field(default_factory=Counts)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    message: str = ""

    @property
    def committed(self) -> bool:
        return self.status == "committed"

    @property
    def ok(self) -> bool:
        return not self.problems and self.status not in {"failed", "conflict"}
