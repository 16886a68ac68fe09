"""Benchmark: the national picture (issue 6), over a national-scale synthetic data set.

Built once, not timed, in a PostgreSQL database of its own (``localperf_bench_national``,
created afresh): the reference data; ``BENCH_ROWS`` observations (default 1,000,000) from
``bench/synthetic.py`` through our import; one approved three-year agreement for each of
``BENCH_AGREEMENTS`` upper-tier areas (default 150), each with 35 designated targets
(a trajectory for every year) on indicators drawn with uneven popularity, so that some
are chosen by many agreements and some by five or fewer.

Timed, median of ``BENCH_RUNS`` runs (default 7), server time through our selectors:
(a) ``indicator_picture`` for one measure and its latest period (distribution, ranks in
England and region, quartile bands, targets, direction of travel, England combined
rate); (b) ``indicator_selection`` for all indicators (by region and by theme);
(c) the public comparison (issue 15): the same picture on released figures only;
(d) the area profile: ``area_evidence`` of one area on released figures only (each
measure's latest figure against every area's distribution and England).

Baseline, same run, same rows: the rows are copied (not timed) into an in-memory DuckDB
database and one DuckDB query computes the same figures (quantile_cont for the
quartiles, rank() windows for the ranks, joins for the targets and the previous
period, sums for the combined rate; COUNT(DISTINCT) by indicator, region and theme for
the selection). The ratio is ours / DuckDB's.

Run it with ``make bench``, or ``BENCH_ROWS=200000 .venv/bin/python bench/bench_national.py``.
``BENCH_PG_URL`` is the server (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import io
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
AGREEMENTS = int(os.environ.get("BENCH_AGREEMENTS", "150"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TARGETS_PER_AGREEMENT = 35
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DATABASE = "localperf_bench_national"
SEED = 2008


def say(text: str = "") -> None:
    print(text, flush=True)


def median_time(call, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- building the data set (not timed) ----------------------------------------------------


def setup_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())


def load_observations(directory: Path) -> None:
    from bench.synthetic import national_bulk, write_csv
    from localperf.observations.importing.services import observation_import

    path = directory / "national.csv"
    write_csv(national_bulk(ROWS, seed=SEED), path)
    started = time.perf_counter()
    result = observation_import(file=path.read_bytes(), user=None, dry_run=False)
    if result.status != "committed":
        raise SystemExit(f"the import failed: {result.message} {result.problems[:5]}")
    say(f"  {ROWS:,} observations imported in {time.perf_counter() - started:.1f} s")


def make_agreements() -> None:
    """Approved agreements with designated targets, written in bulk (a fixture, not the
    sign-off path the services enforce)."""
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from localperf.agreements.models import (
        Agreement,
        AgreementStatus,
        LaaTheme,
        Target,
        TargetCategory,
        TargetVersion,
        TrajectoryValue,
    )
    from localperf.agreements.rules_of_agreement import scope_key
    from localperf.indicators.models import Indicator
    from localperf.organisations.models import RESPONSIBLE_AUTHORITY_KINDS, Organisation
    from localperf.places.models import Area

    rng = random.Random(SEED)
    areas = list(Area.objects.filter(upper_tier=True, region__isnull=False).order_by("code"))
    areas = areas[:AGREEMENTS]
    councils = {
        o.area_id: o
        for o in Organisation.objects.filter(kind__in=RESPONSIBLE_AUTHORITY_KINDS, area__in=areas)
    }
    fallback = Organisation.objects.filter(kind__in=RESPONSIBLE_AUTHORITY_KINDS).first()
    indicators = list(
        Indicator.objects.national().live().filter(first_year="2008/09").order_by("number")
    )
    # Uneven popularity: a few indicators in most agreements, a long tail in few.
    weights = [1.0 / (1 + rank) ** 0.9 for rank in range(len(indicators))]
    rng.shuffle(weights)
    themes = list(LaaTheme)
    approved = datetime.date(2008, 6, 30)
    with transaction.atomic():
        agreements = Agreement.objects.bulk_create(
            Agreement(
                area=area,
                responsible_authority=councils.get(area.pk, fallback),
                title=f"{area.name} Local Area Agreement 2008–11",
                status=AgreementStatus.IN_FORCE,
                approved_on=approved,
                in_force_from=approved,
            )
            for area in areas
        )
        targets = []
        for agreement in agreements:
            chosen: set[int] = set()
            while len(chosen) < TARGETS_PER_AGREEMENT:
                chosen.add(rng.choices(range(len(indicators)), weights)[0])
            for index in sorted(chosen):
                targets.append(
                    Target(
                        agreement=agreement,
                        category=TargetCategory.DESIGNATED,
                        indicator=indicators[index],
                        theme=themes[indicators[index].number % len(themes)],
                        scope_key=scope_key(measure_id=None),
                    )
                )
        targets = Target.objects.bulk_create(targets, batch_size=2000)
        versions = TargetVersion.objects.bulk_create(
            (
                TargetVersion(
                    target=t,
                    number=1,
                    effective_from=datetime.date(2008, 4, 1),
                    baseline_value=Decimal("50"),
                    baseline_period="2007/08",
                )
                for t in targets
            ),
            batch_size=2000,
        )
        TrajectoryValue.objects.bulk_create(
            (
                TrajectoryValue(version=v, year=year, value=Decimal(50 + step))
                for v in versions
                for step, year in enumerate(("2008/09", "2009/10", "2010/11"), start=1)
            ),
            batch_size=5000,
        )
    say(f"  {len(agreements)} agreements with {len(targets):,} designated targets")


# --- DuckDB baseline ------------------------------------------------------------------------


def duckdb_copy():
    """The rows our selectors read, copied into DuckDB (not timed): every current
    observation (all measures, areas, periods and groups), the areas, and the targets
    with their trajectories."""
    import duckdb
    import polars as pl
    from django.db import connection

    def frame(sql: str) -> pl.DataFrame:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            names = [c.name for c in cursor.description]
            return pl.DataFrame(
                cursor.fetchall(), schema=names, orient="row", infer_schema_length=None
            )

    db = duckdb.connect()
    observations = frame(
        "SELECT measure_id, area_id, period_id, population_group_id AS group_id, value, "
        "numerator, denominator, ci_lower, ci_upper FROM observations_observation "
        "WHERE is_current"
    )
    areas = frame("SELECT id, region_id, upper_tier FROM places_area")
    periods = frame('SELECT id, start, "end" AS finish FROM observations_reportingperiod')
    targets = frame(
        "SELECT t.id, t.indicator_id, t.measure_id, t.theme, t.category, t.status, "
        "t.scope_key, a.id AS agreement_id, a.status AS agreement_status, ar.region_id, "
        "a.area_id FROM agreements_target t JOIN agreements_agreement a ON a.id = "
        "t.agreement_id JOIN places_area ar ON ar.id = a.area_id"
    )
    trajectories = frame(
        "SELECT v.target_id, tv.year, tv.value::float8 AS value FROM agreements_targetversion v "
        "JOIN agreements_trajectoryvalue tv ON tv.version_id = v.id WHERE v.effective_to IS NULL"
    )
    # Through Parquet files: DuckDB reads Polars frames directly only with pyarrow.
    with tempfile.TemporaryDirectory(prefix="localperf-bench-duckdb-") as temporary:
        for name, table in (
            ("obs", observations),
            ("areas", areas),
            ("targets", targets),
            ("trajectories", trajectories),
            ("periods", periods),
        ):
            path = Path(temporary) / f"{name}.parquet"
            table.write_parquet(path)
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
    say(f"  copied into DuckDB: {observations.height:,} observations, {targets.height:,} targets")
    return db


PICTURE_SQL = """
WITH cur AS (
    SELECT o.area_id, o.value, o.ci_lower, o.ci_upper, o.numerator, o.denominator, a.region_id
    FROM obs o JOIN areas a ON a.id = o.area_id
    WHERE o.measure_id = $measure AND o.period_id = $period AND o.group_id = $whole
      AND a.upper_tier
),
prev AS (
    SELECT area_id, value, ci_lower, ci_upper FROM obs
    WHERE measure_id = $measure AND period_id = $previous AND group_id = $whole
),
england AS (
    SELECT count(*) AS n, min(value) AS minimum, max(value) AS maximum,
           quantile_cont(value, [0.25, 0.5, 0.75]) AS q,
           sum(numerator) / sum(denominator) * 100 AS combined
    FROM cur
),
region AS (
    SELECT region_id, quantile_cont(value, [0.25, 0.5, 0.75]) AS q FROM cur GROUP BY region_id
),
own_target AS (
    SELECT t.area_id, max(tr.value) AS target FROM targets t
    JOIN trajectories tr ON tr.target_id = t.id AND tr.year = $year
    WHERE t.indicator_id = $indicator AND t.measure_id IS NULL AND t.status = 'active'
      AND t.agreement_status IN ('approved', 'in_force') AND t.scope_key LIKE '%|a|g|s'
    GROUP BY t.area_id
)
SELECT cur.area_id, cur.value,
       rank() OVER (ORDER BY cur.value * $sign DESC) AS rank_england,
       rank() OVER (PARTITION BY cur.region_id ORDER BY cur.value * $sign DESC) AS rank_region,
       1 + (cur.value * $sign < e.q[1] * $sign)::int + (cur.value * $sign < e.q[2] * $sign)::int
         + (cur.value * $sign < e.q[3] * $sign)::int AS band_england,
       1 + (cur.value * $sign < r.q[1] * $sign)::int + (cur.value * $sign < r.q[2] * $sign)::int
         + (cur.value * $sign < r.q[3] * $sign)::int AS band_region,
       own_target.target,
       prev.value AS previous_value,
       CASE WHEN prev.value IS NULL THEN 'not_comparable'
            WHEN coalesce(cur.ci_lower, cur.value) <= coalesce(prev.ci_upper, prev.value)
             AND coalesce(prev.ci_lower, prev.value) <= coalesce(cur.ci_upper, cur.value)
            THEN 'no_significant_change'
            WHEN (cur.value - prev.value) * $sign > 0 THEN 'improving' ELSE 'worsening' END
         AS direction,
       e.n, e.minimum, e.q, e.maximum, e.combined
