"""Hostile import files cost a bounded amount of work and memory, are refused (or rejected
row by row) with a message naming the limit and where it was passed, and write nothing
(issue 11, "upload cost").

Time is bounded through work, not measured: a file's "did you mean …?" suggestions are
counted (at most ``LOCALPERF_IMPORT_SUGGESTIONS`` distinct codes a column, however many
a file holds); memory through construction: a workbook's parts are unpacked a megabyte
at a time and the check stops at the first cell too long, which tracemalloc confirms.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localperf.calculations.nearest import CodeIndex
from localperf.observations.forms import ImportUploadForm
from localperf.observations.importing.parse import parse_file
from localperf.observations.importing.results import FileError
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from tests.observations.helpers import HEADER, csv_of, row

pytestmark = pytest.mark.django_db

fuzz = settings(
    deadline=None,
    max_examples=12,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
CAP = 50
MB = 2**20


@pytest.fixture
def suggestions_counted(monkeypatch) -> list[str]:
    """Every text a suggestion is computed for, in order."""
    asked: list[str] = []
    nearest = CodeIndex.nearest

    def counted(self, text, **options):
        asked.append(text)
        return nearest(self, text, **options)

    monkeypatch.setattr(CodeIndex, "nearest", counted)
    return asked


@pytest.fixture
def small_limits(settings):
    """Limits small enough to pass cheaply in a test; the defaults are in settings.py."""
    settings.LOCALPERF_IMPORT_MAX_BYTES = 200_000
    settings.LOCALPERF_IMPORT_MAX_ROWS = 500
    settings.LOCALPERF_IMPORT_MAX_LINE_BYTES = 2_000
    settings.LOCALPERF_IMPORT_MAX_CELL_CHARACTERS = 1_000
    settings.LOCALPERF_IMPORT_MAX_UNPACKED_BYTES = 4 * MB
    settings.LOCALPERF_IMPORT_SUGGESTIONS = CAP
    return settings


def unknown_codes(count: int, *, repeat: int = 1) -> bytes:
    """``count`` distinct unknown area codes (near real ones), each on ``repeat`` rows."""
    return csv_of(*(row(area=f"E0{n % 9}{n:06d}X") for _ in range(repeat) for n in range(count)))


def written_nothing(before: tuple[int, int]) -> bool:
    return Observation.objects.count() == before[0]


def counts() -> tuple[int, int]:
    return Observation.objects.count(), ImportBatch.objects.count()


@fuzz
@given(distinct=st.integers(1, 1_500), repeat=st.integers(1, 3))
def test_thousands_of_unknown_codes_cost_at_most_the_cap_of_suggestions(
    load, suggestions_counted, small_limits, distinct, repeat
):
    suggestions_counted.clear()
    before = counts()
    small_limits.LOCALPERF_IMPORT_MAX_ROWS = 10_000
    small_limits.LOCALPERF_IMPORT_MAX_BYTES = 1_000_000
    result = load(unknown_codes(distinct, repeat=repeat))
    assert result.status == ImportStatus.FAILED
    assert result.counts.rejected == distinct * repeat
    # Bounded work: each distinct code once, and only the first CAP of them.
    assert len(suggestions_counted) == len(set(suggestions_counted)) == min(distinct, CAP)
    beyond = [p for p in result.problems if "No suggestion" in p.message]
    assert all(not p.suggestion for p in beyond)
    assert len({p.line for p in result.problems if p.column == "area"} - {p.line for p in beyond})
    assert bool(beyond) == (distinct > CAP)
    assert written_nothing(before)


def test_the_rows_past_the_cap_say_that_they_get_no_suggestion(load, small_limits):
    result = load(unknown_codes(CAP + 5))
    messages = [p.message for p in result.problems if p.column == "area"]
    assert "No suggestion" not in messages[CAP - 1]
    assert messages[CAP].endswith(
        f"(No suggestion: only the first {CAP} different unknown codes in a column get one.)"
    )


def test_a_hostile_header_gets_suggestions_for_its_first_unknown_columns_only(
    load, suggestions_counted, small_limits
):
    small_limits.LOCALPERF_IMPORT_MAX_LINE_BYTES = 10_000
    header = HEADER + "," + ",".join(f"colum{n}" for n in range(300))
    result = load(csv_of(row(), header=header))
    assert result.status == ImportStatus.FAILED
    assert len(result.problems) == 300 and len(suggestions_counted) == CAP


@fuzz
@given(extra=st.integers(1, 50_000), line=st.integers(2, 40))
def test_a_line_past_the_limit_is_refused_naming_it(load, small_limits, extra, line):
    before = counts()
    rows = [row(area="E06000001") for _ in range(line - 2)]
    rows.append(row(note="x" * (2_000 + extra)))
    result = load(csv_of(*rows))
    assert result.status == ImportStatus.FAILED
    assert [p.line for p in result.problems] == [line]
    assert "longer than 2,000 bytes (LOCALPERF_IMPORT_MAX_LINE_BYTES)" in result.message
    assert written_nothing(before)


@fuzz
@given(rows=st.integers(501, 3_000), blank_every=st.integers(0, 7))
def test_rows_past_the_limit_are_refused_naming_it(load, small_limits, rows, blank_every):
    small_limits.LOCALPERF_IMPORT_MAX_BYTES = 1_000_000
    before = counts()
    lines = [row() if not blank_every or n % blank_every else "" for n in range(rows)]
    result = load(csv_of(*lines))
    filled = sum(1 for line in lines if line)
    assert result.status == ImportStatus.FAILED
    if filled > 500:
        assert "more than 500 rows" in result.message
        assert "LOCALPERF_IMPORT_MAX_ROWS" in result.message
    assert written_nothing(before)


def test_a_file_past_the_size_limit_is_refused_by_the_importer_and_the_form(load, small_limits):
    content = csv_of(*(row(note="n" * 500) for _ in range(500)))
    assert len(content) > 200_000
    result = load(content)
    assert result.status == ImportStatus.FAILED
    assert "at most 0.190735 MB (200,000 bytes, LOCALPERF_IMPORT_MAX_BYTES)" in result.message
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = ImportUploadForm(files={"file": SimpleUploadedFile("big.csv", content)}, data={})
    assert not form.is_valid()
    assert "at most 0.190735 MB (200,000 bytes)" in form.errors["file"][0]


# --- workbooks ----------------------------------------------------------------------

SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def workbook(sheet_rows: list[bytes], *, padding: int = 0) -> bytes:
    """A minimal XLSX: the header and ``sheet_rows`` (each a row's cells as XML) with
    inline strings, and ``padding`` bytes of a part written a megabyte at a time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START)
            header = "".join(_cell(name) for name in HEADER.split(","))
            sheet.write(f'<row r="1">{header}</row>'.encode())
            for number, cells in enumerate(sheet_rows, start=2):
                sheet.write(b'<row r="%d">' % number + cells + b"</row>")
            sheet.write(b"</sheetData></worksheet>")
        if padding:
            with package.open("xl/media/padding.bin", "w", force_zip64=True) as part:
                for _ in range(padding // MB):
                    part.write(b"\0" * MB)
    return buffer.getvalue()


def _cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def long_cell_row(characters: int) -> bytes:
    """A valid row whose note (the last column) holds ``characters`` letters."""
    cells = "".join(_cell(v) for v in ("NI 157a", "E06000001", "2008/09", "", "75", *[""] * 6))
    return cells.encode() + b'<c t="inlineStr"><is><t>' + b"a" * characters + b"</t></is></c>"


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="observations" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>'
)


