"""Reading an observations file (CSV, SDMX-CSV or XLSX) into a frame of text cells with the
source line number of every row. Nothing here judges the values; ``validate`` does.

CSV: UTF-8, with or without a byte-order mark; a row may stop short (missing cells at
the end are empty, as some spreadsheets write them) but may not run on past the header.
Two readers give the same frame: Polars for files without quote characters, where a
record is exactly one line, so row *i* is line *i* + 2 (Polars keeps blank lines as
empty rows); Python's ``csv`` module, slower but exact about quoted fields that span
lines, for every other file and whenever Polars refuses one.

SDMX-CSV 2.0: a CSV file whose header starts ``STRUCTURE`` is read by the same two readers
(its separator named by the header) and its components turned into the layout's cells by
``sdmx``, so that every check after this one is the same as for any file.

XLSX: the first worksheet (or one named "observations"); the line is the sheet's row
number. Numbers keep their full precision as text (``repr``), so a value survives an
export and re-import unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import polars as pl

from localperf.calculations.nearest import CodeIndex
from localperf.observations.importing import sdmx
from localperf.observations.importing.layout import (
    COLUMNS,
    EXPORT_COLUMNS,
    REQUIRED_COLUMNS,
    header_name,
)
from localperf.observations.importing.limits import import_limits, text_check, workbook_check
from localperf.observations.importing.results import FileError, Problem

logger = logging.getLogger(__name__)

CSV = "csv"
XLSX = "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
UTF8_BOM = b"\xef\xbb\xbf"
SHEET_NAME = "observations"
# Rows that do not fit the header, reported one by one up to this many; past it the file is
# refused as a whole (its header or delimiter is wrong), its first few listed.
MISFITS = 1_000
MISFITS_SHOWN = 20
UNREADABLE_WORKBOOK = "The file is not a readable Excel workbook (.xlsx); it may be damaged."


@dataclass
class ParsedFile:
    """The file's rows as text, with ``line``; every layout column is present."""

    file_format: str
    rows: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return self.rows.height

    def without_rows(self) -> ParsedFile:
        """The same file less its cells, once they are checked: the later steps read
        ``Checked.rows``, which keeps only the cells they need (issue 16)."""
        return ParsedFile(self.file_format, self.rows.clear(), self.problems)

    def in_file_terms(self, problems: pl.DataFrame) -> pl.DataFrame:
        """The checks' problems as the file names its columns and codes: the layout's
        for a layout file, SDMX's for an SDMX-CSV one."""
        if self.file_format == sdmx.SDMX_CSV:
            return sdmx.problems_in_file_terms(problems)
        return problems


def parse_file(content: bytes, file_name: str = "") -> ParsedFile:
    """Read CSV or XLSX bytes; raises ``FileError`` when the file as a whole is unusable,
    or is past one of the ``limits`` (checked before it is loaded)."""
    if not content or not content.strip():
        raise FileError([Problem(0, "", "The file is empty.")])
    if content.startswith(ZIP_MAGIC):
        workbook_check(content, import_limits())
        return parse_xlsx(content)
    if content.startswith(OLE_MAGIC):
        raise FileError(
            [Problem(0, "", "This is an old Excel .xls file: save it as .xlsx or as CSV UTF-8.")]
        )
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise FileError([Problem(0, "", "The file is named .xlsx but is not an Excel workbook.")])
    text_check(content, import_limits())
    return parse_csv(content)


# --- the header -----------------------------------------------------------------


def read_header(cells: list[object]) -> list[str]:
    """The column name of each position ("" for a nameless one), checking the header.

    Raises ``FileError`` for a repeated, unknown or missing column, naming it.
    """
    names = [header_name(str(cell)) if cell is not None else "" for cell in cells]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    columns, suggested = CodeIndex(EXPORT_COLUMNS), 0
    for position, name in enumerate(names, start=1):
        if not name:
            continue
        if name in seen:
            problems.append(
                Problem(1, name, f"The column appears twice (columns {seen[name]} and {position}).")
            )
        seen[name] = position
        if name not in EXPORT_COLUMNS:
            # Suggestions for the first few unknown names only: a hostile header has many.
            suggested += 1
            close = columns.nearest(name) if suggested <= import_limits().suggestions else ""
            problems.append(
                Problem(
                    1,
                    name,
                    "is not a column of the observations layout; the columns are "
                    + ", ".join(COLUMNS)
                    + ".",
                    suggestion=close,
                )
            )
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            problems.append(
                Problem(1, required, "This required column is missing from the header.")
            )
    if problems:
        raise FileError(problems)
    return names


# --- CSV ------------------------------------------------------------------------


