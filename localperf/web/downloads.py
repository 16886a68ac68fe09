"""Every CSV and Excel file the product hands out is written here, so that every one is
safe to open in a spreadsheet.

Titles, notes and comments are typed by councils and partners. A spreadsheet reads a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or carriage
return) as a formula, so ``=HYPERLINK("http://x","y")`` in a target's title would become
a live link, and worse, in whoever opens the file. Such a cell is written as inert text: a
``'`` before it (the spreadsheet's own "this is text" mark), and in a workbook a string
cell, never a formula. Figures stay figures: ``-1.5`` is a number, not a formula, and is
left alone.

The mark is reversible (:func:`inert_undone`), so a file we hand out for filling in reads
back exactly as it was: our importer takes the mark off again.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import polars as pl
from django.http import HttpResponse, StreamingHttpResponse

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# A text the guard marks: it starts with a formula character, after any marks already
# there (so that a text which really starts with "'=" keeps its own mark on the way back).
_GUARDED = r"^'*[=+\-@\t\r]"
# A plain figure (-1.5, +2, -1,234.5, -3.2e4, -4%): a spreadsheet reads it as the number.
_FIGURE = r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$"
_GUARDED_RE = re.compile(_GUARDED)
_FIGURE_RE = re.compile(_FIGURE)


def inert(value: object) -> object:
    """The value as a spreadsheet cell that cannot run: a formula-like text gets a ``'``
    before it; numbers, figures written as text and other texts are left as they are.

    >>> inert('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> inert("-2+3+cmd|' /C calc'!A0")
    "'-2+3+cmd|' /C calc'!A0"
    >>> inert("@SUM(A1)"), inert("\\tx"), inert("+44 20")
    ("'@SUM(A1)", "'\\tx", "'+44 20")
    >>> inert("-1.5"), inert("+2"), inert(-1.5), inert(None), inert("Kent")
    ('-1.5', '+2', -1.5, None, 'Kent')
    >>> inert("'=1")  # a text that already starts with the mark keeps it on the way back
    "''=1"
    """
    if isinstance(value, str) and _GUARDED_RE.match(value) and not _FIGURE_RE.match(value):
        return TEXT_MARK + value
    return value


def inert_undone(text: str) -> str:
    """A cell read back from one of our files, as it was before :func:`inert`.

    >>> inert_undone("'=F7+1"), inert_undone("''=1"), inert_undone("'quoted"), inert_undone("-1")
    ('=F7+1', "'=1", "'quoted", '-1')
    >>> all(inert_undone(inert(t)) == t for t in ["=1", "'=1", "''-x", "-2", "a", "'"])
    True
    """
    if text.startswith(TEXT_MARK) and _GUARDED_RE.match(text) and not _FIGURE_RE.match(text[1:]):
        return text[1:]
    return text


def frame_inert(frame: pl.DataFrame) -> pl.DataFrame:
    """:func:`inert` over every text column of a frame (numbers stay numbers)."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_GUARDED) & ~pl.col(name).str.contains(_FIGURE))
        .then(pl.lit(TEXT_MARK) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def frame_inert_undone(column: pl.Expr) -> pl.Expr:
    """:func:`inert_undone` over a text column read back from one of our files."""
    marked = column.str.contains(_GUARDED) & column.str.starts_with(TEXT_MARK)
    figure = column.str.slice(1).str.contains(_FIGURE)
    return pl.when(marked & ~figure).then(column.str.slice(1)).otherwise(column)


# --- CSV ---------------------------------------------------------------------------------


class _Line:
    """A file-like object whose write returns the line, for streaming a CSV row by row."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text line by line, every cell through :func:`inert`."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([inert(value) for value in row])


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, byte_order_mark: bool = False
) -> bytes:
    """A whole CSV file in UTF-8; with a byte-order mark, spreadsheet programs read it as
    UTF-8 rather than guessing."""
    text = "".join(csv_lines(header, rows))
    return (("\ufeff" if byte_order_mark else "") + text).encode("utf-8")


def frame_csv(frame: pl.DataFrame) -> bytes:
    """A frame as a CSV file (numbers as numbers, texts through :func:`inert`)."""
    buffer = io.BytesIO()
    frame_inert(frame).write_csv(buffer)
    return buffer.getvalue()


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download; ``streaming`` sends it row by row, so that a large file never sits
    in memory whole."""
    lines = csv_lines(header, rows)
    response = (
        StreamingHttpResponse(lines, content_type=CONTENT_TYPES[CSV])
        if streaming
        else HttpResponse("".join(lines), content_type=CONTENT_TYPES[CSV])
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Excel -------------------------------------------------------------------------------


def _cell_inert(cell) -> None:
    if cell.data_type == "f" or isinstance(cell.value, str):
        cell.value = inert(cell.value)
        cell.data_type = "s"


def workbook_new() -> Workbook:
    """A workbook to lay out and then hand to :func:`workbook_xlsx` (or
    :func:`xlsx_response`), which makes every cell inert before saving it."""
    # openpyxl is imported where a workbook is made: the import path of every command
    # (and of the importer, which asks ``inert``) would otherwise pay its second.
    from openpyxl import Workbook

    return Workbook()


def workbook_xlsx(book: Workbook) -> bytes:
    """A laid-out workbook as an XLSX file, every cell made inert first (a text written as
    ``=…`` would otherwise have become a formula)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _cell_inert(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str) -> bytes:
    """Rows as a one-sheet XLSX file, written as they come (a large export never sits in
    memory as cells), every text through :func:`inert` and stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    written = book.create_sheet(sheet)

    def cells(values: Sequence[object]) -> list:
        out = []
        for value in values:
            cell = WriteOnlyCell(written, value=value)
            _cell_inert(cell)
            out.append(cell)
        return out

    written.append(cells(header))
    for row in rows:
        written.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, book: Workbook) -> HttpResponse:
    """A laid-out workbook as a download (see :func:`workbook_xlsx`)."""
    return file_response(filename, workbook_xlsx(book))


def file_response(filename: str, content: bytes) -> HttpResponse:
    """A file written by this module (or a PDF) as a download; the type from the name."""
    suffix = filename.rsplit(".", 1)[-1]
    content_type = CONTENT_TYPES.get(suffix, "application/pdf" if suffix == "pdf" else None)
    if content_type is None:
        raise ValueError(f"{filename!r} is not a CSV, XLSX or PDF file name")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def zip_response(filename: str, files: Iterable[tuple[str, str]]) -> HttpResponse:
    """Files written by this module (name, text), zipped into one download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            archive.writestr(name, text)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
