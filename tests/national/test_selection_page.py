"""The selection page (issue 12 item 8): sortable by count, with charts beside the
table of the same counts (rule N1)."""

import pytest

from localperf.national import selectors

pytestmark = pytest.mark.django_db


def test_the_table_puts_the_most_chosen_first_and_sorts_by_number_on_request(
    client, users, agreements
):
    # rule N1: which indicators the agreements chose.
    client.force_login(users["analyst"])
    by_count = client.get("/national/selection/").context["rows"]
    assert [row.agreements for row, _ in by_count] == sorted(
        (row.agreements for row, _ in by_count), reverse=True
    )
    assert by_count[0][0].agreements == 1
    by_number = client.get("/national/selection/", {"sort": "number"}).context["rows"]
    assert [row.number for row, _ in by_number] == sorted(row.number for row, _ in by_number)


def test_the_charts_show_the_same_counts_as_the_table(client, users, agreements):
    client.force_login(users["analyst"])
    response = client.get("/national/selection/")
    page = response.content.decode()
    assert 'id="selection-spread-title"' in page and 'id="selection-most-title"' in page
    selection = selectors.indicator_selection()
    bands = dict(selection.by_how_many())
    assert sum(bands.values()) == len(selection.rows)
    chosen = sum(1 for row in selection.rows if row.agreements)
    assert bands["1 agreement"] == chosen
    assert f"No agreement: {len(selection.rows) - chosen} indicators" in page
