"""SDMX-CSV 2.0 out and in (issue 15 item 7, rule M6): the export of observations as the
dataflow LOCALPERF:NIS_OBS(1.0.0), and the importer reading it through the same pipeline as
any file, with messages naming the line and the SDMX column."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localperf.calculations.periods import (
    academic_year,
    calendar_year,
    financial_year,
    half_year,
    quarter,
    rolling_three_year,
    survey_round,
)
from localperf.calculations.sdmx_periods import period_from_sdmx, period_to_sdmx
from localperf.observations.importing import sdmx
from localperf.observations.importing.export import observations_export
from localperf.observations.models import ImportBatch, ImportFormat, ImportStatus, Observation
from localperf.places.models import PopulationGroup
from tests.observations.helpers import csv_of, current_values, row

pytestmark = pytest.mark.django_db

FLOW = "dataflow,LOCALPERF:NIS_OBS(1.0.0)"
HEADER = (
    "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,POP_GROUP,OBS_VALUE,"
    "OBS_STATUS,CI_LOWER,CI_UPPER,NUMERATOR,DENOMINATOR,SAMPLE_SIZE,COMMENT_OBS"
)


def sdmx_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def sdmx_row(
    indicator="NI_157a",
    area="E06000001",
    time="2008-04-01/P1Y",
    group="_T",
    value="75.5",
    status="A",
    action="R",
    rest=",,,,,",
) -> str:
    return f"{FLOW},{action},{indicator},{area},{time},{group},{value},{status},{rest}"


def records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_every_period_kind_has_one_sdmx_time_period_and_back():  # rule M6
    periods = [
        financial_year(2008),
        quarter(2008, 4),
        half_year(2009, 1),
        survey_round(2008),
        rolling_three_year(2008),
        calendar_year(2008),
        academic_year(2008),
    ]
    written = [period_to_sdmx(p) for p in periods]
    assert len(set(written)) == len(periods)
    assert [period_from_sdmx(text) for text in written] == periods
    assert written[1] == "2009-01-01/P3M"  # Q4 of 2008/09 is January to March 2009


def test_every_population_group_has_a_code_that_reads_back():  # rule M6
    groups = PopulationGroup.objects.exclude(dimension="all")
    texts = [f"{g.dimension}:{g.code}" for g in groups]
    codes = [sdmx.group_code_sdmx(text) for text in texts]
    assert len(set(codes)) == len(texts) and all(sdmx.measure_code_sdmx(c) == c for c in codes)
    assert [sdmx.group_from_sdmx(code) for code in codes] == texts


def test_the_export_is_sdmx_csv_and_imports_back_without_a_change(load):  # rule M6
    content = csv_of(
        row(area="E06000001", value=0.1 + 0.2, numerator=3, denominator=10, note="a, b"),
        row(area="E06000002", group="age:16-24", value=12.345678901234567, status="provisional"),
        row(measure="NI 112", period="2009/10", value=-6.5, note="=SUM(A1)"),
        row(
            measure="NI 1",
            period="Place Survey 2008",
            value=44.4,
            ci_lower=41.5,
            ci_upper=47.3,
            sample_size=1100,
            status="final",
            note='quoted "note"\nover two lines',
        ),
    )
    first = load(content)
    assert first.status == ImportStatus.COMMITTED, first.problems
    before = current_values()
    exported = observations_export(file_format="sdmx-csv")
    rows = records(exported)
    assert list(rows[0]) == list(sdmx.EXPORT_COLUMNS)
    assert {r["STRUCTURE_ID"] for r in rows} == {"LOCALPERF:NIS_OBS(1.0.0)"}
    assert {r["ACTION"] for r in rows} == {"R"}
    survey = next(r for r in rows if r["INDICATOR"] == "NI_1")
    assert (survey["TIME_PERIOD"], survey["CI_LOWER"], survey["CI_UPPER"]) == (
        "2008-09-01/P4M",
        "41.5",
        "47.3",
    )
    assert (survey["OBS_STATUS"], survey["UNIT_MEASURE"], survey["SAMPLE_SIZE"]) == (
        "A",
        "%",
        "1100",
    )
    grouped = next(r for r in rows if r["REF_AREA"] == "E06000002")
    assert (grouped["POP_GROUP"], grouped["OBS_STATUS"], grouped["RELEASED"]) == (
        "AGE_16-24",
        "P",
        "N",
    )

    dry = load(exported, dry_run=True, file_name="flow.csv")
    assert (dry.counts.unchanged, dry.counts.created, dry.counts.updated) == (4, 0, 0)
    again = load(exported, file_name="flow.csv")
    assert again.status == ImportStatus.COMMITTED, again.problems
    assert (again.counts.unchanged, again.counts.created, again.counts.updated) == (4, 0, 0)
    assert current_values() == before
    assert ImportBatch.objects.get(pk=again.batch_id).file_format == ImportFormat.SDMX_CSV


def test_an_sdmx_file_is_checked_like_any_other_with_its_own_column_names(load):  # rule M6
    content = sdmx_file(
        sdmx_row(),
        sdmx_row(indicator="NI_157z", area="E06000002"),
        sdmx_row(area="E06000003", value="lots"),
        sdmx_row(area="E06000004", group="AGE_16-25"),
    )
    result = load(content)
    assert result.status == ImportStatus.FAILED and result.counts.rejected == 3
    assert not Observation.objects.exists()  # all or nothing
    where = {(p.line, p.column) for p in result.problems}
    assert {(3, "INDICATOR"), (4, "OBS_VALUE"), (5, "POP_GROUP")} <= where
    indicator = next(p for p in result.problems if p.column == "INDICATOR")
    assert "NI_157z" in indicator.message and indicator.suggestion == "NI_157a"
    group = next(p for p in result.problems if p.column == "POP_GROUP")
    assert group.suggestion == "AGE_16-24"


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"action": "D"}, "ACTION", "D (Delete) is not supported"),
        ({"action": "I"}, "ACTION", "I (Information) is not supported"),
        ({"action": "A"}, "ACTION", "A (Append) is not supported"),
        ({"action": "X"}, "ACTION", "'X' is not an SDMX action"),
        ({"time": "2008-Q1"}, "TIME_PERIOD", "'2008-Q1' is not an SDMX time period"),
        ({"time": "2008-04-01/P2M"}, "TIME_PERIOD", "is no reporting period"),
        ({"time": ""}, "TIME_PERIOD", "TIME_PERIOD is empty"),
        ({"group": ""}, "POP_GROUP", "_T for the whole population"),
        ({"group": "SHOE_SIZE_9"}, "POP_GROUP", "'SHOE_SIZE_9' is not a population group code"),
        ({"status": "E"}, "OBS_STATUS", "'E' is not an OBS_STATUS"),
        ({"indicator": ""}, "INDICATOR", ""),
        ({"area": ""}, "REF_AREA", ""),
    ],
)
def test_a_wrong_sdmx_cell_is_refused_on_its_line_and_column(load, cells, column, words):
    result = load(sdmx_file(sdmx_row(area="E06000002"), sdmx_row(**cells)), dry_run=True)
    assert result.counts.rejected == 1 and result.counts.created == 1
    problem = next(p for p in result.problems if p.line == 3)
    assert problem.column == column and words in problem.message


def test_a_row_for_another_dataflow_is_refused_naming_ours(load):
    other = "dataflow,ESTAT:NA_MAIN(1.6.0),R,NI_157a,E06000001,2008-04-01/P1Y,_T,1,A,,,,,,"
    result = load(sdmx_file(other))
    [problem] = result.problems
    assert (problem.line, problem.column) == (2, "STRUCTURE_ID")
    assert "LOCALPERF:NIS_OBS(1.0.0)" in problem.message


@pytest.mark.parametrize(
    ("header", "column", "words"),
    [
        (HEADER.replace("POP_GROUP,", ""), "POP_GROUP", "dimension POP_GROUP is missing"),
        (HEADER.replace("ACTION,", ""), "ACTION", "ACTION column is missing"),
        (HEADER.replace("OBS_VALUE", "OBS_VALU"), "OBS_VALU", "is not a component"),
        (HEADER.replace("STRUCTURE,STRUCTURE_ID", "DATAFLOW"), "DATAFLOW", "SDMX-CSV 1.0"),
    ],
)
def test_a_wrong_header_is_refused_naming_the_column(load, header, column, words):
    result = load(sdmx_file(sdmx_row(), header=header))
    assert result.status == ImportStatus.FAILED
    problem = next(p for p in result.problems if p.column == column)
    assert problem.line == 1 and words in problem.message
    assert not Observation.objects.exists()


def test_labels_a_semicolon_and_the_services_own_period_labels_are_read(load):
    header = HEADER.replace("STRUCTURE,", "STRUCTURE[|],").replace(
        "INDICATOR,", "INDICATOR: Indicator,"
    )
    rows = [sdmx_row(time="2008/09", status="P"), sdmx_row(time="2009-04-01/P1Y", status="")]
    content = sdmx_file(*rows, header=header).replace(b",", b";")
    result = load(content, dry_run=True)
    assert result.counts.created == 2, result.problems


def test_anyone_downloads_the_released_figures_as_sdmx_csv(client, load, manager):  # rule M6
    content = csv_of(
        row(area="E06000001", value=70, status="provisional"),
        row(area="E06000002", value=71, status="final"),
        row(area="E06000003", value=72, status="provisional"),
    )
    assert load(content).status == ImportStatus.COMMITTED
    public = records(client.get("/public/open-data/observations-sdmx.csv").content)
    assert [(r["REF_AREA"], r["RELEASED"]) for r in public] == [("E06000002", "Y")]
    figures = client.get("/observations/figures/export/?format=sdmx-csv&measure=NI+157a")
    assert figures["Content-Disposition"].endswith('observations-ni-157a-sdmx.csv"')
    assert [r["REF_AREA"] for r in records(figures.content)] == ["E06000002"]
    # Hartlepool's manager sees Hartlepool's provisional figure too (rights.py), no other.
    client.force_login(manager)
    own = records(client.get("/observations/figures/export/?format=sdmx-csv").content)
    assert [(r["REF_AREA"], r["RELEASED"]) for r in own] == [("E06000001", "N"), ("E06000002", "Y")]


def test_the_upload_page_explains_sdmx_csv_and_takes_a_file_of_it(client, manager):  # rule M6
    client.force_login(manager)
    page = client.get(reverse("observations:upload")).content.decode()
    assert "SDMX-CSV" in page and "LOCALPERF:NIS_OBS(1.0.0)" in page and "AGE_16-24" in page
    content = sdmx_file(sdmx_row(), sdmx_row(area="E06000001", indicator="NI_157z"))
    response = client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("flow.csv", content, "text/csv"), "reason": ""},
    )
    batch = ImportBatch.objects.get()
    assert batch.file_format == ImportFormat.SDMX_CSV
    page = client.get(response["Location"]).content.decode()
    assert "INDICATOR" in page and "Did you mean <strong>NI_157a</strong>" in page
    assert 'data-action="created">1<' in page and 'data-action="rejected">1<' in page
