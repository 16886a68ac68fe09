"""The six-monthly progress report (rule M1), the self-assessment, their frozen
snapshots and events, and the Government Office's annual review record (rule L6)."""

from localperf.reports.models.files import ReportFile, ReportFileStatus
from localperf.reports.models.report import (
    EDITABLE_REPORT_STATUSES,
    ProgressReport,
    ReportEvent,
    ReportKind,
    ReportSnapshot,
    ReportStatus,
    TargetComment,
)
from localperf.reports.models.review import (
    AnnualReview,
    AnnualReviewStatus,
    AnnualReviewTarget,
    Judgement,
)

__all__ = [
    "EDITABLE_REPORT_STATUSES",
    "AnnualReview",
    "AnnualReviewStatus",
    "AnnualReviewTarget",
    "Judgement",
    "ProgressReport",
    "ReportEvent",
    "ReportFile",
    "ReportFileStatus",
    "ReportKind",
    "ReportSnapshot",
    "ReportStatus",
    "TargetComment",
]
