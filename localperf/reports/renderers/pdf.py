"""The report as PDF, printed by WeasyPrint from an HTML template: a cover with the
summary and a contents list, then the proforma per target with its chart (SVG) and its
ratings coloured and in words, several targets a page; on every page a header naming
the agreement and the period and a footer "Page x of y" (CSS ``@page`` margin boxes)."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

from localperf.reports.renderers import status_line
from localperf.reports.selectors import returned_notice

Progress = Callable[[int, str], None]


def html_pdf(html: str, *, progress: Progress | None = None) -> bytes:
    """Print HTML to PDF. Everything the template needs is inline (no files, no
    network): WeasyPrint is given no base URL to fetch from. ``progress`` (percent,
    phase) is told as each of the two long steps starts: laying out, then writing."""
    # Imported here, not at the top: WeasyPrint takes about a second to import, and every
    # command that loads the URLs (its system checks do) would pay it (issue 16).
    from weasyprint import HTML

    if progress:
        progress(15, "Laying out the pages")
    document = HTML(string=html).render()
    if progress:
        progress(70, f"Writing the PDF ({len(document.pages)} pages)")
    return document.write_pdf()


def report_pdf(view, *, progress: Progress | None = None) -> bytes:
    """The report's PDF: a cover with its summary (ratings, comments, and the
    Government Office's return while returned), a contents list with page numbers, then
    the targets, as many a page as fit."""
    status = status_line(view)
    returned = returned_notice(view.report)
    html = render_to_string(
        "reports/report_print.html",
        {
            "view": view,
            "content": view.content,
            "summary": view.summary,
            "returned": returned,
            "status": status,
            # A CSS string in the footer: only letters, digits and plain punctuation.
            "status_css": "".join(c for c in status if c.isalnum() or c in " ,.:()-"),
        },
    )
    return html_pdf(html, progress=progress)


def review_pdf(review, findings, events) -> bytes:
    html = render_to_string(
        "reports/review_print.html", {"review": review, "findings": findings, "events": events}
    )
    return html_pdf(html)
