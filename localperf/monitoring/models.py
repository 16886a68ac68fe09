"""What monitoring stores: each target's assessment per period, and the Government
Office's overrides of the computed rating (rule M1: the proforma's risk rating)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from localperf.calculations.direction import Direction
from localperf.calculations.rag import PERFORMANCE_RATINGS, Rating

RATING_CHOICES = [(r.value, r.label) for r in Rating]
OVERRIDE_CHOICES = [(r.value, r.label) for r in Rating if r in PERFORMANCE_RATINGS]
DIRECTION_CHOICES = [(d.value, d.label) for d in Direction]


def _reference(to: str, **options) -> models.ForeignKey:
    """A foreign key without a database constraint (see ``Assessment``)."""
    return models.ForeignKey(
        to,
        on_delete=options.pop("on_delete", models.DO_NOTHING),
        related_name="+",
        db_constraint=False,
        **options,
    )


class Assessment(models.Model):
    """One target's status for one period, derived from the observations and the target
    version in force at the period's end. Recomputed, never edited: only
    ``monitoring.services.assessments_recompute`` writes this table (deleting a target's
    rows and inserting them again, in bulk), so the figures here are always those of the
    current observations and target versions.

    Only what the screens and reports read is stored (the day judged on, the final
    target and the previous figure stay in the engine): a narrower row is a cheaper
    write.

    Foreign keys carry no database constraint, like ``Observation``'s: a constraint check
    is a trigger per row and key, most of the cost of the bulk write. The ids written come
    from the target, version and period tables read in the same transaction; a target is
    never deleted (``PROTECT`` on its relations), so a row never refers to a missing one.
    """

    target = _reference("agreements.Target", db_index=False)
    period = _reference("observations.ReportingPeriod", db_index=False)
    version = _reference("agreements.TargetVersion", null=True, db_index=False)
    version_number = models.PositiveSmallIntegerField(null=True)
    due_on = models.DateField(help_text="The period's end plus the reporting lag.")
    is_placeholder = models.BooleanField(default=False)
    profile = models.FloatField(null=True)
    actual = models.FloatField(null=True)
    ci_lower = models.FloatField(null=True)
    ci_upper = models.FloatField(null=True)
    variance = models.FloatField("% variance", null=True)
    rating = models.CharField("computed rating", max_length=12, choices=RATING_CHOICES)
    later_figure = models.BooleanField(
        default=False, help_text="A later period of this target already has a figure."
    )
    direction = models.CharField(max_length=24, choices=DIRECTION_CHOICES)
    whole_area_actual = models.FloatField(
        null=True, help_text="Rule A6: the whole area's figure beside a smaller area's."
    )
    projected_outturn = models.FloatField(null=True)
    likely_to_meet = models.BooleanField(null=True)
    # The database's clock when written in bulk: a recompute need not send it per row.
    computed_at = models.DateTimeField(default=timezone.now, db_default=Now())

    class Meta:
        ordering = ["target", "period"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="assessment_one_per_period")
        ]

    def __str__(self) -> str:
        return f"target {self.target_id}, period {self.period_id}: {self.rating}"


class RatingOverride(models.Model):
    """A Government Office reviewer's judgement replacing the computed rating of one
    target for one period (rule M1). Append-only: a later override supersedes an earlier
    one for display, and every one stays, as does the computed rating beside it."""

    target = models.ForeignKey(
        "agreements.Target", on_delete=models.PROTECT, related_name="rating_overrides"
    )
    period = models.ForeignKey(
        "observations.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=12, choices=OVERRIDE_CHOICES)
    computed_rating = models.CharField(
        "computed rating when overridden", max_length=12, choices=RATING_CHOICES
    )
    reason = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overridden_by_name = models.CharField(max_length=200)
    overridden_by_role = models.CharField(max_length=100)
    overridden_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target", "period", "-overridden_at", "-id"]
        indexes = [models.Index(fields=["target", "period"], name="override_target_period")]
        constraints = [
            models.CheckConstraint(
                # In the enum's order: a set's order changes between runs, and with it the
                # migration Django would write.
                condition=Q(rating__in=[value for value, _ in OVERRIDE_CHOICES]),
                name="override_rates_performance",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} for target {self.target_id}, period {self.period_id}"
