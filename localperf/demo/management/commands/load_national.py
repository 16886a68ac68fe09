"""``python manage.py load_national [--seed N] [--agreements N]``: the whole country as
data for load tests (``localperf/demo/national_scale.py``). Run on a database with the
reference data loaded (``load_reference``); users sign in with the demo password."""

import time

from django.core.management.base import BaseCommand

from localperf.demo.national_scale import national_load


class Command(BaseCommand):
    help = "Load a national-scale data set: every authority's figures, an LAA per upper-tier area."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2008)
        parser.add_argument(
            "--agreements", type=int, default=None, help="At most this many LAAs (default: all)."
        )

    def handle(self, *, seed: int, agreements: int | None, **options) -> None:
        started = time.perf_counter()
        summary = national_load(seed=seed, agreements=agreements, echo=self.stdout.write)
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.0f} s: {summary.figures:,} figures for "
            f"{summary.authorities} authorities, {summary.agreements} agreements, "
            f"{summary.targets:,} targets."
        )
