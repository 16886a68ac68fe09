"""A report's PDF, printed once per version of the report and kept (``ReportFile``).

A request for the PDF (``report_file_request``) computes the report's *version*: a
digest of everything the PDF prints (the content every output renders, with its
figures, ratings, comments and targets; the Government Office's comments; the status
line and any return notice). The same version printed before is served as kept, without
printing; a report's figures, comments or targets changing make a new version, and a
new PDF. A submitted report prints its frozen snapshot, so its PDF stays the same.

Printing a PDF takes about 60 ms a target (``bench/bench_reports.py``): a report of up to
``LOCALPERF_REPORT_PDF_INLINE_TARGETS`` targets (20: just over a second) is printed
during the request; a larger one is queued for the task worker (``reports.tasks``), and
its page shows the progress until the PDF is ready. The Excel workbook is not kept: it
takes about a quarter of a second for 52 targets (the same benchmark).
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.utils import timezone

from localperf.reports.models import ProgressReport, ReportFile, ReportFileStatus
from localperf.reports.renderers import file_stem, status_line
from localperf.reports.renderers.pdf import report_pdf
from localperf.reports.selectors import ReportView, report_view, returned_notice

PDF = "pdf"
# Bump when the print template or the charts' drawing changes what a kept PDF looks
# like: every kept one is then printed again on its next request.
PRINT_VERSION = 1
# A file "being prepared" for longer than this was left by a worker that stopped; the
# next request queues it again.
ABANDONED_AFTER = datetime.timedelta(minutes=10)


def inline_targets() -> int:
    return settings.LOCALPERF_REPORT_PDF_INLINE_TARGETS


def report_file_version(view: ReportView) -> str:
    """A digest of everything the report's PDF prints: equal digests, equal PDFs."""
    returned = returned_notice(view.report)
    printed = {
        "print": PRINT_VERSION,
        "content": view.content,
        "go_comments": sorted(view.go_comments.items()),
        "status": status_line(view),
        "returned": [str(returned.occurred_at), returned.reason] if returned else None,
    }
    text = json.dumps(printed, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _file_name(view: ReportView) -> str:
    return file_stem(view.content) + ("-draft" if view.is_draft else "") + ".pdf"


def report_file_request(*, report: ProgressReport) -> ReportFile:
    """The report's PDF as the report stands now: the kept one when this version was
    printed before; otherwise printed now (a small report) or queued for the worker, the
    file then saying how far it has got."""
    view = report_view(report)
    version = report_file_version(view)
    file, created = ReportFile.objects.get_or_create(
        report=report, file_format=PDF, version=version, defaults={"name": _file_name(view)}
    )
    if not (created or _claimed_again(file)):
        return file
    if sum(1 for _ in view.targets) <= inline_targets():
        report_file_print(file=file, view=view)
    else:
        _enqueue(file)
    file.refresh_from_db()
    return file


def _claimed_again(file: ReportFile) -> bool:
    """Whether this request takes a failed or abandoned file up again (one request
    does, when several ask at once)."""
    abandoned = file.is_working and file.updated_at < timezone.now() - ABANDONED_AFTER
    if file.status != ReportFileStatus.FAILED and not abandoned:
        return False
    return bool(
        ReportFile.objects.filter(pk=file.pk, updated_at=file.updated_at).update(
            status=ReportFileStatus.QUEUED, progress=0, phase="", updated_at=timezone.now()
        )
    )


def _enqueue(file: ReportFile) -> None:
    # Imported here: the task module imports this one.
    from localperf.reports.tasks import report_file_task

    _progress(file, 0, "Waiting to start", status=ReportFileStatus.QUEUED)
    result = report_file_task.enqueue(file.pk)
    ReportFile.objects.filter(pk=file.pk).update(task_id=str(result.id)[:64])


def _progress(file: ReportFile, progress: int, phase: str, **fields) -> None:
    status = fields.pop("status", ReportFileStatus.WORKING)
    ReportFile.objects.filter(pk=file.pk).update(
        status=status, progress=progress, phase=phase, updated_at=timezone.now(), **fields
    )


def report_file_print(*, file: ReportFile, view: ReportView | None = None) -> None:
    """Print the file's PDF and keep it, saying how far it has got on the way. When the
    report changed since the file was asked for, it is marked failed, to be asked for
    again (the new version is another file)."""
    _progress(file, 5, "Gathering the figures")
    view = view or report_view(file.report)
    if report_file_version(view) != file.version:
        _progress(
            file,
            100,
            "The report changed while its PDF waited to be prepared",
            status=ReportFileStatus.FAILED,
        )
        return

    def step(progress: int, phase: str) -> None:
        _progress(file, progress, phase)

    try:
        data = report_pdf(view, progress=step)
    except Exception:
        _progress(file, 100, "An unexpected error stopped it", status=ReportFileStatus.FAILED)
        raise
    _progress(file, 100, "Ready", status=ReportFileStatus.READY, data=data)
    # Only the newest version of a report is asked for again: the older ones go.
    ReportFile.objects.filter(report_id=file.report_id, file_format=file.file_format).exclude(
        pk=file.pk
    ).exclude(status__in=[ReportFileStatus.QUEUED, ReportFileStatus.WORKING]).delete()
