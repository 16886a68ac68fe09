"""A return template (one row for every figure an agreement's targets need in a period)
sent back with some figures filled in and the rest left blank: the blank rows are
skipped ("skipped: no value") and the filled ones imported, through the import service,
the upload pages and the command alike. A row with other figures but no value is still
an error, and an import still saves every row or none."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from localperf.observations.importing.services import observation_import, observation_submit
from localperf.observations.models import ImportBatch, ImportStatus, Observation
from tests.observations.kent_returns import KENT, kent_world

pytestmark = pytest.mark.django_db

SKIPPED = "skipped: no value"


@pytest.fixture
def kent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return kent_world()


def template(client, user, agreement, file_format: str, period: str = "2008/09") -> bytes:
    """The template as the user downloads it from the agreement's return pages."""
    client.force_login(user)
    url = reverse("observations:return_template", args=[agreement.pk, file_format])
    response = client.get(url, {"period": period})
    assert response.status_code == 200
    return response.content


def filled(content: bytes, file_format: str, figures: dict[str, dict[str, object]]) -> bytes:
    """The template with ``figures`` (by measure code: column → cell) typed in, as a
    spreadsheet user would; every other row is left as downloaded."""
    if file_format == "csv":
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        rows = list(reader)
        for row in rows:
            row.update({k: str(v) for k, v in figures.get(row["measure"], {}).items()})
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        for column, value in figures.get(cells[header.index("measure")].value, {}).items():
            cells[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def actions(result) -> list[tuple[int, str]]:
    batch = ImportBatch.objects.get(pk=result.batch_id)
    return list(batch.row_results.order_by("line").values_list("line", "action"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_partly_filled_template_imports_the_filled_rows_and_skips_the_rest(
    client, kent, file_format
):
    _, users, agreement, *_ = kent
    content = template(client, users["pm"], agreement, file_format)
    # Kent's 2008/09 return: NI 112 known, NI 195 not yet.
    content = filled(content, file_format, {"NI 112": {"value": 41.5}})
    name = f"kent-return.{file_format}"

    dry = observation_import(file=content, user=users["pm"], dry_run=True, file_name=name)
    assert dry.status == ImportStatus.DRY_RUN and not dry.problems
    assert (dry.counts.created, dry.counts.skipped, dry.counts.rejected) == (1, 1, 0)
    assert f"1 {SKIPPED}" in dry.message
    assert actions(dry) == [(2, "created"), (3, "skipped")]
    assert not Observation.objects.exists()

    real = observation_import(file=content, user=users["pm"], dry_run=False, file_name=name)
    assert real.status == ImportStatus.COMMITTED
    assert "Imported: 1 created" in real.message and f"1 {SKIPPED}" in real.message
    figure = Observation.objects.current().get()
    assert (figure.measure.code, figure.area.code, figure.value) == ("NI 112", KENT, 41.5)
    batch = ImportBatch.objects.get(pk=real.batch_id)
    assert (batch.created_count, batch.skipped_count, batch.row_count) == (1, 1, 2)


def test_the_template_sent_back_untouched_changes_nothing(client, kent):
    _, users, agreement, *_ = kent
    content = template(client, users["pm"], agreement, "csv")
    result = observation_import(file=content, user=users["pm"], dry_run=False, file_name="t.csv")
    assert result.status == ImportStatus.COMMITTED
    assert (result.counts.created, result.counts.skipped, result.counts.rejected) == (0, 2, 0)
    assert not Observation.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_blank_value_beside_other_figures_is_an_error_and_nothing_is_saved(
    client, kent, file_format
):
    # rule D7: confidence limits without the value they surround are not a figure
    _, users, agreement, *_ = kent
    content = filled(
        template(client, users["pm"], agreement, file_format),
        file_format,
        {"NI 112": {"value": 41.5}, "NI 195": {"ci_lower": 10, "ci_upper": 14.5}},
    )
    result = observation_import(
        file=content, user=users["pm"], dry_run=False, file_name=f"r.{file_format}"
    )
    assert result.status == ImportStatus.FAILED
    assert [(p.line, p.column) for p in result.problems] == [(3, "value")]
    assert "ci_lower, ci_upper" in result.problems[0].message
    assert "line 3, column value" in str(result.problems[0])
    assert not Observation.objects.exists()  # all or nothing: NI 112 is not saved either


def test_the_upload_pages_show_the_skipped_rows_and_import_the_rest(client, kent):
    _, users, agreement, *_ = kent
    content = filled(
        template(client, users["pm"], agreement, "csv"), "csv", {"NI 195": {"value": 12.25}}
    )
    response = client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile("kent.csv", content, "text/csv"), "reason": ""},
    )
    summary = client.get(response["Location"]).content.decode()
    assert "Check what the file will do" in summary and 'id="confirm-import"' in summary
    assert "Skipped: no value" in summary and 'data-action="skipped">1<' in summary
    assert 'data-action="created">1<' in summary and 'data-action="rejected">0<' in summary
    listed = client.get(response["Location"], {"action": "skipped"}).content.decode()
    assert "NI 112" in listed and "govuk-tag--yellow" in listed
    batch = ImportBatch.objects.get()
    done = client.post(reverse("observations:confirm", args=[batch.pk]))
    page = client.get(done["Location"]).content.decode()
    assert "Import complete" in page and f"1 {SKIPPED}" in page
    assert list(Observation.objects.values_list("measure__indicator__code", "value")) == [
        ("NI 195", 12.25)
    ]


def test_the_command_reports_the_skipped_rows(client, kent, tmp_path):
    _, users, agreement, *_ = kent
    path = tmp_path / "kent-return.xlsx"
    path.write_bytes(
        filled(template(client, users["pm"], agreement, "xlsx"), "xlsx", {"NI 112": {"value": 40}})
    )
    out = StringIO()
    call_command("import_observations", str(path), "--dry-run", stdout=out)
    assert f"1 created, 0 updated, 0 unchanged, 0 rejected, 0 warnings; 1 {SKIPPED}" in (
        out.getvalue()
    )
    out = StringIO()
    call_command("import_observations", str(path), "--user", users["pm"].username, stdout=out)
    assert "Imported: 1 created" in out.getvalue() and f"1 {SKIPPED}" in out.getvalue()
    assert Observation.objects.count() == 1


def test_the_command_still_fails_on_a_value_missing_beside_a_numerator(client, kent, tmp_path):
    _, users, agreement, *_ = kent
    path = tmp_path / "kent-return.csv"
    path.write_bytes(
        filled(
            template(client, users["pm"], agreement, "csv"),
            "csv",
            {"NI 112": {"value": 40}, "NI 195": {"numerator": 12}},
        )
    )
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_observations", str(path), stdout=out)
    assert "line 3, column value: is empty, but the row gives numerator" in out.getvalue()
    assert not Observation.objects.exists()


def test_the_api_still_needs_the_value(kent):
    # A JSON submission names each figure on purpose: a row without its value is an error.
    _, users, *_ = kent
    result = observation_submit(
        rows=[{"measure": "NI 112", "area": KENT, "period": "2008/09", "value": None}],
        user=users["pm"],
    )
    assert result.status == ImportStatus.FAILED
    assert [(p.line, p.column) for p in result.problems] == [(1, "value")]
    assert result.counts.skipped == 0
