"""Periods typed for reports are read when they are typed (rule D5): a report's period,
its time periods and an annual review's confirmed baseline period are refused on their
field with the accepted forms and a suggestion, through the form and the API alike."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from localperf.reports import services
from localperf.reports.models import Judgement, ProgressReport
from tests.agreements.test_periods_at_entry import refused_fields
from tests.reports.test_annual_review import with_placeholder  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SUGGESTION = "Did you mean '2008/09'?"


def api_post(client, url: str, body: dict):
    return client.post(f"/api/v1{url}", json.dumps(body), content_type="application/json")


def test_the_report_form_refuses_a_short_year_with_a_suggestion(client, users, approved):
    # rule D5: on the field, with the accepted forms and what it most likely means
    agreement, _, _ = approved
    client.force_login(users["pm"])
    response = client.post(
        f"/agreements/{agreement.pk}/reports/new/",
        {"kind": "self_assessment", "period_label": "2008/9", "periods": ""},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["period_label"]
    assert "'2008/9' is not a reporting period" in message and message.endswith(SUGGESTION)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"kind": "self_assessment", "period": "2008/9"}, "period"),
        ({"period": "2009/10 H1", "periods": ["2008/09", "2008/9"]}, "periods.1"),
    ],
)
def test_the_report_api_refuses_a_short_year_naming_the_field(client, users, approved, body, where):
    # rule D5: 422 naming the field (and the item of a list)
    agreement, _, _ = approved
    client.force_login(users["pm"])
    response = api_post(client, "/reports", {"agreement": agreement.pk, **body})
    assert refused_fields(response)[where].endswith(SUGGESTION)
    assert not ProgressReport.objects.exists()


def test_a_report_period_written_another_way_is_its_canonical_label(client, users, approved):
    agreement, _, _ = approved
    client.force_login(users["pm"])
    response = api_post(client, "/reports", {"agreement": agreement.pk, "period": "h1 2009-2010"})
    assert response.status_code == 201, response.content
    assert response.json()["period"] == "2009/10 H1"


def test_a_confirmed_baseline_period_is_read_when_recorded(with_placeholder, users):  # noqa: F811
    # rules A5, D2, D5: the baseline confirmed at the annual review is dated by its period
    agreement, _, ni1 = with_placeholder
    review = services.annual_review_create(user=users["go_lm"], agreement=agreement, year="2009/10")
    finding = {
        "user": users["go_lm"],
        "review": review,
        "target": ni1,
        "judgement": Judgement.ON_TRACK,
        "baseline_value": "62.0",
        "trajectory": {"2009/10": "63", "2010/11": "64"},
    }
    with pytest.raises(ValidationError) as refused:
        services.annual_review_finding_record(**finding, baseline_period="2008/9")
    assert refused.value.message_dict["baseline_period"][0].endswith(SUGGESTION)
    recorded = services.annual_review_finding_record(**finding, baseline_period="2008-09")
    assert recorded.baseline_period == "2008/09"


def test_the_review_form_takes_a_financial_year_however_written(
    client,
    users,
    with_placeholder,  # noqa: F811
):
    # rules L6, D5: the review's year is a financial year, refused otherwise with a reason
    agreement, _, _ = with_placeholder
    client.force_login(users["go_lm"])
    url = f"/agreements/{agreement.pk}/annual-reviews/new/"
    quarter = client.post(url, {"year": "2009/10 Q1"})
    assert quarter.context["form"].errors["year"] == [
        "'2009/10 Q1' is a quarter: give a financial year."
    ]
    short = client.post(url, {"year": "2009/1"})
    assert short.context["form"].errors["year"][0].endswith("Did you mean '2009/10'?")
    assert client.post(url, {"year": "2009-10"}).status_code == 302
    assert agreement.annual_reviews.get().year == "2009/10"
