"""Data returns for one agreement and period: the figures its targets need (the entry
grid and its template file), each with what the person entering it needs beside it.

The agreement's periods with their state are in ``return_periods``; saving a page of the
grid in ``return_save``, through the importer's pipeline (``importing.services``), so the
grid, a file and the API check and store figures the same way (rule M6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from localperf.agreements import selectors as agreement_selectors
from localperf.agreements.models import Agreement, Target
from localperf.calculations.figures import figure_rounded, figure_text, precision_of
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import (
    Period,
    PeriodError,
    financial_year_of,
    period_parse,
    previous_comparable,
)
from localperf.calculations.profile import Trajectory, profile_for
from localperf.calculations.schedule import reported_at, reporting_frequency
from localperf.indicators.models import IndicatorKind, Measure
from localperf.observations.importing.export import EXPORT_SCHEMA, frame_export
from localperf.observations.importing.layout import COLUMNS
from localperf.observations.importing.services import observation_record
from localperf.observations.models import IndicatorRules, Observation
from localperf.observations.rights import FigureRights, figure_rights_for
from localperf.places.models import Area, PopulationGroup

# What a row of the grid can enter, in the order of its fields on the page.
ENTERED = ("value", "numerator", "denominator", "ci_lower", "ci_upper", "status")


@dataclass
class ReturnRow:
    """One figure an agreement needs for a period: its key, its current value if any, and
    what the person entering it needs beside it (the target and profile for the period,
    the unit, the previous comparable figure)."""

    measure: Measure
    area: Area
    group: PopulationGroup
    period: str
    targets: list[Target] = field(default_factory=list)
    observation: Observation | None = None
    why: str = ""  # whole area, a smaller area (A6), a group (A6), a sub-region (A7)
    frequency: str = "annual"
    guide: Guide | None = None  # the target judged on this very figure, if one is
    previous: Observation | None = None
    previous_label: str = ""
    may_mark_final: bool = False

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

    @property
    def unit(self) -> str:
        return self.measure.effective_unit

    @property
    def places(self) -> int:
        """The precision the agreement states this measure's figures to."""
        return self.guide.places if self.guide else 0

    @property
    def wants_counts(self) -> bool:
        """Numerator and denominator: for a target set for smaller areas (combined as a
        rate, rule A6), or where the figures already carry them."""
        return any(t.scope_areas.all() for t in self.targets) or any(
            o is not None and o.numerator is not None for o in self._figures
        )

    @property
    def wants_interval(self) -> bool:
        """Confidence limits: for a survey indicator's figures (rule D7)."""
        return self.measure.indicator.has_confidence_intervals or any(
            o is not None and o.ci_lower is not None for o in self._figures
        )

    def offers(self, column: str) -> bool:
        """Whether the row's form has a field for ``column``: the value always; the
        counts and limits where they apply; the status for whoever may mark the figure
        final (anyone else's is provisional); a reason where a saved figure may change.
        The status is chosen once for the page (``return_save.PAGE_STATUS``), not per row."""
        return {
            "value": True,
            "numerator": self.wants_counts,
            "denominator": self.wants_counts,
            "ci_lower": self.wants_interval,
            "ci_upper": self.wants_interval,
            "status": False,
            "reason": self.observation is not None,
        }.get(column, False)

    @property
    def _figures(self) -> tuple[Observation | None, Observation | None]:
        return (self.observation, self.previous)

    def shown(self, column: str) -> str:
        """The current figure's ``column`` as it was entered ("1480", not "1480.0")."""
        if self.observation is None:
            return ""
        return figure_text(getattr(self.observation, column))

    @property
    def shown_previous(self) -> str:
        return figure_text(self.previous.value) if self.previous is not None else ""

    @property
    def previous_value(self) -> float | None:
        return self.previous.value if self.previous is not None else None

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


@dataclass(frozen=True)
class Guide:
    """What a target expects of the figure for one period: the year's target and the
    profile for the period (rule M1), to the precision the agreement sets them."""

    target: Target
    year: str
    year_target: Decimal | None
    profile: float | None
    places: int

    @property
    def profile_text(self) -> str:
        return figure_rounded(self.profile, self.places)

    @property
    def year_target_text(self) -> str:
        return figure_text(self.year_target)


def period_label(text: str) -> str | None:
    """The canonical label of a period, or None if it is not one."""
    try:
        return period_parse(text).label
    except PeriodError:
        return None


def _measures(target: Target, by_indicator: dict[int, list[Measure]]) -> list[Measure]:
    if target.measure_id:
        # The target's measure is of the target's indicator: share the loaded row rather
        # than read it again for every code shown.
        target.measure.indicator = target.indicator
        return [target.measure]
    return by_indicator.get(target.indicator_id, [])


