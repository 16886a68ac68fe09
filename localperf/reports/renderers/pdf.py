"""The report as PDF, printed by WeasyPrint from an HTML template: a cover with the
summary and a contents list, then the proforma per target with its chart (SVG) and its
ratings coloured and in words, several targets a page; on every page a header naming
the agreement and the period and a footer "Page x of y" (CSS ``@page`` margin boxes)."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

from django.template.loader import render_to_string

from localperf.reports.renderers import status_line
from localperf.reports.selectors import returned_notice

Progress = Callable[[int, str], None]

# WeasyPrint allocates hundreds of thousands of short-lived objects (boxes, styles,
# Pango layouts) while the tree it builds stays alive: with the interpreter's default
# threshold (a young collection every 700 allocations) a 52-target report ran 637
# collections, about 15% of its CPU time (``gc.callbacks`` on the bench's data). Collecting
# every 20,000 allocations keeps garbage bounded: 21 collections, about 4%.
_PRINT_GC_THRESHOLD = 20_000
_printing = 0
_printing_lock = threading.Lock()
_threshold_before: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The young-generation threshold raised while any thread prints, restored when the
    last print ends (the threshold is the process's, not the thread's)."""
    global _printing, _threshold_before
    with _printing_lock:
        if _printing == 0:
            _threshold_before = gc.get_threshold()
            gc.set_threshold(max(_PRINT_GC_THRESHOLD, _threshold_before[0]), *_threshold_before[1:])
        _printing += 1
    try:
        yield
    finally:
        with _printing_lock:
            _printing -= 1
            if _printing == 0:
                gc.set_threshold(*_threshold_before)


def html_pdf(html: str, *, progress: Progress | None = None) -> bytes:
    """Print HTML to PDF. Everything the template needs is inline (no files, no
    network): WeasyPrint is given no base URL to fetch from. ``progress`` (percent,
    phase) is told as each of the two long steps starts: laying out, then writing."""
    # Imported here, not at the top: WeasyPrint takes about a second to import, and every
    # command that loads the URLs (its system checks do) would pay it (issue 16).
    from weasyprint import HTML

    with _fewer_collections():
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
