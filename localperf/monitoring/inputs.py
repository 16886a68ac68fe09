"""Reading what the engine judges, for a recompute: the targets with their agreement,
indicator and measure, their smaller areas and groups, versions and trajectories, the
periods scheduled, the definition breaks, and (``monitoring.figures``) the figures.

One query per table, each read into a frame through ``localperf.frames``; nothing is
read through the ORM's model instances but the periods (a few hundred rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from localperf.agreements.models import (
    Agreement,
    AgreementKind,
    Target,
    TargetSetting,
    TargetStatus,
    TargetVersion,
    TrajectoryValue,
)
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import (
    Period,
    laa_year_of,
    same_period_last_year,
    year_fraction_elapsed,
)
from localperf.calculations.rates import rate_scale
from localperf.calculations.schedule import due_date, scheduled_periods
from localperf.frames import frame_read, ints, meanwhile
from localperf.indicators.models import DefinitionVersion, Indicator, Measure
from localperf.monitoring import engine
from localperf.monitoring.figures import cells_of, comparison_reach, observations_read
from localperf.monitoring.periods import agreement_years, comparable_before, period_end
from localperf.observations.models import IndicatorRules, ReportingPeriod
from localperf.places.models import Area, PopulationGroup


@dataclass(frozen=True)
class Inputs:
    """What the engine judges: the prepared targets, rows, periods and versions, the
    figures of each target's cells, and the breaks in comparison."""

    prepared: engine.Prepared
    cells: pl.DataFrame
    breaks: pl.DataFrame

    @property
    def target_ids(self) -> list[int]:
        return self.prepared.targets["target_id"].to_list()


def inputs_read(ids: list[int] | None) -> Inputs:
    """The engine's inputs for the active targets (of ``ids``, if given), one query per
    table.

    The observations are read on this connection (a scan of the table, the longest
    step) while a second one reads everything else and prepares the frames that need
    no figures (``engine.assessments_prepare``)."""
    in_scope = f"t.status = '{TargetStatus.ACTIVE}'"
    if ids is not None:
        in_scope += f" AND t.id IN ({ints(ids)})"
    whole_group = _whole_population_id()
    # The figures older than any row's previous comparable period are read only if a
    # projection needs them (a baseline earlier still): rarely.
    reach = comparison_reach(in_scope)
    prepared = meanwhile(lambda: _prepare(in_scope, whole_group, everything=ids is None))
    figures = observations_read(in_scope, whole_group, ending_from=reach)
    ready, cells_wanted, breaks = prepared()
    used_from = engine.figures_used_from(ready)
    if reach is not None and (used_from is None or used_from < reach):
        older = observations_read(in_scope, whole_group, ending_from=used_from, ending_before=reach)
        figures = pl.concat([older, figures])
    return Inputs(prepared=ready, cells=cells_of(cells_wanted, figures), breaks=breaks)


TARGET_COLUMNS = {
    "target_id": pl.Int64,
    "term": pl.String,
    "area_id": pl.Int64,
    "indicator_id": pl.Int64,
    "measure_id": pl.Int64,
    "sub_regional_area_id": pl.Int64,
    "whole_scope": pl.Int64,  # 1 when the scope is the whole area and population
}
INDICATOR_COLUMNS = {
    "indicator_id": pl.Int64,
    "frequency": pl.String,
    "indicator_polarity": pl.String,
    "indicator_unit": pl.String,
    "period_kinds": pl.String,
}
MEASURE_COLUMNS = {
    "measure_id": pl.Int64,
    "measure_polarity": pl.String,
    "measure_unit": pl.String,
    "accumulation": pl.String,
}


def _prepare(
    in_scope: str, whole_group: int, *, everything: bool = False
) -> tuple[engine.Prepared, pl.DataFrame, pl.DataFrame]:
    """Everything but the observations, read and prepared for the engine; with the
    cells each target wants and the breaks in comparison. ``everything``: the targets
    are all the active ones."""
    target = Target._meta.db_table
    # The targets as a subquery, for the other tables (cheaper to plan than a list of ids).
    selection = f"SELECT t.id FROM {target} t WHERE {in_scope}"
    targets = _targets(in_scope)
    cells_wanted = _cells_of_targets(targets, selection, whole_group)
    versions, trajectory = _versions(selection, everything=everything)
    periods = _periods(targets)
    prepared = engine.assessments_prepare(
        rows=_scheduled_rows(targets, periods),
        targets=_targets_frame(targets, cells_wanted),
        periods=periods_frame(periods),
        versions=versions,
        trajectory=trajectory,
    )
    return prepared, cells_wanted, _breaks(targets)


