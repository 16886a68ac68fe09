"""What an import file may cost: its size, rows, line length, an XLSX cell's text and the
XLSX package's unpacked size, and how many codes get a "did you mean …?".

Each limit is a setting (``LOCALPERF_IMPORT_*``, see the README's "Import limits") and is
checked on the file's bytes before they are parsed, with bounded extra memory: a CSV's
lines are measured in place, at the speed of a byte search; a workbook's parts are
unpacked a megabyte at a time, never past their declared size, and the check stops at
the first text longer than a cell may be, so neither a zip bomb nor a huge cell is ever
held whole. A file over a limit is refused as a whole with a message naming the limit
and where it was passed; nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

from localperf.observations.importing.results import FileError, Problem

MIB = 2**20
# Worst case of a cell's characters as XML bytes: "&quot;" is six bytes for one character.
XML_BYTES_PER_CHARACTER = 6
UNPACK_CHUNK = MIB
ROW_NUMBER = re.compile(rb'<row[^>]*\sr="(\d+)"')


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 100 * MIB
    max_rows: int = 2_000_000
    max_line_bytes: int = 32 * 1024
    # Excel's own limit for one cell.
    max_cell_characters: int = 32_767
    max_unpacked_bytes: int = 512 * MIB
    # Distinct unknown codes per column of a file that get a "did you mean …?".
    suggestions: int = 50

    @property
    def max_megabytes(self) -> str:
        return f"{self.max_bytes / MIB:g} MB"


def import_limits() -> ImportLimits:
    """The limits in force: the settings' values, else the defaults."""
    defaults = ImportLimits()
    return ImportLimits(
        max_bytes=getattr(settings, "LOCALPERF_IMPORT_MAX_BYTES", defaults.max_bytes),
        max_rows=getattr(settings, "LOCALPERF_IMPORT_MAX_ROWS", defaults.max_rows),
        max_line_bytes=getattr(
            settings, "LOCALPERF_IMPORT_MAX_LINE_BYTES", defaults.max_line_bytes
        ),
        max_cell_characters=getattr(
            settings, "LOCALPERF_IMPORT_MAX_CELL_CHARACTERS", defaults.max_cell_characters
        ),
        max_unpacked_bytes=getattr(
            settings, "LOCALPERF_IMPORT_MAX_UNPACKED_BYTES", defaults.max_unpacked_bytes
        ),
        suggestions=getattr(settings, "LOCALPERF_IMPORT_SUGGESTIONS", defaults.suggestions),
    )


def _refuse(line: int, message: str) -> FileError:
    return FileError([Problem(line, "", message)])


def size_check(size: int, limits: ImportLimits) -> None:
    if size > limits.max_bytes:
        raise _refuse(
            0,
            f"The file has {size:,} bytes; an import takes at most {limits.max_megabytes} "
            f"({limits.max_bytes:,} bytes, LOCALPERF_IMPORT_MAX_BYTES): split it into "
            "smaller files.",
        )


def text_check(content: bytes, limits: ImportLimits) -> None:
    """A CSV's size, its lines' length and their number, all at the speed of a byte search:
    ``line_too_long`` looks at a line's worth of bytes at a time, and the rows are counted
    only when the lines could pass the limit. A quoted note may run over several lines, so
    a file near the row limit may be refused for its lines a little before its rows reach
    it."""
    size_check(len(content), limits)
    # Old Macintosh spreadsheets end lines with a carriage return alone.
    end = b"\n" if b"\n" in content or b"\r" not in content else b"\r"
    if (line := line_too_long(content, limits.max_line_bytes, end)) is not None:
        raise _refuse(
            line,
            f"Line {line:,} is longer than {limits.max_line_bytes:,} bytes "
            "(LOCALPERF_IMPORT_MAX_LINE_BYTES): no row of the layout is that long. Is "
            "it a CSV file with one row per line?",
        )
    lines = content.count(end) + (not content.endswith(end))
    if lines <= limits.max_rows + 1:  # the header, then at most the limit's rows
        return
    # Blank lines are no rows: count them (a copy without them, made in one pass).
    _, blank = re.subn(rb"(?<=%s)[ \t\r]*%s" % (end, end), b"", content)
    if lines - blank - (content.startswith(end)) > limits.max_rows + 1:
        raise _refuse(
            0,
            f"The file has more than {limits.max_rows:,} rows ({lines - blank - 1:,}; "
            "LOCALPERF_IMPORT_MAX_ROWS): split it into smaller files.",
        )


