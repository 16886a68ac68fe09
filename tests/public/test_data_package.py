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
