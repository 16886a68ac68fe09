"""``python manage.py import_observations FILE [--dry-run]``: import a CSV or XLSX file of
observations, with a progress bar, then the summary and the first problems."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from localperf.observations.importing.progress import progress_bar
from localperf.observations.importing.services import observation_import

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = "Import observations from a CSV, XLSX or SDMX-CSV file (every row or none)."
    # The system checks load every URL and view: seconds before a one-row file is read
    # (issue 16). `manage.py check` and every server start still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="A CSV or XLSX file in the import layout, or an SDMX-CSV 2.0 file (docs/SDMX.md).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without changing anything.",
        )
        parser.add_argument(
            "--user",
            help="The username recorded as having imported it; the file is then held to "
            "that user's right to write figures (without it, any figure may be written).",
        )
        parser.add_argument("--reason", default="", help="Why the figures change.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        user = self._user(options["user"])
        interactive = self.stdout.isatty() if hasattr(self.stdout, "isatty") else False
        try:
            result = observation_import(
                file=path,
                user=user,
                dry_run=options["dry_run"],
                reason=options["reason"],
                echo=self._echo(interactive),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        self.stdout.write(result.message)
        for problem in result.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(f"  rejected: {problem}")
        for warning in result.warnings[: SHOWN_PROBLEMS // 2]:
            self.stdout.write(f"  warning: {warning}")
        hidden = result.counts.rejected - min(result.counts.rejected, SHOWN_PROBLEMS)
        if hidden > 0:
            self.stdout.write(f"  … and more: see import {result.batch_id} on the Data page.")
        if result.status in {"failed", "conflict"}:
            raise CommandError(f"Nothing was imported ({result.status}).")

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user

    def _echo(self, interactive: bool):
        last = {"line": ""}

        def echo(percent: int, phase: str) -> None:
            line = progress_bar(percent, phase)
            if line == last["line"]:
                return
            last["line"] = line
            # On a terminal the bar redraws in place; in a log, one line per step.
            end = "\r" if interactive else "\n"
            self.stdout.write(line.ljust(72), ending=end)
            if interactive:
                sys.stdout.flush()

        return echo
