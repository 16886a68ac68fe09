"""Data returns for one agreement and period: the figures its targets need (the entry
grid and its template file), and saving one figure from the grid.

Every figure goes through the importer's pipeline (``importing.services``): a new one
is submitted, an existing one corrected (a new row supersedes it, with the reason), so
the grid, a file and the API check and store figures the same way (rule M6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import Agreement, Target
from localperf.calculations.periods import PeriodError, period_parse
from localperf.indicators.models import IndicatorKind, Measure
from localperf.observations.importing.export import EXPORT_SCHEMA, frame_export
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.results import ImportResult, Problem
from localperf.observations.importing.services import (
    observation_correct,
    observation_record,
    observation_submit,
)
from localperf.observations.models import Observation, ReportingPeriod
from localperf.observations.rights import figure_rights_for
from localperf.places.models import Area, PopulationGroup

NOTHING_CHANGED = "Nothing changed."
ENTERED = ("value", "numerator", "denominator", "ci_lower", "ci_upper", "status")


@dataclass
class ReturnRow:
    """One figure an agreement needs for a period: a key and its current value, if any."""

    measure: Measure
    area: Area
    group: PopulationGroup
    period: str
    targets: list[Target] = field(default_factory=list)
    observation: Observation | None = None
    why: str = ""  # whole area, a smaller area (A6), a group (A6), a sub-region (A7)

    @property
    def key(self) -> str:
        """A stable id for the row on the page."""
        return f"{self.measure.pk}-{self.area.pk}-{self.group.pk}"

    @property
    def status(self) -> str:
        """A new figure is provisional until released (or marked final by someone who
        may publish it)."""
        return self.observation.status if self.observation is not None else "provisional"

    @property
    def group_code(self) -> str:
        return "" if self.group.dimension == "all" else f"{self.group.dimension}:{self.group.code}"

    def record(self) -> dict[str, object]:
        """The row in the import layout: its keys and its current figure."""
        if self.observation is not None:
            return observation_record(self.observation)
        blank = dict.fromkeys(COLUMNS[4:], None)
        return {
            "measure": self.measure.code,
            "area": self.area.code,
            "period": self.period,
            "group": self.group_code,
            **blank,
        }


def period_label(text: str) -> str | None:
    """The canonical label of a period, or None if it is not one."""
    try:
        return period_parse(text).label
    except PeriodError:
        return None


def _measures(target: Target) -> list[Measure]:
    if target.measure_id:
        return [target.measure]
    return list(target.indicator.measures.all())


def _keys(agreement: Agreement, target: Target, whole: PopulationGroup):
    """(area, group, why) for each figure the target needs (rules A6, A7). A Multi Area
    Agreement's figures are its members' areas', each from its own council (rule X2):
    the MAA's are combined from them."""
    if agreement.is_multi_area:
        for area in agreement.area.members.order_by("name"):
            yield area, whole, "member area (X2)"
        return
    if target.sub_regional_area_id:
        yield target.sub_regional_area, whole, "sub-region (A7)"
        return
    yield agreement.area, whole, "whole area"
    for area in target.scope_areas.all():
        yield area, whole, "smaller area (A6)"
    for group in target.scope_groups.all():
        yield agreement.area, group, "group (A6)"


def return_rows(agreement: Agreement, period: str, *, user=None) -> list[ReturnRow]:
    """Every figure the agreement's targets need for ``period`` (a canonical label), with
    the current observation where there is one. For a user, only the figures it may write
    (``rights.figure_rights_for``): a partner officer's, those of the targets its
    organisation signed up to."""
    rights = figure_rights_for(user)
    organisation_id = getattr(user, "organisation_id", None) if rights.measure_limited else None
    targets = agreement_selectors.reported_targets(agreement, organisation_id=organisation_id)
    whole = PopulationGroup.objects.whole_population()
    rows: dict[tuple[int, int, int], ReturnRow] = {}
    for target in targets:
        national = target.indicator.kind == IndicatorKind.NATIONAL
        for measure in _measures(target):
            for area, group, why in _keys(agreement, target, whole):
                if not rights.allows(area.pk, measure.pk, national=national):
                    continue
                key = (measure.pk, area.pk, group.pk)
                if key not in rows:
                    rows[key] = ReturnRow(measure, area, group, period, why=why)
                rows[key].targets.append(target)
    _attach_current(rows, period)
    return list(rows.values())


