"""The open data set as a Frictionless Data Package (issue 15 item 7, rule M6): the
descriptor describes every column, and the published CSV validates against it."""

import csv
import io
import json

import frictionless
import pytest

from localperf.public import selectors

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_open_data_validates_against_its_data_package(client, public_data, tmp_path):
    # rule M6: exchange by agreed standards.
    descriptor = client.get("/public/open-data/datapackage.json").json()
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(selectors.OPEN_DATA_COLUMNS)
    assert all(f["description"] for f in fields)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    csv_bytes = _body(client.get("/public/open-data/local-area-agreements.csv"))
    (tmp_path / "local-area-agreements.csv").write_bytes(csv_bytes)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert csv_bytes.count(b"\n") > 10  # the demo's rows were really checked


def test_the_data_package_refuses_a_file_that_breaks_its_code_lists(client, public_data, tmp_path):
    # rule M6: the descriptor constrains, so a validator can catch a wrong file.
    descriptor = client.get("/public/open-data/datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    lines = _body(client.get("/public/open-data/local-area-agreements.csv")).decode().splitlines()
    header = lines[0].split(",")
    status = header.index("actual_status")
    figure = next(i for i, line in enumerate(lines[1:], 1) if ",final," in line)
    cells = list(csv.reader([lines[figure]]))[0]
    cells[status] = "nearly final"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    lines[figure] = buffer.getvalue().rstrip("\n")
    (tmp_path / "local-area-agreements.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [figure + 1, "actual_status", "constraint-error"] in errors


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def test_each_row_says_its_target_kind_as_holdings_says_it(client, public_data, tmp_path):
    # rule X2: the kind of every target, LAA's and MAA's, asked of holdings (one truth),
    # and an MAA's own file validates against the same descriptor
    from localperf.agreements.holdings import held_target_rows
    from localperf.agreements.models import Agreement

    laa_rows = _rows(client.get("/public/open-data/local-area-agreements.csv"))
    assert {r["agreement_kind"] for r in laa_rows} == {"laa"}
    assert {r["target_kind"] for r in laa_rows} == {"designated", "statutory", "local"}
    gm = Agreement.objects.get(kind="maa", title="Greater Manchester Multi Area Agreement")
    response = client.get(f"/public/areas/{gm.area.code}/data.csv")
    maa_rows = _rows(response)
    assert {r["agreement_kind"] for r in maa_rows} == {"maa"}
    expected = {str(h.target.pk): h.kind for h in held_target_rows(gm)}
    assert {r["target_id"]: r["target_kind"] for r in maa_rows} == expected
    assert set(expected.values()) == {"linked", "national", "local_indicator"}
    descriptor = client.get("/public/open-data/datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (tmp_path / "local-area-agreements.csv").write_bytes(
        _body(client.get(f"/public/areas/{gm.area.code}/data.csv"))
    )
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
