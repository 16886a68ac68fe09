"""The public area and target pages keep what they built between requests
(``public.pages._Published``, under the stamps of the agreement's progress and of the
figures; ``public.pages.found``, the area, its published agreement and change log, under
the stamp of those tables): a release, a new figure, an approval or a published change
is on the very next request (rules M2, L4), and what they show is still the selectors'
answer."""

from __future__ import annotations

import datetime

import pytest

from localperf.agreements import services as agreements
from localperf.agreements.models import Target
from localperf.observations.models import ReportingPeriod
from localperf.observations.services import observations_release
from localperf.public import selectors
from tests.observations.helpers import area, measure, row
from tests.public.conftest import CAMDEN, KENT, UNRELEASED_VALUES, _import

pytestmark = pytest.mark.django_db


def _kent_ni_111(public_data) -> Target:
    return Target.objects.get(agreement=public_data.kent, indicator__code="NI 111", status="active")


def _shown(client, target: Target) -> dict[str, float | None]:
    response = client.get(f"/public/areas/{KENT}/targets/{target.pk}/")
    assert response.status_code == 200
    return {r.period: r.actual for r in response.context["progress"].rows}


def _rows_on_area_page(client, target: Target) -> dict[str, float | None]:
    response = client.get(f"/public/areas/{KENT}/")
    assert response.status_code == 200
    item = next(
        item
        for theme in response.context["themes"]
        for items in theme.outcomes.values()
        for item in items
        if item.target.pk == target.pk
    )
    return {r.period: r.actual for r in item.rows}


def test_a_release_shows_on_the_next_request(client, public_data):
    # Rule M2: local people get accessible information as soon as it is published.
    target = _kent_ni_111(public_data)
    unreleased = float(UNRELEASED_VALUES[0])
    assert unreleased not in _shown(client, target).values()
    assert unreleased not in _rows_on_area_page(client, target).values()
    observations_release(
        user=public_data.users["pm-kent"],
        area=area(KENT),
        measure=measure("NI 111"),
        period=ReportingPeriod.objects.get(label="2010/11"),
    )
    assert _shown(client, target)["2010/11"] == unreleased
    assert _rows_on_area_page(client, target)["2010/11"] == unreleased


def test_a_final_figure_shows_on_the_next_request(client, public_data):
    target = _kent_ni_111(public_data)
    _shown(client, target)
    _import(
        public_data.users["admin"], row("NI 111", KENT, "2010/11", value="1234.5", status="final")
    )
    assert _shown(client, target)["2010/11"] == 1234.5


def test_the_kept_pages_are_the_selectors_answer(client, public_data):
    target = _kent_ni_111(public_data)
    for _ in range(2):  # built, then kept
        shown = _shown(client, target)
        (fresh,) = selectors.agreement_public_progress(public_data.kent, targets=[target])
        assert shown == {r.period: r.actual for r in fresh.rows}


def test_a_target_no_longer_active_is_still_read_on_its_own(client, public_data):
    # The kept answer holds the active targets only; any other is read by the selector.
    target = _kent_ni_111(public_data)
    Target.objects.filter(pk=target.pk).update(
        status="withdrawn", dropped_on=datetime.date(2009, 1, 1)
    )
    response = client.get(f"/public/areas/{KENT}/targets/{target.pk}/")
    assert response.status_code == 200
    assert response.context["progress"].target.pk == target.pk


def test_an_approval_and_its_published_change_show_on_the_next_request(client, public_data):
    # Rule L4: every approved change is published; the kept lookup of an address (area,
    # agreement, change log) follows the agreements and their change logs.
    assert client.get(f"/public/areas/{CAMDEN}/").status_code == 404  # submitted only
    camden, users = public_data.camden, public_data.users
    day = datetime.date(2008, 6, 30)
    agreements.agreement_take_action(
        user=users["go-rd-london"], agreement=camden, action="recommend", on=day
    )
    agreements.agreement_take_action(
        user=users["approver"], agreement=camden, action="approve", on=day
    )
    response = client.get(f"/public/areas/{CAMDEN}/")
    assert response.status_code == 200
    shown = list(response.context["change_log"])
    assert shown == list(selectors.change_log(camden))
    assert shown[0].summary.startswith("Agreement approved")


def test_a_target_page_lists_the_selectors_changes_of_its_target(client, public_data):
    target = _kent_ni_111(public_data)
    for _ in range(2):  # built, then kept
        response = client.get(f"/public/areas/{KENT}/targets/{target.pk}/")
        expected = selectors.change_log(public_data.kent).filter(target=target)
        assert list(response.context["change_log"]) == list(expected)
        assert response.context["chart"]