def _indicator_measures(targets: list[Target]) -> dict[int, list[Measure]]:
    """The whole measure of each indicator targeted as a whole, in one query: a target is
    on one measure (rule D4), so a target on NI 195 asks for "NI 195", not NI 195a–d."""
    wanted = {t.indicator_id for t in targets if not t.measure_id}
    found: dict[int, list[Measure]] = {}
    whole = Measure.objects.filter(indicator_id__in=wanted, part="")
    for measure in whole.select_related("indicator"):
        found.setdefault(measure.indicator_id, []).append(measure)
    return found


def _member_areas(targets: list[Target]) -> dict[int, list[Area]]:
    """The member areas of the Multi Area Agreements whose own targets are among
    ``targets``, by agreement id, in name order: one query, none without such a target."""
    wanted = {t.agreement.area_id: t.agreement_id for t in targets if t.agreement.is_multi_area}
    if not wanted:
        return {}
    found: dict[int, list[Area]] = {pk: [] for pk in wanted.values()}
    links = Area.members.through.objects.filter(from_area_id__in=wanted).select_related("to_area")
    for link in links.order_by("to_area__name"):
        found[wanted[link.from_area_id]].append(link.to_area)
    return found


def _keys(target: Target, whole: PopulationGroup, members: dict[int, list[Area]]):
    """(area, group, why) for each figure the target needs (rules A6, A7), as its own
    agreement asks. A Multi Area Agreement's figures are its members' areas', each from
    its own council (rule X2): the MAA's are combined from them (``members``:
    ``_member_areas``)."""
    agreement = target.agreement
    if agreement.is_multi_area:
        for area in members.get(agreement.pk, ()):
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


def _judged_key(target: Target, whole: PopulationGroup):
    """The (area, group) whose figure the target is judged on, or None when it is judged
    on several combined (smaller areas or groups, rule A6). The target's own agreement
    decides: a carried target is judged on its LAA's figure (rule X2)."""
    agreement = target.agreement
    if target.sub_regional_area_id:
        return target.sub_regional_area_id, whole.pk
    areas, groups = list(target.scope_areas.all()), list(target.scope_groups.all())
    if not areas and not groups:
        return agreement.area_id, whole.pk
    if len(areas) == 1 and not groups:
        return areas[0].pk, whole.pk
    if len(groups) == 1 and not areas:
        return agreement.area_id, groups[0].pk
    return None


def target_frequencies(targets: list[Target]) -> dict[int, str]:
    """Each target's reporting frequency: its indicator's, made finer by the indicator's
    data rules (``IndicatorRules``, rule D5), as the monitoring engine schedules it."""
    indicator_ids = {t.indicator_id for t in targets}
    kinds = dict(
        IndicatorRules.objects.filter(indicator_id__in=indicator_ids).values_list(
            "indicator_id", "period_kinds"
        )
    )
    return {
        t.pk: reporting_frequency(t.indicator.reporting_frequency, kinds.get(t.indicator_id) or ())
        for t in targets
    }


@dataclass(frozen=True)
class RowKey:
    """A figure one of the agreement's targets needs, in any period."""

    target: Target
    frequency: str
    measure: Measure
    area: Area
    group: PopulationGroup
    why: str

    @property
    def ids(self) -> tuple[int, int, int]:
        return (self.measure.pk, self.area.pk, self.group.pk)

    def reports_at(self, period: Period) -> bool:
        """Whether this figure is owed for ``period``: a period of its frequency's kind
        (rule D5), not before its indicator is first reported (a deferred indicator's
        2009/10, rule D2)."""
        if not reported_at(self.frequency, period):
            return False
        if not self.measure.indicator.is_deferred:
            return True  # figures from before 2008/09 (baselines) are welcome
        try:
            first = period_parse(self.measure.indicator.first_year).start
        except PeriodError:
            return True
        return period.end >= first


def return_keys(
    agreement: Agreement, *, user=None, keys_only: bool = False, rights: FigureRights | None = None
) -> list[RowKey]:
    """Every figure the agreement's targets need, target by target in the order of the
    agreement's page. For a user, only the figures it may write
    (``rights.figure_rights_for``): a partner officer's, those of the targets its
    organisation signed up to. ``keys_only``: the targets without their versions and
    partners (counting figures needs neither; the grid's rows do). ``rights``: the
    user's ``figure_rights_for``, when already read (a page asks several times)."""
    rights = rights if rights is not None else figure_rights_for(user)
    targets = agreement_selectors.reported_targets(
        agreement, organisation_id=_signed_up(user, rights), keys_only=keys_only
    )
    return _row_keys({agreement.pk: targets}, rights)[agreement.pk]


def return_keys_for(agreements: Iterable[Agreement], *, user=None) -> dict[int, list[RowKey]]:
    """``return_keys`` (keys only) of several agreements, by agreement id, in a constant
    number of queries whatever their number (the work list's and the region view's
    figures due, ``figures_due.figures_due_for``)."""
    rights = figure_rights_for(user)
    held = agreement_selectors.reported_targets_for(
        agreements, organisation_id=_signed_up(user, rights)
    )
    return _row_keys(held, rights)


