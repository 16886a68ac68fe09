"""Benchmark: what SDMX-CSV costs against the import layout's CSV, on the same figures
(issue 15 item 7, rule M6).

Measured in one run, on one synthetic national file (``bench/synthetic.py``,
``BENCH_SDMX_ROWS`` rows, default 200,000), best of three each:

- reading: ``parse_file`` of the layout's CSV (the baseline) and of the same figures as
  SDMX-CSV (read into the same cells: header, rows, structure, action, time periods,
  groups and statuses translated); neither file needs a quote, so both take the fast
  (Polars) reader;
- writing: the layout's CSV (``export.frame_export``, the baseline) and SDMX-CSV
  (``sdmx.frame_sdmx`` then the same CSV writer), from the same frame.

Neither touches the database. It prints the times and the ratios (SDMX / layout).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_SDMX_ROWS", "200000"))


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    import polars as pl

    from bench.synthetic import national_bulk
    from localperf.observations.importing import sdmx
    from localperf.observations.importing.export import frame_export
    from localperf.observations.importing.parse import parse_file
    from localperf.web.downloads import frame_csv

    figures = national_bulk(ROWS).with_columns(
        pl.col("group").fill_null(""),
        pl.col("note").fill_null(""),
        area_name=pl.lit("Hartlepool"),
        measure_title=pl.lit("A measure"),
        unit=pl.lit("%"),
        released=pl.lit("Y"),
        corrected=pl.lit("N"),
    )
    layout = frame_export(figures)
    flow = frame_csv(sdmx.frame_sdmx(figures))
    parsed = parse_file(flow)
    assert parsed.rows.height == ROWS and not parsed.problems, parsed.problems[:3]

    read_layout = best_of(3, lambda: parse_file(layout))
    read_sdmx = best_of(3, lambda: parse_file(flow))
    write_layout = best_of(3, lambda: frame_export(figures))
    write_sdmx = best_of(3, lambda: frame_csv(sdmx.frame_sdmx(figures)))
    print(f"SDMX-CSV against the layout's CSV, {ROWS:,} figures (best of 3)")
    print(f"  read:  layout {read_layout:.3f} s, SDMX {read_sdmx:.3f} s: "
          f"{read_sdmx / read_layout:.2f}x")  # fmt: skip
    print(f"  write: layout {write_layout:.3f} s, SDMX {write_sdmx:.3f} s: "
          f"{write_sdmx / write_layout:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
