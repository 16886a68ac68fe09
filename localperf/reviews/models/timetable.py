"""The key dates of each cycle of the framework, configurable per year.

A cycle is a financial year (1 April to 31 March). Its milestones are dated steps: the
2008 sign-off (rule L1), the 2009/10 review and refresh (rule L6), the six-monthly
progress reports (rule M1). Staff change them in the admin; every change is kept.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from localperf.agreements.rules_of_agreement import long_date

# The framework's life: the first agreements were negotiated for 2008/09 and the last
# ran to March 2011; a cycle outside these years is a typing mistake.
FIRST_CYCLE = 2007
LAST_CYCLE = 2011


class Responsible(models.TextChoices):
    """Who must act by a milestone's date: the home page shows it to them."""

    LSP = "lsp", "The Local Strategic Partnership (responsible authority)"
    GOVERNMENT_OFFICE = "government_office", "The Government Office"
    CENTRAL = "central", "Central government, for the Secretary of State"


class MilestoneKind(models.TextChoices):
    # Rule L1: the 2008 sign-off.
    DRAFT_TO_GO = "draft_to_go", "Draft agreements submitted to the Government Office"
    SUBMITTED_TO_SOS = (
        "submitted_to_sos",
        "Agreements recommended and submitted to the Secretary of State",
    )
    SOS_APPROVAL = "sos_approval", "Secretary of State announces the approved agreements"
    # Rule M1: every six months.
    PROGRESS_REPORT = "progress_report", "Six-monthly progress report to the Government Office"
    # Rule L6: the annual review and refresh.
    SELF_ASSESSMENT = (
        "self_assessment",
        "Self-assessment performance report to the Government Office (optional)",
    )
    ANNUAL_REVIEW = "annual_review", "Annual review discussions with the Government Office"
    GO_REVIEW_REPORT = "go_review_report", "Government Office annual review report to CLG"
    COUNCIL_ADOPTION = "council_adoption", "Council adoption of the refreshed agreement"
    REFRESH_SUBMISSION = (
        "refresh_submission",
        "Refresh concluded: final agreements submitted to CLG",
    )
    MINISTERIAL_APPROVAL = (
        "ministerial_approval",
        "Ministerial approval of the refreshed agreements",
    )
    OTHER = "other", "Another key date"


class CycleYear(models.Model):
    """One year of the cycle, named like "2009/10"."""

    first_year = models.PositiveSmallIntegerField(
        unique=True,
        help_text='The calendar year the cycle starts in: 2009 for "2009/10".',
    )
    notes = models.TextField(blank=True)
    refresh_takes_effect_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The day the changes agreed at this cycle's refresh take effect (rule L6). "
            "Leave blank for the day after the cycle ends (1 April)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__gte=FIRST_CYCLE, first_year__lte=LAST_CYCLE),
                name="cycle_year_in_framework",
                violation_error_message=(
                    f"A cycle starts between {FIRST_CYCLE} and {LAST_CYCLE}, the years of the "
                    "Local Performance Framework."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_year}/{(self.first_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.first_year, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.first_year + 1, 3, 31)

    @property
    def refresh_effective_from(self) -> datetime.date:
        """The day this cycle's refresh changes take effect (rule L6): the timetable's
        date, or the day after the cycle ends. The one answer the refresh's revision asks.

        >>> CycleYear(first_year=2009).refresh_effective_from
        datetime.date(2010, 4, 1)
        >>> CycleYear(
        ...     first_year=2009, refresh_takes_effect_on=datetime.date(2010, 1, 1)
        ... ).refresh_effective_from
        datetime.date(2010, 1, 1)
        """
        return self.refresh_takes_effect_on or self.ends_on + datetime.timedelta(days=1)

    def clean(self) -> None:
        # A refresh's changes take effect within its cycle or the year after it.
        day = self.refresh_takes_effect_on
        if day is None or self.first_year is None:
            return
        last = datetime.date(self.first_year + 2, 3, 31)
        if not self.starts_on <= day <= last:
            raise ValidationError(
                {
                    "refresh_takes_effect_on": (
                        f"{long_date(day)} is outside the cycle {self.name} and the year after "
                        f"it: choose a day from {long_date(self.starts_on)} to "
                        f"{long_date(last)}."
                    )
                }
            )


class Milestone(models.Model):
    """A key date of a cycle: by ``due_on`` (or over ``starts_on``–``due_on``), who does what."""

    cycle = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=24, choices=MilestoneKind.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the kind's own words."
    )
    starts_on = models.DateField(
        null=True, blank=True, help_text="For a period (e.g. review discussions): its first day."
    )
    due_on = models.DateField(help_text="The date, or the last day of a period.")
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the date comes from (document, section)."
    )

    history = HistoricalRecords()

    class Meta:
        # A period sorts by its first day.
        ordering = [Coalesce("starts_on", "due_on").asc(), "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "due_on"], name="milestone_unique_per_cycle_date"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=F("due_on")),
                name="milestone_starts_before_due",
                violation_error_message="A period must start on or before its last day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {long_date(self.due_on)}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    def clean(self) -> None:
        # Across two tables, so not a database constraint: the admin is where dates change.
        if self.cycle_id is None or self.due_on is None:
            return
        cycle = self.cycle
        for field, day in (("starts_on", self.starts_on), ("due_on", self.due_on)):
            if day is not None and not cycle.starts_on <= day <= cycle.ends_on:
                raise ValidationError(
                    {
                        field: f"{long_date(day)} is outside the cycle {cycle.name} "
                        f"({long_date(cycle.starts_on)} to {long_date(cycle.ends_on)})."
                    }
                )
