"""Benchmark: the Government Office's region view (``/national/regions/<code>/``), its
table built on every request (the kept tables forgotten before each) against kept
between requests (``national.selectors.region._kept_table``), on the demo as at 30
November 2009 (``bench_pages``' data), with a trivial page measured in the same run as
the baseline. Run: ``.venv/bin/python bench/bench_region.py``."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_pages import TRIVIAL, prepare, say, setup, timed  # noqa: E402

RUNS = 7


def main() -> None:
    setup()
    prepare()
    from django.test import Client

    from localperf.accounts.models import User
    from localperf.agreements.models import Agreement
    from localperf.national.selectors import region

    client = Client()
    trivial_ms = max(statistics.median([timed(client, TRIVIAL)[0] for _ in range(5)]), 0.01)
    client.force_login(User.objects.get(username="demo-admin"))
    codes = sorted(
        set(Agreement.objects.filter(kind="laa").values_list("area__region__code", flat=True))
    )
    say(f"  trivial page: {trivial_ms:.1f} ms (the baseline)")
    for code in codes:
        address = f"/national/regions/{code}/"
        built = []
        for _ in range(RUNS):
            region._REGION_TABLES.clear()
            started = time.perf_counter()
            assert client.get(address).status_code == 200
            built.append((time.perf_counter() - started) * 1000)
        kept_ms, _ = timed(client, address)
        built_ms = statistics.median(built)
        say(
            f"  {address}: built {built_ms:.1f} ms ({built_ms / trivial_ms:.1f}x trivial), "
            f"kept {kept_ms:.1f} ms ({kept_ms / trivial_ms:.1f}x trivial), "
            f"built/kept {built_ms / kept_ms:.1f}x"
        )


if __name__ == "__main__":
    main()
