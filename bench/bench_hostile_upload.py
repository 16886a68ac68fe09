"""Benchmark: what a hostile upload costs against a valid file of the same size (issue 11,
"upload cost": 35 MB of unknown area codes held a server for over 12 minutes).

Measured in one run, on SQLite (a file in a temporary directory, the registers loaded):
a dry run (parse, check every row, plan) of a valid national bulk file of
``BENCH_HOSTILE_MB`` megabytes (default 35, ``bench/synthetic.py``), then of hostile files
of the same size:

- unknown codes: every row names an unknown area, 25,000 different ones (the finding);
- the same with one quoted cell, which sends the file to the exact (Python) reader;
- made-up periods: every row names a period of its own;
- ragged rows: every row has a cell more than the header;
- one long line: the whole file on one line;
- a workbook whose one cell holds the file's size in letters (a 300 MB cell in the
  finding; here the workbook packs to a fraction of the size, the cell unpacks to it);
- a zip bomb: a workbook whose parts unpack to a gigabyte.

Each is timed as the best of ``BENCH_HOSTILE_RUNS`` (default 2), in CPU time (of every
thread: Polars uses several) and wall time, and printed with its ratio to the valid
file's CPU time (the machine may be shared, which stretches wall times but not CPU
times): below 1, refusing the hostile file costs less than checking a valid one. Run it
with ``make bench`` or ``.venv/bin/python bench/bench_hostile_upload.py``.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 2**20
SIZE = int(float(os.environ.get("BENCH_HOSTILE_MB", "35")) * 1_000_000)
RUNS = int(os.environ.get("BENCH_HOSTILE_RUNS", "2"))
DISTINCT_UNKNOWN = 25_000
HEADER = b"measure,area,period,group,value\n"


def say(text: str = "") -> None:
    print(text, flush=True)


def django_setup(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'hostile.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    say(f"  database ready (migrated, registers loaded) in {time.perf_counter() - started:.1f} s")


# --- the files ------------------------------------------------------------------------


def valid_file(size: int) -> bytes:
    from bench.synthetic import national_bulk, write_csv

    rows = size // 40  # more than enough: the text is cut to size at a line's end
    content = write_csv(national_bulk(rows))
    return content[:size].rsplit(b"\n", 1)[0] + b"\n"


def unknown_codes(size: int) -> bytes:
    block = b"".join(b"NI 195,Q%08d,2008/09,,%d\n" % (n, n % 97) for n in range(DISTINCT_UNKNOWN))
    body = block * (size // len(block) + 1)
    return (HEADER + body)[:size].rsplit(b"\n", 1)[0] + b"\n"


def unknown_codes_quoted(size: int) -> bytes:
    return (HEADER + b'"NI 195",E06000001,2008/09,,1\n' + unknown_codes(size)[len(HEADER) :])[
        :size
    ].rsplit(b"\n", 1)[0] + b"\n"


def made_up_periods(size: int) -> bytes:
    rows = b"".join(b"NI 195,E06000001,P%08d,,1\n" % n for n in range(size // 26 + 1))
    return (HEADER + rows)[:size].rsplit(b"\n", 1)[0] + b"\n"


def ragged_rows(size: int) -> bytes:
    rows = unknown_codes(size)[len(HEADER) :].replace(b"\n", b",x\n")
    return (HEADER + rows)[:size].rsplit(b"\n", 1)[0] + b"\n"


def one_long_line(size: int) -> bytes:
    return HEADER + b"NI 195,E06000001,2008/09,," + b"7" * (size - len(HEADER) - 26)


def _workbook(write_parts: Callable[[zipfile.ZipFile], None]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        write_parts(package)
    return buffer.getvalue()


def huge_cell(size: int) -> bytes:
    def parts(package: zipfile.ZipFile) -> None:
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>')
            for _ in range(size // MB):
                sheet.write(b"a" * MB)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")

    return _workbook(parts)


def zip_bomb(_size: int) -> bytes:
    def parts(package: zipfile.ZipFile) -> None:
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(1024):
                sheet.write(b" " * MB)

    return _workbook(parts)


# --- timing ---------------------------------------------------------------------------


def best_time(content: bytes, name: str) -> tuple[float, float, str]:
    """The least CPU time and wall time of the runs, and what the last one said."""
    from localperf.observations.importing.services import observation_import

    cpu, wall, outcome = [], [], ""
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = observation_import(file=content, user=None, dry_run=True, file_name=name)
        cpu.append(time.process_time() - cpu_started)
        wall.append(time.perf_counter() - started)
        outcome = f"{result.status}: {result.message[:100]}"
    return min(cpu), min(wall), outcome


def main() -> None:
    say(f"Hostile uploads against a valid file of {SIZE / 1e6:g} MB (best of {RUNS}):")
    with tempfile.TemporaryDirectory(prefix="bench_hostile_") as folder:
        django_setup(Path(folder))
        valid = valid_file(SIZE)
        valid_cpu, valid_wall, outcome = best_time(valid, "valid.csv")
        say(
            f"  valid file, {len(valid):,} bytes: CPU {valid_cpu:.2f} s, wall "
            f"{valid_wall:.2f} s ({outcome})"
        )
        for label, make, name in [
            ("unknown area codes", unknown_codes, "unknown.csv"),
            ("unknown area codes, one quoted cell", unknown_codes_quoted, "quoted.csv"),
            ("made-up periods", made_up_periods, "periods.csv"),
            ("ragged rows", ragged_rows, "ragged.csv"),
            ("one long line", one_long_line, "long-line.csv"),
            ("one huge cell", huge_cell, "huge-cell.xlsx"),
            ("zip bomb (1 GB unpacked)", zip_bomb, "bomb.xlsx"),
        ]:
            content = make(SIZE)
            cpu, wall, outcome = best_time(content, name)
            say(
                f"  {label}, {len(content):,} bytes: CPU {cpu:.2f} s, wall {wall:.2f} s, "
                f"ratio to the valid file {cpu / valid_cpu:.2f} ({outcome})"
            )


if __name__ == "__main__":
    main()
