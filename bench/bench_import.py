"""Benchmark: importing a national bulk file of observations (issue 4's speed goals).

Measured in one run, on the same file (``bench/synthetic.py``, ``BENCH_ROWS`` rows,
default 1,000,000), into a store already holding ``BENCH_STORE_ROWS`` observations
(default the same number; the file's oldest period overlaps the store's newest, with
10% of those figures revised, so the import creates, updates and leaves unchanged):

PostgreSQL (a database of its own, ``localperf_bench``, created afresh):
- a raw ``COPY`` of the file into an unindexed table (best of three);
- our import of the file: parse, check every row, plan against the store, write, commit
  (best of ``BENCH_OUR_RUNS``, default three, like the COPY: each run on a fresh copy of
  the populated store, ``CREATE DATABASE … TEMPLATE``, as an import changes its store);
- a naive ``bulk_create`` of the same kind of rows (codes looked up in dictionaries,
  model instances, ``bulk_create(batch_size=500)``, the fastest batch size of those tried
  from 100 to 5,000): run on ``BENCH_NAIVE_ROWS`` rows (default 100,000) of a period the
  file does not hold, then rolled back (and the table vacuumed), and scaled to the
  file's size.

SQLite (a file in a temporary directory): a raw ``executemany`` of the file's rows
(already parsed into tuples: the stricter baseline) into an unindexed table, against
our import of the same file.

Memory (issue 16), on each database: the peak resident set size of the command line's
import (``manage.py import_observations``, in a process of its own, as an operator runs
it) of the same file into a fresh copy of the populated store, against the goal of
600 MB for the 1,000,000-row file. ``BENCH_MEMORY=0`` skips it.

It prints the times, the ratios and the peak RSS. Run it with ``make bench``, or
``BENCH_ROWS=200000 .venv/bin/python bench/bench_import.py`` for a quicker look.
Other settings: ``BENCH_PG_URL`` (the server, default postgres://postgres@127.0.0.1:5432),
``BENCH_SQLITE=0`` to skip SQLite, ``BENCH_SQLITE_ROWS``.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
STORE_ROWS = int(os.environ.get("BENCH_STORE_ROWS", str(ROWS)))
NAIVE_ROWS = min(int(os.environ.get("BENCH_NAIVE_ROWS", "100000")), ROWS)
SQLITE_ROWS = int(os.environ.get("BENCH_SQLITE_ROWS", str(ROWS)))
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DATABASE = "localperf_bench"
PG_GOAL = 6.0
OUR_RUNS = int(os.environ.get("BENCH_OUR_RUNS", "3"))
SQLITE_GOAL = 5.0
MEMORY = os.environ.get("BENCH_MEMORY", "1") != "0"
MEMORY_GOAL_MB = 600
RAW_COLUMNS = (
    "measure text, area text, period text, grp text, value float8, numerator float8, "
    "denominator float8, ci_lower float8, ci_upper float8, sample_size integer, "
    "status text, note text"
)


def say(text: str = "") -> None:
    print(text, flush=True)


# --- the files ------------------------------------------------------------------------


def make_files(directory: Path, rows: int, store_rows: int) -> dict[str, Path]:
    from bench.synthetic import national_bulk, series_count, write_csv

    periods = math.ceil(rows / series_count())
    oldest = periods - 1  # the store's newest period is the file's oldest
    files = {
        "file": directory / "national_bulk.csv",
        "store": directory / "store.csv",
        "naive": directory / "naive_sample.csv",
    }
    write_csv(national_bulk(rows, revised_period=oldest), files["file"])
    write_csv(national_bulk(store_rows, first_period=oldest), files["store"])
    write_csv(national_bulk(NAIVE_ROWS, first_period=-1), files["naive"])
    return files


# --- shared steps (run inside a child process, with Django set up) -------------------


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    say(f"  database ready (migrated, reference data loaded) in {elapsed:.1f} s")


def our_import(path: Path, label: str, *, dry_run: bool = False) -> float:
    from localperf.observations.importing.services import observation_import

    content = path.read_bytes()
    phases: list[tuple[float, str]] = []

    def echo(percent: int, phase: str) -> None:
        if not phases or phases[-1][1] != phase:
            phases.append((time.perf_counter(), phase))

    started = time.perf_counter()
    result = observation_import(
        file=content, user=None, dry_run=dry_run, file_name=path.name, echo=echo
    )
    elapsed = time.perf_counter() - started
    if result.status not in {"committed", "dry_run"}:
        raise SystemExit(f"{label} failed: {result.message} {result.problems[:5]}")
    say(f"  {label}: {result.counts} in {elapsed:.2f} s")
    steps = [f"{phase} {when - started:.2f}" for when, phase in phases]
    say("    (phases start at: " + "; ".join(steps) + ")")
    return elapsed


def read_rows(path: Path) -> list[tuple]:
    """The file's rows as typed tuples, the way a raw loader would hold them."""

    def number(text: str) -> float | None:
        return float(text) if text else None

    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for r in reader:
            rows.append(
                (
                    r[0], r[1], r[2], r[3] or None, float(r[4]), number(r[5]), number(r[6]),
                    number(r[7]), number(r[8]), int(r[9]) if r[9] else None, r[10], r[11],
                )
            )  # fmt: skip
    return rows


