"""``python manage.py restore PATH``: load a backup into the empty database the settings
name (a restore never merges into a database that holds tables); README: "Backups"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localperf.operations.backups import BackupError, database_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *, source: Path, **options) -> None:
        try:
            database_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {source}. Run `manage.py migrate` if the code is newer.")