def line_too_long(content: bytes, most: int, end: bytes = b"\n") -> int | None:
    """The number of the first line longer than ``most`` bytes (not counting its end),
    or None. Each step looks at the next ``most + 1`` bytes and moves past the last line
    ending among them, so a file of short lines costs one step per ``most`` bytes.

    >>> line_too_long(b"ab\\ncd\\nefgh\\nij", 3), line_too_long(b"ab\\ncd\\nefg\\n", 3)
    (3, None)
    >>> line_too_long(b"abcd", 3), line_too_long(b"", 3), line_too_long(b"\\n\\n\\nabcd", 3)
    (1, None, 4)
    """
    start, size = 0, len(content)
    while size - start > most:
        last_end = content.rfind(end, start, start + most + 1)
        if last_end < 0:
            return content.count(end, 0, start) + 1
        start = last_end + 1
    return None


def workbook_check(content: bytes, limits: ImportLimits) -> None:
    """An XLSX's size, its parts' unpacked size (a zip bomb), and the length of every text
    in its XML (no cell longer than Excel allows), unpacking a megabyte at a time and
    stopping at the first text too long, so neither the package nor a cell is ever held
    whole. Damaged packages are left to the reader, which says so."""
    size_check(len(content), limits)
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with package:
        parts = package.infolist()
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.max_unpacked_bytes:
            raise _refuse(
                0,
                f"The workbook unpacks to {unpacked:,} bytes; at most "
                f"{limits.max_unpacked_bytes:,} are read (LOCALPERF_IMPORT_MAX_UNPACKED_BYTES). "
                "Save it as CSV, or split it.",
            )
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _texts_check(package, part, limits)


def _texts_check(package: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ImportLimits) -> None:
    """No run of bytes between two tags longer than a cell's worth: the text of a cell, an
    inline string or a shared string (or an attribute: nothing in the layout is long)."""
    longest = limits.max_cell_characters * XML_BYTES_PER_CHARACTER
    run = 0  # the bytes since the last "<", carried from one chunk to the next
    row = 0  # the last row of a sheet started in the chunks before
    try:
        stream = package.open(part)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError):
        return
    with stream:
        while chunk := _read(stream):
            pieces = chunk.split(b"<")
            lengths = [run + len(pieces[0]), *map(len, pieces[1:])]
            if max(lengths) > longest:
                at = next(i for i, length in enumerate(lengths) if length > longest)
                rows = ROW_NUMBER.findall(b"<".join(pieces[:at]))
                row = int(rows[-1]) if rows else row
                raise _refuse(
                    row,
                    f"A cell of the workbook holds more than {limits.max_cell_characters:,} "
                    "characters (Excel's own limit, LOCALPERF_IMPORT_MAX_CELL_CHARACTERS), in "
                    f"{_part_words(part.filename, row)}.",
                )
            run = lengths[-1]
            if rows := ROW_NUMBER.findall(chunk):
                row = int(rows[-1])


def _read(stream) -> bytes:
    """The next megabyte unpacked; nothing once the part ends or is found damaged (the
    reader says so)."""
    try:
        return stream.read(UNPACK_CHUNK)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return b""


def _part_words(name: str, row: int) -> str:
    if name.startswith("xl/worksheets/") and row:
        return f"row {row:,} of the sheet ({name})"
    if name.endswith("sharedStrings.xml"):
        return f"the workbook's shared texts ({name})"
    return name
