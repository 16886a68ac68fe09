"""The outputs of a report, each rendered from its content (see ``reports.selectors``):
the PDF (``pdf``), the workbook laid out like the proforma (``workbook``) and the CSV
(``table``). The page is a template; each target's chart is ``localperf.charts``, drawn
by the ``chart`` tag of ``report_tags`` on the page and in the PDF alike."""

from __future__ import annotations

import datetime
import re

PROFORMA_ROWS = ("Profile", "Actual", "% variance", "Risk rating")


def figure(value: float | None) -> str:
    """A figure as the report prints it: up to two decimal places, no trailing zeros.

    >>> figure(48.5), figure(49.0), figure(1234.567), figure(None)
    ('48.5', '49', '1,234.57', '')
    """
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def variance(value: float | None) -> str:
    """% variance, signed: positive is better than the profile.

    >>> variance(1.0), variance(-3.84), variance(None)
    ('+1.0%', '-3.8%', '')
    """
    return "" if value is None else f"{value:+.1f}%"


def cell_texts(cell: dict | None) -> tuple[str, str, str, str]:
    """The four proforma rows of one period."""
    if not cell:
        return ("", "", "", "")
    return (
        figure(cell["profile"]),
        figure(cell["actual"]),
        variance(cell["variance"]),
        cell["rating_label"],
    )


def file_stem(content: dict) -> str:
    """A file name for the report, e.g. ``kent-agreement-2-progress-2009-10-h1``."""
    text = f"{content['agreement']['title']} {content['kind']} {content['period']}"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def status_line(view) -> str:
    """ "Draft" (live data) or "As submitted on … (submission n)"."""
    if view.is_draft:
        as_at = datetime.date.fromisoformat(view.content["as_at"])
        return f"DRAFT: figures from the live data as at {as_at:%-d %B %Y}, not yet submitted"
    taken = view.snapshot.taken_at
    return f"As submitted on {taken:%-d %B %Y} (submission {view.snapshot.number})"
