"""England as an area (GSS E92000001, from the reference data): figures for it are
accepted for national indicators only, and the national picture compares every area with
the England figure when one is recorded, saying on the page whether it used the England
figure or the combined rate of the areas shown (rules N1, M5, M7)."""

from __future__ import annotations

import pytest

from localperf.indicators.models import Indicator, IndicatorKind, Measure
from localperf.observations.importing.services import observation_import
from localperf.observations.models import Observation
from localperf.organisations.models import Organisation
from localperf.places.models import Area
from tests.national.fixtures import KENT
from tests.observations.helpers import csv_of, row

pytestmark = pytest.mark.django_db

ENGLAND = "E92000001"
NEET_PAGE = "/national/indicator/?measure=NI+117&period=2009%2F10"


def import_rows(*rows: str):
    return observation_import(file=csv_of(*rows), user=None, dry_run=False, file_name="e.csv")


def england_neet(value: str = "6.5", numerator: str = "39000", denominator: str = "600000"):
    result = import_rows(
        row("NI 117", ENGLAND, "2009/10", value=value, numerator=numerator,
            denominator=denominator, status="final")
    )  # fmt: skip
    assert result.status == "committed", result.problems
    return result


def test_a_national_indicator_takes_a_figure_for_england():
    england_neet()
    figure = Observation.objects.current().get(area__code=ENGLAND, measure__indicator__number=117)
    assert figure.value == 6.5 and figure.area.area_type == "country"


def test_a_local_indicator_does_not_take_a_figure_for_england():
    owner = Organisation.objects.get(slug="kent-county-council")
    local = Indicator.objects.create(
        kind=IndicatorKind.LOCAL, code="TEST-GVA", title="Gross value added", owner=owner
    )
    Measure.objects.create(indicator=local, part="", title=local.title)
    result = import_rows(row("TEST-GVA", ENGLAND, "2009/10", value="19650"))
    assert result.status != "committed"
    assert any(
        p.column == "area" and "E92000001 is a country" in p.message for p in result.problems
    ), result.problems
    assert not Observation.objects.filter(area__code=ENGLAND).exists()


def test_without_an_england_figure_the_page_says_it_uses_the_combined_rate(client, users, figures):
    client.force_login(users["analyst"])
    page = client.get(NEET_PAGE).content.decode()
    basis = page[page.index('id="england-basis"') :][:400]
    assert "combined rate of the areas shown" in basis and "not an England figure" in basis
    assert "6.93" in page  # 520 / 7500


def test_an_england_figure_replaces_the_combined_rate_and_the_page_says_so(client, users, figures):
    # rule N1: England is compared as recorded, not rebuilt from the areas shown
    england_neet()
    client.force_login(users["analyst"])
    page = client.get(NEET_PAGE).content.decode()
    basis = page[page.index('id="england-basis"') :][:400]
    assert "the <strong>England figure</strong>" in basis
    assert "combined rate" not in basis
    api = client.get("/api/v1/national/indicator?measure=NI%20117&period=2009/10").json()
    assert api["england"]["basis"] == "England figure"
    assert api["england"]["figure"]["value"] == 6.5
    # England is the yardstick, not one of the areas ranked.
    assert ENGLAND not in {a["area"] for a in api["areas"]} and len(api["areas"]) == 8


def test_area_evidence_names_the_england_figure_it_compares_with(client, users, figures):
    # rule M7: NI 5 has an England figure of 52 (51–53); NI 117 has none
    client.force_login(users["inspector"])
    page = client.get(f"/national/areas/{KENT}/").content.decode()
    assert "England 52 (England figure)" in page
    assert "(combined rate of the areas)" in page
    assert Area.objects.countries().count() == 1
