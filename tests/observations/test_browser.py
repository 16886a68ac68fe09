"""In a browser: upload a file, see the dry-run summary row by row, correct the file,
confirm, and find the figures; every page checked with axe-core."""

import re

import pytest

from localperf.accounts.models import Role, User
from localperf.observations.models import Observation
from localperf.organisations.models import Organisation
from tests.browser.accessibility import assert_accessible
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-password-42"


@pytest.fixture
def manager(live_reference):
    return User.objects.create_user(
        username="hartlepool-pm",
        password=PASSWORD,
        first_name="Pat",
        last_name="Manager",
        role=Role.PERFORMANCE_MANAGER,
        organisation=Organisation.objects.get(area__code="E06000001"),
    )


def sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def upload(page, content: bytes) -> None:
    page.goto("/observations/")
    page.get_by_role("button", name="Upload a file").click()
    page.wait_for_url(re.compile(r"/observations/imports/new/$"))
    assert_accessible(page)
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "return.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/observations/imports/\d+/$"))


def test_upload_see_the_dry_run_correct_and_confirm(page, manager):
    sign_in(page, manager.username)
    upload(page, csv_of(row(area="E06000001"), row(area="E06O00002", value="101")))
    assert page.get_by_role("heading", level=1).inner_text() == "The file has problems"
    rejected = page.locator("#rejected-rows")
    assert "E06O00002" in rejected.inner_text()
    assert "Did you mean E06000002?" in rejected.inner_text()
    assert "between 0 and 100" in rejected.inner_text()
    assert page.get_by_role("button", name="Import these figures").count() == 0
    assert_accessible(page)

    # Hartlepool's own figures: a manager writes its own area's (observations.rights).
    upload(page, csv_of(row(area="E06000001"), row(measure="NI 157b", value="71")))
    assert page.get_by_role("heading", level=1).inner_text() == "Check what the file will do"
    summary = page.locator("#import-summary")
    assert re.search(r"New figures\s+2", summary.inner_text())
    assert not Observation.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Import these figures").click()
    page.wait_for_url(re.compile(r"/observations/imports/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Figures imported"
    assert "Import complete" in page.locator(".govuk-panel").inner_text()
    assert Observation.objects.current().count() == 2
    assert_accessible(page)

    page.get_by_role("link", name="See the figures").click()
    page.wait_for_url(re.compile(r"/observations/figures/$"))
    assert "2 figures" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("75.5")).click()
    page.wait_for_url(re.compile(r"/observations/figures/history/"))
    assert "Current" in page.locator("#figure-history").inner_text()
    assert_accessible(page)


def test_the_page_follows_a_background_import_and_shows_the_result(page, manager):
    """With a task worker the import runs elsewhere: htmx polls the progress every second
    and the page reloads itself when the work is done."""
    from localperf.observations.models import ImportBatch, ImportStatus

    batch = ImportBatch.objects.create(
        created_by=manager,
        file_name="big.csv",
        file_format="csv",
        status=ImportStatus.RUNNING,
        progress=40,
        phase="Writing figures",
    )
    sign_in(page, manager.username)
    page.goto(f"/observations/imports/{batch.pk}/")
    assert page.locator("progress").get_attribute("value") == "40"
    assert "Writing figures (40%)" in page.locator("#batch-status").inner_text()
    assert_accessible(page)
    ImportBatch.objects.filter(pk=batch.pk).update(progress=80)
    page.wait_for_function("() => document.querySelector('progress').value === 80")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.COMMITTED, progress=100, created_count=1_000_000, message="Done"
    )
    page.get_by_role("heading", name="Figures imported").wait_for(timeout=10_000)
    assert "1,000,000 new" in page.locator(".govuk-panel").inner_text()
