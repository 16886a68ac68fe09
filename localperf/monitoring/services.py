"""Changing monitoring results: recomputing statuses, and recording a Government
Office's override of a rating.

``assessments_recompute`` reads everything it needs with one query per table (targets,
their smaller areas and groups, versions, trajectories, periods, observations,
definition breaks), hands the frames to the engine and writes the result in bulk
(PostgreSQL ``COPY``; SQLite ``executemany``), replacing the targets' previous
assessments in one transaction. No row is saved through the ORM.

On PostgreSQL, outside a transaction, the observations (a scan of the table, the longest
step) are read on this connection while a second one reads the rest and prepares what
needs no figures (``engine.assessments_prepare``); each result comes back as one CSV
text. A recompute of every target empties the table and builds its indexes again after
the write, in the same transaction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.models import Q, QuerySet

from localperf.agreements.models import (
    Agreement,
    Target,
    TargetSetting,
    TargetStatus,
    TargetVersion,
    TrajectoryValue,
)
from localperf.agreements.rules_of_agreement import term_years
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import (
    Period,
    PeriodError,
    PeriodKind,
    financial_year_of,
    period_parse,
    previous_comparable,
    same_period_last_year,
    year_fraction_elapsed,
)
from localperf.calculations.rag import (
    DEFAULT_RAG_RULES,
    PERFORMANCE_RATINGS,
    RagRule,
    Rating,
)
from localperf.calculations.schedule import due_date, scheduled_periods
from localperf.indicators.models import DefinitionVersion, Indicator, Measure
from localperf.monitoring import engine
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.monitoring.permissions import may_override_rating
from localperf.monitoring.selectors import as_at_today, current_rating
from localperf.observations.importing.store import query_frame, rows_insert
from localperf.observations.models import IndicatorRules, Observation, ReportingPeriod
from localperf.places.models import PopulationGroup

# The first key of PostgreSQL's two-key advisory locks: "monitoring" in this project.
LOCK_NAMESPACE = 0x4D4F
WRITE_SLICE_ROWS = 4_000

T = TypeVar("T")


@dataclass(frozen=True)
class RecomputeSummary:
    targets: int
    assessments: int


def assessments_recompute(
    *,
    targets: QuerySet[Target] | Iterable[int | Target] | None = None,
    today: datetime.date | None = None,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> RecomputeSummary:
    """Recompute the statuses of every active target (or of ``targets``: a queryset, or
    targets or ids) for every period judged, as at ``today`` (default
    ``selectors.as_at_today()``), replacing their stored assessments."""
    today = today or as_at_today()
    ids = _target_ids(targets)
    with _locked():
        return _recomputed(ids, today, rules)


def _recomputed(
    ids: list[int] | None, today: datetime.date, rules: Sequence[RagRule]
) -> RecomputeSummary:
    frame, target_ids = _assessments(ids, today, rules)
    # computed_at is left to the database's default (its clock, the same for every row).
    written = frame
    if connection.vendor == "sqlite":
        # As Django stores them there: text. Cheaper than adapting a Python date per value.
        written = written.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d"))
    table = Assessment._meta.db_table
    with transaction.atomic():
        if ids is None and connection.vendor == "postgresql":
            # Every row goes: TRUNCATE leaves no dead rows behind, and building the
            # indexes once the rows are in costs less than adding each row to them.
            with _indexes_rebuilt(table):
                # Slices of a few thousand rows: the server takes one while Polars
                # writes the next.
                rows_insert(table, written, slice_rows=WRITE_SLICE_ROWS)
        else:
            with connection.cursor() as cursor:
                if ids is None:
                    cursor.execute(f"DELETE FROM {table}")  # SQLite truncates it itself
                elif target_ids:
                    cursor.execute(f"DELETE FROM {table} WHERE target_id IN ({_ints(target_ids)})")
            rows_insert(table, written, slice_rows=WRITE_SLICE_ROWS)
    return RecomputeSummary(targets=len(target_ids), assessments=written.height)


@contextmanager
def _indexes_rebuilt(table: str) -> Iterator[None]:
    """Empty ``table`` and drop its indexes (and the constraints they serve), then,
    after the block has filled it, build them again (PostgreSQL, in the transaction, which
    holds the table's exclusive lock from the TRUNCATE: nobody sees it without them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, c.conname, pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
            WHERE x.indrelid = %s::regclass
              -- an index a foreign key relies on stays
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.oid
              )
            """,
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(f"TRUNCATE {table}")
        for index, constraint, _, _ in indexes:
            if constraint:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            else:
                cursor.execute(f'DROP INDEX "{index}"')
    yield
    with connection.cursor() as cursor:
        for _, constraint, constraint_sql, index_sql in indexes:
            if constraint:
                cursor.execute(
                    f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {constraint_sql}'
                )
            else:
                cursor.execute(index_sql)


def targets_affected(*, measure_ids: Sequence[int], area_ids: Sequence[int] = ()) -> list[int]:
    """Active targets whose own or whole-area figure comes from these measures and areas
    (any area when none are given)."""
    whole_measures = Measure.objects.filter(pk__in=measure_ids, part="").values("indicator_id")
    on_measure = Q(measure_id__in=measure_ids) | Q(
        measure__isnull=True, indicator_id__in=whole_measures
    )
    targets = Target.objects.filter(on_measure, status=TargetStatus.ACTIVE)
    if area_ids:
        targets = targets.filter(
            Q(agreement__area_id__in=area_ids)
            | Q(sub_regional_area_id__in=area_ids)
            | Q(scope_areas__in=area_ids)
        )
    return sorted(set(targets.values_list("id", flat=True)))


def rating_override_record(
    *, user, target: Target, period: ReportingPeriod | str, rating: str, reason: str
) -> RatingOverride:
    """A Government Office's rating of a target for a period, replacing the computed
    one for display; both are kept, and every earlier override too (rule M1)."""
    if not may_override_rating(user, target):
        raise PermissionDenied(
            "Only the Government Office for this agreement's region (its locality manager "
            "or Regional Director) or an administrator can override a rating."
        )
    if isinstance(period, str):
        period = ReportingPeriod.objects.filter(label=_canonical(period)).first()
    errors: dict[str, list[str]] = {}
    allowed = [r for r in Rating if r in PERFORMANCE_RATINGS]
    if rating not in {r.value for r in allowed}:
        words = ", ".join(r.label.lower() for r in allowed)
        errors["rating"] = [f"Choose a rating: {words}."]
    if not reason.strip():
        errors["reason"] = ["Say why the rating is overridden."]
    assessment = (
        Assessment.objects.filter(target=target, period=period).select_related("period").first()
        if period is not None
        else None
    )
    if assessment is None:
        errors["period"] = [
            f"{target.measure_code} has no assessment for that period: choose one of the "
            "periods shown for it."
        ]
    if errors:
        raise ValidationError(errors)
    today = as_at_today()
    role = user.get_role_display() if getattr(user, "role", "") else "Administrator"
    return RatingOverride.objects.create(
        target=target,
        period=period,
        rating=rating,
        computed_rating=current_rating(assessment, today).value,
        reason=reason.strip(),
        overridden_by=user,
        overridden_by_name=user.get_full_name() or user.username,
        overridden_by_role=role,
    )


# --- reading the inputs -------------------------------------------------------------------


def _target_ids(targets) -> list[int] | None:
    if targets is None:
        return None
    if isinstance(targets, QuerySet):
        return list(targets.values_list("pk", flat=True))
    return sorted({t if isinstance(t, int) else t.pk for t in targets})


def _ints(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values) or "NULL"


@contextmanager
def _locked() -> Iterator[None]:
    """One recompute at a time, from its first read to its commit (PostgreSQL advisory
    lock). Two writing at once would each delete, then both insert the same keys; and a
    recompute that read before another's commit would overwrite the newer result with
    its older one (a correction's recompute lost under a full one). Outside a
    transaction the lock is the session's, released at the end, so that the reads may
    still share the work with a second connection; inside one it is the transaction's."""
    if connection.vendor != "postgresql":
        yield
        return
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [LOCK_NAMESPACE])
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, 0)", [LOCK_NAMESPACE])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [LOCK_NAMESPACE])


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