def decode_text(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError(
            [Problem(0, "", "The file is UTF-16 text: save it as CSV UTF-8 (comma delimited).")]
        )
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        byte = content[error.start]
        raise FileError(
            [
                Problem(
                    line,
                    "",
                    f"Byte 0x{byte:02X} is not UTF-8 text (the file mixes encodings or was "
                    "saved as ANSI): save it as CSV UTF-8 (comma delimited).",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileError([Problem(line, "", "The file holds NUL bytes: it is not a CSV text file.")])
    return text


def parse_csv(content: bytes) -> ParsedFile:
    body = content[len(UTF8_BOM) :] if content.startswith(UTF8_BOM) else content
    if not body.strip():
        raise FileError([Problem(0, "", "The file is empty.")])
    # The fast reader needs one record per line: no quotes, no bare carriage returns.
    simple = b'"' not in body and (b"\r" not in body or body.count(b"\r") == body.count(b"\r\n"))
    simple = simple and b"\x00" not in body
    first_line = body.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if sdmx.is_sdmx_csv(first_line):
        return _parse_sdmx(content, body, simple=simple)
    if simple:
        fast = _parse_csv_fast(body)
        if fast is not None:
            return fast
    # Polars refused it (a long row, bad UTF-8…) or it needs quotes: the exact reader
    # finds the line and says what is wrong.
    return _parse_csv_exactly(decode_text(content))


def _parse_csv_fast(body: bytes) -> ParsedFile | None:
    """Polars, for quote-free UTF-8; None when Polars refuses the file."""
    header_line = _first_line(body)
    if header_line is None:
        return None
    read = _fast_cells(body, read_header(header_line.split(",")), COLUMNS, ",")
    if read is None:
        return None
    frame, problems = read
    return ParsedFile(CSV, _complete(frame), problems)


def _first_line(body: bytes) -> str | None:
    try:
        return body.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None


def _fast_cells(
    body: bytes, names: list[str], wanted: tuple[str, ...], separator: str
) -> tuple[pl.DataFrame, list[Problem]] | None:
    """The ``wanted`` columns' cells as text with each row's line, by Polars, for
    quote-free UTF-8; None when Polars refuses the file."""
    try:
        frame = pl.read_csv(
            body,
            has_header=True,
            infer_schema=False,
            quote_char=None,
            separator=separator,
            truncate_ragged_lines=False,
            new_columns=[f"_{i}" for i in range(len(names))],
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, ValueError, OverflowError):
        return None
    if frame.width != len(names):
        return None
    frame = frame.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    renamed = {f"_{i}": name for i, name in enumerate(names) if name in wanted}
    problems = _nameless_cells(frame, [f"_{i}" for i, name in enumerate(names) if not name])
    frame = frame.select(["line", *renamed]).rename(renamed)
    if frame.height > (most := import_limits().max_rows):
        raise FileError([Problem(0, "", f"The file has more than {most:,} rows.")])
    return frame, problems


def _nameless_cells(frame: pl.DataFrame, columns: list[str]) -> list[Problem]:
    if not columns:
        return []
    filled = frame.filter(
        pl.any_horizontal(pl.col(c).str.strip_chars().str.len_chars() > 0 for c in columns)
    )
    problems = [
        Problem(line, "", "There is a value under a column with no name in the header.")
        for line in filled["line"].head(MISFITS + 1).to_list()
    ]
    _misfits_check(problems)
    return problems


def _parse_csv_exactly(text: str) -> ParsedFile:
    """Python's csv module: exact about quotes and the line each record starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise FileError([Problem(1, "", f"The header cannot be read as CSV: {error}.")]) from None
    names = read_header(header)
    return _frame_from_records(CSV, names, _csv_records(reader))


def _csv_records(reader) -> Iterator[tuple[int, list[object]]]:
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = Problem(start, "", f"This line cannot be read as CSV: {error}.")
            raise FileError([problem]) from None
        yield start, values
        start = reader.line_num + 1


def _parse_sdmx(content: bytes, body: bytes, *, simple: bool) -> ParsedFile:
    """SDMX-CSV 2.0 (``sdmx``): its components read into the layout's cells, so that every
    check after this one is the same as for any file; by Polars when the file is simple
    enough, else by the exact reader, as for any CSV."""
    header_line = _first_line(body)
    read = None
    if simple and header_line is not None:
        delimiter = sdmx.delimiter_of(header_line)
        names = sdmx.header_read(header_line.split(delimiter))
        read = _fast_cells(body, names, sdmx.READ_COLUMNS, delimiter)
    if read is None:
        text = decode_text(content)
        delimiter = sdmx.delimiter_of(text.split("\n", 1)[0])
        reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
        try:
            header = next(reader)
        except (csv.Error, StopIteration) as error:
            problem = Problem(1, "", f"The header cannot be read as CSV: {error}.")
            raise FileError([problem]) from None
        names = sdmx.header_read(header)
        read = _records_read(CSV, names, _csv_records(reader), sdmx.READ_COLUMNS)
    frame, problems = read
    rows, wrong = sdmx.rows_read(frame)
    return ParsedFile(sdmx.SDMX_CSV, _complete(rows), [*problems, *wrong])


# --- XLSX -----------------------------------------------------------------------


def parse_xlsx(content: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        logger.info("unreadable workbook", exc_info=True)
        raise FileError([Problem(0, "", UNREADABLE_WORKBOOK)]) from None
    try:
        names = workbook.sheetnames
        sheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook.worksheets[0]
        rows = _sheet_rows(sheet)
        try:
            _, header = next(rows)
        except StopIteration:
            raise FileError([Problem(0, "", "The workbook's first sheet is empty.")]) from None
        return _frame_from_records(XLSX, read_header(list(header)), rows)
    except FileError:
        raise
    except Exception:
        logger.info("unreadable worksheet", exc_info=True)
        raise FileError(
            [Problem(0, "", "The workbook's sheet cannot be read; it may be damaged.")]
        ) from None
    finally:
        workbook.close()


def _sheet_rows(sheet) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for each row of the sheet, skipping wholly empty rows."""
    first = sheet.min_row or 1
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=first):
        if values and any(v is not None and str(v).strip() for v in values):
            yield number, values


def xlsx_cell_text(value: object) -> str | None:
    """A cell's value as text; numbers at full precision; dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()  # Excel holds every date as a date and time
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


# --- shared ---------------------------------------------------------------------


def _frame_from_records(
    file_format: str,
    names: list[str],
    records: Iterable[tuple[int, Iterable[object]]],
) -> ParsedFile:
    frame, problems = _records_read(file_format, names, records, COLUMNS)
    return ParsedFile(file_format, _complete(frame), problems)


def _records_read(
    file_format: str,
    names: list[str],
    records: Iterable[tuple[int, Iterable[object]]],
    wanted: tuple[str, ...],
) -> tuple[pl.DataFrame, list[Problem]]:
    """The records' cells of the ``wanted`` columns as text, with each row's line; a row
    that does not fit the header is a problem instead."""
    width = len(names)
    kept = [(i, name) for i, name in enumerate(names) if name in wanted]
    nameless = [i for i, name in enumerate(names) if not name]
    columns: dict[str, list[str | None]] = {name: [] for _, name in kept}
    lines: list[int] = []
    problems: list[Problem] = []
    convert = xlsx_cell_text if file_format == XLSX else _csv_cell
    most = import_limits().max_rows
    for line, raw in records:
        values = [convert(v) for v in raw]
        if not any(v is not None and v.strip() for v in values):
            continue
        if len(lines) >= most:
            raise FileError(
                [
                    Problem(
                        line,
                        "",
                        f"The file has more than {most:,} rows (LOCALPERF_IMPORT_MAX_ROWS): "
                        "split it into smaller files.",
                    )
                ]
            )
        extra = [v for v in values[width:] if v is not None and v.strip()]
        if extra:
            problems.append(
                Problem(line, "", f"The row has {len(values)} cells; the header names {width}.")
            )
            _misfits_check(problems)
            continue
        if any((values[i] or "").strip() for i in nameless if i < len(values)):
            problems.append(
                Problem(line, "", "There is a value under a column with no name in the header.")
            )
            _misfits_check(problems)
            continue
        lines.append(line)
        for i, name in kept:
            columns[name].append(values[i] if i < len(values) else None)
    frame = pl.DataFrame(
        {"line": lines, **columns},
        schema={"line": pl.Int64, **{name: pl.String for name in columns}},
    )
    return frame, problems


def _misfits_check(problems: list[Problem]) -> None:
    """Stop reading once more rows than an import reports do not fit the header: the
    header (or the delimiter) is wrong, and reading on would only cost more."""
    if len(problems) > MISFITS:
        line = problems[-1].line
        raise FileError(
            [
                *problems[:MISFITS_SHOWN],
                Problem(
                    line,
                    "",
                    f"More than {MISFITS:,} rows do not fit the header (up to line {line:,}), so "
                    "the file was not read further: check its header and that commas separate "
                    "its cells.",
                ),
            ]
        )


def _csv_cell(value: object) -> str | None:
    text = str(value)
    return text if text != "" else None


def _complete(frame: pl.DataFrame) -> pl.DataFrame:
    """Every layout column present, in order; empty rows (blank lines) dropped."""
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS if c not in frame.columns]
    frame = frame.with_columns(missing).select(["line", *COLUMNS])
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in COLUMNS))
    # Rows of nothing but spaces are blank too; only rows without a measure can be.
    spaces = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in COLUMNS
    )
    return _drop_spaces(frame, spaces)


def _drop_spaces(frame: pl.DataFrame, spaces: pl.Expr) -> pl.DataFrame:
    measure = pl.col("measure")
    suspects = frame.filter(measure.is_null() | (measure.str.strip_chars() == ""))
    if not suspects.height:
        return frame
    gone = suspects.filter(spaces)["line"]
    return frame.filter(~pl.col("line").is_in(gone.to_list())) if gone.len() else frame


def records_frame(records: list[dict[str, object]]) -> ParsedFile:
    """Rows given as mappings (the JSON API): row *n* is reported as line *n*."""
    columns: dict[str, list[str | None]] = {c: [] for c in COLUMNS}
    for record in records:
        for column in COLUMNS:
            value = record.get(column)
            columns[column].append(None if value is None else _json_text(value))
    frame = pl.DataFrame(
        {"line": list(range(1, len(records) + 1)), **columns},
        schema={"line": pl.Int64, **{c: pl.String for c in COLUMNS}},
    )
    return ParsedFile("json", frame.select(["line", *COLUMNS]))


def _json_text(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)
