"""Revoke every designation on a date, as one act, or undo the standing revocation.

manage.py revoke_designations --on 2010-10-13 --reason "…" --dry-run
manage.py revoke_designations --on 2010-10-13 --reason "…" [--username NAME]
manage.py revoke_designations --undo --reason "…" [--username NAME]
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from localperf.reward import selectors, services


class Command(BaseCommand):
    help = "Revoke every designation on a date (with --dry-run: only the counts), or --undo."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--reason", default="")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--undo", action="store_true")
        parser.add_argument("--username", default="", help="The central approver acting.")

    def handle(self, *args, on, reason, dry_run, undo, username, **options) -> None:
        user = get_user_model().objects.filter(username=username).first() if username else None
        if username and user is None:
            raise CommandError(f"There is no user called {username!r}.")
        counts = selectors.revocation_counts()
        if dry_run:
            self.stdout.write(
                f"Would revoke: {counts.agreements} agreements, {counts.targets} designated "
                f"targets, {counts.claims} open reward claims. Nothing changed."
            )
            return
        try:
            if undo:
                standing = selectors.revocation_standing()
                if standing is None:
                    raise CommandError("No revocation stands: there is nothing to undo.")
                services.revocation_undo(user=user, revocation=standing, reason=reason)
                self.stdout.write(f"Undone: {standing}.")
                return
            if on is None:
                raise CommandError("Give the date with --on YYYY-MM-DD.")
            revocation = services.revocation_record(user=user, revoked_on=on, reason=reason)
        except (ValidationError, PermissionDenied) as refused:
            raise CommandError("; ".join(getattr(refused, "messages", [str(refused)]))) from refused
        self.stdout.write(
            f"{revocation}: {revocation.agreements_count} agreements, "
            f"{revocation.targets_count} designated targets, {revocation.claims_count} "
            "reward claims closed."
        )
