"""The 2009/10 refresh of each agreement (rule L6): a process on the cycle's timetable
that reopens only some targets and ends in one revision with its approvals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RefreshStatus(models.TextChoices):
    UNDER_REVIEW = "under_review", "Under review with the Government Office"
    GO_REPORTED = "go_reported", "Government Office report sent to CLG"
    ADOPTED = "adopted", "Adopted by the council"
    SUBMITTED = "submitted", "Submitted to CLG"
    # Ministers approve a refresh that changes designated targets (rule L3), the partnership
    # one that changes local targets only (rule L4): the label names neither, and the steps
    # say who decided.
    APPROVED = "approved", "Approved"


class Refresh(models.Model):
    """One agreement's refresh in one cycle, with the dates of its steps."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="refreshes"
    )
    cycle = models.ForeignKey(
        "reviews.CycleYear", on_delete=models.PROTECT, related_name="refreshes"
    )
    status = models.CharField(
        max_length=14, choices=RefreshStatus.choices, default=RefreshStatus.UNDER_REVIEW
    )
    revision = models.OneToOneField(
        "agreements.RevisionProposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refresh",
        help_text="The one revision the refresh produces.",
    )
    started_on = models.DateField()
    self_assessment_on = models.DateField(null=True, blank=True)
    go_reported_on = models.DateField(null=True, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "agreement"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "cycle"], name="refresh_one_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} refresh of {self.agreement}"


class ListingKind(models.TextChoices):
    RENEGOTIATE = "renegotiate", "Marked for renegotiation by the annual review"
    EXCEPTION = "exception", "Listed exception"


class RefreshListing(models.Model):
    """A target the annual review opens for the refresh (rule L6): marked for
    renegotiation (a relative target such as NI 151 or NI 153, a deferred indicator) or a
    listed exception. Never edited; withdrawn by deleting, which the history keeps."""

    refresh = models.ForeignKey(Refresh, on_delete=models.CASCADE, related_name="listings")
    target = models.ForeignKey(
        "agreements.Target", on_delete=models.PROTECT, related_name="refresh_listings"
    )
    kind = models.CharField(max_length=12, choices=ListingKind.choices)
    reason = models.CharField(max_length=300)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["refresh", "target"]
        constraints = [
            models.UniqueConstraint(fields=["refresh", "target"], name="refresh_lists_once")
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_kind_display()}"
