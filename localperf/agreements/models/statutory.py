"""The statutory education and early years targets' own cycle (rules A3, D3): each
change DCSF agrees to a statutory target, kept whole and never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localperf.agreements import statutory_rules as rules

VALUE = {"max_digits": 16, "decimal_places": 4}


class YearState(models.TextChoices):
    """The state of one year's value of a target (rules A3, D3)."""

    SET = rules.YEAR_SET, "Set"
    TO_BE_SET = rules.YEAR_TO_BE_SET, "To be set by DCSF"
    TO_BE_CONFIRMED = rules.YEAR_TO_BE_CONFIRMED, "To be confirmed (provisional)"


class StatutoryChangeKind(models.TextChoices):
    YEAR = "year", "A year's target set or changed"
    WITHDRAWN = "withdrawn", "Target withdrawn"


class StatutoryChange(models.Model):
    """One change to a statutory target agreed with DCSF: a year's value or state, or
    the target's withdrawal when its measure ended. Recorded by DCSF's officer; never
    changed afterwards (a correction is a new change)."""

    target = models.ForeignKey(
        "agreements.Target", on_delete=models.PROTECT, related_name="statutory_changes"
    )
    kind = models.CharField(max_length=10, choices=StatutoryChangeKind.choices)
    year = models.CharField(max_length=7, blank=True)
    state = models.CharField(max_length=16, choices=YearState.choices, blank=True)
    value = models.DecimalField(null=True, blank=True, **VALUE)
    previous_state = models.CharField(max_length=16, choices=YearState.choices, blank=True)
    previous_value = models.DecimalField(null=True, blank=True, **VALUE)
    agreed_on = models.DateField(help_text="The day DCSF agreed the change.")
    agreed_with = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The department that agreed it (DCSF).",
    )
    reason = models.TextField()
    version = models.ForeignKey(
        "agreements.TargetVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statutory_changes",
        help_text="The target version the change made.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "agreed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="withdrawn") | ~models.Q(year=""),
                name="statutory_change_year_has_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_kind_display()} ({self.agreed_on})"
