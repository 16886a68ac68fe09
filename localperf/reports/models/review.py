"""The Government Office's annual review record of an agreement (rule L6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localperf.web.periods import PeriodField

VALUE = {"max_digits": 16, "decimal_places": 4}


class AnnualReviewStatus(models.TextChoices):
    DRAFT = "draft", "Being written by the Government Office"
    ISSUED = "issued", "Issued: the Government Office's annual review report"


class Judgement(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"


class AnnualReview(models.Model):
    """One annual review of an agreement, for one cycle year ("2009/10")."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="annual_reviews"
    )
    year = models.CharField(max_length=7, help_text='The cycle reviewed in, e.g. "2009/10".')
    status = models.CharField(
        max_length=8, choices=AnnualReviewStatus.choices, default=AnnualReviewStatus.DRAFT
    )
    summary = models.TextField("overall assessment", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="review_one_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issued_on__isnull=False),
                name="review_issued_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual review {self.year}: {self.agreement}"


class AnnualReviewTarget(models.Model):
    """The review's finding on one target: on track or at risk, the agreed actions, any
    request to renegotiate (linked to a revision proposal), and for a placeholder target
    the baseline confirmed and the trajectory set from it (rules A5, D2)."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="findings")
    target = models.ForeignKey("agreements.Target", on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=8, choices=Judgement.choices, blank=True)
    agreed_actions = models.TextField(blank=True)
    renegotiate = models.BooleanField("renegotiation requested", default=False)
    renegotiation = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The revision proposal that carries the renegotiation.",
    )
    baseline_value = models.DecimalField(null=True, blank=True, **VALUE)
    baseline_period = PeriodField(blank=True)
    # Rule D7: a survey baseline comes with its confidence interval.
    baseline_lower = models.DecimalField(null=True, blank=True, **VALUE)
    baseline_upper = models.DecimalField(null=True, blank=True, **VALUE)
    trajectory = models.JSONField(
        default=dict, blank=True, help_text='Year to target, e.g. {"2009/10": "52.5"}.'
    )
    baseline_revision = models.ForeignKey(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The revision proposal that sets the confirmed baseline and trajectory.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "target"]
        constraints = [
            models.UniqueConstraint(fields=["review", "target"], name="finding_one_per_target"),
            models.CheckConstraint(
                condition=Q(renegotiate=True) | Q(renegotiation__isnull=True),
                name="finding_revision_only_if_renegotiating",
            ),
        ]

    def __str__(self) -> str:
        return f"Finding on target {self.target_id} in {self.review}"

    @property
    def confirms_baseline(self) -> bool:
        return self.baseline_value is not None
