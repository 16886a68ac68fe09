"""A Multi Area Agreement through the API and the pages (rules X1, X2, L5, M6): the same
services, so the same verdicts; a linked target's figure and status are the same on the
LAA's and the MAA's dashboards; a member's PM enters only its own area's figures."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from localperf.agreements.models import MaaLink, RevisionAction
from localperf.monitoring.services import assessments_recompute
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.places.models import Area, PopulationGroup
from tests.agreements.factories import indicator
from tests.agreements.maa_factories import approve_maa, greater_manchester, maa_own_target

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def as_at(settings):
    settings.LOCALPERF_AS_AT = "2009-11-30"


def api(client, url: str, body: dict | None = None):
    if body is None:
        return client.get(f"/api/v1{url}")
    return client.post(f"/api/v1{url}", json.dumps(body), content_type="application/json")


@pytest.fixture
def gm():
    setup = greater_manchester()
    maa_own_target(setup)
    return setup


def test_the_api_shows_parties_signatures_and_the_three_kinds(client, gm):
    # rules X1, X2
    client.force_login(gm.users["pm_bolton"])
    body = api(client, f"/agreements/{gm.maa.pk}/multi-area").json()
    assert len(body["waiting_for"]) == 4
    kinds = {t["indicator"]: (t["kind"], t["statutory_duties_apply"]) for t in body["targets"]}
    assert kinds == {"NI 152": ("linked", True), "NI 153": ("national", False)}
    signed = api(client, f"/agreements/{gm.maa.pk}/multi-area/signatures", {})
    assert signed.status_code == 201
    assert "bolton-metropolitan-borough-council" not in signed.json()["waiting_for"]
    again = api(client, f"/agreements/{gm.maa.pk}/multi-area/signatures", {})
    assert again.status_code == 422 and "signed on" in again.json()["detail"]


def test_a_members_pm_cannot_change_the_maas_targets_through_the_api(client, gm):
    # rule X1: the MAA's targets change only through its responsible authority
    client.force_login(gm.users["pm_salford"])
    refused = api(client, f"/agreements/{gm.maa.pk}/multi-area/links", {"target": gm.laa_target.pk})
    assert refused.status_code == 403
    page = client.post(f"/agreements/{gm.maa.pk}/multi-area/link/", {"target": gm.laa_target.pk})
    assert page.status_code == 403


def test_the_recommendation_is_refused_the_same_way_by_the_api(client, gm):
    # rule X1
    client.force_login(gm.users["pm_manchester"])
    api(client, f"/agreements/{gm.maa.pk}/actions", {"action": "submit"})
    client.force_login(gm.users["go_rd"])
    refused = api(client, f"/agreements/{gm.maa.pk}/actions", {"action": "recommend"})
    assert refused.status_code == 422
    assert "Waiting for" in refused.json()["detail"]


def _row(html: str, code: str) -> list[str]:
    """The cells after the target's own cell in its dashboard row, as text."""
    rows = re.findall(r"<tr class=\"govuk-table__row\"[^>]*>(.*?)</tr>", html, re.S)
    row = next(r for r in rows if f">{code}</a>" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in cells[:6]]


def test_a_linked_target_reads_the_same_on_both_dashboards(client, gm):
    # rules X2, M6: compare the two views of one figure
    for label, numerator in (("2007/08", 180), ("2008/09", 170)):
        Observation.objects.create(
            measure=indicator("NI 152").measures.get(part=""),
            area=Area.objects.get(code="E08000003"),
            period=ReportingPeriod.from_label(label),
            population_group=PopulationGroup.objects.whole_population(),
            value=numerator / 10,
            numerator=numerator,
            denominator=1000,
            status=ObservationStatus.FINAL,
        )
    assessments_recompute(today=datetime.date(2009, 11, 30))
    client.force_login(gm.users["pm_manchester"])
    laa = client.get(f"/agreements/{gm.laa.pk}/dashboard/").content.decode()
    maa = client.get(f"/agreements/{gm.maa.pk}/dashboard/").content.decode()
    in_laa, in_maa = _row(laa, "NI 152"), _row(maa, "NI 152")
    assert in_laa == in_maa
    assert "17" in " ".join(in_laa)
    assert "Carried from Manchester Local Area Agreement" in maa


def test_a_member_enters_only_its_own_areas_figures(client, gm):
    # rule X2: observations.rights decides the grid's rows
    client.force_login(gm.users["pm_bolton"])
    grid = client.get(f"/observations/returns/{gm.maa.pk}/?period=2008/09")
    assert grid.status_code == 200
    html = grid.content.decode()
    assert "Bolton" in html and "member area (X2)" in html
    assert "Salford member area" not in html and "Manchester member area" not in html


def test_the_move_through_the_api_names_the_maa(client):
    # rule L5
    setup = greater_manchester(link=False)
    maa_own_target(setup)
    approve_maa(setup)
    client.force_login(setup.users["pm_manchester"])
    created = api(
        client,
        f"/agreements/{setup.laa.pk}/revisions",
        {"title": "Move NI 152", "reason": "City region", "effective_from": "2009-04-01"},
    )
    number = created.json()["number"]
    change = api(
        client,
        f"/agreements/{setup.laa.pk}/revisions/{number}/changes",
        {
            "action": RevisionAction.UNDESIGNATE,
            "target": setup.laa_target.pk,
            "to_maa": setup.maa.pk,
        },
    )
    assert change.status_code == 201, change.json()
    required = set(change.json()["partners_required"])
    assert {"salford-city-council", "bolton-metropolitan-borough-council"} <= required
    assert not MaaLink.objects.exists()


def test_the_public_page_shows_the_combined_released_figure(client):
    # rule X2: the published MAA figure is Σ numerators / Σ denominators of its members
    setup = greater_manchester(link=False)
    maa_own_target(setup)
    approve_maa(setup)
    parts = {"E08000003": (300, 1000), "E08000006": (20, 400), "E08000001": (10, 600)}
    for code, (numerator, denominator) in parts.items():
        Observation.objects.create(
            measure=indicator("NI 153").measures.get(part=""),
            area=Area.objects.get(code=code),
            period=ReportingPeriod.from_label("2008/09"),
            population_group=PopulationGroup.objects.whole_population(),
            value=numerator / denominator * 100,
            numerator=numerator,
            denominator=denominator,
            status=ObservationStatus.FINAL,
        )
    assessments_recompute(today=datetime.date(2009, 11, 30))
    html = client.get(f"/public/areas/{setup.maa.area.code}/").content.decode()
    figure = re.search(r"([\d.]+) in 2008/09", html)
    assert figure is not None, re.sub(r"<[^>]+>|\s+", " ", html)[-3000:]
    assert float(figure[1]) == pytest.approx(16.5)