def _attach_current(rows: dict[tuple[int, int, int], ReturnRow], period: str) -> None:
    period_row = ReportingPeriod.objects.filter(label=period).first()
    if period_row is None or not rows:
        return
    current = Observation.objects.current().filter(
        period=period_row,
        measure_id__in={k[0] for k in rows},
        area_id__in={k[1] for k in rows},
    )
    for observation in current.select_related(
        "measure__indicator", "area", "period", "population_group"
    ):
        key = (observation.measure_id, observation.area_id, observation.population_group_id)
        if key in rows:
            rows[key].observation = observation


def return_template(rows: list[ReturnRow], file_format: str) -> bytes:
    """The rows as a file in the import layout, keys and current values filled in: sent
    back unchanged, every figure is "unchanged"."""
    records = []
    for row in rows:
        record = row.record()
        record["area_name"] = row.area.name
        record["measure_title"] = row.measure.title
        records.append(record)
    frame = pl.DataFrame(records, schema=EXPORT_SCHEMA)
    return frame_export(frame, file_format)


@dataclass
class RowSave:
    """What saving one row did: the import result, or why nothing was done."""

    result: ImportResult | None
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    entered: dict[str, object] = field(default_factory=dict)
    reason: str = ""

    @property
    def saved(self) -> bool:
        return self.result is not None and self.result.committed

    @property
    def unchanged(self) -> bool:
        return self.result is None and self.message == NOTHING_CHANGED

    @property
    def failed(self) -> bool:
        return not self.saved and not self.unchanged


def return_row_save(
    *, row: ReturnRow, entered: dict[str, object], reason: str, user, current_id: int | None
) -> RowSave:
    save = _row_save(row=row, entered=entered, reason=reason, user=user, current_id=current_id)
    if not save.saved:  # shown again as typed
        save.entered, save.reason = dict(entered), reason
    return save


def return_row_posted(*, row: ReturnRow, data: Mapping[str, str], user) -> RowSave:
    """Save one row of the grid as its form posted it: the entered figures and the reason
    (trimmed), and the id of the figure it was showing (``current``), if any."""
    current = data.get("current", "").strip()
    return return_row_save(
        row=row,
        entered={k: data.get(k, "").strip() for k in ENTERED},
        reason=data.get("reason", ""),
        user=user,
        current_id=int(current) if current.isdigit() else None,
    )


def _row_save(
    *, row: ReturnRow, entered: dict[str, object], reason: str, user, current_id: int | None
) -> RowSave:
    """Save one figure of the grid: a new one is submitted; a changed one is corrected
    (superseding the current figure, with ``reason``); an unchanged one is left alone.
    ``current_id`` is the figure the user saw: if it has changed since, a conflict."""
    values = {k: ("" if entered.get(k) in (None, "") else entered[k]) for k in ENTERED}
    observation = row.observation
    if (observation.pk if observation else None) != current_id:
        return RowSave(
            None,
            message="This figure was changed by someone else: reload the page and try again.",
        )
    if observation is None:
        if values["value"] == "":
            return RowSave(None, [Problem(1, "value", "Enter the value.")], "Enter the value.")
        record = row.record() | values
        result = observation_submit(rows=[record], user=user)
        return RowSave(result, result.problems, result.message)
    before = observation_record(observation)
    if all(_same(before[k], values[k]) for k in ENTERED):
        return RowSave(None, message=NOTHING_CHANGED)
    result = observation_correct(
        observation=observation,
        user=user,
        reason=reason,
        **values,
    )
    return RowSave(result, result.problems, result.message)


def _same(stored: object, entered: object) -> bool:
    if stored in (None, "") or entered in (None, ""):
        return stored in (None, "") and entered in (None, "")
    try:
        return float(stored) == float(entered)
    except (TypeError, ValueError):
        return str(stored) == str(entered)