def target_cells_read() -> pl.DataFrame:
    """Per active target (``target_id``, with its agreement's ``term``): the
    (``measure_id``, ``area``, ``group``) cells whose figures it judges — its own, and
    (``whole_area``) its whole area's — exactly as a recompute reads them. The one answer
    to "which figures does a target use", for the collect-once ledger (rule M6)."""
    in_scope = f"t.status = '{TargetStatus.ACTIVE}'"
    targets = _targets(in_scope)
    selection = f"SELECT t.id FROM {Target._meta.db_table} t WHERE {in_scope}"
    cells = _cells_of_targets(targets, selection, _whole_population_id())
    return cells.join(targets.select("target_id", "term"), on="target_id")


def _cells_of_targets(targets: pl.DataFrame, selection: str, whole_group: int) -> pl.DataFrame:
    scope_areas = _through(Target.scope_areas.through, "area_id", selection)
    scope_groups = _through(Target.scope_groups.through, "populationgroup_id", selection)
    return _cells_wanted(targets, scope_areas, scope_groups, whole_group, _maa_members(selection))


def _targets(in_scope: str) -> pl.DataFrame:
    """The targets meeting ``in_scope`` with what the engine needs of their agreement,
    indicator and measure (the target's own, else its indicator's whole measure). The
    indicators' and measures' columns are read once each and joined here: a few hundred
    rows rather than one copy per target."""
    target, measure = Target._meta.db_table, Measure._meta.db_table
    targets = frame_read(
        f"""
        SELECT t.id, a.term, a.area_id, t.indicator_id, COALESCE(t.measure_id, whole.id),
               t.sub_regional_area_id,
               CASE WHEN t.scope_key LIKE '%%|a|g|s' THEN 1 ELSE 0 END
        FROM {target} t
        JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id
        LEFT JOIN {measure} whole ON whole.indicator_id = t.indicator_id AND whole.part = ''
        WHERE {in_scope}
        """,
        TARGET_COLUMNS,
    )
    indicators = frame_read(
        f"""
        SELECT i.id, i.reporting_frequency, i.polarity, i.unit, r.period_kinds
        FROM {Indicator._meta.db_table} i
        LEFT JOIN {IndicatorRules._meta.db_table} r ON r.indicator_id = i.id
        """,
        INDICATOR_COLUMNS,
    )
    measures = frame_read(
        f"SELECT id, polarity, unit, accumulation FROM {measure}",
        MEASURE_COLUMNS,
    )
    texts = ["frequency", "polarity", "unit", "accumulation", "period_kinds"]
    return (
        targets.join(indicators, on="indicator_id", how="left")
        .join(measures, on="measure_id", how="left")
        .with_columns(
            polarity=_first_given("measure_polarity", "indicator_polarity"),
            unit=_first_given("measure_unit", "indicator_unit"),
        )
        .with_columns(pl.col(texts).fill_null(""), whole_scope=pl.col("whole_scope") == 1)
        .with_columns(frequency=_frequency(pl.col("frequency"), pl.col("period_kinds")))
        .drop("measure_polarity", "indicator_polarity", "measure_unit", "indicator_unit")
    )


def _first_given(first: str, otherwise: str) -> pl.Expr:
    """SQL's ``COALESCE(NULLIF(first, ''), otherwise)``."""
    return pl.when(pl.col(first).fill_null("") != "").then(pl.col(first)).otherwise(otherwise)


def _frequency(frequency: pl.Expr, period_kinds: pl.Expr) -> pl.Expr:
    """The reporting frequency, made finer where the indicator's data rules admit
    quarters or half years (an ``IndicatorRules`` row, rule D5)."""
    kinds = period_kinds.fill_null("")
    return (
        pl.when(kinds.str.contains('"quarter"', literal=True))
        .then(pl.lit("quarterly"))
        .when(kinds.str.contains('"half_year"', literal=True))
        .then(pl.lit("half_yearly"))
        .otherwise(frequency)
    )


def _through(model, column: str, selection: str) -> pl.DataFrame:
    """``selection``: the targets' ids, a subquery for ``IN (…)``."""
    schema = {"target_id": pl.Int64, column: pl.Int64}
    sql = f"SELECT target_id, {column} FROM {model._meta.db_table} WHERE target_id IN ({selection})"
    return frame_read(sql, schema)


def _fy_end(label: pl.Expr) -> pl.Expr:
    """31 March ending a financial year "2008/09"."""
    return pl.date(label.str.slice(0, 4).cast(pl.Int32) + 1, 3, 31)


