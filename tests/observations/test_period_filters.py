"""A period typed into the figures' filters is read when it is typed (rule D5): the API
refuses "2008/9" naming the field, the page says which period it most likely means."""

from __future__ import annotations

import pytest

from tests.agreements.test_periods_at_entry import refused_fields

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/observations", "/api/v1/observations/history"])
def test_the_api_refuses_a_short_year_naming_the_field(client, reference_data, path):
    # rule D5: 422 with the field in ``loc`` and "Did you mean '2008/09'?"
    query = {"measure": "NI 195", "area": "E10000016", "period": "2008/9"}
    response = client.get(path, query)
    message = refused_fields(response)["period"]
    assert "'2008/9' is not a reporting period" in message
    assert message.endswith("Did you mean '2008/09'?")


def test_the_figures_page_suggests_the_period(client, reference_data):
    page = client.get("/observations/figures/", {"period": "2008/9"}).content.decode()
    assert "There is no period with the code &#x27;2008/9&#x27;." in page
    assert "Did you mean &#x27;2008/09&#x27;?" in page
