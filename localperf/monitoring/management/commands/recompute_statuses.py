"""`manage.py recompute_statuses`: recompute every target's status."""

import datetime

from django.core.management.base import BaseCommand

from localperf.monitoring.services import assessments_recompute


class Command(BaseCommand):
    help = "Recompute the status of every active target for every period (issue 4)."

    def add_arguments(self, parser):
        parser.add_argument("--as-at", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, **options):
        summary = assessments_recompute(today=options["as_at"])
        self.stdout.write(f"{summary.assessments} assessments of {summary.targets} targets.")
