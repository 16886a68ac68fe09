from django.core.management.base import BaseCommand, CommandError

from localperf.reference.files import ReferenceFileError
from localperf.reference.services import reference_load


class Command(BaseCommand):
    help = "Load the National Indicator Set, regions, authorities and organisations."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite-corrections",
            action="store_true",
            help="Replace rows that staff corrected since the last load.",
        )

    def handle(self, *args, **options):
        try:
            summary = reference_load(overwrite_corrections=options["overwrite_corrections"])
        except ReferenceFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
        if not summary.changed:
            self.stdout.write("Reference data already up to date: nothing changed.")