def _versions(selection: str, *, everything: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The versions of the targets in ``selection`` and their trajectories. For
    ``everything``, every trajectory value is read and those of other targets' versions
    dropped here: cheaper than joining the targets on the server, as nearly all are
    active."""
    version_table = TargetVersion._meta.db_table
    inside = f"target_id IN ({selection})"
    raw = frame_read(
        f"""SELECT id, target_id, number, effective_from, setting, baseline_value,
                   baseline_period FROM {version_table} WHERE {inside}""",
        {
            "version_id": pl.Int64,
            "target_id": pl.Int64,
            "number": pl.Int64,
            "effective_from": pl.Date,
            "setting": pl.String,
            "baseline": pl.Float64,
            "baseline_period": pl.String,
        },
    )
    values = TrajectoryValue._meta.db_table
    trajectory = frame_read(
        f"SELECT version_id, year, value FROM {values}"
        if everything
        else f"""SELECT tv.version_id, tv.year, tv.value FROM {values} tv
                 JOIN {version_table} v ON v.id = tv.version_id WHERE v.{inside}""",
        {"version_id": pl.Int64, "fy_label": pl.String, "value": pl.Float64},
    )
    if everything:
        trajectory = trajectory.join(raw.select("version_id"), on="version_id", how="semi")
    trajectory = trajectory.filter(pl.col("fy_label").str.contains(r"^\d{4}/\d{2}$"))
    trajectory = trajectory.with_columns(fy_end=_fy_end(pl.col("fy_label")))
    ends = {label: period_end(label) for label in raw["baseline_period"].unique().to_list()}
    by_version = trajectory.sort("fy_end").group_by("version_id", maintain_order=True)
    years = by_version.agg(first_end=pl.col("fy_end").first(), final_target=pl.col("value").last())
    versions = raw.join(years, on="version_id", how="left").select(
        "version_id",
        "target_id",
        "number",
        "effective_from",
        is_placeholder=pl.col("setting") == TargetSetting.PLACEHOLDER.value,
        baseline="baseline",
        # Trajectory.baseline_date(): its period's end, else the eve of the first year.
        baseline_date=pl.coalesce(
            pl.col("baseline_period").replace_strict(ends, default=None, return_dtype=pl.Date),
            pl.col("first_end").dt.offset_by("-1y"),
        ),
        final_target="final_target",
    )
    return versions, trajectory.select(list(engine.TRAJECTORY_SCHEMA))


def _periods(targets: pl.DataFrame) -> dict[str, tuple[int, Period]]:
    """Every period needed, as rows: the schedules' (created if new) and all existing."""
    wanted: dict[str, Period] = {}
    for term, frequency in targets.select("term", "frequency").unique().iter_rows():
        years = agreement_years(term)
        # The years too, and the one before (the first is compared with it): a cumulative
        # measure's year without a return is assessed on its Q4 figure.
        before = [same_period_last_year(years[0])] if years else []
        for period in [*scheduled_periods(frequency, years), *before, *years]:
            wanted[period.label] = period
    existing = set(
        ReportingPeriod.objects.filter(label__in=list(wanted)).values_list("label", flat=True)
    )
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(label=p.label, kind=p.kind.value, start=p.start, end=p.end)
            for label, p in wanted.items()
            if label not in existing
        ],
        ignore_conflicts=True,
    )
    return {row.label: (row.pk, row.period) for row in ReportingPeriod.objects.all()}


def periods_frame(periods: dict[str, tuple[int, Period]]) -> pl.DataFrame:
    ids = {label: pk for label, (pk, _) in periods.items()}
    records = []
    for pk, period in periods.values():
        year = laa_year_of(period)
        records.append(
            (
                pk,
                period.kind.value,
                period.start,
                period.end,
                due_date(period),
                year.label,
                year.end,
                year_fraction_elapsed(period, year),
                _id_of(ids, comparable_before(period, Accumulation.SNAPSHOT)),
                _id_of(ids, comparable_before(period, Accumulation.CUMULATIVE)),
            )
        )
    return pl.DataFrame(records, schema=engine.PERIODS_SCHEMA, orient="row")


def _scheduled_rows(targets: pl.DataFrame, periods: dict[str, tuple[int, Period]]) -> pl.DataFrame:
    schedules = [
        (term, frequency, periods[p.label][0])
        for term, frequency in targets.select("term", "frequency").unique().iter_rows()
        for p in scheduled_periods(frequency, agreement_years(term))
    ]
    schema = {"term": pl.String, "frequency": pl.String, "period_id": pl.Int64}
    by_schedule = pl.DataFrame(schedules, schema=schema, orient="row")
    return targets.join(by_schedule, on=["term", "frequency"], nulls_equal=True).select(
        list(engine.ROWS_SCHEMA)
    )


WHOLE_POPULATION = ("all", "all")


def _whole_population_id() -> int:
    # Not cached: an id is only valid for the database it came from (tests flush and
    # reload the registers, giving the group a new id).
    return PopulationGroup.objects.whole_population().pk


