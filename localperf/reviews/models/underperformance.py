"""Rule M4: the Government Office's progressive steps when an area under-performs.

Append-only: a step, once recorded, is never changed or deleted; a later step (higher or
lower on the ladder) is a new row. The recorder's name, role and organisation are copied
onto the row so that the history still reads right if the account is later changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LadderStep(models.TextChoices):
    """The ladder, lowest step first, in the words and order of ``004_…`` §30."""

    EXTERNAL_SUPPORT = (
        "external_support",
        "Engagement of external support from within local government",
    )
    MORE_REGULAR_MONITORING = (
        "more_regular_monitoring",
        "More regular monitoring of performance from the Government Office",
    )
    TARGETED_SUPPORT = "targeted_support", "Targeted support from the Government Office"
    RING_FENCING = "ring_fencing", "Re-imposition of ring fencing"
    PROGRAMME_CONTROL = "programme_control", "Re-imposition of existing programme control"
    FUNDING = "funding", "Implications for funding"


LADDER: tuple[LadderStep, ...] = tuple(LadderStep)


class UnderPerformanceStep(models.Model):
    """One step taken for an agreement, or for one of its targets."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="under_performance_steps"
    )
    target = models.ForeignKey(
        "agreements.Target",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="under_performance_steps",
        help_text="Blank when the step concerns the whole agreement.",
    )
    step = models.CharField(max_length=24, choices=LadderStep.choices)
    reason = models.TextField()
    taken_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    recorded_by_role = models.CharField(max_length=100, blank=True)
    recorded_by_organisation = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agreement", "-taken_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=LadderStep.values), name="under_performance_step_on_ladder"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="under_performance_step_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.taken_on:%d %B %Y})"

    @property
    def rung(self) -> int:
        """1 for the lowest step of the ladder, 6 for the highest."""
        return LADDER.index(LadderStep(self.step)) + 1
