"""Benchmark: recomputing every target's status at national scale (issue 4's speed goal).

The data set: every upper-tier area live on 1 April 2009 (about 150) with a three-year
agreement of 35 designated targets, one on each of the 35 measures of the synthetic
national file (``bench/synthetic.py``), each with a baseline and a trajectory; and that
national file of ``BENCH_ROWS`` observations (default 1,000,000; all areas, groups and
periods), imported through the ordinary import.

Measured in the same run, ``BENCH_REPEAT`` times each (default 3), medians printed:

- ours: ``assessments_recompute()`` for every target — read targets, versions,
  trajectories, periods and observations, compute every status (profile, variance,
  rating, direction, projection), replace the stored assessments;
- the baseline: one SQL statement joining the same current observations (whole
  population, the targets' measures and areas) to the version in force and its
  trajectory value for the year, computing variance and a RAG rating, written into a
  table (``CREATE TABLE … AS SELECT``).

The baseline runs with the server's planner settings. Our observations read prices
random page reads low for itself (``random_page_cost`` 1.1, reset afterwards); given the
same for the whole session, the baseline's plan is slower (0.113 s against 0.086 s when
measured), so the ratio printed is against its better time.

Goal: ours at most 2× the baseline. The database: PostgreSQL when ``DATABASE_URL`` is
set (a database of its own on that server, ``localperf_bench_status``, made afresh), as
the goal is stated for PostgreSQL; otherwise SQLite in a temporary file.
``BENCH_ROWS=200000 .venv/bin/python bench/bench_status.py`` for a quicker look.
"""

from __future__ import annotations

import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PG_DATABASE = "localperf_bench_status"
GOAL = 2.0
AS_AT = datetime.date(2010, 11, 30)
YEARS = ("2008/09", "2009/10", "2010/11")


def say(text: str = "") -> None:
    print(text, flush=True)


def database_url(directory: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{directory / 'bench_status.sqlite3'}"
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{server}/{PG_DATABASE}"


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())


def agreements_build() -> int:
    """~150 agreements × 35 targets with versions and trajectories, in bulk."""
    from django.db import transaction

    from bench.synthetic import reference_measures
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
    from localperf.indicators.models import Measure
    from localperf.organisations.models import Organisation
    from localperf.places.models import Area

    codes = [m.code for m in reference_measures()]
    measures = {m.code: m for m in Measure.objects.select_related("indicator")}
    chosen = [measures[code] for code in codes]
    areas = list(Area.objects.upper_tier().live_on(datetime.date(2009, 4, 1)))
    councils = {o.area_id: o for o in Organisation.objects.filter(area__in=areas)}
    fallback = Organisation.objects.first()
    themes = list(LaaTheme)
    with transaction.atomic():
        agreements = Agreement.objects.bulk_create(
            Agreement(
                area=area,
                responsible_authority=councils.get(area.pk, fallback),
                title=f"{area.name} LAA",
                status=AgreementStatus.IN_FORCE,
                approved_on=datetime.date(2008, 6, 30),
            )
            for area in areas
        )
        targets = Target.objects.bulk_create(
            Target(
                agreement=agreement,
                category=TargetCategory.DESIGNATED,
                indicator=measure.indicator,
                measure=measure,
                theme=themes[i % len(themes)],
                scope_key=scope_key(measure_id=measure.pk),
            )
            for agreement in agreements
            for i, measure in enumerate(chosen)
        )
        versions = TargetVersion.objects.bulk_create(
            TargetVersion(
                target=target,
                number=1,
                effective_from=datetime.date(2008, 4, 1),
                baseline_value=50,
                baseline_period="2007/08",
            )
            for target in targets
        )
        TrajectoryValue.objects.bulk_create(
            TrajectoryValue(version=version, year=year, value=50 + 2 * (k + 1))
            for version in versions
            for k, year in enumerate(YEARS)
        )
    return len(targets)


def observations_import() -> None:
    from bench.synthetic import national_bulk, write_csv
    from localperf.observations.importing.services import observation_import

    content = write_csv(national_bulk(ROWS))
    started = time.perf_counter()
    result = observation_import(file=content, user=None, dry_run=False, file_name="national.csv")
    if result.status != "committed":
        raise SystemExit(f"import failed: {result.message}")
    say(f"  imported {ROWS:,} observations in {time.perf_counter() - started:.1f} s (not timed)")


