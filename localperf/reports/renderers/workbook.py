"""The report as an Excel workbook laid out like the proforma of ``004_…`` Annex A:
outcome rows, and under each, a block of five rows per target (its periods, then
profile, actual, % variance, risk rating) across its own up to four time periods, with
the related PSA, the inspection or survey evidence and the comments beside the block.
A first sheet, "Summary", holds the counts the report page and the PDF's cover show.

Figures are numbers in their cells (not text), rounded to the indicator's precision and
shown with as many decimal places, so that they can be worked with; the % variance is
stored as a fraction (0.019 for +1.9%) with a percentage format; each risk rating is its
words on the rating's colour.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from localperf.calculations.rag import Rating
from localperf.reports.renderers import (
    PROFORMA_ROWS,
    columns,
    decimals_of,
    rounded,
    status_line,
)
from localperf.reports.summary import report_summary
from localperf.web.downloads import workbook_new, workbook_xlsx

FIRST_PERIOD_COLUMN = 4  # D
HEADER_ROW = 4
MAX_PERIODS = 4
BLOCK_ROWS = ("Period", *PROFORMA_ROWS)
VARIANCE_FORMAT = "+0.0%;-0.0%;0.0%"
THIN = Side(style="thin", color="B1B4B6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
OUTCOME_FILL = PatternFill("solid", fgColor="DEE0E2")
# The GOV.UK tag colours of the ratings (``Rating.colour``): fill and text.
RATING_COLOURS = {
    "green": ("CCE2D8", "005A30"),
    "yellow": ("FFF7BF", "594D00"),
    "red": ("F4CDC6", "942514"),
    "pink": ("EFDFED", "6B1C5E"),
    "purple": ("DBD5E9", "3D2375"),
    "blue": ("D2E2F1", "0C2D4A"),
    "grey": ("E5E6E7", "0B0C0C"),
}


def number_format(decimals: int) -> str:
    """The cell format of a figure shown to ``decimals`` places.

    >>> number_format(0), number_format(1)
    ('#,##0', '#,##0.0')
    """
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def rating_style(cell, rating: str) -> None:
    """The rating's words on its colour (the words carry the meaning)."""
    fill, text = RATING_COLOURS[Rating(rating).colour]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(bold=True, color=text)


def report_workbook(view) -> bytes:
    content = view.content
    book = workbook_new()
    _summary_sheet(book.active, view)
    sheet = book.create_sheet("Progress report")
    sheet["A1"] = f"{content['agreement']['title']}: {content['title']}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = status_line(view)
    sheet["A2"].font = Font(bold=view.is_draft, color="D4351C" if view.is_draft else "000000")
    after = FIRST_PERIOD_COLUMN + MAX_PERIODS
    headers = {
        1: "Target",
        2: "",
        3: "Related PSA",
        **{FIRST_PERIOD_COLUMN + i: f"Time period {i + 1}" for i in range(MAX_PERIODS)},
        after: "Inspection/ survey evidence",
        after + 1: "Comments on progress/ risk mitigation",
        after + 2: "Government Office comment",
    }
    for column, text in headers.items():
        cell = sheet.cell(row=HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = WRAP
    row = HEADER_ROW + 1
    for outcome in content["outcomes"]:
        cell = sheet.cell(row=row, column=1, value=outcome["title"])
        cell.font = Font(bold=True)
        for column in range(1, after + 3):
            sheet.cell(row=row, column=column).fill = OUTCOME_FILL
        if outcome["theme"]:
            sheet.cell(row=row, column=3, value=outcome["theme"])
        row += 1
        for target in outcome["targets"]:
            _target_block(sheet, row, content, target, view.go_comments.get(target["id"], ""))
            row += len(BLOCK_ROWS)
    widths = {1: 34, 2: 12, 3: 18, after: 30, after + 1: 40, after + 2: 30}
    for column in range(1, after + 3):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 14)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST_PERIOD_COLUMN)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    return workbook_xlsx(book)


def _summary_sheet(sheet, view) -> None:
    content, summary = view.content, report_summary(view.content)
    sheet.title = "Summary"
    sheet["A1"] = f"{content['agreement']['title']}: {content['title']}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = status_line(view)
    sheet["A4"], sheet["B4"] = "Rating at the latest period", "Targets"
    sheet["A4"].font = sheet["B4"].font = Font(bold=True)
    row = 5
    for item in summary.ratings:
        sheet.cell(row=row, column=1, value=item.rating.label)
        rating_style(sheet.cell(row=row, column=1), item.rating.value)
        sheet.cell(row=row, column=2, value=item.count)
        row += 1
    sheet.cell(row=row, column=1, value="All targets").font = Font(bold=True)
    sheet.cell(row=row, column=2, value=summary.total)
    sheet.cell(row=row + 2, column=1, value="Targets commented")
    sheet.cell(row=row + 2, column=2, value=summary.commented)
    sheet.cell(row=row + 3, column=1, value="Off track without a comment on mitigation")
    sheet.cell(row=row + 3, column=2, value=len(summary.off_track_unmitigated))
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 12


def _target_block(sheet, row: int, content: dict, target: dict, go_comment: str) -> None:
    last = row + len(BLOCK_ROWS) - 1
    after = FIRST_PERIOD_COLUMN + MAX_PERIODS
    merged = {
        1: f"{target['code']}: {target['title']}",
        3: target["related_psa"],
        after: target["evidence"],
        after + 1: target["comment"],
        after + 2: go_comment,
    }
    for column, text in merged.items():
        sheet.cell(row=row, column=column, value=text or None).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=column, end_row=last, end_column=column)
    for offset, label in enumerate(BLOCK_ROWS):
        sheet.cell(row=row + offset, column=2, value=label).font = Font(bold=True)
    decimals = decimals_of(target)
    figures = number_format(decimals)
    for index, (period, cell) in enumerate(columns(content, target)[:MAX_PERIODS]):
        column = FIRST_PERIOD_COLUMN + index
        sheet.cell(row=row, column=column, value=period).font = Font(bold=True)
        if not cell:
            continue
        for offset, key in ((1, "profile"), (2, "actual")):
            written = sheet.cell(
                row=row + offset, column=column, value=rounded(cell[key], decimals)
            )
            written.number_format = figures
        variance = cell["variance"]
        written = sheet.cell(
            row=row + 3,
            column=column,
            value=None if variance is None else round(variance / 100, 3),
        )
        written.number_format = VARIANCE_FORMAT
        rating = sheet.cell(row=row + 4, column=column, value=cell["rating_label"])
        rating_style(rating, cell["rating"])
    for r in range(row, last + 1):
        for column in range(1, after + 3):
            sheet.cell(row=r, column=column).border = BOX
