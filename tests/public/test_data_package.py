"""The open data set as a Frictionless Data Package (issue 15 item 7, rule M6): the
descriptor describes every column, and the published CSV validates against it."""

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
