"""Printing a PDF collects garbage less often while WeasyPrint works (issue 16: most of a
large report's printing is WeasyPrint allocating), and leaves the process's collector as
it found it, also when two prints overlap."""

from __future__ import annotations

import gc
import io

from pypdf import PdfReader

from localperf.reports.renderers.pdf import html_pdf

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head>"
    "<body><p>{}</p></body></html>"
)


def text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_a_print_raises_the_collectors_threshold_and_restores_it():
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    inner: list[bytes] = []

    def outer_progress(percent: int, phase: str) -> None:
        seen.append(gc.get_threshold())
        if not inner:  # a second print starts and ends while the first is under way
            inner.append(html_pdf(PAGE.format("Inner print")))
            seen.append(gc.get_threshold())  # the first still prints: still raised

    outer = html_pdf(PAGE.format("Outer print"), progress=outer_progress)
    assert gc.get_threshold() == before
    assert all(threshold[0] > before[0] for threshold in seen) and len(seen) == 3
    assert "Outer print" in text(outer) and "Inner print" in text(inner[0])