FROM cur CROSS JOIN england e
JOIN region r ON r.region_id IS NOT DISTINCT FROM cur.region_id
LEFT JOIN prev ON prev.area_id = cur.area_id
LEFT JOIN own_target ON own_target.area_id = cur.area_id
"""

# The area profile's baseline: the area's latest figure of each measure (by the period's
# end, the longer period first), and for that measure and period every upper-tier area's
# quartiles, range, count and combined rate, and the region's quartiles.
PROFILE_SQL = """
WITH own AS (
    SELECT o.measure_id, o.period_id, o.value,
           row_number() OVER (PARTITION BY o.measure_id ORDER BY p.finish DESC, p.start) AS n
    FROM obs o JOIN periods p ON p.id = o.period_id
    WHERE o.area_id = $area AND o.group_id = $whole
),
latest AS (SELECT measure_id, period_id, value FROM own WHERE n = 1),
everyone AS (
    SELECT l.measure_id, o.value, o.numerator, o.denominator, a.region_id
    FROM latest l
    JOIN obs o ON o.measure_id = l.measure_id AND o.period_id = l.period_id
         AND o.group_id = $whole
    JOIN areas a ON a.id = o.area_id
    WHERE a.upper_tier
)
SELECT l.measure_id, l.value, count(*) AS n, min(e.value), max(e.value),
       quantile_cont(e.value, [0.25, 0.5, 0.75]) AS q,
       sum(e.numerator) / sum(e.denominator) * 100 AS combined,
       quantile_cont(e.value, [0.25, 0.5, 0.75])
         FILTER (WHERE e.region_id IS NOT DISTINCT FROM $region) AS region_q
