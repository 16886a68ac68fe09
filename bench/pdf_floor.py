"""Where a 52-target report's PDF spends WeasyPrint's time, and the least WeasyPrint could
spend on it (issue 16 asks ≤ 15× a one-page PDF). Not part of ``make bench``: run it when
deciding how the report is printed, ``.venv/bin/python bench/pdf_floor.py``.

From the HTML ``report_pdf`` prints (``bench_reports.content()``), in CPU time against the
one-page baseline of ``bench_reports`` in the same run, median of ``BENCH_RUNS`` (default 3):

- the report as printed;
- its text alone, one paragraph per line of the printed PDF's text: no tables, no
  charts, no colours — the least any layout of the same words can cost WeasyPrint;
- only the targets' figures tables; only their charts; the charts without their text
  (WeasyPrint lays an SVG's text out letter by letter).
"""

from __future__ import annotations

import base64
import html as html_module
import io
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

os.environ.setdefault("BENCH_RUNS", "3")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localperf.settings")
    import django

    django.setup()
    import bench_reports as bench
    from django.template.loader import render_to_string
    from django.utils import timezone
    from pypdf import PdfReader

    from localperf.reports.models import ProgressReport, ReportSnapshot
    from localperf.reports.renderers.pdf import html_pdf
    from localperf.reports.selectors import ReportView

    report = ProgressReport(period_label="2009/10 H1", status="submitted")
    snapshot = ReportSnapshot(
        report=report, number=1, content=bench.content(), taken_at=timezone.now()
    )
    view = ReportView(report=report, content=snapshot.content, snapshot=snapshot, go_comments={})
    printed = render_to_string(
        "reports/report_print.html",
        {"view": view, "content": view.content, "summary": view.summary, "status": "As bench"},
    )
    head = printed.split("<body>")[0] + "<body>"

    def page(parts: list[str]) -> str:
        return head + "".join(parts) + "</body></html>"

    pdf = html_pdf(printed)
    lines = [
        line for p in PdfReader(io.BytesIO(pdf)).pages for line in p.extract_text().splitlines()
    ]
    images = re.findall(r'<img alt="[^"]*" src="data:image/svg\+xml;base64,([^"]+)">', printed)

    def without_text(data: str) -> str:
        svg = re.sub(r"<text[^>]*>[^<]*</text>", "", base64.b64decode(data).decode())
        return base64.b64encode(svg.encode()).decode()

    image = '<div class="chart"><img alt="" src="data:image/svg+xml;base64,{}"></div>'
    cases = {
        "report as printed": printed,
        f"its text alone ({len(lines)} lines, one <p> each)": page(
            [f"<p>{html_module.escape(line)}</p>" for line in lines]
        ),
        "figures tables only": page(
            re.findall(r'<div class="figures">.*?</table>', printed, flags=re.S)
        ),
        "charts only": page([image.format(data) for data in images]),
        "charts without their text": page([image.format(without_text(d)) for d in images]),
    }
    plain = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>One page</title>"
        "</head><body>" + "<p>Plain text on one page of the report.</p>" * 20 + "</body></html>"
    )
    html_pdf(plain)
    baseline, _ = bench.median_time(lambda: html_pdf(plain), clock=time.process_time)
    print(f"Report PDF floor, CPU time, median of {bench.RUNS} runs")
    print(f"  one-page plain-text PDF (baseline): {baseline * 1000:7.1f} ms")
    for name, document in cases.items():
        elapsed, _ = bench.median_time(lambda d=document: html_pdf(d), clock=time.process_time)
        print(f"  {name:45s} {elapsed * 1000:7.0f} ms = {elapsed / baseline:6.1f} x")


if __name__ == "__main__":
    main()
