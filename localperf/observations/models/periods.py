"""Reporting periods as rows, created on demand from their labels (rule D5)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from localperf.calculations.periods import Period, PeriodKind, period_parse


class PeriodKindChoice(models.TextChoices):
    FINANCIAL_YEAR = PeriodKind.FINANCIAL_YEAR.value, "Financial year"
    QUARTER = PeriodKind.QUARTER.value, "Quarter"
    HALF_YEAR = PeriodKind.HALF_YEAR.value, "Half year"
    SURVEY_ROUND = PeriodKind.SURVEY_ROUND.value, "Survey round"
    ROLLING_THREE_YEAR = PeriodKind.ROLLING_THREE_YEAR.value, "Three-year rolling period"
    CALENDAR_YEAR = PeriodKind.CALENDAR_YEAR.value, "Calendar year"
    ACADEMIC_YEAR = PeriodKind.ACADEMIC_YEAR.value, "Academic year"


class ReportingPeriod(models.Model):
    """A period a figure is for: "2008/09", "2008/09 Q1", "Place Survey 2008", …

    The canonical label (``period_parse(label).label``) is the natural key, so
    "Q1 2008/09" and "2008/09 Q1" are one row.
    """

    kind = models.CharField(max_length=24, choices=PeriodKindChoice.choices)
    label = models.CharField(max_length=40, unique=True)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "end", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="period_start_before_end")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.kind), self.start, self.end, self.label)

    @classmethod
    def from_label(cls, label: str) -> ReportingPeriod:
        """The row for a label, created if new; raises ``PeriodError`` for a non-period."""
        period = period_parse(label)
        row, _ = cls.objects.get_or_create(
            label=period.label,
            defaults={"kind": period.kind.value, "start": period.start, "end": period.end},
        )
        return row
