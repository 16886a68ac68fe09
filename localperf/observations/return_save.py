"""Saving a page of the entry grid: every figure typed, all or none, through the
importer's pipeline (``importing.services.observations_enter``), so that the grid, a file
and the API check and store figures the same way (rule M6).

A row left as it was is left alone; a new figure is created; a changed one corrects the
saved figure (a new row supersedes it, with the row's own reason). One bad row saves
nothing: the page comes back with every value as typed, each problem beside its own
field and listed in the error summary. A figure the page showed that someone has
changed since is a problem on that row, never overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from localperf.calculations.figures import figure_text, jumps
from localperf.observations.importing.results import ImportResult, Problem
from localperf.observations.importing.services import observations_enter
from localperf.observations.returns import ENTERED, ReturnRow

NUMBERS = ("value", "numerator", "denominator", "ci_lower", "ci_upper")
FIELD_WORDS = {
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "ci_lower": "lower confidence limit",
    "ci_upper": "upper confidence limit",
    "status": "status",
    "reason": "reason",
}
CHANGED_MEANWHILE = (
    "Someone else changed this figure after you opened the page (it is now {now}): check "
    "it and enter yours again."
)
NOT_REMOVABLE = "Enter the value: a saved figure can be corrected here but not removed."
# The page's one choice of status for the figures it enters or changes.
PAGE_STATUS = "status"


def field_id(column: str, key: str) -> str:
    """The id (and name) of a row's field on the page: ``value-12-3-1``."""
    return f"{column}-{key}"


@dataclass(frozen=True)
class FieldError:
    """A problem on one field of one row, as the error summary lists it."""

    row: ReturnRow
    column: str
    message: str

    @property
    def field_id(self) -> str:
        return field_id(self.column, self.row.key)

    @property
    def summary(self) -> str:
        """The message naming its row, for the error summary."""
        group = f", {self.row.group.label}" if self.row.group.dimension != "all" else ""
        return f"{self.row.measure.code}, {self.row.area.name}{group}: {self.message}"


