"""In a browser, on the demo data: Kent's performance manager finds an overdue return on
the progress dashboard, uploads the figure, checks the dry run, confirms, and sees the
dashboard change (the figure, the status in words); the filters swap the table with
htmx. Every page visited is checked with axe-core."""

from __future__ import annotations

import re
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command

from localperf.agreements.models import Agreement
from localperf.calculations.rag import Rating
from localperf.demo.loading import DEMO_PASSWORD
from localperf.monitoring import selectors
from tests.browser.accessibility import assert_accessible
from tests.monitoring.screens_data import AS_AT, KENT
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.browser


@pytest.fixture
def kent(live_server, live_reference, settings):
    settings.LOCALPERF_AS_AT = AS_AT.isoformat()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())  # the users get the password again
    # The server's first request imports every view (the URL configuration), which on a
    # busy machine takes longer than the page's timeout: make it before the browser does.
    urllib.request.urlopen(live_server.url + "/account/sign-in/", timeout=120).close()
    return Agreement.objects.select_related("area").get(area__code=KENT)


def sign_in(page, username: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def target_row(page, target_pk: int):
    return page.locator(f"#target-{target_pk}")


def test_an_upload_changes_the_dashboard(page, kent):
    overdue = next(
        p
        for p in selectors.agreement_progress(kent)
        if p.rating is Rating.OVERDUE
        and p.measure_code.startswith("NI ")
        and not (p.scope_areas or p.scope_groups)
        and p.profile is not None
    )
    sign_in(page, "demo-pm-kent")
    page.goto(f"/agreements/{kent.pk}/")
    # The hub's actions are links styled as buttons (role="button").
    page.get_by_role("button", name=re.compile("Progress dashboard")).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Progress dashboard"
    before = target_row(page, overdue.target.pk).inner_text()
    assert "Overdue" in before
    assert_accessible(page)

    # With JavaScript the filters swap the table in place (htmx) and keep the address.
    page.get_by_label("Status").select_option("overdue")
    page.wait_for_url(re.compile(r"status=overdue"))
    page.locator("#progress-results").get_by_text(re.compile(r"^Showing \d+ of 52")).wait_for()
    statuses = page.locator("#progress-table tbody .govuk-tag").all_inner_texts()
    assert statuses and set(statuses) == {"Overdue"}
    assert_accessible(page)

    page.goto("/observations/imports/new/")
    assert_accessible(page)
    figure = f"{overdue.profile:g}"  # exactly on profile: on track
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "kent-return.csv",
                "mimeType": "text/csv",
                "buffer": csv_of(
                    row(
                        measure=overdue.measure_code,
                        area=KENT,
                        period=overdue.period_label,
                        value=figure,
                    )
                ),
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/observations/imports/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check what the file will do"
    assert re.search(r"New figures\s+1", page.locator("#import-summary").inner_text())
    assert_accessible(page)
    # The dry run changed nothing.
    assert selectors.target_progress(overdue.target).rating is Rating.OVERDUE

    page.get_by_role("button", name="Import these figures").click()
    page.wait_for_url(re.compile(r"/observations/imports/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Figures imported"
    assert_accessible(page)

    page.goto(f"/agreements/{kent.pk}/dashboard/")
    after = target_row(page, overdue.target.pk).inner_text()
    assert "On track" in after and "Overdue" not in after
    assert figure in after and "0.0%" in after
    assert_accessible(page)

    target_row(page, overdue.target.pk).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/progress/$"))
    assert "Figure recorded" in page.locator("#history-table").inner_text()
    assert page.locator("#chart-title").count() == 1
    assert_accessible(page)
