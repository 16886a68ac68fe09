"""Reading CSV and XLSX files: line numbers, encodings, headers, ragged rows."""

import datetime
import io

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from localperf.observations.importing.parse import (
    _parse_csv_exactly,
    decode_text,
    parse_csv,
    parse_file,
)
from localperf.observations.importing.results import FileError
from tests.observations.helpers import HEADER, csv_of, row

quick = settings(database=None, deadline=None, max_examples=150)


def xlsx_of(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for values in rows:
        worksheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lines(parsed) -> list[int]:
    return parsed.rows["line"].to_list()


def test_line_numbers_count_the_header_and_blank_lines():
    parsed = parse_file(csv_of(row(), "", row(area="E06000002"), "   ", row(area="00EB")))
    assert lines(parsed) == [2, 4, 6]
    assert parsed.rows["area"].to_list() == ["E06000001", "E06000002", "00EB"]


def test_a_quoted_note_over_two_lines_keeps_the_next_rows_line_numbers_exact():
    content = csv_of(row(note='"first line\nsecond, line"'), row(area="E06000002"))
    parsed = parse_file(content)
    assert lines(parsed) == [2, 4]
    assert parsed.rows["note"][0] == "first line\nsecond, line"


def test_a_byte_order_mark_and_windows_line_endings_are_read():
    content = b"\xef\xbb\xbf" + csv_of(row()).replace(b"\n", b"\r\n")
    parsed = parse_file(content)
    assert lines(parsed) == [2]
    assert parsed.rows["measure"][0] == "NI 157a"


def test_header_names_ignore_case_spaces_and_order():
    header = "Value,AREA,Period,Measure,CI Lower,ci-upper"
    parsed = parse_file(csv_of("75,E06000001,2008/09,NI 157a,70,80", header=header))
    assert parsed.rows.select("measure", "ci_lower", "ci_upper").row(0) == ("NI 157a", "70", "80")


def test_an_unknown_column_is_named_with_the_nearest_valid_one():
    with pytest.raises(FileError) as error:
        parse_file(csv_of("NI 157a,E06000001,2008/09,75", header="measure,area,period,valeu"))
    problems = {(p.column, p.suggestion) for p in error.value.problems}
    assert ("valeu", "value") in problems
    assert any(p.column == "value" and "missing" in p.message for p in error.value.problems)


def test_a_repeated_column_is_refused():
    with pytest.raises(FileError, match="appears twice"):
        parse_file(csv_of("a", header="measure,area,period,value,value"))


def test_a_row_longer_than_the_header_is_reported_by_line():
    parsed = parse_file(csv_of(row(), row() + ",extra,cells"))
    assert lines(parsed) == [2]
    assert parsed.problems[0].line == 3
    assert "cells" in parsed.problems[0].message


def test_a_short_row_leaves_its_missing_cells_empty():
    parsed = parse_file(csv_of("NI 157a,E06000001,2008/09,,75"))
    assert parsed.rows.select("value", "note").row(0) == ("75", None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        ("measure,area\n".encode("utf-16"), "UTF-16"),
        (HEADER.encode() + b"\nNI 157a,E06000001,2008/09,,75,,,,,,,caf\xe9\n", "line 2"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook"),
    ],
)
def test_an_unreadable_file_says_why(content, message):
    with pytest.raises(FileError) as error:
        parse_file(content)
    assert message in str(error.value)


def test_a_file_with_only_a_header_has_no_rows():
    assert parse_file(csv_of()).row_count == 0


def test_xlsx_rows_keep_their_sheet_row_numbers_and_full_precision():
    content = xlsx_of(
        [
            list(HEADER.split(",")),
            ["NI 157a", "E06000001", "2008/09", None, 12.345678901234567, 3, 4],
            [None] * 12,
            ["NI 157a", "00EC", "2008/09", "age:16-24", 70, None, None],
        ]
    )
    parsed = parse_file(content, "returns.xlsx")
    assert parsed.file_format == "xlsx"
    assert lines(parsed) == [2, 4]
    # openpyxl stores 16 significant digits (Excel keeps 15): all of them are read back.
    assert parsed.rows["value"][0] == "12.34567890123457"
    assert parsed.rows["group"].to_list() == [None, "age:16-24"]


def test_xlsx_uses_a_sheet_named_observations_if_there_is_one():
    workbook = Workbook()
    workbook.active.append(["notes for people"])
    sheet = workbook.create_sheet("observations")
    sheet.append(["measure", "area", "period", "value"])
    sheet.append(["NI 195", "E06000001", "2008/09", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_file(buffer.getvalue())
    assert parsed.rows.select("measure", "value").row(0) == ("NI 195", "12")


def test_an_excel_date_in_the_period_column_is_kept_as_iso_text_for_the_checks():
    header = ["measure", "area", "period", "value"]
    content = xlsx_of([header, ["NI 195", "E06000001", datetime.date(2008, 9, 1), 1]])
    assert parse_file(content).rows["period"][0] == "2008-09-01"


def test_truncated_xlsx_is_a_file_error():
    header = ["measure", "area", "period", "value"]
    content = xlsx_of([header, ["NI 195", "E06000001", "2008/09", 1]])
    with pytest.raises(FileError, match="Excel"):
        parse_file(content[: len(content) // 2])


# Without quote characters both readers must agree, row for row and line for line.
cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='",\r\n\x00'),
    max_size=8,
)
record = st.lists(cell, min_size=0, max_size=12)


@quick
@given(st.lists(record, max_size=12), st.booleans())
def test_the_fast_and_exact_csv_readers_agree(records, windows):
    ending = "\r\n" if windows else "\n"
    text = HEADER + ending + ending.join(",".join(r) for r in records) + ending
    content = text.encode("utf-8")
    fast = parse_csv(content)
    exact = _parse_csv_exactly(decode_text(content))
    assert fast.rows.equals(exact.rows)
    assert [(p.line, p.message) for p in fast.problems] == [
        (p.line, p.message) for p in exact.problems
    ]


def test_the_frame_has_every_layout_column_as_text():
    parsed = parse_file(csv_of("NI 195,E06000001,2008/09,12", header="measure,area,period,value"))
    assert parsed.rows.columns == ["line", *HEADER.split(",")]
    assert all(dtype == pl.String for dtype in parsed.rows.drop("line").dtypes)