def _signed_up(user, rights: FigureRights) -> int | None:
    """The organisation whose targets alone the user writes figures for (a partner's)."""
    return getattr(user, "organisation_id", None) if rights.measure_limited else None


def _row_keys(held: dict[int, list[Target]], rights: FigureRights) -> dict[int, list[RowKey]]:
    """The figures each agreement's targets need, that ``rights`` may write. Three queries
    for any number of agreements, a fourth when a Multi Area Agreement's own targets are
    among them (its members' areas)."""
    targets = list({t.pk: t for found in held.values() for t in found}.values())
    frequencies = target_frequencies(targets)
    measures = _indicator_measures(targets)
    whole = PopulationGroup.objects.whole_population()
    members = _member_areas(targets)
    keys: dict[int, list[RowKey]] = {}
    for agreement_id, found in held.items():
        mine = keys[agreement_id] = []
        for target in found:
            national = target.indicator.kind == IndicatorKind.NATIONAL
            for measure in _measures(target, measures):
                # A carried target's figures are its own LAA's (rule X2): the same rows.
                for area, group, why in _keys(target, whole, members):
                    if rights.allows(area.pk, measure.pk, national=national):
                        mine.append(
                            RowKey(target, frequencies[target.pk], measure, area, group, why)
                        )
    return keys


def return_rows(
    agreement: Agreement,
    period: str,
    *,
    user=None,
    keys: list[RowKey] | None = None,
    rights: FigureRights | None = None,
) -> list[ReturnRow]:
    """The figures the agreement's targets need for ``period`` (a canonical label): only
    the measures reported at periods of its kind (a quarter lists the quarterly ones, a
    year the annual ones, rule D5), each with its current figure, the previous comparable
    one, and the target's expectation for the period. ``keys``: ``return_keys`` for the
    same agreement and user, when already read; ``rights``, the user's rights likewise."""
    reading = period_parse(period)
    rights = rights if rights is not None else figure_rights_for(user)
    whole = PopulationGroup.objects.whole_population()
    rows: dict[tuple[int, int, int], ReturnRow] = {}
    for key in keys if keys is not None else return_keys(agreement, user=user, rights=rights):
        if not key.reports_at(reading):
            continue
        if key.ids not in rows:
            rows[key.ids] = ReturnRow(
                key.measure, key.area, key.group, period, why=key.why, frequency=key.frequency,
                may_mark_final=rights.allows_final(key.area.pk, key.measure.pk),
            )  # fmt: skip
        row = rows[key.ids]
        row.targets.append(key.target)
        if row.guide is None and _judged_key(key.target, whole) == key.ids[1:]:
            row.guide = _guide(key.target, reading, key.measure)
    _attach_figures(rows, reading)
    return list(rows.values())


def _guide(target: Target, period: Period, measure: Measure) -> Guide | None:
    """The target's expectation for ``period``: the version in force at the period's end
    (else the first), its target for the financial year the period ends in, and the
    profile (``calculations.profile``)."""
    versions = sorted(target.versions.all(), key=lambda v: v.number)
    version = agreement_selectors.version_in_force(target, period.end) or (
        versions[0] if versions else None
    )
    if version is None:
        return None
    years = version.trajectory()
    year = financial_year_of(period.end).label
    try:
        trajectory = Trajectory.of(
            baseline=None if version.baseline_value is None else float(version.baseline_value),
            baseline_period=version.baseline_period or None,
            targets={y: None if v is None else float(v) for y, v in years.items()},
        )
        profile = profile_for(trajectory, period, Accumulation(measure.accumulation or "snapshot"))
    except (PeriodError, ValueError):
        profile = None
    places = precision_of([version.baseline_value, *years.values()])
    return Guide(target, year, years.get(year), profile, places)


def _attach_figures(rows: dict[tuple[int, int, int], ReturnRow], period: Period) -> None:
    """Each row's current figure for the period and for its previous comparable period
    (the same point of the year before for a running total, rule M3), in one query."""
    if not rows:
        return
    earlier: dict[tuple[int, int, int], str] = {}
    for ids, row in rows.items():
        accumulation = Accumulation(row.measure.accumulation or "snapshot")
        try:
            earlier[ids] = previous_comparable(period, accumulation).label
        except PeriodError:
            continue
        row.previous_label = earlier[ids]
    labels = {period.label, *earlier.values()}
    current = Observation.objects.current().filter(
        period__label__in=labels,
        measure_id__in={k[0] for k in rows},
        area_id__in={k[1] for k in rows},
    )
    for observation in current.select_related(
        "measure__indicator", "area", "period", "population_group"
    ):
        ids = (observation.measure_id, observation.area_id, observation.population_group_id)
        row = rows.get(ids)
        if row is None:
            continue
        if observation.period.label == period.label:
            row.observation = observation
        elif observation.period.label == earlier.get(ids):
            row.previous = observation


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
