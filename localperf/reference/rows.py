"""The rooms every reference file is read through: a problem with its file, line and
column (``Problem``), the checker that collects them per row (``Checker``), and the row
reader that refuses ragged rows and control characters (``read_rows``). Kept apart from
``files.py``, which says what each file holds."""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ReferenceFileError(Exception):
    """One or more reference rows are wrong; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the reference data:\n{shown}{more}")


@dataclass
class Checker:
    """Collects problems for one file, a row at a time."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    line: int = 0

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, message))

    def required(self, row: dict[str, str], column: str) -> str:
        value = row[column].strip()
        if not value:
            self.fail(column, "is empty; a value is required")
        return value

    def matching(self, row: dict[str, str], column: str, pattern: re.Pattern, what: str) -> str:
        value = row[column].strip()
        if value and not pattern.match(value):
            self.fail(column, f"{value!r} is not {what}")
        return value

    def one_of(self, row: dict[str, str], column: str, allowed: set[str]) -> str:
        value = row[column].strip()
        if value not in allowed:
            shown = ", ".join(repr(a) for a in sorted(allowed))
            self.fail(column, f"{value!r} is not one of {shown}")
        return value

    def yes_no(self, row: dict[str, str], column: str, *, blank_means_no: bool = False) -> bool:
        allowed = {"yes", "no", ""} if blank_means_no else {"yes", "no"}
        return self.one_of(row, column, allowed) == "yes"

    def date(self, row: dict[str, str], column: str) -> datetime.date | None:
        value = row[column].strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a date in the form YYYY-MM-DD")
            return None


def read_rows(path: Path, columns: list[str]) -> Iterator[tuple[Checker, dict[str, str]]]:
    """Yield each data row as a dict with the checker positioned on its line.

    The header must hold every expected column; a row with the wrong number of
    fields is reported, not guessed at.
    """
    checker = Checker(path.name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReferenceFileError([Problem(path.name, 0, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(
            [Problem(path.name, 0, "", f"is not UTF-8 text (byte {exc.start})")]
        ) from None
    reader = csv.reader(text.splitlines(), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ReferenceFileError([Problem(path.name, 1, "", "the file is empty")]) from None
    except csv.Error as exc:
        raise ReferenceFileError([Problem(path.name, 1, "", f"unreadable CSV: {exc}")]) from None
    missing = [name for name in columns if name not in header]
    if missing:
        checker.line = 1
        for name in missing:
            checker.fail(name, "this column is missing from the header")
        raise ReferenceFileError(checker.problems)
    try:
        for values in reader:
            checker.line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                checker.fail("", f"has {len(values)} fields; the header has {len(header)}")
                continue
            if control := control_characters_in(header, values):
                column, character = control
                checker.fail(column, f"holds the control character {character!r}")
                continue
            yield checker, dict(zip(header, values, strict=True))
    except csv.Error as exc:
        checker.line = reader.line_num
        checker.fail("", f"unreadable CSV: {exc}")
    if checker.problems:
        raise ReferenceFileError(checker.problems)


def control_characters_in(header: list[str], values: list[str]) -> tuple[str, str] | None:
    """The first column holding a control character, and that character.

    No reference field legitimately holds one, and PostgreSQL refuses NUL in text.
    """
    for name, value in zip(header, values, strict=True):
        for character in value:
            if character != "\t" and unicodedata.category(character) == "Cc":
                return name, character
    return None


def check_unique(checker: Checker, seen: dict[str, int], column: str, value: str) -> None:
    if not value:
        return
    if value in seen:
        checker.fail(column, f"{value!r} repeats line {seen[value]}")
    else:
        seen[value] = checker.line
