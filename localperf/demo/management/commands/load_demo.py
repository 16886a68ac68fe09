"""`manage.py load_demo`: demonstration agreements and users for every role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localperf.demo.loading import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = (
        "Load three demonstration Local Area Agreements (Kent, Manchester, Camden), three "
        "Multi Area Agreements (Greater Manchester, Tees Valley, South Yorkshire), their "
        "partners and a user for every role. Idempotent; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with LOCALPERF_PROFILE=production (the users share one password).",
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demonstration users into a production profile: they share a "
                "published password. Pass --allow-production if you really mean it."
            )
        summary = demo_load()
        for title in summary.agreements_created:
            self.stdout.write(f"Created {title}")
        for title in summary.agreements_kept:
            self.stdout.write(f"Kept {title} (already loaded)")
        self.stdout.write(
            f"{summary.organisations} partner organisations; {len(summary.users)} demo users. "
            f"Sign in at /account/sign-in/ with any of these usernames and the password "
            f"{DEMO_PASSWORD!r}:"
        )
        for username in summary.users:
            self.stdout.write(f"  {username}")
