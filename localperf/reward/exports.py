"""The reward statement and the national determination as rows: the one table the page,
the CSV, the PDF and the API all show. A rule set the sources never confirmed is named
"Unverified" in every one of them."""

from __future__ import annotations

import re
from decimal import Decimal

from django.template.loader import render_to_string

from localperf.reports.renderers.pdf import html_pdf
from localperf.reward.selectors import DeterminationRow, StatementView
from localperf.web.downloads import csv_bytes

STATEMENT_HEADER = (
    "Target",
    "Version used",
    "Baseline",
    "Stretch target",
    "Final outturn",
    "Achieved %",
    "Paid %",
    "Weight",
    "Share of pot £",
    "Grant £",
    "Note",
)
DETERMINATION_HEADER = ("Authority", "Year", "Capital £", "Revenue £", "Total £", "Rules")


def figure(value: Decimal | None) -> str:
    """A figure as written in every output: blank when there is none.

    >>> figure(Decimal("12.5000")), figure(None)
    ('12.5', '')
    """
    if value is None:
        return ""
    return format(value.normalize(), "f")


_PLAIN_FIGURE = re.compile(r"^(-?)(\d{4,})(\.\d+)?$")


def digits_grouped(text: str) -> str:
    """Thousands separated, for the pages.

    >>> digits_grouped("3325000.00"), digits_grouped("-1450"), digits_grouped("NI 112")
    ('3,325,000.00', '-1,450', 'NI 112')
    """
    match = _PLAIN_FIGURE.match(text)
    if not match:
        return text
    sign, whole, fraction = match.groups()
    return f"{sign}{int(whole):,}{fraction or ''}"


def statement_rows(view: StatementView) -> list[tuple[str, ...]]:
    rows = []
    for row, judged in view.rows:
        version = row.basis.version
        rows.append(
            (
                row.target.measure_code,
                f"v{version.number}" if version else "",
                figure(judged.line.baseline),
                figure(judged.line.stretch),
                figure(judged.line.outturn),
                figure(judged.achievement),
                figure(judged.paid_percent),
                f"{judged.weight:.4f}",
                f"{judged.share:.2f}",
                f"{judged.grant:.2f}",
                row.outturn_note,
            )
        )
    return rows


def statement_totals(view: StatementView) -> list[tuple[str, str]]:
    s = view.statement
    totals = [
        ("Pot £", f"{s.pot:.2f}"),
        ("Grant before reduction £", f"{s.before_reduction:.2f}"),
        ("Reduction factor", figure(s.rules.reduction_factor)),
        ("Total £", f"{s.total:.2f}"),
        ("Capital £", f"{s.capital:.2f}"),
        ("Revenue £", f"{s.revenue:.2f}"),
        ("Payment on account £", f"{s.on_account:.2f}"),
        ("First instalment £", f"{s.instalments[0]:.2f}"),
        ("Second instalment £", f"{s.instalments[1]:.2f}"),
    ]
    if s.average_achievement is not None:
        totals.insert(1, ("Average achievement %", figure(s.average_achievement)))
    return totals


def _rules_line(view: StatementView) -> str:
    rule_set = view.element.rule_set
    return f"{rule_set}" + (f" — {view.unverified_label}" if view.unverified else "")


def statement_csv(view: StatementView) -> bytes:
    rows: list[tuple[str, ...]] = [("Rules", _rules_line(view)), ("Year", view.year)]
    rows += [(), STATEMENT_HEADER, *statement_rows(view), ()]
    rows += statement_totals(view)
    return csv_bytes(("Reward statement", str(view.element.agreement)), rows)


def statement_pdf(view: StatementView) -> bytes:
    html = render_to_string(
        "reward/statement_print.html",
        {
            "view": view,
            "rules_line": _rules_line(view),
            "header": STATEMENT_HEADER,
            "rows": statement_rows(view),
            "totals": statement_totals(view),
        },
    )
    return html_pdf(html)


def determination_table(rows: list[DeterminationRow]) -> list[tuple[str, ...]]:
    return [
        (
            r.authority,
            r.year,
            f"{r.capital:.2f}",
            f"{r.revenue:.2f}",
            f"{r.total:.2f}",
            "Unverified" if r.unverified else "Verified",
        )
        for r in rows
    ]


def determination_totals(rows: list[DeterminationRow]) -> tuple[str, ...]:
    return (
        "Total",
        "",
        f"{sum((r.capital for r in rows), Decimal(0)):.2f}",
        f"{sum((r.revenue for r in rows), Decimal(0)):.2f}",
        f"{sum((r.total for r in rows), Decimal(0)):.2f}",
        "",
    )


def determination_csv(rows: list[DeterminationRow]) -> bytes:
    return csv_bytes(DETERMINATION_HEADER, [*determination_table(rows), determination_totals(rows)])


def determination_pdf(rows: list[DeterminationRow]) -> bytes:
    html = render_to_string(
        "reward/determination_print.html",
        {
            "header": DETERMINATION_HEADER,
            "rows": determination_table(rows),
            "totals": determination_totals(rows),
        },
    )
    return html_pdf(html)
