"""Import batches: one per file or API submission, with its dry-run summary row by row."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be checked"
    DRY_RUN = "dry_run", "Checked (dry run)"
    RUNNING = "running", "Importing"
    COMMITTED = "committed", "Imported"
    FAILED = "failed", "Not imported"
    CONFLICT = "conflict", "Conflict: data changed since the check"


# The phase of a batch whose work stopped before it finished: nothing was written.
STOPPED_PHASE = "Stopped"
FINISHED_STATUSES = frozenset({ImportStatus.COMMITTED, ImportStatus.FAILED, ImportStatus.CONFLICT})


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel workbook (XLSX)"
    SDMX_CSV = "sdmx-csv", "SDMX-CSV 2.0"
    JSON = "json", "API submission (JSON)"
    FORM = "form", "Correction form"


class WayIn(models.TextChoices):
    """How figures arrived (rule M6: authorities keep their own systems and send figures
    whichever way suits them). The file format alone cannot say it: the entry grid and a
    correction are both a form."""

    FILE = "file", "File import"
    GRID = "grid", "Entry grid"
    API = "api", "API"
    CORRECTION = "correction", "Correction"


class RowAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    REJECTED = "rejected", "Rejected"
    # A row with no figure at all (a template's row not filled in): left out, not an error.
    SKIPPED = "skipped", "Skipped: no value"


class ImportBatch(models.Model):
    """One import: who, when, which file, what it did or would do."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observation_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_format = models.CharField(max_length=8, choices=ImportFormat.choices)
    way_in = models.CharField(
        "way in", max_length=12, choices=WayIn.choices, help_text="How the figures arrived."
    )
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    reason = models.TextField(blank=True, help_text="Why the figures change, if they do.")
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(
        default=0, help_text="Rows with no figure, left out (skipped: no value)."
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="0–100.")
    phase = models.CharField(max_length=60, blank=True)
    # When the progress was last saved (queued, or a step of the work): a batch still
    # working long after it was stopped with its server (see ``importing/stale.py``).
    progress_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    # What the check saw: for each (measure id, period label) the highest id among its
    # current observations. Any later write to that series raises it (rows are only ever
    # inserted), so a different value at commit time means the plan is stale: a conflict.
    planned_versions = models.JSONField(default=dict, blank=True)
    rows_truncated = models.BooleanField(
        default=False, help_text="Only a sample of the accepted rows is kept for the summary."
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="import_batch_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name or self.get_file_format_display()}"

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.DRY_RUN and self.rejected_count == 0

    @property
    def is_working(self) -> bool:
        """Waiting for its work or being worked on: its page keeps showing the progress."""
        return self.status in {ImportStatus.PENDING, ImportStatus.RUNNING}

    @property
    def was_stopped(self) -> bool:
        """Not imported because the work stopped (a server killed, an error), not because
        of the file: checking the same file again may well succeed."""
        return self.status == ImportStatus.FAILED and self.phase == STOPPED_PHASE


class ImportUpload(models.Model):
    """The bytes of an uploaded file, kept in the database until the import is finished,
    so that a task worker on another machine can run it."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.CASCADE, related_name="upload")
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.size:,} bytes for import {self.batch_id}"


class ImportRowResult(models.Model):
    """What the import did, or would do, with one row: for the summary page."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_results")
    line = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=RowAction.choices)
    measure = models.CharField(max_length=60, blank=True)
    area = models.CharField(max_length=60, blank=True)
    period = models.CharField(max_length=60, blank=True)
    group = models.CharField(max_length=80, blank=True)
    value = models.CharField(max_length=60, blank=True)
    previous_value = models.FloatField(null=True, blank=True)
    # [{"column": "value", "message": "...", "suggestion": "..."}, ...]
    problems = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["batch", "line"]
        indexes = [models.Index(fields=["batch", "action", "line"], name="import_row_by_action")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.action}"
