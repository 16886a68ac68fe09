"""A report's prepared files (its PDF), kept until the report's figures change.

A large report's PDF takes seconds to print, so it is printed once per *version* of the
report and kept here, in the database: every app server behind a load balancer, and the
task worker that prints it, share the database, so any of them can serve a file another
printed (a file under MEDIA_ROOT would need storage shared by every server). The version
(``reports.files.report_file_version``) is a digest of everything the file prints: the
report's content (figures, assessments, ratings, comments, targets), its Government
Office comments, its status line and return notice. A submitted report prints its frozen
snapshot, so its version, and its file, never change.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ReportFileStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    WORKING = "working", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ReportFile(models.Model):
    """One prepared file of one version of a report, with the progress of its printing."""

    report = models.ForeignKey(
        "reports.ProgressReport", on_delete=models.CASCADE, related_name="files"
    )
    file_format = models.CharField(max_length=8)
    version = models.CharField(max_length=64)
    status = models.CharField(
        max_length=8, choices=ReportFileStatus.choices, default=ReportFileStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=100, blank=True)
    data = models.BinaryField(null=True, blank=True, editable=False)
    name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "file_format", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "file_format", "version"], name="report_file_one_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display().lower()})"

    @property
    def is_working(self) -> bool:
        return self.status in {ReportFileStatus.QUEUED, ReportFileStatus.WORKING}