FROM latest l JOIN everyone e ON e.measure_id = l.measure_id
GROUP BY l.measure_id, l.value
"""

SELECTION_SQL = """
WITH d AS (
    SELECT indicator_id, agreement_id, region_id, theme FROM targets
    WHERE category = 'designated' AND status = 'active'
      AND agreement_status IN ('approved', 'in_force')
)
SELECT indicator_id, NULL AS region_id, NULL AS theme, count(DISTINCT agreement_id) FROM d
GROUP BY indicator_id
UNION ALL
SELECT indicator_id, region_id, NULL, count(DISTINCT agreement_id) FROM d
GROUP BY indicator_id, region_id
UNION ALL
SELECT indicator_id, NULL, theme, count(DISTINCT agreement_id) FROM d
GROUP BY indicator_id, theme
"""


# --- the run --------------------------------------------------------------------------------


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="localperf-bench-national-") as temporary:
        say(f"bench_national: PostgreSQL {PG_SERVER}/{PG_DATABASE}")
        started = time.perf_counter()
        setup_database()
        load_observations(Path(temporary))
        make_agreements()
        say(f"  data set ready in {time.perf_counter() - started:.1f} s")

    from django.db import connection

    from bench.synthetic import reference_measures
    from localperf.calculations.periods import financial_year_of
    from localperf.indicators.models import Measure
    from localperf.national import selectors
    from localperf.places.models import Area, PopulationGroup

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # A whole indicator (not one part of a multi-part one), annual, a percentage.
    code = next(
        m.code
        for m in reference_measures()
        if m.kind == "financial_year" and m.proportion and m.code[-1].isdigit()
    )
    measure = Measure.objects.select_related("indicator").get(indicator__code=code, part="")
    period = selectors.periods_with_figures(measure)[0]
    previous = selectors.previous_comparable_period(period, measure)
    whole = PopulationGroup.objects.whole_population()

    ours_picture, picture = median_time(lambda: selectors.indicator_picture(measure, period))
    ours_selection, selection = median_time(selectors.indicator_selection)
    # The public comparison: the same picture read as a reader who sees no provisional
    # figure (issue 15); and the area profile of the first area with figures.
    ours_public, public = median_time(
        lambda: selectors.indicator_picture(measure, period, provisional_areas=frozenset())
    )
    profiled = Area.objects.get(pk=picture.areas[0].area_id)
    ours_profile, profile = median_time(
        lambda: selectors.area_evidence(profiled, provisional_areas=frozenset())
    )

    db = duckdb_copy()
    sign = 1 if (measure.polarity or measure.indicator.polarity) != "lower" else -1
    parameters = {
        "measure": measure.pk,
        "period": period.pk,
        "previous": previous.pk if previous else -1,  # fewer rows than two periods
        "whole": whole.pk,
        "indicator": measure.indicator_id,
        "year": financial_year_of(period.end).label,
        "sign": sign,
    }
    duck_picture, rows = median_time(lambda: db.execute(PICTURE_SQL, parameters).fetchall())
    duck_selection, counts = median_time(lambda: db.execute(SELECTION_SQL).fetchall())
    profile_parameters = {"area": profiled.pk, "whole": whole.pk, "region": profiled.region_id}
    duck_profile, profile_rows = median_time(
        lambda: db.execute(PROFILE_SQL, profile_parameters).fetchall()
    )

    # The same figures: the same areas, quartiles, ranks and selection totals.
    check_picture(picture, rows)
    check_picture(public, rows)  # every figure of the synthetic set is public
    with_figures = [e for e in profile if e.figure is not None]
    assert len(with_figures) == len(profile_rows), (len(with_figures), len(profile_rows))
    totals = {r[0]: r[3] for r in counts if r[1] is None and r[2] is None}
    assert all(totals.get(row.indicator_id, 0) == row.agreements for row in selection.rows)

    areas = len(picture.areas)
    say(
        f"(a) national picture of {measure.code} {period.label} over {areas} areas: "
        f"ours {ours_picture * 1000:.1f} ms, DuckDB {duck_picture * 1000:.1f} ms "
        f"(median of {RUNS}); ratio ours / DuckDB {ours_picture / duck_picture:.2f}x"
    )
    say(
        f"(b) selection table of {len(selection.rows)} indicators over "
        f"{selection.agreement_count} agreements: ours {ours_selection * 1000:.1f} ms, "
        f"DuckDB {duck_selection * 1000:.1f} ms (median of {RUNS}); "
        f"ratio ours / DuckDB {ours_selection / duck_selection:.2f}x"
    )
    say(
        f"(c) public comparison of {measure.code} {period.label} (released figures only): "
        f"ours {ours_public * 1000:.1f} ms, DuckDB {duck_picture * 1000:.1f} ms; "
        f"ratio ours / DuckDB {ours_public / duck_picture:.2f}x"
    )
    say(
        f"(d) area profile of {profiled.name} over {len(with_figures)} measures: "
        f"ours {ours_profile * 1000:.1f} ms, DuckDB {duck_profile * 1000:.1f} ms; "
        f"ratio ours / DuckDB {ours_profile / duck_profile:.2f}x"
    )
    few = len(selection.few())
    say(f"    indicators chosen by five or fewer agreements: {few}")
    connection.close()


def check_picture(picture, rows) -> None:
    ours = {a.area_id: a for a in picture.areas}
    assert len(rows) == len(ours), (len(rows), len(ours))
    d = picture.distribution
    q = rows[0][11]  # the England quartiles
    assert math.isclose(d.lower_quartile, q[0]) and math.isclose(d.median, q[1])
    for row in rows:
        area = ours[row[0]]
        assert area.rank_england == row[2] and area.rank_region == row[3], (area, row)
        assert area.band_england == row[4] and area.band_region == row[5], (area, row)
        assert area.direction.value == row[8], (area, row)
        if row[6] is not None:
            assert math.isclose(area.target, row[6])


if __name__ == "__main__":
    run()
