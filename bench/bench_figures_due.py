"""Benchmark: the figures due read for many agreements at once (issue 12: the home page
cost about 7 queries for each agreement a partner owes figures to; the region view
counted overdue its own way).

The data: the demo as at 30 November 2009, as ``bench_pages`` prepares it (a temporary
SQLite database, or ``DATABASE_URL``'s with the demo loaded into it if absent).

Timed, median of ``RUNS`` runs, for every agreement of the demo, as everyone's figures
(the region view's and the hub's) and as a partner's and a performance manager's:
``figures_due_for`` (the bulk form: a constant number of queries) against its
baseline, measured in the same run on the same data: ``figures_due`` asked agreement
by agreement, as the work list did before. It checks that both give the same figures
and prints queries and milliseconds, and the ratio bulk / one by one. Then the pages
that read it (the home page of a partner and of a performance manager, a region view,
a dashboard, the hub) with their server time against the trivial page's, in the same
run, as ``bench_pages`` measures them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_pages import LIMIT_MS, TRIVIAL, prepare, say, setup, timed  # noqa: E402

RUNS = 7


def measured(read) -> tuple[float, int, object]:
    """Median milliseconds and the queries of one run of ``read``, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = read()
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = read()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), result


def main() -> None:
    setup()
    prepare()
    import datetime

    from django.test import Client

    from localperf.accounts.models import User
    from localperf.agreements.models import Agreement
    from localperf.observations.figures_due import figures_due, figures_due_for

    today = datetime.date(2009, 11, 30)
    agreements = list(Agreement.objects.select_related("area").order_by("pk"))
    say(f"figures due of the demo's {len(agreements)} agreements, as at {today:%-d %B %Y}")
    say(f"  {'as':<28} {'one by one':>18} {'bulk':>18} {'ratio':>7}")
    for who in (None, "demo-partner-kent-police", "demo-pm-kent"):
        user = User.objects.select_related("organisation").get(username=who) if who else None

        def one_by_one(user=user):
            return [f for a in agreements for f in figures_due(a, today=today, user=user)]

        def bulk(user=user):
            return figures_due_for(agreements, today=today, user=user)

        base_ms, base_q, expected = measured(one_by_one)
        ms, q, found = measured(bulk)
        assert found == expected, f"the bulk form disagrees for {who or 'everyone'}"
        say(
            f"  {who or 'everyone':<28} {base_ms:>8.1f} ms {base_q:>3} q "
            f"{ms:>8.1f} ms {q:>3} q {ms / base_ms:>7.2f}"
        )

    client = Client()
    trivial, _ = timed(client, TRIVIAL)
    kent = Agreement.objects.get(area__code="E10000016")
    pages = [
        ("demo-partner-kent-police", "/"),
        ("demo-pm-kent", "/"),
        ("demo-admin", f"/national/regions/{kent.area.region.code}/"),
        ("demo-pm-kent", f"/agreements/{kent.pk}/dashboard/"),
        ("demo-pm-kent", f"/agreements/{kent.pk}/"),
    ]
    say(f"pages (server time, median of 3; trivial page {trivial:.1f} ms)")
    worst = 0.0
    for who, address in pages:
        client.force_login(User.objects.get(username=who))
        ms, response = timed(client, address)
        assert response.status_code == 200, (address, response.status_code)
        worst = max(worst, ms)
        say(f"  {who:<26} {address:<36} {ms:>7.1f} ms  ×{ms / trivial:>6.1f} trivial")
    say(f"slowest {worst:.0f} ms: {'under' if worst < LIMIT_MS else 'OVER'} {LIMIT_MS:.0f} ms")


if __name__ == "__main__":
    main()
