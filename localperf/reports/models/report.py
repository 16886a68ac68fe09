"""The six-monthly progress report and the self-assessment (rules M1, L6).

A report is built from the live data while it is a draft. Submitting it freezes a
``ReportSnapshot`` (the figures as reported), which every output of the submitted
report is rendered from, however the data are corrected later (rule M6: the figures
come from the data return, never retyped). Every step is a ``ReportEvent``: who, when,
why. Events and snapshots are append-only; comments keep their history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Six-monthly progress report"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment performance report"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the Government Office"
    RETURNED = "returned", "Returned by the Government Office"
    ACCEPTED = "accepted", "Accepted by the Government Office"


EDITABLE_REPORT_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class ProgressReport(models.Model):
    """One report of an agreement for one half-year (or the self-assessment of a cycle).

    ``period_label`` is the half-year reported on ("2009/10 H1"); ``periods`` the up to
    four time periods the proforma shows, oldest first."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="progress_reports"
    )
    kind = models.CharField(max_length=16, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    period_label = models.CharField(max_length=40)
    periods = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-period_label", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "period_label"], name="report_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_label}: {self.agreement}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_REPORT_STATUSES

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()} for {self.period_label}"


class TargetComment(models.Model):
    """What the partnership says about one target in one report (its comment on progress
    and risk mitigation, and the inspection or survey evidence), and the Government
    Office's comment once submitted. Every change is kept (``history``)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="comments")
    target = models.ForeignKey("agreements.Target", on_delete=models.PROTECT, related_name="+")
    progress = models.TextField("comments on progress and risk mitigation", blank=True)
    evidence = models.TextField("inspection or survey evidence", blank=True)
    drafted_by_name = models.CharField(max_length=200, blank=True)
    drafted_by_organisation = models.CharField(max_length=200, blank=True)
    go_comment = models.TextField("Government Office comment", blank=True)
    go_comment_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "target"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="comment_one_per_target")
        ]

    def __str__(self) -> str:
        return f"Comment on target {self.target_id} in {self.report}"


class ReportSnapshot(models.Model):
    """The report exactly as submitted: ``content`` is the structure every output is
    rendered from (see ``reports.content``). One per submission; never changed."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="snapshot_unique_number")
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of {self.report}"


class ReportEvent(models.Model):
    """One step of a report or an annual review: who did what, when and why.
    Append-only: there is no service that changes or deletes one."""

    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    review = models.ForeignKey(
        "reports.AnnualReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    target = models.ForeignKey(
        "agreements.Target", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.ForeignKey(
        ReportSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=100, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, review__isnull=True)
                | Q(report__isnull=True, review__isnull=False),
                name="report_event_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.occurred_at:%d %b %Y})"