@dataclass
class PageSave:
    """What saving a page did: the figures typed (to show again), the problems by row
    and field, the warnings by row, and the pipeline's result."""

    typed: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    result: ImportResult | None = None
    corrected: int = 0
    page_status: str = ""

    @property
    def saved(self) -> bool:
        """Everything typed is stored (or there was nothing to store)."""
        return not self.errors and (self.result is None or self.result.committed)

    @property
    def changed(self) -> int:
        """How many figures the page created or corrected."""
        if self.result is None:
            return 0
        return self.result.counts.created + self.result.counts.updated

    def summary(self, period: str) -> dict[str, object]:
        """What the success banner says after the redirect (kept in the session)."""
        counts = self.result.counts if self.result is not None else None
        return {
            "period": period,
            "changed": self.changed,
            "created": counts.created if counts else 0,
            "updated": counts.updated if counts else 0,
        }

    def errors_of(self, key: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for error in self.errors:
            if error.row.key == key:
                found.setdefault(error.column, []).append(error.message)
        return found


def row_typed(row: ReturnRow, data: Mapping[str, str]) -> dict[str, str]:
    """What the page posted for a row: each field as typed (trimmed); a field the page did
    not offer keeps the saved figure's value. The status is the saved one (a new
    figure's: provisional) until the row changes (``_status``)."""
    typed = {}
    for column in (*ENTERED, "reason", "current"):
        posted = data.get(field_id(column, row.key))
        if column == "status":
            typed[column] = row.status
        elif posted is not None:
            typed[column] = posted.strip()
        elif column in NUMBERS:
            typed[column] = row.shown(column)
        else:
            typed[column] = ""
    return typed


def return_page_save(*, rows: list[ReturnRow], data: Mapping[str, str], user) -> PageSave:
    """Save what the page posted for ``rows`` (only these: a partner's page holds only
    the figures it may write), all or nothing."""
    save = PageSave(page_status=(data.get(PAGE_STATUS) or "").strip())
    records: list[dict[str, object]] = []
    reasons: dict[int, str] = {}
    lines: dict[int, ReturnRow] = {}
    for row in rows:
        typed = save.typed[row.key] = row_typed(row, data)
        if data.get(field_id("current", row.key)) is None:
            continue  # not on the page that was posted
        if typed["current"] == "" and all(typed[k] == "" for k in NUMBERS):
            continue  # nothing typed in a row that was empty when the page was opened
        problem = _row_problem(row, typed)
        if problem is not None:
            save.errors.append(FieldError(row, "value", problem))
            continue
        if _untouched(row, typed):
            continue
        typed["status"] = _status(row, data)
        line = len(records) + 1
        lines[line] = row
        reasons[line] = typed["reason"]
        records.append(row.record() | {k: typed[k] for k in ENTERED})
        if row.observation is not None:
            save.corrected += 1
    if records:
        # With problems already found, only check the rest (a dry run), to show them all.
        save.result = observations_enter(
            rows=records, reasons=reasons, user=user, dry_run=bool(save.errors)
        )
        _place(save, save.result, lines)
    save.errors.sort(key=lambda e: (rows.index(e.row), _order(e.column)))
    return save


def _row_problem(row: ReturnRow, typed: dict[str, str]) -> str | None:
    """What is wrong with a row before the pipeline sees it: the figure the page showed
    has changed since, or a saved figure was blanked."""
    shown = typed["current"]
    now = row.observation
    if (str(now.pk) if now is not None else "") != shown:
        return CHANGED_MEANWHILE.format(now=figure_text(now.value) if now else "removed")
    if now is not None and typed["value"] == "" and not _untouched(row, typed):
        return NOT_REMOVABLE
    return None


def _untouched(row: ReturnRow, typed: dict[str, str]) -> bool:
    """Nothing to save: a new row left empty, or a saved figure shown again unchanged."""
    if row.observation is None:
        return all(typed[k] == "" for k in NUMBERS)
    stored = row.record()
    return all(_same(stored[k], typed[k]) for k in NUMBERS)


def _status(row: ReturnRow, data: Mapping[str, str]) -> str:
    """A new or changed figure's status: final when the page says so and the user may
    mark it final (rights); else a correction keeps the saved figure's status (a final
    figure is not taken off the public pages by a correction) and a new figure is
    provisional, to be released by the area."""
    chosen = (data.get(PAGE_STATUS) or "").strip()
    if row.may_mark_final and chosen == "final":
        return "final"
    if row.observation is not None and row.may_mark_final:
        return row.observation.status
    return "provisional"


def _same(stored: object, typed: str) -> bool:
    if stored in (None, "") or typed == "":
        return stored in (None, "") and typed == ""
    try:
        return float(stored) == float(typed)
    except (TypeError, ValueError):
        return str(stored) == typed


def _place(save: PageSave, result: ImportResult, lines: dict[int, ReturnRow]) -> None:
    """The pipeline's problems and warnings on the rows and fields they are about."""
    for problem in result.problems:
        row = lines.get(problem.line)
        if row is None:  # the whole page (a conflict): the first row shows it
            row = next(iter(lines.values()))
        save.errors.append(FieldError(row, _column(problem, row), _words(problem)))
    if not (result.problems or result.committed or result.dry_run):  # a conflict
        save.errors.append(FieldError(next(iter(lines.values())), "value", result.message))
    for warning in result.warnings:
        row = lines.get(warning.line)
        if row is not None:
            save.warnings.setdefault(row.key, []).append(warning.message)


def _column(problem: Problem, row: ReturnRow) -> str:
    """The field a problem is shown on: its own, when the page offers it."""
    return problem.column if row.offers(problem.column) else "value"


def _words(problem: Problem) -> str:
    hint = f" Did you mean {problem.suggestion}?" if problem.suggestion else ""
    return f"{problem.message}{hint}"


def _order(column: str) -> int:
    order = list(FIELD_WORDS)
    return order.index(column) if column in order else 0


def jumped(row: ReturnRow, typed: dict[str, str] | None) -> bool:
    """Whether the row's figure (as typed, else as saved) jumps from the previous
    comparable figure (``calculations.figures.jumps``): a warning, never a refusal."""
    text = typed.get("value", "") if typed else row.shown("value")
    try:
        value = float(text) if text else None
    except ValueError:
        return False
    return jumps(row.previous_value, value)
