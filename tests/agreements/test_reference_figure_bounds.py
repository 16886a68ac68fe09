"""A reference figure's new value is a number a figure can hold and takes effect within
the framework's years: refused with a message on the page and through the API alike,
never a 500, and nothing written (rule A8)."""

import json
from decimal import Decimal

import pytest

from localperf.agreements.models import ReferenceFigure, ReferenceFigureValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(kent):
    figure = ReferenceFigure.objects.create(name="South East Plan housing figure", area=kent)
    ReferenceFigureValue.objects.create(
        figure=figure, effective_from="2008-04-01", value=Decimal("5600")
    )
    return figure


def through_the_api(client, figure, value, effective_from):
    return client.post(
        f"/api/v1/agreements/reference-figures/{figure.pk}/values",
        json.dumps({"value": value, "effective_from": effective_from}),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("value", "effective_from", "field", "words"),
    [
        ("100000000000", "2009-04-01", "value", "less than 100,000,000,000"),
        ("-1e15", "2009-04-01", "value", "less than 100,000,000,000"),
        ("12.345678", "2009-04-01", "value", "at most 4 decimal places"),
        ("6000", "0345-06-05", "effective_from", "between 1 April 2008 and 31 March 2011"),
        ("6000", "2099-04-01", "effective_from", "between 1 April 2008 and 31 March 2011"),
    ],
)
def test_a_value_out_of_range_is_refused_with_a_message(
    client, users, housing, value, effective_from, field, words
):
    client.force_login(users["approver"])
    response = through_the_api(client, housing, value, effective_from)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert words in errors[0]["message"]
    assert housing.values.count() == 1


def test_the_page_refuses_an_ancient_date_with_the_same_message(client, users, housing):
    client.force_login(users["go_lm"])
    response = client.post(
        f"/agreements/reference-figures/{housing.pk}/new-value/",
        {"value": "6000", "effective_from_0": "5", "effective_from_1": "6",
         "effective_from_2": "345"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "between 1 April 2008 and 31 March 2011" in response.content.decode()
    assert housing.values.count() == 1


def test_a_value_within_range_is_recorded(client, users, housing):
    client.force_login(users["approver"])
    response = through_the_api(client, housing, "99999999999.9999", "2011-03-31")
    assert response.status_code == 201, response.content
    assert housing.values.count() == 2
