"""Public comparisons (issue 15 item 1): every area compared on released figures only,
for anyone, by the national picture's own selectors: one answer with the government's
picture (rules M2, M7, N1)."""

import csv
import io

import pytest

from localperf.national import selectors
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from tests.national.fixtures import whole_measure

pytestmark = pytest.mark.django_db

NEET = {"measure": "NI 117", "period": "2009/10"}
SATISFACTION = {"measure": "NI 5", "period": "Place Survey 2010"}


def test_anyone_sees_every_area_ranked_with_england_and_the_method(client, figures):
    response = client.get("/public/compare/", NEET)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="compare-chart-title"' in page and 'id="compare-table"' in page
    assert "2 of 8" in page and "inclusive linear interpolation" in page
    assert "Areas compared:</strong> Upper tier" in page


def test_the_public_comparison_is_the_government_picture_of_released_figures(
    client, users, figures
):
    # One truth: every figure here is final, so both read the same rows.
    public = client.get("/public/compare/", NEET).context["picture"]
    client.force_login(users["analyst"])
    government = client.get("/national/indicator/", NEET).context["picture"]
    assert public.distribution == government.distribution
    assert [(a.code, a.rank_england, a.band_england, a.versus_england) for a in public.areas] == [
        (a.code, a.rank_england, a.band_england, a.versus_england) for a in government.areas
    ]
    assert public.england.estimate == government.england.estimate


def test_significance_against_england_by_interval_overlap(client, figures):
    # rules M5, D7, M7: better or worse only when the intervals do not overlap.
    picture = client.get("/public/compare/", SATISFACTION).context["picture"]
    verdicts = {a.code: a.versus_england.value for a in picture.areas}
    first, second, third = (a.code for a in figures[:3])
    assert verdicts == {first: "better", second: "similar", third: "worse"}


def test_an_unreleased_figure_is_never_compared_in_public(client, users, figures):
    # rule M2: provisional figures stay private until released. LO1's 4.0 (rank 1)
    # becomes provisional and unreleased.
    Observation.objects.filter(area=figures[5], measure=whole_measure(117)).update(
        status=ObservationStatus.PROVISIONAL
    )
    public = client.get("/public/compare/", NEET)
    assert figures[5].name not in public.content.decode()
    assert public.context["picture"].distribution.count == 7
    csv_text = client.get("/public/compare/", {**NEET, "format": "csv"}).content.decode()
    assert figures[5].code not in csv_text
    government = selectors.indicator_picture(
        whole_measure(117), ReportingPeriod.objects.get(label="2009/10")
    )
    assert government.distribution.count == 8


def test_the_comparison_and_the_area_profile_download_as_csv(client, figures):
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/public/compare/", {**NEET, "format": "csv"}).content.decode())
        )
    )
    assert len(rows) == 8
    kent = figures[0]
    profile = client.get(f"/public/compare/areas/{kent.code}/")
    assert profile.status_code == 200
    page = profile.content.decode()
    assert 'id="spine-title"' in page and "NI 117" in page and "NI 5" in page
    text = client.get(f"/public/compare/areas/{kent.code}/", {"format": "csv"}).content.decode()
    measures = {r["measure"] for r in csv.DictReader(io.StringIO(text)) if r["value"]}
    assert {"NI 117", "NI 5"} <= measures


def test_the_indicator_page_offers_the_comparison(client, figures):
    page = client.get("/indicators/NI%20117/", follow=True).content.decode()
    assert 'href="/public/compare/?measure=NI%20117"' in page
