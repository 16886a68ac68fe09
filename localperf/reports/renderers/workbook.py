"""The report as an Excel workbook laid out like the proforma of ``004_…`` Annex A:
outcome rows, and under each, a block of four rows per target (profile, actual,
% variance, risk rating) across up to four time periods, with the related PSA, the
inspection or survey evidence and the comments beside the block.

Figures are numbers in their cells (not text), so that they can be worked with; the
% variance is stored as the percentage (1.0 for +1.0%) with a number format."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from localperf.reports.renderers import PROFORMA_ROWS, status_line
from localperf.web.downloads import workbook_new, workbook_xlsx

FIRST_PERIOD_COLUMN = 4  # D
HEADER_ROW = 4
VARIANCE_FORMAT = '+0.0"%";-0.0"%";0.0"%"'
THIN = Side(style="thin", color="B1B4B6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
OUTCOME_FILL = PatternFill("solid", fgColor="DEE0E2")


def report_workbook(view) -> bytes:
    content = view.content
    periods = content["periods"]
    book = workbook_new()
    sheet = book.active
    sheet.title = "Progress report"
    sheet["A1"] = f"{content['agreement']['title']}: {content['title']}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = status_line(view)
    sheet["A2"].font = Font(bold=view.is_draft, color="D4351C" if view.is_draft else "000000")
    after = FIRST_PERIOD_COLUMN + len(periods)
    headers = {
        1: "Target",
        2: "",
        3: "Related PSA",
        **{FIRST_PERIOD_COLUMN + i: p for i, p in enumerate(periods)},
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
            _target_block(sheet, row, target, periods, view.go_comments.get(target["id"], ""))
            row += len(PROFORMA_ROWS)
    widths = {1: 34, 2: 12, 3: 18, after: 30, after + 1: 40, after + 2: 30}
    for column in range(1, after + 3):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 13)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST_PERIOD_COLUMN)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    return workbook_xlsx(book)


def _target_block(sheet, row: int, target: dict, periods: list[str], go_comment: str) -> None:
    last = row + len(PROFORMA_ROWS) - 1
    after = FIRST_PERIOD_COLUMN + len(periods)
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
    for offset, label in enumerate(PROFORMA_ROWS):
        sheet.cell(row=row + offset, column=2, value=label).font = Font(bold=True)
        for index, cell in enumerate(target["cells"]):
            if not cell:
                continue
            value = (cell["profile"], cell["actual"], cell["variance"], cell["rating_label"])[
                offset
            ]
            written = sheet.cell(row=row + offset, column=FIRST_PERIOD_COLUMN + index, value=value)
            if offset == 2:
                written.number_format = VARIANCE_FORMAT
    for r in range(row, last + 1):
        for column in range(1, after + 3):
            sheet.cell(row=r, column=column).border = BOX