# --- PostgreSQL -----------------------------------------------------------------------


def postgres(files: dict[str, Path]) -> None:
    import psycopg

    say(f"PostgreSQL ({PG_SERVER}/{PG_DATABASE}), {ROWS:,} rows into a store of {STORE_ROWS:,}")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    django_setup(f"{PG_SERVER}/{PG_DATABASE}")
    from django.db import connection

    our_import(files["store"], "populating the store (not timed)")
    vacuum(connection)

    raw = raw_copy(connection, files["file"])
    naive_per_row = naive_bulk_create(connection, files["naive"])
    vacuum(connection)
    runs = []
    for run in range(1, OUR_RUNS + 1):
        with store_copy(connection):
            runs.append(our_import(files["file"], f"our import, run {run} of {OUR_RUNS}"))
            if run == OUR_RUNS:
                our_import(
                    files["file"], "the same file again, dry run (every row unchanged)",
                    dry_run=True,
                )  # fmt: skip
    ours = min(runs)
    naive = naive_per_row * ROWS

    ratio = ours / raw
    say(f"PostgreSQL raw COPY of the file into an unindexed table: {raw:.2f} s (best of 3)")
    say(
        f"PostgreSQL our import of {ROWS:,} validated rows into a populated store: "
        f"{ours:.2f} s (best of {OUR_RUNS}; median {statistics.median(runs):.2f} s, "
        f"median ratio {statistics.median(runs) / raw:.2f}x)"
    )
    verdict = "goal met" if ratio <= PG_GOAL else "goal NOT met"
    say(f"PostgreSQL ratio our import / raw COPY: {ratio:.2f}x (goal <= {PG_GOAL:g}x: {verdict})")
    if MEMORY:
        with store_copy(connection):
            name = connection.settings_dict["NAME"]
            peak_say("PostgreSQL", command_peak(f"{PG_SERVER}/{name}", files["file"]))
    say(
        f"PostgreSQL naive bulk_create: {naive:.1f} s for {ROWS:,} rows "
        f"(measured on {NAIVE_ROWS:,} rows, scaled)"
    )
    say(f"PostgreSQL ratio our import / naive bulk_create: {ours / naive:.2f}x")
    connection.close()


