"""``python manage.py backup [--to PATH]``: a backup of the whole database (pg_dump's
custom format on PostgreSQL, an online copy on SQLite); README: "Backups"."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localperf.operations.backups import BackupError, database_backup, default_backup_path


class Command(BaseCommand):
    help = "Back up the whole database to a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--to", type=Path, help="The file to write (default: backups/…).")

    def handle(self, *, to: Path | None, **options) -> None:
        target = to or default_backup_path(Path(settings.BASE_DIR) / "backups")
        try:
            written = database_backup(to=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size:,} bytes).")
