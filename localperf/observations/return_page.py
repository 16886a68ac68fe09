"""What the entry grid's page shows: each row with the figures as typed (after a refused
save) or as saved, its problems beside their fields, its warnings, and inputs sized to
the figures they hold; the periods to pick from. The view stays thin; the template only
lays this out."""

from __future__ import annotations

from dataclasses import dataclass, field

from localperf.agreements.models import Agreement
from localperf.calculations.figures import change_words, figure_text
from localperf.observations.return_periods import ReturnPeriod
from localperf.observations.return_save import (
    NUMBERS,
    FieldError,
    PageSave,
    field_id,
    jumped,
    row_typed,
)
from localperf.observations.returns import ReturnRow
from localperf.observations.rights import FigureRights, figure_rights_for

SAVED_KEY = "observations.return_saved"
# GOV.UK fixed-width inputs (characters) a figure may need, smallest first.
WIDTHS = (3, 4, 5, 10, 20)


@dataclass(frozen=True)
class FieldView:
    """One input of a row: its id (and name), what it holds, its problems."""

    id: str
    value: str
    errors: list[str]


@dataclass
class RowView:
    """One row of the grid as the page lays it out."""

    row: ReturnRow
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    jumped: bool = False

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def has_error(self) -> bool:
        return bool(self.errors)

    @property
    def jump_words(self) -> str:
        """How far the figure is from the previous one: "53% above"."""
        text = self.values.get("value", "")
        try:
            value = float(text) if text else None
        except ValueError:
            return ""
        return change_words(self.row.previous_value, value)

    @property
    def fields(self) -> dict[str, FieldView]:
        return {
            column: FieldView(
                field_id(column, self.key), self.values.get(column, ""), self.errors.get(column, [])
            )
            for column in (*NUMBERS, "status", "reason")
        }

    @property
    def width(self) -> int:
        """The narrowest GOV.UK width that fits the row's figures (typed, saved, target,
        previous) with room for a digit more."""
        row = self.row
        texts = [
            *(self.values.get(column, "") for column in NUMBERS),
            row.guide.profile_text if row.guide else "",
            row.guide.year_target_text if row.guide else "",
            figure_text(row.previous_value),
        ]
        longest = max((len(t) for t in texts if t), default=0) + 1
        return next((w for w in WIDTHS if w >= longest), WIDTHS[-1])


def row_views(rows: list[ReturnRow], save: PageSave | None) -> list[RowView]:
    views = []
    for row in rows:
        typed = save.typed.get(row.key) if save is not None else None
        values = (
            {k: v for k, v in typed.items() if k != "current"}
            if typed is not None
            else row_typed(row, {}) | {"reason": ""}
        )
        views.append(
            RowView(
                row,
                values,
                errors=save.errors_of(row.key) if save is not None else {},
                warnings=save.warnings.get(row.key, []) if save is not None else [],
                jumped=jumped(row, typed),
            )
        )
    return views


def _next_needing(periods: list[ReturnPeriod], shown: str) -> ReturnPeriod | None:
    """Another period whose figures are overdue or due, the earliest first."""
    return next((p for p in periods if p.label != shown and p.state in ("overdue", "due")), None)


def return_grid_page(
    agreement: Agreement,
    period: str,
    rows: list[ReturnRow],
    periods: list[ReturnPeriod],
    *,
    user,
    save: PageSave | None = None,
    saved: dict | None = None,
    rights: FigureRights | None = None,
) -> dict[str, object]:
    """The grid's template context (``rights``: the user's, when already read)."""
    rights = rights if rights is not None else figure_rights_for(user)
    chosen = next((p for p in periods if p.label == period), None)
    errors: list[FieldError] = save.errors if save is not None else []
    views = row_views(rows, save)
    return {
        "agreement": agreement,
        "period": period,
        "chosen": chosen,
        "periods": periods,
        "rows": views,
        "errors": errors,
        "saved": saved,
        "next_period": _next_needing(periods, period),
        "entered": sum(1 for r in rows if r.observation is not None),
        "jumps": [v for v in views if v.jumped],
        "limited": rights.measure_limited,
        "may_mark_final": any(r.may_mark_final for r in rows),
        "page_status": (save.page_status if save is not None else "") or "provisional",
        "shows": {
            column: any(r.offers(column) for r in rows)
            for column in ("numerator", "ci_lower", "status", "reason")
        },
    }
