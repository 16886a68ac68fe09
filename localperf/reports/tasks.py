"""Background work of the reports: printing a large report's PDF (``reports.files``).

With the default immediate backend the task runs at once, inside the request; with the
database backend (``django_tasks_db``) the worker (``manage.py worker``) runs it and the
file's page shows its progress."""

from __future__ import annotations

from django_tasks import task

from localperf.reports.files import report_file_print
from localperf.reports.models import ReportFile, ReportFileStatus


@task()
def report_file_task(file_id: int) -> str:
    file = ReportFile.objects.select_related("report").filter(pk=file_id).first()
    if file is None:  # a newer version replaced it before a worker took it up
        return "gone"
    if file.status == ReportFileStatus.READY:  # queued twice (e.g. again after a lost worker)
        return "kept"
    report_file_print(file=file)
    return "printed"