def test_the_minimal_workbook_imports(load, small_limits):
    # The hostile workbooks below differ from this one only in what they are refused for.
    result = load(workbook([long_cell_row(10)]), file_name="ok.xlsx", dry_run=True)
    assert result.status == ImportStatus.DRY_RUN and result.counts.created == 1


@fuzz
@given(over=st.integers(1, 5_000), row_number=st.integers(0, 30))
def test_a_cell_past_the_limit_is_refused_naming_its_row(load, small_limits, over, row_number):
    before = counts()
    rows = [long_cell_row(5)] * row_number + [long_cell_row(6 * 1_000 + over)]
    result = load(workbook(rows), file_name="long-cell.xlsx")
    assert result.status == ImportStatus.FAILED
    assert "more than 1,000 characters" in result.message
    assert "LOCALPERF_IMPORT_MAX_CELL_CHARACTERS" in result.message
    assert f"row {row_number + 2} of the sheet" in result.message
    assert written_nothing(before)


def test_a_huge_cell_is_refused_with_bounded_memory(small_limits):
    # The finding: one 300 MB cell took 5 GB. Here 24 MB, refused after a megabyte or
    # two is unpacked: the memory used stays far below the cell's size.
    small_limits.LOCALPERF_IMPORT_MAX_UNPACKED_BYTES = 64 * MB
    content = workbook([long_cell_row(24 * MB)])
    tracemalloc.start()
    try:
        with pytest.raises(FileError) as refused:
            parse_file(content, "huge-cell.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 1,000 characters" in str(refused.value.problems[0])
    assert peak < 8 * MB


def test_a_zip_bomb_is_refused_before_it_is_unpacked(load, small_limits):
    content = workbook([long_cell_row(5)], padding=64 * MB)
    assert len(content) < MB  # 64 MB of zeros packs into a few hundred kilobytes
    tracemalloc.start()
    try:
        with pytest.raises(FileError) as refused:
            parse_file(content, "bomb.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(refused.value.problems[0])
    assert "unpacks to" in message and "LOCALPERF_IMPORT_MAX_UNPACKED_BYTES" in message
    assert peak < 2 * MB
    before = counts()
    assert load(content, file_name="bomb.xlsx").status == ImportStatus.FAILED
    assert written_nothing(before)


def test_a_file_of_more_periods_than_an_import_takes_is_refused_before_parsing_them(
    load, small_limits
):
    # Found by the hostile files: 35 MB of made-up period labels raised OverflowError
    # (a server error) once the labels outnumbered the packed key's periods.
    small_limits.LOCALPERF_IMPORT_MAX_ROWS = 40_000
    small_limits.LOCALPERF_IMPORT_MAX_BYTES = 2_000_000
    before = counts()
    result = load(csv_of(*(row(period=f"P{n:07d}") for n in range(32_768))))
    assert result.status == ImportStatus.FAILED
    assert "names 32,768 different periods; an import takes at most 32,767" in result.message
    assert written_nothing(before)


@fuzz
@given(misfits=st.integers(1, 2_500), nameless=st.booleans())
def test_rows_that_do_not_fit_the_header_are_reported_up_to_a_thousand_then_refused(
    load, small_limits, misfits, nameless
):
    # A row with more cells than the header, or a value under a nameless column (the
    # fast reader's case): each is a problem; past 1,000 the file stops being read.
    small_limits.LOCALPERF_IMPORT_MAX_ROWS = 10_000
    small_limits.LOCALPERF_IMPORT_MAX_BYTES = 1_000_000
    header = HEADER + ("," if nameless else "")
    before = counts()
    result = load(
        csv_of(*(row() + ",x" for _ in range(misfits)), row(area="E06000002"), header=header)
    )
    assert result.status == ImportStatus.FAILED
    if misfits > 1_000:
        assert "More than 1,000 rows do not fit the header" in result.problems[-1].message
        assert len(result.problems) == 21
    else:
        assert result.counts.rejected == misfits
    assert written_nothing(before)
