"""The default timetable: the 2008 sign-off dates (rule L1) and the 2009/10 review and
refresh dates (rule L6), with the document each date comes from. Staff change them in
the admin afterwards; these rows get a "created" history entry so that the admin's
History shows where they came from.

No default dates are loaded for the six-monthly progress reports (rule M1): the source
(``004_…`` §11) says "every six months" and names no dates, so staff enter them.
"""

import datetime

from django.db import migrations
from django.utils import timezone

L1_SOURCE = "LAA FAQ (shared/seeds/000_…), question 18: key dates for LAA negotiations"
L6_SOURCE = "LGA Improvement Board paper (shared/seeds/003_…), item 2b, paragraph 2.7"

# (first year, notes, [(kind, starts_on, due_on, responsible, title, source)])
DEFAULTS = [
    (
        2008,
        "Negotiation and sign-off of the 2008–11 agreements (rule L1).",
        [
            ("draft_to_go", None, datetime.date(2008, 5, 30), "lsp", "", L1_SOURCE),
            (
                "submitted_to_sos",
                None,
                datetime.date(2008, 6, 6),
                "government_office",
                "",
                L1_SOURCE,
            ),
            (
                "sos_approval",
                None,
                datetime.date(2008, 6, 30),
                "central",
                "Secretary of State announces the approved agreements (provisional date)",
                L1_SOURCE,
            ),
        ],
    ),
    (
        2009,
        "Annual review and refresh, following the first Comprehensive Area Assessment (rule L6).",
        [
            ("self_assessment", None, datetime.date(2009, 11, 13), "lsp", "", L6_SOURCE),
            (
                "annual_review",
                # The source gives the months only ("December January 2010").
                datetime.date(2009, 12, 1),
                datetime.date(2010, 1, 31),
                "government_office",
                "",
                L6_SOURCE,
            ),
            (
                "go_review_report",
                None,
                datetime.date(2010, 1, 25),
                "government_office",
                "",
                L6_SOURCE,
            ),
            ("council_adoption", None, datetime.date(2010, 3, 12), "lsp", "", L6_SOURCE),
            ("refresh_submission", None, datetime.date(2010, 3, 15), "lsp", "", L6_SOURCE),
            ("ministerial_approval", None, datetime.date(2010, 3, 31), "central", "", L6_SOURCE),
        ],
    ),
]
REASON = "Default timetable loaded by migration reviews 0002"


def _history(model, obj, fields: list[str]) -> None:
    model.objects.create(
        **{f: getattr(obj, f) for f in fields},
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=REASON,
    )


def load(apps, schema_editor):
    CycleYear = apps.get_model("reviews", "CycleYear")
    Milestone = apps.get_model("reviews", "Milestone")
    HistoricalCycleYear = apps.get_model("reviews", "HistoricalCycleYear")
    HistoricalMilestone = apps.get_model("reviews", "HistoricalMilestone")
    for first_year, notes, milestones in DEFAULTS:
        cycle, created = CycleYear.objects.get_or_create(
            first_year=first_year, defaults={"notes": notes}
        )
        if created:
            _history(HistoricalCycleYear, cycle, ["id", "first_year", "notes"])
        for kind, starts_on, due_on, responsible, title, source in milestones:
            milestone, created = Milestone.objects.get_or_create(
                cycle=cycle,
                kind=kind,
                due_on=due_on,
                defaults={
                    "starts_on": starts_on,
                    "responsible": responsible,
                    "title": title,
                    "source": source,
                },
            )
            if created:
                _history(
                    HistoricalMilestone,
                    milestone,
                    [
                        "id",
                        "cycle_id",
                        "kind",
                        "title",
                        "starts_on",
                        "due_on",
                        "responsible",
                        "source",
                    ],
                )


def unload(apps, schema_editor):
    CycleYear = apps.get_model("reviews", "CycleYear")
    CycleYear.objects.filter(first_year__in=[year for year, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