def _assessments(
    ids: list[int] | None, today: datetime.date, rules: Sequence[RagRule]
) -> tuple[pl.DataFrame, list[int]]:
    """The assessments of the active targets (of ``ids``, if given), and their ids.

    The observations are read on this connection (a scan of the table, the longest
    step) while a second one reads everything else and prepares the frames that need
    no figures (``engine.assessments_prepare``)."""
    in_scope = f"t.status = '{TargetStatus.ACTIVE}'"
    if ids is not None:
        in_scope += f" AND t.id IN ({_ints(ids)})"
    whole_group = _whole_population_id()
    # The figures older than any row's previous comparable period are read only if a
    # projection needs them (a baseline earlier still): rarely.
    reach = _comparison_reach(in_scope)
    prepared = _meanwhile(lambda: _prepare(in_scope, whole_group, everything=ids is None))
    figures = _observations(in_scope, whole_group, ending_from=reach)
    ready, cells_wanted, breaks = prepared()
    used_from = engine.figures_used_from(ready)
    if reach is not None and (used_from is None or used_from < reach):
        older = _observations(in_scope, whole_group, ending_from=used_from, ending_before=reach)
        figures = pl.concat([older, figures])
    frame = engine.assessments_finish(
        ready, cells=_cells(cells_wanted, figures), breaks=breaks, today=today, rules=rules
    )
    return frame, ready.targets["target_id"].to_list()


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
    scope_areas = _through(Target.scope_areas.through, "area_id", selection)
    scope_groups = _through(Target.scope_groups.through, "populationgroup_id", selection)
    cells_wanted = _cells_wanted(targets, scope_areas, scope_groups, whole_group)
    versions, trajectory = _versions(selection, everything=everything)
    periods = _periods(targets)
    prepared = engine.assessments_prepare(
        rows=_scheduled_rows(targets, periods),
        targets=_targets_frame(targets, cells_wanted),
        periods=_periods_frame(periods),
        versions=versions,
        trajectory=trajectory,
    )
    return prepared, cells_wanted, _breaks(targets)


