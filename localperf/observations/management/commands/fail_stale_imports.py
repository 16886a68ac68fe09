"""``python manage.py fail_stale_imports [--older-than MINUTES]``: mark failed the import
batches left waiting or working by a server or worker that was stopped (nothing of them
was written), so that their pages offer to check the file again. Run it when a worker
starts, or from cron."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from localperf.observations.importing.stale import import_batches_fail_stale, stale_after


class Command(BaseCommand):
    help = "Mark failed the import batches whose work stopped without finishing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            metavar="MINUTES",
            help="With no progress for this many minutes (default "
            "LOCALPERF_IMPORT_STALE_MINUTES, 60).",
        )

    def handle(self, *args, **options):
        minutes = options["older_than"]
        if minutes is not None and minutes < 0:
            raise CommandError("--older-than takes a number of minutes, 0 or more.")
        older_than = datetime.timedelta(minutes=minutes) if minutes is not None else stale_after()
        ids = import_batches_fail_stale(older_than=older_than)
        words = f"no progress for {older_than.total_seconds() / 60:g} minutes"
        if ids:
            listed = ", ".join(str(pk) for pk in ids)
            self.stdout.write(f"Marked {len(ids)} stopped import(s) failed ({words}): {listed}.")
        else:
            self.stdout.write(f"No import was left working ({words}).")
