"""Benchmark: the progress report's PDF and Excel workbook for a 52-target agreement
(issue 5), against a one-page PDF of plain text printed by WeasyPrint in the same run.

The report is rendered from its content (the structure a submission freezes), so the
benchmark builds the content of a 52-target agreement (under 8 outcomes, four periods of
profile, actual, variance and rating each, six points of chart series, comments and
evidence) without a database, and times the renderers the downloads use: ``report_pdf``
(HTML template → WeasyPrint, an SVG chart per target, page headers and footers) and
``report_workbook`` (openpyxl, laid out like the proforma).

It also times what a request for a PDF printed before costs (``reports.files``): the
digest of what the PDF prints (its version), which finds the kept file, and reading the
kept file back from the database (a ``ReportFile`` row, rolled back at the end) — the
report's PDF once printed, until its figures change. Cold, printing it is still far over
the issue's 15×; that is why a large report is printed by the task worker with a
progress page, and kept.

Prints the median of ``BENCH_RUNS`` runs (default 5) of each and the ratios. Run it with
``make bench`` or ``.venv/bin/python bench/bench_reports.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGETS = 52
PERIODS = ["2008/09 H2", "2008/09", "2009/10 Q1", "2009/10 H1"]
SERIES_PERIODS = ["2008/09 Q1", "2008/09 H1", "2008/09 Q3", "2008/09", "2009/10 Q1", "2009/10 H1"]
RATINGS = [("green", "On track"), ("amber", "Slightly behind"), ("red", "Off track")]


def content() -> dict:
    outcomes = []
    for o in range(8):
        targets = []
        for t in range(o * TARGETS // 8, (o + 1) * TARGETS // 8):
            base = 40.0 + t
            cells = []
            for i, period in enumerate(PERIODS):
                profile, actual = base + i, base + i - (t % 3) * 0.7
                rating, label = RATINGS[t % 3]
                cells.append(
                    {
                        "period": period,
                        "profile": profile,
                        "actual": actual,
                        "variance": round((actual - profile) / profile * 100, 1),
                        "rating": rating,
                        "rating_label": label,
                        "overridden": False,
                    }
                )
            targets.append(
                {
                    "id": t + 1,
                    "code": f"NI {t + 100}",
                    "title": f"Target number {t + 1}",
                    "category": "Designated target (one of the up to 35)",
                    "related_psa": f"PSA {t % 30 + 1}",
                    "unit": "% of residents",
                    "partners": ["Kent Police Authority", "NHS Eastern and Coastal Kent"],
                    "coordinating": "Kent Police Authority",
                    "cells": cells,
                    # Drawn like a real target's chart: its periods' own labels, each
                    # actual rated, the latest figure with its rating's words (WeasyPrint
                    # lays an SVG's text out letter by letter, so short labels flatter).
                    "series": [
                        {
                            "period": SERIES_PERIODS[k],
                            "profile": base + k,
                            "actual": base + k - 0.5,
                            "rating": RATINGS[(t + k) % 3][0],
                            "rating_label": RATINGS[(t + k) % 3][1],
                        }
                        for k in range(6)
                    ],
                    "evidence": "Joint area review, 2009; Place Survey 2008.",
                    "comment": "Progress is steady; the partnership meets quarterly. " * 3,
                    "comment_by": "Kim Kent, Kent County Council",
                }
            )
        outcomes.append(
            {"title": f"Outcome {o + 1}", "theme": "Children and Young People", "targets": targets}
        )
    return {
        "schema": 1,
        "kind": "progress",
        "title": "Six-monthly progress report for 2009/10 H1",
        "agreement": {
            "id": 1,
            "title": "Kent Local Area Agreement 2008–11",
            "area": "Kent",
            "responsible_authority": "Kent County Council",
            "region": "South East",
        },
        "period": "2009/10 H1",
        "periods": PERIODS,
        "as_at": "2009-11-30",
        "outcomes": outcomes,
    }


def median_time(action, clock=time.perf_counter) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = clock()
        result = action()
        times.append(clock() - started)
    return statistics.median(times), result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    from django.utils import timezone
    from pypdf import PdfReader

    from localperf.reports.files import report_file_version
    from localperf.reports.models import ProgressReport, ReportSnapshot
    from localperf.reports.renderers.pdf import html_pdf, report_pdf
    from localperf.reports.renderers.workbook import report_workbook
    from localperf.reports.selectors import ReportView

    report = ProgressReport(period_label="2009/10 H1", status="submitted")
    snapshot = ReportSnapshot(report=report, number=1, content=content(), taken_at=timezone.now())
    view = ReportView(report=report, content=snapshot.content, snapshot=snapshot, go_comments={})
    plain = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>One page</title>"
        "</head><body>" + "<p>Plain text on one page of the report.</p>" * 20 + "</body></html>"
    )
    html_pdf(plain)  # warm up fonts and caches for every measurement alike
    baseline, _ = median_time(lambda: html_pdf(plain))
    pdf_time, pdf = median_time(lambda: report_pdf(view))
    xlsx_time, xlsx = median_time(lambda: report_workbook(view))
    digest_time, _ = median_time(lambda: report_file_version(view))
    kept_time = kept_read_time(pdf)
    # CPU time as well: on a loaded machine the one-page baseline's wall time is luck.
    cpu_baseline, _ = median_time(lambda: html_pdf(plain), clock=time.process_time)
    cpu_pdf, _ = median_time(lambda: report_pdf(view), clock=time.process_time)
    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    print(f"Progress report of a {TARGETS}-target agreement, median of {RUNS} runs")
    print(f"  one-page plain-text PDF (WeasyPrint baseline): {baseline * 1000:8.1f} ms")
    print(
        f"  report PDF ({pages} pages, {len(pdf) // 1024} KiB):        {pdf_time * 1000:8.1f} ms"
        f"  = {pdf_time / baseline:5.1f} x the baseline"
    )
    print(
        f"  report PDF in CPU time: {cpu_pdf * 1000:8.1f} ms against {cpu_baseline * 1000:6.1f} ms"
        f"  = {cpu_pdf / cpu_baseline:5.1f} x the baseline"
    )
    print(
        f"  report Excel workbook ({len(xlsx) // 1024} KiB):          {xlsx_time * 1000:8.1f} ms"
        f"  = {xlsx_time / baseline:5.2f} x the baseline"
    )
    print(
        f"  kept PDF: its version (digest of what it prints): {digest_time * 1000:6.1f} ms"
        f"  = {digest_time / baseline:5.2f} x the baseline"
    )
    if kept_time is not None:
        total = digest_time + kept_time
        print(
            f"  kept PDF: version + reading it from the database: {total * 1000:6.1f} ms"
            f"  = {total / baseline:5.2f} x the baseline (cold print: {pdf_time / baseline:.1f} x)"
        )
    print(
        f"  PDF and Excel together:                        {(pdf_time + xlsx_time) * 1000:8.1f}"
        f" ms  = {(pdf_time + xlsx_time) / baseline:5.1f} x the baseline"
    )


def kept_read_time(pdf: bytes) -> float | None:
    """Reading a kept PDF back (one row, ``bytes`` of its data), in a transaction rolled
    back: None when the database has no agreement to hang the report on (run
    ``make demo`` first)."""
    from django.db import DatabaseError, transaction

    from localperf.agreements.models import Agreement
    from localperf.reports.models import ProgressReport, ReportFile

    try:
        agreement = Agreement.objects.first()
    except DatabaseError:  # not migrated
        agreement = None
    if agreement is None:
        print("  (no agreement in the database: run `make demo` to time reading a kept PDF)")
        return None
    with transaction.atomic():
        report = ProgressReport.objects.create(agreement=agreement, period_label="bench H1")
        kept = ReportFile.objects.create(
            report=report, file_format="pdf", version="bench", name="bench.pdf", data=pdf
        )
        elapsed, data = median_time(lambda: bytes(ReportFile.objects.get(pk=kept.pk).data))
        assert data == pdf
        transaction.set_rollback(True)
    return elapsed


if __name__ == "__main__":
    main()