def sql_baseline() -> tuple[float, int]:
    """One statement: observations joined to the version in force and its year's target."""
    from django.db import connection, transaction

    from localperf.agreements.models import Agreement, Target, TargetVersion, TrajectoryValue
    from localperf.observations.models import Observation, ReportingPeriod
    from localperf.places.models import PopulationGroup

    whole = PopulationGroup.objects.whole_population().pk
    if connection.vendor == "postgresql":
        start_year = "CAST(EXTRACT(YEAR FROM p.\"end\" - INTERVAL '3 months') AS integer)"
        fy_label = (
            f"CAST({start_year} AS text) || '/' || "
            f"LPAD(CAST(MOD({start_year} + 1, 100) AS text), 2, '0')"
        )
    else:
        start_year = "CAST(strftime('%Y', date(p.\"end\", '-3 months')) AS integer)"
        fy_label = (
            f"CAST({start_year} AS text) || '/' || "
            f"substr('0' || CAST(({start_year} + 1) % 100 AS text), -2)"
        )
    sign = "CASE WHEN i.polarity = 'lower' THEN -1 ELSE 1 END"
    variance = f"(o.value - tv.value) / ABS(tv.value) * 100 * ({sign})"
    sql = f"""
        CREATE TABLE bench_sql_status AS
        SELECT t.id AS target_id, o.period_id, tv.value AS profile, o.value AS actual,
               {variance} AS variance,
               CASE WHEN tv.value = 0 THEN 'not_rated'
                    WHEN {variance} >= 0 THEN 'green'
                    WHEN {variance} >= -5 THEN 'amber' ELSE 'red' END AS rating
        FROM {Observation._meta.db_table} o
        JOIN {ReportingPeriod._meta.db_table} p ON p.id = o.period_id
        JOIN {Target._meta.db_table} t ON t.measure_id = o.measure_id
        JOIN {Agreement._meta.db_table} a ON a.id = t.agreement_id AND a.area_id = o.area_id
        JOIN indicators_indicator i ON i.id = t.indicator_id
        JOIN {TargetVersion._meta.db_table} v ON v.target_id = t.id
             AND v.effective_from <= p."end"
             AND (v.effective_to IS NULL OR p."end" <= v.effective_to)
        JOIN {TrajectoryValue._meta.db_table} tv ON tv.version_id = v.id AND tv.year = {fy_label}
        WHERE o.is_current AND o.population_group_id = {whole} AND t.status = 'active'
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_sql_status")
        started = time.perf_counter()
        cursor.execute(sql)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT COUNT(*) FROM bench_sql_status")
        count = cursor.fetchone()[0]
    return elapsed, count


def ours() -> tuple[float, int]:
    from localperf.monitoring.services import assessments_recompute

    started = time.perf_counter()
    summary = assessments_recompute(today=AS_AT)
    return time.perf_counter() - started, summary.assessments


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="localperf-bench-status-") as temporary:
        url = database_url(Path(temporary))
        django_setup(url)
        from django.db import connection

        say(f"bench_status: {connection.vendor}, {ROWS:,} synthetic observations")
        say(f"  {agreements_build():,} targets in agreements for every upper-tier area")
        observations_import()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        ours()  # warm up: the periods the schedules need are created once
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(ours)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        sql_baseline()
        our_times, sql_times = [], []
        for _ in range(REPEAT):
            elapsed, written = ours()
            our_times.append(elapsed)
            elapsed, joined = sql_baseline()
            sql_times.append(elapsed)
        mine, theirs = statistics.median(our_times), statistics.median(sql_times)
        say(f"  medians of {REPEAT} runs each")
        say(f"  ours, assessments_recompute of every target: {mine:.3f} s")
        say(f"    {written:,} assessments written")
        say(f"  baseline, one SQL pass joining observations to trajectories: {theirs:.3f} s")
        say(f"    {joined:,} rows written")
        ratio = mine / theirs
        verdict = "goal met" if ratio <= GOAL else "goal NOT met"
        say(f"  ratio ours / SQL pass: {ratio:.2f}x (goal <= {GOAL:g}x: {verdict})")
        connection.close()


if __name__ == "__main__":
    main()
