"""Benchmark: the public area page and target page against the trivial page (issue 16:
"public area page and target page ≤ 3× the trivial page").

The data: the reference registers, the demo (``load_demo``) and a return giving
Manchester's targets every status (``tests/monitoring/screens_data.py``), as at
15 November 2010, as ``bench_load.py`` has them, in a SQLite file kept between runs
(``BENCH_PUBLIC_DB``, default ``/tmp/localperf-bench-public.sqlite3``), or the database
of ``DATABASE_URL``.

The measure: each page through Django's test client (the whole middleware stack, DEBUG
off, no network), warmed first so that what the pages keep between requests
(``web/kept.py``) is kept, as it is in a serving process; then ``BENCH_RUNS`` requests
(default 200) of each, interleaved, and for each page the median CPU time of the process
per request and its database queries. The ratio is each page's median to the trivial
page's (the base template around a heading, ``bench/load/urls.py``) in the same run.
A page redrawn after a change of its data (the first request) is printed too.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
AS_AT = "2010-11-15"
MANCHESTER = "E08000003"
DEFAULT_DB = "/tmp/localperf-bench-public.sqlite3"


def say(text: str = "") -> None:
    print(text, flush=True)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["LOCALPERF_AS_AT"] = AS_AT
    if not os.environ.get("DATABASE_URL"):
        path = os.environ.get("BENCH_PUBLIC_DB", DEFAULT_DB)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.load.urls"
    settings.ALLOWED_HOSTS = ["*"]


def prepare() -> tuple[str, str]:
    """The data, unless already there; the area page's and a target page's paths."""
    from django.core.management import call_command

    from localperf.accounts.models import User
    from localperf.agreements.models import Agreement

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="demo-pm-manchester").exists():
        from tests.monitoring.screens_data import give_every_status

        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
        agreement = Agreement.objects.get(area__code=MANCHESTER)
        give_every_status(agreement, User.objects.get(username="demo-pm-manchester"))
    agreement = Agreement.objects.get(area__code=MANCHESTER)
    target = agreement.targets.filter(status="active").order_by("pk").first()
    say(f"  data ready in {time.perf_counter() - started:.0f} s: {agreement.title}")
    return f"/public/areas/{MANCHESTER}/", f"/public/areas/{MANCHESTER}/targets/{target.pk}/"


def one(client, path: str) -> tuple[float, int]:
    """CPU seconds of this process for one request, and its database queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.process_time()
        response = client.get(path)
        spent = time.process_time() - started
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return spent, len(queries)


def main() -> None:
    say(f"Public pages against the trivial page (CPU per request, median of {RUNS})")
    setup()
    area, target = prepare()
    from django.test import Client

    from localperf.web.kept import kept_results_clear

    pages = {"trivial": "/bench/trivial/", "public area": area, "public target": target}
    client = Client()
    cold = {}
    for name, path in pages.items():
        kept_results_clear()
        cold[name] = one(client, path)
    for path in pages.values():  # warm: kept results kept, templates compiled
        one(client, path)
    times: dict[str, list[float]] = {name: [] for name in pages}
    queries: dict[str, int] = {}
    for _ in range(RUNS):
        for name, path in pages.items():
            spent, queries[name] = one(client, path)
            times[name].append(spent)
    trivial = statistics.median(times["trivial"])
    say(f"  {'page':<14} {'median':>9} {'× trivial':>10} {'queries':>8} {'first request':>14}")
    for name, values in times.items():
        median = statistics.median(values)
        say(
            f"  {name:<14} {median * 1000:>7.2f}ms {median / trivial:>9.2f}x {queries[name]:>8}"
            f" {cold[name][0] * 1000:>12.0f}ms"
        )


if __name__ == "__main__":
    main()
