"""The SDMX-ML 2.1 structure of the dataflow LOCALPERF:NIS_OBS(1.0.0) (issue 15 item 7,
rule M6): served at a stable address and through the API, it describes every column the
SDMX-CSV export writes, and every code the export writes is in its code lists."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from localperf.observations.importing.export import observations_export
from localperf.observations.importing.sdmx import CONTROL, EXPORT_COLUMNS
from localperf.observations.importing.sdmx_structure import MEDIA_TYPE, NS

pytestmark = pytest.mark.django_db
URL = "/public/open-data/sdmx/structure.xml"
API = "/api/v1/observations/sdmx/structure"


@pytest.fixture(autouse=True)
def on_the_demo(demo_for_the_module, db):
    return None


def _structure(content: bytes) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The code lists (id → codes) and the components (id → code list id, "" uncoded)."""
    root = ET.fromstring(content)
    assert root.tag == f"{{{NS['mes']}}}Structure"
    lists = {
        codelist.get("id"): {code.get("id") for code in codelist.iter(f"{{{NS['str']}}}Code")}
        for codelist in root.iter(f"{{{NS['str']}}}Codelist")
    }
    components = {}
    for descriptor in ("DimensionList", "AttributeList", "MeasureList"):
        for element in root.find(f".//str:{descriptor}", NS):
            ref = element.find("str:LocalRepresentation/str:Enumeration/Ref", NS)
            components[element.get("id")] = ref.get("id") if ref is not None else ""
    return lists, components


def _codes_used(content: bytes) -> dict[str, set[str]]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows
    return {column: {r[column] for r in rows if r[column]} for column in rows[0]}


def test_every_code_the_export_writes_is_in_the_structures_code_lists(client):
    # rule M6: a statistical system reads every SDMX-CSV code against the structure
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == MEDIA_TYPE
    lists, components = _structure(response.content)
    assert set(components) == set(EXPORT_COLUMNS) - set(CONTROL)
    coded = {column: codelist for column, codelist in components.items() if codelist}
    assert set(coded) == {"INDICATOR", "REF_AREA", "POP_GROUP", "OBS_STATUS", "RELEASED",
                          "CORRECTED"}  # fmt: skip
    for exported in (
        observations_export(file_format="sdmx-csv"),  # every figure, as staff export them
        client.get("/public/open-data/observations-sdmx.csv").content,  # the released ones
    ):
        used = _codes_used(exported)
        for column, codelist in coded.items():
            missing = used[column] - lists[codelist]
            assert not missing, (column, sorted(missing)[:5])
        assert len(used["INDICATOR"]) > 5 and "_T" in used["POP_GROUP"]


def test_the_structure_lists_the_catalogue_and_the_places(client):
    lists, components = _structure(client.get(URL).content)
    assert {"NI_195a", "NI_157a", "NI_152"} <= lists["CL_NIS_MEASURE"]
    assert {"E92000001", "E08000003"} <= lists["CL_AREA"]
    assert {"_T", "AGE_16-24"} <= lists["CL_POP_GROUP"]
    assert lists["CL_OBS_STATUS"] == {"A", "P"} and lists["CL_FLAG"] == {"Y", "N"}
    assert components["TIME_PERIOD"] == ""  # a time range, not a code


def test_the_api_and_the_open_data_page_serve_the_one_structure(client):
    page, api = client.get(URL), client.get(API)
    assert api.status_code == 200 and api["Content-Type"] == MEDIA_TYPE
    assert _structure(api.content) == _structure(page.content)
    open_data = client.get("/public/open-data/").content.decode()
    assert URL in open_data


def test_the_sdmx_guide_names_both_addresses():
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "SDMX.md").read_text()
    assert URL in guide and API in guide
