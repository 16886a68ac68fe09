"""Evidence for reviewing the National Indicator Set (issue 15 item 4, rule N1): what
the November 2009 paper compiled by hand, computed from the facts held here."""

import csv
import io

import pytest

from localperf.accounts.models import Role
from localperf.national import selectors
from tests.agreements.factories import make_user, org
from tests.agreements.maa_factories import approve_maa, greater_manchester, maa_own_target

pytestmark = pytest.mark.django_db


def test_the_review_counts_choices_sources_levels_and_lags(users, agreements, figures):
    # rule N1: which indicators the LAAs chose, and how many only a few did.
    review = selectors.nis_review()
    rows = {r.code: r for r in review.rows}
    assert len(rows) == 198
    assert rows["NI 117"].agreements == 1 and rows["NI 117"].chosen_by_few
    assert rows["NI 5"].is_survey and not rows["NI 117"].is_survey
    assert review.few_count == 198  # one counted agreement
    assert rows["NI 117"].levels and rows["NI 117"].lag_days is not None
    assert rows["NI 1"].levels == () and rows["NI 1"].lag_days is None
    assert sum(total for _, total, _, _, _ in review.by_theme) == 198


def test_the_review_page_and_csv_say_the_same(client, users, agreements, figures):
    client.force_login(users["analyst"])
    page = client.get("/national/review/").content.decode()
    assert 'id="review-table"' in page and "198</strong> of 198 indicators" in page
    text = client.get("/national/review/", {"format": "csv"}).content.decode()
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["NI 117"]["LAAs designating it"] == "1"
    assert rows["NI 5"]["data source"] == "Survey: Place Survey"


def test_only_government_sees_the_review(client, users):
    client.force_login(users["pm"])
    assert client.get("/national/review/").status_code == 403


def test_the_review_counts_the_maas_beside_the_laas(client):
    # rules N1, X2: an MAA carrying a member LAA's target (by link) and one of its own
    # counts once per indicator, beside the LAAs designating it; page and CSV agree
    setup = greater_manchester(link=True)
    maa_own_target(setup, "NI 153")
    approve_maa(setup)
    review = selectors.nis_review()
    rows = {r.code: r for r in review.rows}
    assert (rows["NI 152"].agreements, rows["NI 152"].maas) == (1, 1)  # Manchester's LAA
    assert (rows["NI 153"].agreements, rows["NI 153"].maas) == (0, 1)
    assert rows["NI 117"].maas == 0
    selection = {r.code: r.maas for r in selectors.indicator_selection().rows}
    assert {code: r.maas for code, r in rows.items()} == selection  # one count, two pages
    assert review.maa_chosen_count == 2
    assert sum(by_maa for *_, by_maa in review.by_theme) == 2
    client.force_login(make_user(Role.CENTRAL_ANALYST, org("clg"), "review-analyst"))
    page = client.get("/national/review/").content.decode()
    assert "<strong>2</strong> indicators are carried by at least one of the 1 counted" in page
    text = client.get("/national/review/", {"format": "csv"}).content.decode()
    csv_rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (csv_rows["NI 152"]["LAAs designating it"], csv_rows["NI 152"]["MAAs carrying it"]) == (
        "1", "1",
    )  # fmt: skip
    assert csv_rows["NI 153"]["MAAs carrying it"] == "1"
    assert csv_rows["NI 117"]["MAAs carrying it"] == "0"