def _targets(in_scope: str) -> pl.DataFrame:
    """The targets meeting ``in_scope`` with what the engine needs of their agreement,
    indicator and measure (the target's own, else its indicator's whole measure). The
    indicators' and measures' columns are read once each and joined here: a few hundred
    rows rather than one copy per target."""
    target, measure = Target._meta.db_table, Measure._meta.db_table
    targets = _read(
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
    indicators = _read(
        f"""
        SELECT i.id, i.reporting_frequency, i.polarity, i.unit, r.period_kinds
        FROM {Indicator._meta.db_table} i
        LEFT JOIN {IndicatorRules._meta.db_table} r ON r.indicator_id = i.id
        """,
        INDICATOR_COLUMNS,
    )
    measures = _read(
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


def _read(sql: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of a query as a frame with ``schema`` (columns by position: numbers,
    dates and text).

    On PostgreSQL the server writes the whole result as one CSV text (``string_agg``),
    received as one value: ``COPY … TO`` sends a message per row, and receiving each
    costs Python time per row (most of the cost of reading the observations).
    """
    if connection.vendor != "postgresql":
        return query_frame(sql, [], schema)
    names = [f"c{i}" for i in range(len(schema))]
    fields = ", ".join(
        # Text as CSV quotes it; NULL stays empty, as COPY writes it.
        f"""'"' || replace({name}::text, '"', '""') || '"'""" if kind == pl.String else name
        for name, kind in zip(names, schema.values(), strict=True)
    )
    template = ",".join(["%s"] * len(names))
    statement = (
        f"SELECT string_agg(format('{template}', {fields}), E'\\n') "
        f"FROM ({sql}) AS q({', '.join(names)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement)
        (text,) = cursor.fetchone()
    if not text:
        return pl.DataFrame(schema=schema)
    frame = pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)
    # The text columns read here are NOT NULL, or mean "none" when empty.
    texts = [name for name, kind in schema.items() if kind == pl.String]
    return frame.with_columns(pl.col(texts).fill_null("")) if texts else frame


def _meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` on a connection of its own while this one does something else;
    call the result to wait for it. Only outside a transaction on PostgreSQL, where the
    other connection sees the same data; otherwise ``work`` runs here and now."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        result = work()
        return lambda: result

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()  # this thread's connection only

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(run)
    pool.shutdown(wait=False)  # the thread ends when the work does
    return future.result


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
    return _read(sql, schema)


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
    raw = _read(
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
    trajectory = _read(
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
    ends = {label: _period_end(label) for label in raw["baseline_period"].unique().to_list()}
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


@lru_cache(maxsize=1024)
def _period_end(label: str) -> datetime.date | None:
    try:
        return period_parse(label).end if label else None
    except PeriodError:
        return None


def _years(term: str) -> list[Period]:
    return [period_parse(year) for year in term_years(term)]


def _periods(targets: pl.DataFrame) -> dict[str, tuple[int, Period]]:
    """Every period needed, as rows: the schedules' (created if new) and all existing."""
    wanted: dict[str, Period] = {}
    for term, frequency in targets.select("term", "frequency").unique().iter_rows():
        years = _years(term)
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


def _periods_frame(periods: dict[str, tuple[int, Period]]) -> pl.DataFrame:
    ids = {label: pk for label, (pk, _) in periods.items()}
    records = []
    for pk, period in periods.values():
        year = financial_year_of(period.end)
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
                ids.get(_previous(period, Accumulation.SNAPSHOT)),
                ids.get(_previous(period, Accumulation.CUMULATIVE)),
            )
        )
    return pl.DataFrame(records, schema=engine.PERIODS_SCHEMA, orient="row")


def _previous(period: Period, accumulation: Accumulation) -> str | None:
    try:
        if period.kind is PeriodKind.SURVEY_ROUND:
            accumulation = Accumulation.SNAPSHOT  # a biennial round: the round before
        return previous_comparable(period, accumulation).label
    except PeriodError:
        return None


def _scheduled_rows(targets: pl.DataFrame, periods: dict[str, tuple[int, Period]]) -> pl.DataFrame:
    schedules = [
        (term, frequency, periods[p.label][0])
        for term, frequency in targets.select("term", "frequency").unique().iter_rows()
        for p in scheduled_periods(frequency, _years(term))
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


def _cells_wanted(
    targets: pl.DataFrame,
    scope_areas: pl.DataFrame,
    scope_groups: pl.DataFrame,
    whole_group: int,
) -> pl.DataFrame:
    """Per target, the (area, group) cells of its own figure and, for a target on smaller
    areas or groups, the whole area's cell (rule A6)."""
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
    return pl.concat([own, whole]).unique()


FIGURE_COLUMNS = {
    "measure_id": pl.Int64,
    "area": pl.Int64,
    "group": pl.Int64,
    "period_id": pl.Int64,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "ci_lower": pl.Float64,
    "ci_upper": pl.Float64,
}


def _comparison_reach(in_scope: str) -> datetime.date | None:
    """``engine.comparison_reach`` of the earliest start of the targets' agreements: no
    row's own or previous comparable figure ends before it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT a.term FROM {Target._meta.db_table} t
                JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id WHERE {in_scope}"""
        )
        terms = [term for (term,) in cursor.fetchall()]
    try:
        starts = [_years(term)[0].start for term in terms]
    except (KeyError, IndexError, PeriodError):
        return None  # a term without years: read every figure
    return engine.comparison_reach(min(starts)) if starts else None


def _observations(
    in_scope: str,
    whole_group: int,
    *,
    ending_from: datetime.date | None = None,
    ending_before: datetime.date | None = None,
) -> pl.DataFrame:
    """The current observations of the measures, areas and groups the targets need (those
    meeting ``in_scope``, a condition on their table as ``t``), for the periods ending
    on or after ``ending_from`` and before ``ending_before`` (each if given): a scan of
    the table. A superset of the cells wanted: ``_cells`` keeps those."""
    target = Target._meta.db_table
    scope_areas = Target.scope_areas.through._meta.db_table
    scope_groups = Target.scope_groups.through._meta.db_table
    keys_sql = f"""
        SELECT 1, COALESCE(t.measure_id, whole.id) FROM {target} t
        LEFT JOIN {Measure._meta.db_table} whole
               ON whole.indicator_id = t.indicator_id AND whole.part = ''
        WHERE {in_scope}
        UNION SELECT 2, a.area_id FROM {target} t
              JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id WHERE {in_scope}
        UNION SELECT 2, t.sub_regional_area_id FROM {target} t WHERE {in_scope}
        UNION SELECT 2, s.area_id FROM {scope_areas} s
              JOIN {target} t ON t.id = s.target_id WHERE {in_scope}
        UNION SELECT 3, s.populationgroup_id FROM {scope_groups} s
              JOIN {target} t ON t.id = s.target_id WHERE {in_scope}
    """
    with connection.cursor() as cursor:
        cursor.execute(keys_sql)
        found: dict[int, set[int]] = {1: set(), 2: set(), 3: {whole_group}}
        for kind, key in cursor.fetchall():
            if key is not None:
                found[kind].add(key)
    if not found[1] or not found[2]:
        # No targets, or a local indicator without measures: no figures (yet).
        return engine.empty(FIGURE_COLUMNS)
    measures, areas, groups = (_ints(sorted(found[kind])) for kind in (1, 2, 3))
    ends = [
        f"\"end\" {operator} '{day.isoformat()}'"
        for operator, day in ((">=", ending_from), ("<", ending_before))
        if day is not None
    ]
    # The periods as a list of ids, not a subquery: with the list the planner can read
    # just the wanted rows through the unique index (period first), not scan the table.
    periods = f"AND period_id IN ({_ints(_period_ids(ends))})" if ends else ""
    sql = f"""
        SELECT measure_id, area_id, population_group_id, period_id, value, numerator,
               denominator, ci_lower, ci_upper
        FROM {Observation._meta.db_table}
        WHERE is_current AND measure_id IN ({measures}) AND area_id IN ({areas})
          AND population_group_id IN ({groups}) {periods}
    """
    if not ends:
        return _read(sql, FIGURE_COLUMNS)  # every period: a scan of the table is right
    with _random_reads_cheap():
        return _read(sql, FIGURE_COLUMNS)


@contextmanager
def _random_reads_cheap() -> Iterator[None]:
    """PostgreSQL's planner prices a random page read at 4 sequential ones (its default,
    made for spinning disks), so for the observations it scans the whole table rather
    than follow the unique index (period first) to the few per cent of rows wanted:
    57 ms against 19 ms for the bench's million rows, whose pages are in memory as a
    working store's are. The usual setting for solid-state or cached data, for this read
    only (the session's own value comes back after it)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET random_page_cost = 1.1")
    try:
        yield
    except Exception:
        # In a transaction the failed read has aborted it, and its rollback undoes the SET.
        if not connection.in_atomic_block:
            _random_reads_priced_again()
        raise
    _random_reads_priced_again()


def _random_reads_priced_again() -> None:
    with connection.cursor() as cursor:
        cursor.execute("RESET random_page_cost")


def _period_ids(conditions: list[str]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {ReportingPeriod._meta.db_table} WHERE {' AND '.join(conditions)}"
        )
        return [row[0] for row in cursor.fetchall()]


def _cells(wanted: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    """The figures of the cells wanted, one row per target, period and cell."""
    wanted = wanted.filter(pl.col("measure_id").is_not_null())
    return wanted.join(figures, on=["measure_id", "area", "group"]).select(
        list(engine.CELLS_SCHEMA)
    )


def _targets_frame(targets: pl.DataFrame, cells_wanted: pl.DataFrame) -> pl.DataFrame:
    own_cells = (
        cells_wanted.filter(~pl.col("whole_area")).group_by("target_id").agg(own_cells=pl.len())
    )
    terms = {term: _years(term) for term in targets["term"].unique().to_list()}
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


_PER = re.compile(r"per\s+([\d,]+)", re.IGNORECASE)


def rate_scale(unit: str) -> float | None:
    """What Σ numerators / Σ denominators is multiplied by for a unit: 100 for a
    percentage, 1,000 for "per 1,000 …"; None when the unit is not a rate.

    >>> rate_scale("%"), rate_scale("rate per 10,000 population aged 0-17"), rate_scale("number")
    (100.0, 10000.0, None)
    """
    text = unit or ""
    match = _PER.search(text)
    if match:
        return float(match[1].replace(",", ""))
    if "%" in text or "percent" in text.lower() or "proportion" in text.lower():
        return 100.0
    return None


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


def _canonical(label: str) -> str:
    try:
        return period_parse(label).label
    except PeriodError:
        return label
