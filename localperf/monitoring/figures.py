"""Reading the figures a recompute judges: the current observations of the measures,
areas and groups its targets need, and from them each target's cells.

The observations are the largest read (a scan of the table, or an index read of the
periods wanted, with the planner told that random reads are cheap: see
``localperf.frames.random_reads_cheap``).
"""

from __future__ import annotations

import datetime

import polars as pl
from django.db import connection

from localperf.agreements.models import Agreement, Target
from localperf.calculations.periods import PeriodError
from localperf.frames import frame_read, ints, random_reads_cheap
from localperf.indicators.models import Measure
from localperf.monitoring import engine
from localperf.monitoring.periods import agreement_years
from localperf.observations.models import Observation, ReportingPeriod
from localperf.places.models import Area

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


def comparison_reach(in_scope: str) -> datetime.date | None:
    """``engine.comparison_reach`` of the earliest start of the targets' agreements: no
    row's own or previous comparable figure ends before it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT a.term FROM {Target._meta.db_table} t
                JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id WHERE {in_scope}"""
        )
        terms = [term for (term,) in cursor.fetchall()]
    try:
        starts = [agreement_years(term)[0].start for term in terms]
    except (KeyError, IndexError, PeriodError):
        return None  # a term without years: read every figure
    return engine.comparison_reach(min(starts)) if starts else None


def observations_read(
    in_scope: str,
    whole_group: int,
    *,
    ending_from: datetime.date | None = None,
    ending_before: datetime.date | None = None,
) -> pl.DataFrame:
    """The current observations of the measures, areas and groups the targets need (those
    meeting ``in_scope``, a condition on their table as ``t``), for the periods ending
    on or after ``ending_from`` and before ``ending_before`` (each if given): a scan of
    the table. A superset of the cells wanted: ``cells_of`` keeps those."""
    target = Target._meta.db_table
    scope_areas = Target.scope_areas.through._meta.db_table
    scope_groups = Target.scope_groups.through._meta.db_table
    # A Multi Area Agreement's figures are its member areas' (rule X2).
    members = Area.members.through._meta.db_table
    keys_sql = f"""
        SELECT 1, COALESCE(t.measure_id, whole.id) FROM {target} t
        LEFT JOIN {Measure._meta.db_table} whole
               ON whole.indicator_id = t.indicator_id AND whole.part = ''
        WHERE {in_scope}
        UNION SELECT 2, a.area_id FROM {target} t
              JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id WHERE {in_scope}
        UNION SELECT 2, t.sub_regional_area_id FROM {target} t WHERE {in_scope}
        UNION SELECT 2, m.to_area_id FROM {members} m
              JOIN {Agreement._meta.db_table} a ON a.area_id = m.from_area_id
              JOIN {target} t ON t.agreement_id = a.id WHERE {in_scope}
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
    measures, areas, groups = (ints(sorted(found[kind])) for kind in (1, 2, 3))
    ends = [
        f"\"end\" {operator} '{day.isoformat()}'"
        for operator, day in ((">=", ending_from), ("<", ending_before))
        if day is not None
    ]
    # The periods as a list of ids, not a subquery: with the list the planner can read
    # just the wanted rows through the unique index (period first), not scan the table.
    periods = f"AND period_id IN ({ints(_period_ids(ends))})" if ends else ""
    sql = f"""
        SELECT measure_id, area_id, population_group_id, period_id, value, numerator,
               denominator, ci_lower, ci_upper
        FROM {Observation._meta.db_table}
        WHERE is_current AND measure_id IN ({measures}) AND area_id IN ({areas})
          AND population_group_id IN ({groups}) {periods}
    """
    if not ends:
        return frame_read(sql, FIGURE_COLUMNS)  # every period: a scan of the table is right
    with random_reads_cheap():
        return frame_read(sql, FIGURE_COLUMNS)


def _period_ids(conditions: list[str]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {ReportingPeriod._meta.db_table} WHERE {' AND '.join(conditions)}"
        )
        return [row[0] for row in cursor.fetchall()]


def cells_of(wanted: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    """The figures of the cells wanted, one row per target, period and cell."""
    wanted = wanted.filter(pl.col("measure_id").is_not_null())
    return wanted.join(figures, on=["measure_id", "area", "group"]).select(
        list(engine.CELLS_SCHEMA)
    )