@contextmanager
def store_copy(connection) -> Iterator[None]:
    """The block runs on a fresh copy of the populated store, dropped afterwards."""
    import psycopg

    copy = f"{PG_DATABASE}_run"
    connection.close()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {copy} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {copy} TEMPLATE {PG_DATABASE}")
    connection.settings_dict["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = PG_DATABASE
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {copy} WITH (FORCE)")


def vacuum(connection) -> None:
    # Dead index entries left by a rolled-back run would slow the next one's unique checks.
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE observations_observation")


def raw_copy(connection, path: Path) -> float:
    content = path.read_bytes()
    best = float("inf")
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw ({RAW_COLUMNS})")
        for _ in range(3):
            cursor.execute("TRUNCATE bench_raw")
            started = time.perf_counter()
            with cursor.copy("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)") as copy:
                copy.write(content)
            best = min(best, time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_raw")
    return best


def naive_bulk_create(connection, path: Path) -> float:
    """Seconds per row of the obvious Django loader, measured then rolled back."""
    from django.db import transaction
    from django.utils import timezone

    from localperf.indicators.models import Measure
    from localperf.observations.models import Observation, ReportingPeriod
    from localperf.places.models import Area, PopulationGroup

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            measures = {m.code: m.pk for m in Measure.objects.select_related("indicator")}
            areas = dict(Area.objects.values_list("code", "pk"))
            groups = {
                ("" if d == "all" else f"{d}:{c}"): pk
                for pk, d, c in PopulationGroup.objects.values_list("pk", "dimension", "code")
            }
            periods: dict[str, int] = {}
            objects = []
            with path.open(newline="", encoding="utf-8") as handle:
                for r in csv.DictReader(handle):
                    label = r["period"]
                    if label not in periods:
                        periods[label] = ReportingPeriod.from_label(label).pk
                    objects.append(
                        Observation(
                            measure_id=measures[r["measure"]],
                            area_id=areas[r["area"]],
                            period_id=periods[label],
                            population_group_id=groups[r["group"]],
                            value=float(r["value"]),
                            numerator=float(r["numerator"]) if r["numerator"] else None,
                            denominator=float(r["denominator"]) if r["denominator"] else None,
                            ci_lower=float(r["ci_lower"]) if r["ci_lower"] else None,
                            ci_upper=float(r["ci_upper"]) if r["ci_upper"] else None,
                            sample_size=int(r["sample_size"]) if r["sample_size"] else None,
                            status=r["status"],
                            note=r["note"],
                            recorded_at=timezone.now(),
                        )
                    )
            Observation.objects.bulk_create(objects, batch_size=500)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed / NAIVE_ROWS


# --- SQLite ---------------------------------------------------------------------------


def sqlite(files: dict[str, Path], directory: Path) -> None:
    rows = SQLITE_ROWS
    say(f"SQLite, {rows:,} rows into a store of {STORE_ROWS:,}")
    django_setup(f"sqlite:///{directory / 'bench.sqlite3'}")
    from django.db import connection

    our_import(files["store"], "populating the store (not timed)")
    if MEMORY:
        connection.close()
        store = directory / "memory.sqlite3"
        shutil.copyfile(directory / "bench.sqlite3", store)
        peak = command_peak(f"sqlite:///{store}", files["file"])
        store.unlink()
    raw = raw_executemany(connection, files["file"])
    ours = our_import(files["file"], "our import")
    ratio = ours / raw
    verdict = "goal met" if ratio <= SQLITE_GOAL else "goal NOT met"
    say(f"SQLite raw executemany of the parsed rows into an unindexed table: {raw:.2f} s")
    say(f"SQLite our import of {rows:,} validated rows into a populated store: {ours:.2f} s")
    say(
        f"SQLite ratio our import / raw executemany: {ratio:.2f}x "
        f"(goal <= {SQLITE_GOAL:g}x: {verdict})"
    )
    if MEMORY:
        peak_say("SQLite", peak)
    connection.close()


# --- memory ---------------------------------------------------------------------------


def command_peak(database_url: str, path: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``manage.py import_observations`` importing the file
    into the database, in a process of its own: the figure ``/usr/bin/time -v`` gives."""
    log = path.with_suffix(".log")
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, str(ROOT / "manage.py"), "import_observations", str(path)]
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"the command's import failed:\n{log.read_text()[-2000:]}")
    return usage.ru_maxrss / 1024, elapsed  # ru_maxrss is in kB on Linux


def peak_say(database: str, measured: tuple[float, float]) -> None:
    peak, elapsed = measured
    verdict = "goal met" if peak <= MEMORY_GOAL_MB else "goal NOT met"
    if ROWS != 1_000_000:
        verdict = f"the goal is for 1,000,000 rows; this file has {ROWS:,}"
    say(
        f"{database} peak RSS of the command's import of {ROWS:,} rows: {peak:.0f} MB "
        f"in {elapsed:.1f} s, process start included (goal <= {MEMORY_GOAL_MB} MB: {verdict})"
    )


def raw_executemany(connection, path: Path) -> float:
    rows = read_rows(path)
    connection.ensure_connection()
    raw = connection.connection
    raw.execute(f"CREATE TABLE bench_raw ({RAW_COLUMNS.replace('float8', 'real')})")
    raw.commit()
    started = time.perf_counter()
    raw.execute("BEGIN")  # one transaction, as our import's
    raw.executemany(f"INSERT INTO bench_raw VALUES ({', '.join('?' * 12)})", rows)
    raw.execute("COMMIT")
    elapsed = time.perf_counter() - started
    raw.execute("DROP TABLE bench_raw")
    raw.commit()
    return elapsed


# --- orchestration --------------------------------------------------------------------


def child(kind: str, directory: Path) -> None:
    files = {
        "file": directory / "national_bulk.csv",
        "store": directory / "store.csv",
        "naive": directory / "naive_sample.csv",
    }
    if kind == "postgres":
        postgres(files)
    else:
        sqlite(files, directory)


def main() -> None:
    if len(sys.argv) == 3:
        child(sys.argv[1], Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory(prefix="localperf-bench-") as temporary:
        directory = Path(temporary)
        started = time.perf_counter()
        make_files(directory, ROWS, STORE_ROWS)
        size = (directory / "national_bulk.csv").stat().st_size / 2**20
        say(f"bench_import: synthetic national bulk file of {ROWS:,} rows ({size:.0f} MB) "
            f"made in {time.perf_counter() - started:.1f} s")  # fmt: skip
        kinds = ["postgres"] + (["sqlite"] if os.environ.get("BENCH_SQLITE", "1") != "0" else [])
        for kind in kinds:
            # Each database in a process of its own: Django reads DATABASE_URL at start-up.
            done = subprocess.run([sys.executable, __file__, kind, str(directory)], check=False)
            if done.returncode:
                raise SystemExit(done.returncode)


if __name__ == "__main__":
    main()
