"""The outputs of a report, each rendered from its content (see ``reports.selectors``):
the PDF (``pdf``), the workbook laid out like the proforma (``workbook``) and the CSV
(``table``). The page is a template; each target's chart is ``localperf.charts``, drawn
by the ``chart`` tag of ``report_tags`` on the page and in the PDF alike."""

from __future__ import annotations

import datetime
import re

PROFORMA_ROWS = ("Profile", "Actual", "% variance", "Risk rating")


def figure(value: float | None, decimals: int = 2) -> str:
    """A figure as the report prints it: rounded to its indicator's precision
    (``calculations.precision``; two places for a snapshot that does not say), no
    trailing zeros.

    >>> figure(48.5), figure(49.0), figure(1234.567), figure(None)
    ('48.5', '49', '1,234.57', '')
    >>> figure(17.547169811, 1), figure(1754.2, 0)
    ('17.5', '1,754')
    """
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def rounded(value: float | None, decimals: int = 2) -> float | None:
    """A figure rounded as ``figure`` prints it, kept a number (the workbook's cells).

    >>> rounded(17.547169811, 1), rounded(None)
    (17.5, None)
    """
    return None if value is None else round(value, decimals)


def decimals_of(target: dict) -> int:
    return target.get("decimals", 2)


def columns(content: dict, target: dict) -> list[tuple[str, dict | None]]:
    """A target's columns: (period, cell). From schema 2 each target has its own periods
    and every cell is filled; a schema 1 snapshot shares the report's periods, with None
    where the target has no such period.

    >>> columns({"schema": 2, "periods": ["a", "b"]}, {"cells": [{"period": "b"}]})
    [('b', {'period': 'b'})]
    >>> columns({"schema": 1, "periods": ["a", "b"]}, {"cells": [None, {"period": "b"}]})
    [('a', None), ('b', {'period': 'b'})]
    """
    if content.get("schema", 1) >= 2:
        return [(cell["period"], cell) for cell in target["cells"]]
    return list(zip(content["periods"], target["cells"], strict=False))


def latest_cell(target: dict) -> dict | None:
    """The target's last column that has a cell: its rating as the report stands."""
    return next((cell for cell in reversed(target["cells"]) if cell), None)


def variance(value: float | None) -> str:
    """% variance, signed: positive is better than the profile.

    >>> variance(1.0), variance(-3.84), variance(None)
    ('+1.0%', '-3.8%', '')
    """
    return "" if value is None else f"{value:+.1f}%"


def cell_texts(cell: dict | None, decimals: int = 2) -> tuple[str, str, str, str]:
    """The four proforma rows of one period."""
    if not cell:
        return ("", "", "", "")
    return (
        figure(cell["profile"], decimals),
        figure(cell["actual"], decimals),
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
