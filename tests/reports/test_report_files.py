"""The report's PDF is printed once per version of the report and kept (rules M1, M6:
the PDF is the report's figures as they stand; a submitted one as submitted): asked for
again it is served as kept, without printing; a changed comment or figure makes a new
one; a large report is printed in the background, its page showing the progress."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from localperf.reports import files, services
from localperf.reports.models import ReportFile, ReportFileStatus
from tests.reports.test_permissions import DRAFT_SEEN, SUBMITTED_SEEN, statuses
from tests.reports.test_progress_report import correct_ni112, pdf_text

pytestmark = pytest.mark.django_db


def pdf_url(report) -> str:
    return reverse("reports:download", args=[report.pk, "pdf"])


def download(client, users, report, role: str = "pm") -> bytes:
    client.force_login(users[role])
    response = client.get(pdf_url(report))
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def no_printing(monkeypatch) -> None:
    """From here on, printing a PDF fails the test: what is served was kept."""

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF was printed again")

    monkeypatch.setattr(files, "report_pdf", refuse)


def test_the_pdf_asked_for_again_is_served_as_kept_without_printing(
    client, users, report, monkeypatch
):
    # rule M1
    first = download(client, users, report)
    assert ReportFile.objects.filter(report=report, status=ReportFileStatus.READY).count() == 1
    no_printing(monkeypatch)
    assert download(client, users, report, "partner") == first
    assert download(client, users, report) == first


def test_a_changed_comment_makes_a_new_pdf(client, users, report, approved):
    # rule M1: the comments on progress are in the PDF
    _, ni112, _ = approved
    first = download(client, users, report)
    services.report_comment_record(
        user=users["pm"], report=report, target=ni112, progress="Conceptions fell.", evidence=""
    )
    second = download(client, users, report)
    assert second != first
    assert "Conceptions fell." in pdf_text(second) and "Conceptions fell." not in pdf_text(first)
    # Only the newest version is kept.
    assert ReportFile.objects.filter(report=report).count() == 1


def test_a_corrected_figure_makes_a_new_pdf(client, users, report):
    # rules M1, M6: a draft prints the data as they stand
    first = download(client, users, report)
    correct_ni112(users, "43.3")
    second = download(client, users, report)
    assert "43.3" in pdf_text(second) and "43.3" not in pdf_text(first)


def test_a_submitted_reports_pdf_stays_the_same(client, users, report, monkeypatch):
    # rules M1, M6: the snapshot is frozen, so is its PDF, however the data are corrected
    services.report_submit(user=users["pm"], report=report)
    first = download(client, users, report, "go_lm")
    correct_ni112(users, "51")
    no_printing(monkeypatch)
    assert download(client, users, report, "analyst") == first
    assert "As submitted on" in pdf_text(first)


def test_a_go_comment_on_a_submitted_report_makes_a_new_pdf(client, users, report, approved):
    # rule M1: the Government Office's comments are printed with the target
    _, ni112, _ = approved
    services.report_submit(user=users["pm"], report=report)
    first = download(client, users, report)
    services.report_go_comment_record(
        user=users["go_lm"], report=report, target=ni112, comment="Say what drives the fall."
    )
    assert "Say what drives the fall." in pdf_text(download(client, users, report))
    assert "Say what drives the fall." not in pdf_text(first)


@pytest.fixture
def large(settings):
    """Every report counts as large: printed by the task, not in the request."""
    settings.LOCALPERF_REPORT_PDF_INLINE_TARGETS = 0


def test_a_large_report_is_printed_by_the_task(client, users, report, large):
    # With the immediate backend the task runs at once: the request serves the PDF.
    pdf = download(client, users, report)
    file = ReportFile.objects.get(report=report)
    assert file.task_id and file.status == ReportFileStatus.READY and file.progress == 100
    assert bytes(file.data) == pdf and "NI 112" in pdf_text(pdf)


@pytest.fixture
def database_tasks(settings, large, monkeypatch):
    """Tasks queued in the database, run by django-tasks' worker in this process (it
    would close the connection between tasks, the test's transaction with it: it
    keeps it here; tests/operations run the worker as its own process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def test_a_large_reports_pdf_is_prepared_in_the_background_with_its_progress(
    client, users, report, database_tasks
):
    client.force_login(users["partner"])
    response = client.get(pdf_url(report))
    file = ReportFile.objects.get(report=report)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:file", args=[report.pk, file.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Your PDF is being prepared" in page and "Waiting to start (0%)" in page
    # Refreshed without JavaScript by the page itself, with it by htmx.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    status_url = reverse("reports:file_status", args=[report.pk, file.pk])
    assert f'hx-get="{status_url}"' in page
    assert "Waiting to start" in client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    # Asked for again before the worker has run: the same file, queued once.
    assert client.get(pdf_url(report))["Location"] == response["Location"]
    assert ReportFile.objects.filter(report=report).count() == 1

    run_worker()

    assert client.get(status_url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    page = client.get(response["Location"]).content.decode()
    assert "Your PDF is ready" in page and "refresh" not in page
    download_url = reverse("reports:file_download", args=[report.pk, file.pk])
    assert download_url in page
    served = client.get(download_url)
    pdf = b"".join(served.streaming_content) if served.streaming else served.content
    assert "NI 112" in pdf_text(pdf)
    # Now kept: the report's PDF link serves it at once.
    assert download(client, users, report) == pdf


def test_a_report_changed_while_its_pdf_waited_is_prepared_again(
    client, users, report, approved, database_tasks
):
    _, ni112, _ = approved
    client.force_login(users["pm"])
    first = client.get(pdf_url(report))["Location"]
    services.report_comment_record(
        user=users["pm"], report=report, target=ni112, progress="Conceptions fell.", evidence=""
    )
    run_worker()
    page = client.get(first).content.decode()
    assert "Your PDF could not be prepared" in page
    assert "The report changed while its PDF waited to be prepared" in page
    again = client.get(pdf_url(report))["Location"]
    assert again != first
    run_worker()
    assert "Conceptions fell." in pdf_text(download(client, users, report))


@pytest.mark.parametrize("submitted", [False, True])
def test_the_pdfs_pages_are_seen_by_whoever_sees_the_report(
    client, users, report, large, submitted
):
    if submitted:
        services.report_submit(user=users["pm"], report=report)
    file = files.report_file_request(report=report)
    expected = SUBMITTED_SEEN if submitted else DRAFT_SEEN
    for name in ("file", "file_status", "file_download"):
        url = reverse(f"reports:{name}", args=[report.pk, file.pk])
        assert statuses(client, users, "get", url) == expected, name


def test_a_pdf_left_by_a_stopped_worker_is_queued_again(client, users, report, database_tasks):
    # Its worker died without a word: after ABANDONED_AFTER the next request queues it anew.
    client.force_login(users["pm"])
    page = client.get(pdf_url(report))["Location"]
    file = ReportFile.objects.get(report=report)
    ReportFile.objects.filter(pk=file.pk).update(
        status=ReportFileStatus.WORKING,
        progress=15,
        updated_at=file.updated_at - files.ABANDONED_AFTER - datetime.timedelta(seconds=1),
    )
    assert client.get(pdf_url(report))["Location"] == page
    again = ReportFile.objects.get(pk=file.pk)
    assert again.status == ReportFileStatus.QUEUED and again.task_id != file.task_id
    run_worker()
    assert "Your PDF is ready" in client.get(page).content.decode()
