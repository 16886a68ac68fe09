"""Benchmark: the collect-once ledger (issue 15 item 5, rule M6) over a national-scale
synthetic data set.

Built once, not timed, as ``bench_national`` builds its own (its functions, with a
database of this benchmark's own, ``localperf_bench_ledger``, created afresh):
``BENCH_ROWS`` observations (default 200,000) through our import, and one approved
agreement of 35 designated targets for each of ``BENCH_AGREEMENTS`` upper-tier areas.

Timed, median of ``BENCH_RUNS`` runs (default 5): ``selectors.collect_once_ledger``,
every figure read and counted by area and period (way in, supplier, uses by kind,
duplicates avoided) with the national totals.

Baseline, same run, same rows: the figures, targets, measures and periods copied (not
timed) into an in-memory DuckDB database, and one DuckDB query counting, per area and
period, the figures supplied, their uses by the agreements' targets (measure × area ×
whole population, within the term's reach) and by the public pages, and the duplicates
avoided. The synthetic set has no MAA, assessment or report, so those uses are nought in
both. The ratio is ours / DuckDB's; the totals are checked equal.

Run it with ``make bench``, or ``BENCH_ROWS=100000 .venv/bin/python bench/bench_ledger.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("BENCH_ROWS", "200000")
os.environ.setdefault("BENCH_RUNS", "5")

import polars as pl  # noqa: E402

from bench import bench_national as built  # noqa: E402  (after the defaults above)

built.PG_DATABASE = "localperf_bench_ledger"

LEDGER_SQL = """
WITH t AS (
    SELECT COALESCE(t.measure_id, m.id) AS measure_id, t.area_id
    FROM targets t JOIN measures m ON m.indicator_id = t.indicator_id AND m.part = ''
    WHERE t.status = 'active'
), used AS (
    SELECT o.id, count(*) AS n
    FROM obs o
    JOIN periods p ON p.id = o.period_id
    JOIN t ON t.measure_id = o.measure_id AND t.area_id = o.area_id
    WHERE o.group_id = $whole AND p.finish BETWEEN $reach_from AND $reach_to
    GROUP BY o.id
), per_figure AS (
    SELECT o.area_id, o.period_id, COALESCE(u.n, 0) + o.public AS uses
    FROM obs o LEFT JOIN used u ON u.id = o.id
)
SELECT area_id, period_id, count(*) AS supplied, sum(uses) AS uses,
       sum(greatest(uses - 1, 0)) AS duplicates_avoided
FROM per_figure GROUP BY area_id, period_id
"""


def duckdb_copy():
    """The rows the ledger reads, copied into DuckDB (not timed)."""
    import duckdb

    from localperf.frames import frame_read

    db = duckdb.connect()
    public = "CASE WHEN status = 'final' THEN 1 ELSE 0 END"
    tables = {
        "obs": frame_read(
            f"SELECT id, measure_id, area_id, period_id, population_group_id, {public} "
            "FROM observations_observation WHERE is_current",
            dict.fromkeys(["id", "measure_id", "area_id", "period_id", "group_id", "public"],
                          pl.Int64),
        ),
        "targets": frame_read(
            "SELECT t.indicator_id, t.measure_id, a.area_id, t.status FROM agreements_target t "
            "JOIN agreements_agreement a ON a.id = t.agreement_id",
            {"indicator_id": pl.Int64, "measure_id": pl.Int64, "area_id": pl.Int64,
             "status": pl.String},
        ),
        "measures": frame_read(
            "SELECT id, indicator_id, part FROM indicators_measure",
            {"id": pl.Int64, "indicator_id": pl.Int64, "part": pl.String},
        ),
        "periods": frame_read(
            'SELECT id, "end" FROM observations_reportingperiod',
            {"id": pl.Int64, "finish": pl.Date},
        ),
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="localperf-bench-ledger-") as temporary:
        for name, table in tables.items():
            path = Path(temporary) / f"{name}.parquet"
            table.write_parquet(path)
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
    return db


def load_observations(directory: Path) -> None:
    """``bench_national``'s synthetic figures less the measures our checks refuse some
    rows of (indicators withdrawn before a period, rule D2: the summary of a check lists
    only the first refusals, so each check may find more), imported in one file."""
    from bench.synthetic import national_bulk, write_csv
    from localperf.observations.importing.services import observation_import

    frame = national_bulk(built.ROWS, seed=built.SEED)
    left_out: set[str] = set()
    for _ in range(5):
        frame = frame.filter(~pl.col("measure").is_in(sorted(left_out)))
        path = directory / "national.csv"
        write_csv(frame, path)
        result = observation_import(file=path.read_bytes(), user=None, dry_run=False)
        if result.status == "committed":
            built.say(f"  {frame.height:,} observations imported (left out: {sorted(left_out)})")
            return
        lines = [problem.line - 2 for problem in result.problems]  # the header is line 1
        left_out |= set(frame[lines]["measure"].to_list())
    raise SystemExit(f"the import failed: {result.message} {result.problems[:5]}")


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="localperf-bench-ledger-") as temporary:
        built.say(f"bench_ledger: PostgreSQL {built.PG_SERVER}/{built.PG_DATABASE}")
        built.setup_database()
        load_observations(Path(temporary))
        built.make_agreements()

    from django.db import connection

    from localperf.agreements.models import Agreement
    from localperf.monitoring import engine
    from localperf.monitoring.periods import agreement_years
    from localperf.national import selectors
    from localperf.places.models import PopulationGroup

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    ours, ledger = built.median_time(selectors.collect_once_ledger)
    years = agreement_years(Agreement.objects.values_list("term", flat=True).first())
    parameters = {
        "whole": PopulationGroup.objects.whole_population().pk,
        "reach_from": engine.comparison_reach(years[0].start),
        "reach_to": years[-1].end,
    }
    db = duckdb_copy()
    duck, rows = built.median_time(lambda: db.execute(LEDGER_SQL, parameters).fetchall())

    totals = ledger.totals.counts
    expected = (sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows))
    got = (totals["supplied"], totals["uses"], totals["duplicates_avoided"])
    assert got == expected, (got, expected)
    assert len(ledger.rows) == len(rows), (len(ledger.rows), len(rows))
    built.say(
        f"collect-once ledger of {totals['supplied']:,} figures in {len(rows):,} area × period "
        f"rows ({totals['uses']:,} uses): ours {ours * 1000:.1f} ms, DuckDB {duck * 1000:.1f} ms "
        f"(median of {built.RUNS}); ratio ours / DuckDB {ours / duck:.2f}x"
    )
    connection.close()


if __name__ == "__main__":
    run()