def _maa_members(selection: str) -> pl.DataFrame:
    """For the Multi Area Agreements among the targets' agreements: their area (a custom
    group) and each member area (rule X2). Their figures are their members' figures."""
    members = Area.members.through._meta.db_table
    agreement = Agreement._meta.db_table
    return frame_read(
        f"""SELECT DISTINCT m.from_area_id, m.to_area_id FROM {members} m
            JOIN {agreement} a ON a.area_id = m.from_area_id AND a.kind = '{AgreementKind.MAA}'
            JOIN {Target._meta.db_table} t ON t.agreement_id = a.id
            WHERE t.id IN ({selection})""",
        {"area": pl.Int64, "member_area": pl.Int64},
    )


def _expanded(cells: pl.DataFrame, maa_members: pl.DataFrame) -> pl.DataFrame:
    """Each MAA area's cell replaced by its members' cells: a figure for an MAA's area is
    combined from its members' (``engine.own_figures``, ``engine.whole_area_figures``)."""
    if not maa_members.height:
        return cells
    joined = cells.join(maa_members, on="area", how="left")
    return joined.with_columns(area=pl.coalesce("member_area", "area")).drop("member_area")


def _cells_wanted(
    targets: pl.DataFrame,
    scope_areas: pl.DataFrame,
    scope_groups: pl.DataFrame,
    whole_group: int,
    maa_members: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per target, the (area, group) cells of its own figure and, for a target on smaller
    areas or groups, the whole area's cell (rule A6); a Multi Area Agreement's area
    stands for its members' areas (rule X2)."""
    base = targets.select(
        "target_id",
        "measure_id",
        default_area=pl.coalesce("sub_regional_area_id", "area_id"),
        agreement_area="area_id",
        whole_scope="whole_scope",
        sub_regional=pl.col("sub_regional_area_id").is_not_null(),
    )
    areas = base.join(scope_areas, on="target_id", how="left").select(
        "target_id", area=pl.coalesce("area_id", "default_area")
    )
    groups = base.join(scope_groups, on="target_id", how="left").select(
        "target_id", group=pl.col("populationgroup_id").fill_null(whole_group)
    )
    own = (
        base.select("target_id", "measure_id")
        .join(areas, on="target_id")
        .join(groups, on="target_id")
        .with_columns(whole_area=pl.lit(False))
    )
    whole = base.filter(~pl.col("whole_scope") & ~pl.col("sub_regional")).select(
        "target_id",
        "measure_id",
        area="agreement_area",
        group=pl.lit(whole_group, dtype=pl.Int64),
        whole_area=pl.lit(True),
    )
    cells = pl.concat([own, whole])
    if maa_members is not None:
        cells = _expanded(cells, maa_members)
    return cells.unique()


def _targets_frame(targets: pl.DataFrame, cells_wanted: pl.DataFrame) -> pl.DataFrame:
    own_cells = (
        cells_wanted.filter(~pl.col("whole_area")).group_by("target_id").agg(own_cells=pl.len())
    )
    terms = {term: agreement_years(term) for term in targets["term"].unique().to_list()}
    starts = {term: years[0].start for term, years in terms.items()}
    ends = {term: years[-1].end for term, years in terms.items()}
    scales = {unit: rate_scale(unit) for unit in targets["unit"].unique().to_list()}
    return targets.join(own_cells, on="target_id", how="left").select(
        "target_id",
        polarity=pl.when(pl.col("polarity").is_in(["higher", "lower"])).then(pl.col("polarity")),
        accumulation=pl.col("accumulation").fill_null(Accumulation.SNAPSHOT.value),
        agreement_start=pl.col("term").replace_strict(starts, return_dtype=pl.Date),
        agreement_end=pl.col("term").replace_strict(ends, return_dtype=pl.Date),
        scale=pl.col("unit").replace_strict(scales, return_dtype=pl.Float64),
        own_cells=pl.col("own_cells").fill_null(1).cast(pl.Int64),
    )


def _breaks(targets: pl.DataFrame) -> pl.DataFrame:
    rows = DefinitionVersion.objects.filter(
        breaks_comparison=True, indicator_id__in=targets["indicator_id"].unique().to_list()
    ).values_list("indicator_id", "effective_from")
    breaks = pl.DataFrame(
        list(rows), schema={"indicator_id": pl.Int64, "on": pl.Date}, orient="row"
    )
    return (
        targets.select("target_id", "indicator_id")
        .join(breaks, on="indicator_id")
        .select("target_id", "on")
    )


def _id_of(ids: dict[str, int], period: Period | None) -> int | None:
    return ids.get(period.label) if period is not None else None
