"""Import fuzzing: no malformed file leaves a partial write or raises instead of answering."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from localperf.observations.importing.layout import COLUMNS
from localperf.observations.models import ImportBatch, Observation
from tests.observations.helpers import HEADER, csv_of, row

pytestmark = pytest.mark.django_db

fuzz = settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

GOOD = csv_of(
    row(area="E06000001"),
    row(area="E06000002", numerator=140, denominator=200, value=70),
    row(measure="NI 1", period="Place Survey 2008", value=44, ci_lower=41, ci_upper=47),
)

nasty_numbers = st.sampled_from(
    ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e308", "9" * 400, "0x1F",
     "1_000", "٣", "١٢٫٥", "+", "-", ".", "1e", "--1", "45%", "1,5", "", " ", "\t7 "]
)  # fmt: skip
nasty_codes = st.sampled_from(
    ["NI 157a", "NI 31", "NI 0", "NI -1", "ni157A", "E06000001", "00EB", "e12000001", "",
     "2008/09", "2008/10", "Q5 2008/09", "Place Survey 1899", "2098/99", "age:", ":",
     "all", "﻿NI 195", "NI 195\u200b", "\u202eNI 195", "NULL", "None", "' OR 1=1 --",
     "Robert'); DROP TABLE observations_observation;--", "%s", "{}", "\\N"]
)  # fmt: skip
any_text = st.text(max_size=30)
cells = st.one_of(nasty_numbers, nasty_codes, any_text)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for values in rows:
        # openpyxl cannot write control characters: no spreadsheet holds them.
        workbook.active.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_answered_without_a_partial_write(load, content: bytes, file_name="fuzz.csv"):
    before = Observation.objects.count()
    batches = ImportBatch.objects.count()
    result = load(content, file_name=file_name)  # must not raise
    assert result.status in {"committed", "failed"}
    assert ImportBatch.objects.count() == batches + 1
    if result.status == "committed":
        assert result.counts.rejected == 0
    else:
        assert Observation.objects.count() == before, "a failed import wrote figures"
        assert result.problems, "a failed import must say why"
        for problem in result.problems:
            assert problem.message


@fuzz
@given(st.binary(max_size=2_000))
def test_random_bytes(load, content):
    assert_answered_without_a_partial_write(load, content)


@fuzz
@given(st.binary(max_size=2_000))
def test_random_bytes_named_xlsx(load, content):
    assert_answered_without_a_partial_write(load, content, "fuzz.xlsx")


@fuzz
@given(st.data())
def test_a_good_file_damaged_at_random(load, data):
    content = bytearray(GOOD)
    for _ in range(data.draw(st.integers(1, 6))):
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = data.draw(st.integers(0, max(0, len(content) - 1)))
        if action == "flip" and content:
            content[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del content[at:]
        elif action == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif content:
            del content[at]
    assert_answered_without_a_partial_write(load, bytes(content))


@fuzz
@given(st.lists(st.lists(cells, min_size=0, max_size=14), min_size=1, max_size=6), st.booleans())
def test_rows_of_nasty_cells(load, rows, with_bom):
    lines = [HEADER] + [",".join(r).replace("\n", " ").replace("\r", " ") for r in rows]
    content = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if with_bom:
        content = b"\xef\xbb\xbf" + content
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        content = content.decode("utf-8", "replace").encode()
    assert_answered_without_a_partial_write(load, content)


@fuzz
@given(st.lists(st.sampled_from([*COLUMNS, "valeu", "", "area", "Measure ", "x"]), max_size=14))
def test_wrong_headers(load, header):
    content = csv_of(row(), header=",".join(header))
    assert_answered_without_a_partial_write(load, content)


@fuzz
@given(st.integers(min_value=0, max_value=100))
def test_truncated_workbooks(load, percent):
    content = xlsx_bytes(
        [
            list(COLUMNS),
            ["NI 157a", "E06000001", "2008/09", None, 75.5],
            ["NI 195", "00EB", "2008/09", None, 3],
        ]
    )
    cut = content[: len(content) * percent // 100]
    assert_answered_without_a_partial_write(load, cut, "cut.xlsx")


@fuzz
@given(
    st.lists(
        st.lists(st.one_of(cells, st.floats(), st.integers(), st.none()), max_size=13),
        max_size=5,
    )
)
def test_workbooks_of_nasty_cells(load, rows):
    content = xlsx_bytes([list(COLUMNS), *rows])
    assert_answered_without_a_partial_write(load, content, "nasty.xlsx")


@pytest.mark.parametrize(
    "content",
    [
        "measure,area\n".encode("utf-16"),
        HEADER.encode("cp1252") + "\nNI 195,E06000001,2008/09,,3,,,,,,,café\n".encode("cp1252"),
        (HEADER + "\nNI 195,E06000001,2008/09,,3,,,,,,,café\n").encode("utf-8")
        + "NI 195,E06000002,2008/09,,3,,,,,,,café\n".encode("latin-1"),
        b"\xef\xbb\xbf\xef\xbb\xbf" + HEADER.encode(),
        b"\x00" * 50,
        (HEADER + "\n" + ("NI 195,E06000001,2008/09,,3," + "," * 20 + "\n")).encode(),
        (HEADER + '\n"NI 195,E06000001\n').encode(),
    ],
    ids=["utf-16", "cp1252", "mixed", "double-bom", "nul", "long-row", "open-quote"],
)
def test_known_awkward_files(load, content):
    assert_answered_without_a_partial_write(load, content)
