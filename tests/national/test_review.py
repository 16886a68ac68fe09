"""Evidence for reviewing the National Indicator Set (issue 15 item 4, rule N1): what
the November 2009 paper compiled by hand, computed from the facts held here."""

import csv
import io

import pytest

from localperf.national import selectors

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
    assert sum(total for _, total, _, _ in review.by_theme) == 198


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
