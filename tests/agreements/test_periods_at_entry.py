"""Periods are read when they are typed (rule D5): a target's baseline period is stored
as the period it names, "2006/7" is refused on its field with the accepted forms and a
suggestion, through the web form and the API alike, and monitoring dates the baseline by
the period given."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from localperf.agreements import services
from localperf.agreements.models import TargetVersion
from localperf.calculations import period_parse, projected_outturn, trend_points
from localperf.monitoring.models import Assessment
from localperf.monitoring.services import assessments_recompute
from tests.agreements.factories import take_to_approval, target_input
from tests.agreements.test_api_and_pages import api_post, form_data, payload
from tests.national.fixtures import record

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2009, 11, 30)
SUGGESTION = "Did you mean '2006/07'?"


def refused_fields(response) -> dict[str, str]:
    """A 422's messages by field ("periods.1" for an item of a list), whether it comes in
    django-ninja's own shape (``loc``, ``msg``) or the API's (``field``, ``message``)."""
    assert response.status_code == 422, response.content
    body = response.json()
    if isinstance(body["detail"], list):
        return {
            ".".join(str(p) for p in e["loc"][1:] if p not in {"payload", "body"}): e["msg"]
            for e in body["detail"]
        }
    return {e["field"]: e["message"] for e in body["errors"]}


def test_the_target_form_refuses_a_short_year_with_a_suggestion(client, users, draft):
    # rule D5: the form names the field, lists the accepted forms and suggests the period
    client.force_login(users["pm"])
    body = payload("NI 111", baseline_period="2006/7")
    response = client.post(f"/agreements/{draft.pk}/targets/new/", form_data(body))
    assert response.status_code == 200
    [message] = response.context["form"].errors["baseline_period"]
    assert "'2006/7' is not a reporting period" in message
    assert "financial year '2008/09'" in message and message.endswith(SUGGESTION)
    assert not draft.targets.exists()


def test_the_api_refuses_a_short_year_naming_the_field(client, users, draft):
    # rule D5: 422 naming the field, with the same message as the form
    client.force_login(users["pm"])
    response = api_post(
        client, f"/agreements/{draft.pk}/targets", payload(baseline_period="2006/7")
    )
    message = refused_fields(response)["baseline_period"]
    assert "'2006/7' is not a reporting period" in message
    assert message.endswith(SUGGESTION)
    assert not draft.targets.exists()


def test_a_revision_payload_refuses_a_short_year(client, users, partners):
    # rule L3: a proposed target is read the same way as a drafted one
    from tests.agreements.factories import approved_kent

    agreement, _, _ = approved_kent(users, partners)
    client.force_login(users["pm"])
    revision = api_post(
        client,
        f"/agreements/{agreement.pk}/revisions",
        {"title": "Refresh", "reason": "New data", "effective_from": "2009-04-01"},
    )
    assert revision.status_code == 201, revision.content
    number = revision.json()["number"]
    response = api_post(
        client,
        f"/agreements/{agreement.pk}/revisions/{number}/changes",
        {"action": "add", "proposed": payload("NI 111", baseline_period="2006/7")},
    )
    assert refused_fields(response)["proposed.baseline_period"].endswith(SUGGESTION)


def test_a_period_written_another_way_is_stored_as_its_canonical_label(client, users, draft):
    # rule D5: "2006-07" and "2006/2007" are the period 2006/07, stored as such
    client.force_login(users["pm"])
    added = api_post(
        client, f"/agreements/{draft.pk}/targets", payload(baseline_period="2006/2007")
    )
    assert added.status_code == 201, added.content
    assert added.json()["version"]["baseline_period"] == "2006/07"
    form = client.post(
        f"/agreements/{draft.pk}/targets/new/",
        form_data(payload("NI 112", baseline_period=" 2006-07 ")),
    )
    assert form.status_code == 302, form.context["form"].errors
    stored = set(TargetVersion.objects.values_list("baseline_period", flat=True))
    assert stored == {"2006/07"}


def test_the_service_refuses_what_is_not_a_period_whatever_the_way_in(users, draft):
    # rule D5: the service is the last guard (the demo loader and revisions use it too)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.target_add(
            user=users["pm"], agreement=draft, data=target_input(baseline_period="2006/7")
        )
    assert refused.value.message_dict["baseline_period"][0].endswith(SUGGESTION)


def test_the_migration_normalises_stored_periods_and_flags_what_it_cannot_read(
    users, draft, capsys
):
    # rule D5: existing text becomes the period it names; text that is none is listed,
    # cleared and kept in the version's notes
    migration = importlib.import_module(
        "localperf.agreements.migrations.0002_baseline_period_is_a_period"
    )
    short = services.target_add(user=users["pm"], agreement=draft, data=target_input("NI 111"))
    junk = services.target_add(user=users["pm"], agreement=draft, data=target_input("NI 112"))
    TargetVersion.objects.filter(target=short).update(baseline_period="2006/7")
    TargetVersion.objects.filter(target=junk).update(baseline_period="last spring")
    migration.baseline_periods_normalise(apps, None)
    fixed = TargetVersion.objects.get(target=short)
    flagged = TargetVersion.objects.get(target=junk)
    assert fixed.baseline_period == "2006/07"
    assert flagged.baseline_period == "" and "'last spring'" in flagged.notes
    assert f"target {junk.pk}" in capsys.readouterr().out


def test_the_projection_dates_the_baseline_by_its_period(users, partners):
    # rule M3: the trend starts at the end of the baseline period, 31 March 2007 for
    # "2006/07" (typed "2006-07"), not at the eve of the agreement's first year
    agreement = services.agreement_create(user=users["pm"])
    data = target_input("NI 111", baseline_value=Decimal("100"), baseline_period="2006-07")
    target = services.target_add(user=users["pm"], agreement=agreement, data=data)
    take_to_approval(agreement, users)
    measure = target.indicator.measures.get(part="")
    record(measure, agreement.area, "2008/09", 90.0)
    assessments_recompute(targets=[target], today=AS_AT)
    stored = Assessment.objects.get(target=target, period__label="2008/09").projected_outturn

    end = datetime.date(2011, 3, 31)
    figures = [(datetime.date(2009, 3, 31), 90.0)]

    def kernel(baseline_date: datetime.date) -> float:
        points = trend_points(
            baseline=100.0, baseline_date=baseline_date, figures=figures, until=figures[0][0]
        )
        return projected_outturn(points, end)

    assert stored == pytest.approx(kernel(period_parse("2006/07").end))
    assert stored != pytest.approx(kernel(period_parse("2007/08").end))


@pytest.mark.parametrize("typed", ["2006/7", "06/07", "2006/07 Q5"])
def test_every_way_in_gives_the_same_verdict(client, users, draft, typed):
    # rule D5: the form and the API share one reading of a period, so one message
    client.force_login(users["pm"])
    web = client.post(
        f"/agreements/{draft.pk}/targets/new/", form_data(payload(baseline_period=typed))
    )
    api = api_post(client, f"/agreements/{draft.pk}/targets", payload(baseline_period=typed))
    assert web.context["form"].errors["baseline_period"] == [refused_fields(api)["baseline_period"]]
