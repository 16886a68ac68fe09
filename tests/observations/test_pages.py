"""The pages: upload → dry-run summary (rejected rows first) → confirm → done; progress
polled by htmx; the history of a figure; export; who may do what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from localperf.observations.models import ImportBatch, ImportStatus, Observation
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "return.csv", reason: str = ""):
    return client.post(
        reverse("observations:upload"),
        {"file": SimpleUploadedFile(name, content, "text/csv"), "reason": reason},
    )


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_the_data_page_is_in_the_navigation_and_invites_an_upload(signed_in):
    page = signed_in.get(reverse("observations:index")).content.decode()
    assert 'href="/observations/"' in page and ">Data<" in page
    assert reverse("observations:upload") in page


def test_signed_out_people_are_asked_to_sign_in(client):
    assert client.get(reverse("observations:index")).status_code == 200
    response = client.get(reverse("observations:upload"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_role_that_cannot_submit_is_refused(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("observations:upload")).status_code == 403


def test_upload_shows_the_dry_run_summary_with_rejected_rows_first(signed_in):
    content = csv_of(row(area="E06000001"), row(area="E06O00002"), row(measure="NI 157b"))
    response = upload(signed_in, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("observations:batch", args=[batch.pk])
    page = signed_in.get(response["Location"]).content.decode()
    assert "The file has problems" in page
    assert page.index("Rejected rows") < page.index("Row by row")
    assert "E06O00002" in page and "Did you mean <strong>E06000002</strong>" in page
    assert 'data-action="created">2<' in page and 'data-action="rejected">1<' in page
    assert "Hartlepool" in page  # each row's area by name, as well as by code
    assert "confirm-import" not in page  # every row or none: nothing to confirm
    assert not Observation.objects.exists()


def test_a_clean_file_is_confirmed_and_imported(signed_in, manager):
    response = upload(signed_in, csv_of(row(), row(measure="NI 157b")), reason="Q4 return")
    batch = ImportBatch.objects.get()
    page = signed_in.get(response["Location"]).content.decode()
    assert "Check what the file will do" in page and 'id="confirm-import"' in page
    confirmed = signed_in.post(reverse("observations:confirm", args=[batch.pk]))
    assert confirmed.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert "Import complete" in signed_in.get(confirmed["Location"]).content.decode()
    assert Observation.objects.current().count() == 2
    assert set(Observation.objects.values_list("recorded_by", flat=True)) == {manager.pk}


def test_confirming_after_someone_elses_import_is_a_conflict_and_can_be_checked_again(
    signed_in, load
):
    upload(signed_in, csv_of(row(value=70)))
    batch = ImportBatch.objects.get()
    load(csv_of(row(value=80)))  # lands between the check and the confirm
    response = signed_in.post(reverse("observations:confirm", args=[batch.pk]))
    page = signed_in.get(response["Location"]).content.decode()
    assert "Someone else changed these figures" in page and "Check the file again" in page
    assert Observation.objects.current().get().value == 80
    signed_in.post(reverse("observations:recheck", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DRY_RUN and batch.updated_count == 1
    signed_in.post(reverse("observations:confirm", args=[batch.pk]))
    assert Observation.objects.current().get().value == 70
    assert Observation.objects.count() == 2


def test_a_batch_cannot_be_confirmed_twice_or_with_rejections(signed_in):
    upload(signed_in, csv_of(row(value="x")))
    batch = ImportBatch.objects.get()
    assert signed_in.post(reverse("observations:confirm", args=[batch.pk])).status_code == 403


def test_someone_elses_import_is_not_found(client, signed_in, make_user):
    upload(signed_in, csv_of(row()))
    batch = ImportBatch.objects.get()
    client.force_login(make_user(username="other-manager"))
    assert client.get(reverse("observations:batch", args=[batch.pk])).status_code == 404


def test_the_status_fragment_polls_while_working_and_refreshes_when_done(signed_in, manager):
    batch = ImportBatch.objects.create(
        created_by=manager, file_format="csv", status=ImportStatus.RUNNING, progress=40
    )
    url = reverse("observations:batch_status", args=[batch.pk])
    fragment = signed_in.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="40"' in fragment
    assert "<script" not in fragment and "style=" not in fragment
    batch.status = ImportStatus.COMMITTED
    batch.save()
    done = signed_in.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_the_history_page_lists_every_version_with_who_and_why(signed_in, load, manager):
    load(csv_of(row(value=70)))
    load(csv_of(row(value=72)), reason="Late returns from two schools")
    page = signed_in.get(
        reverse("observations:history"),
        {"measure": "NI 157a", "area": "00EB", "period": "2008/09"},
    ).content.decode()
    assert page.index("72.0") < page.index("70.0")
    assert "Current" in page and "Replaced" in page
    assert "Late returns from two schools" in page and manager.display_name in page


def test_the_history_of_an_unknown_key_is_a_404(client):
    query = {"measure": "NI 157a", "area": "E06000001", "period": "2008/09"}
    assert client.get(reverse("observations:history"), query).status_code == 404
    query["measure"] = "NI 999"
    assert client.get(reverse("observations:history"), query).status_code == 404


def test_provisional_figures_are_for_signed_in_readers_only(client, load):
    load(csv_of(row(status="provisional"), row(area="E06000002", status="final")))
    public = client.get(reverse("observations:list")).content.decode()
    assert "1 figure" in public and "Middlesbrough" in public and "Hartlepool" not in public


def test_export_downloads_csv_and_xlsx_in_the_upload_layout(client, load):
    load(csv_of(row(status="final"), row(area="E06000002", status="final")))
    response = client.get(reverse("observations:export"), {"format": "csv", "area": "00EB"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="observations-00eb.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("measure,area,period,group,value")
    assert len(lines) == 2 and lines[1].startswith("NI 157a,E06000001,2008/09,,75.5")
    xlsx = client.get(reverse("observations:export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3 and sheet["B2"].value == "E06000001"
    assert client.get(reverse("observations:export"), {"format": "pdf"}).status_code == 404


@settings(
    deadline=None,
    max_examples=20,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(content=st.binary(max_size=500), name=st.sampled_from(["a.csv", "b.xlsx", "c.txt"]))
def test_no_upload_gives_a_server_error(signed_in, content, name):
    before = Observation.objects.count()
    response = upload(signed_in, content, name)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert signed_in.get(response["Location"]).status_code == 200
    assert Observation.objects.count() == before
