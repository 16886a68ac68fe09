"""The monitoring screens on the demo data (Kent, Manchester, Camden) with Kent's return
imported on top (see ``screens_data``): the agreement dashboard, a target's page and the
Government Office's rating override."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localperf.calculations.rag import Rating
from localperf.monitoring import selectors
from localperf.monitoring.models import RatingOverride
from localperf.organisations.models import Organisation
from localperf.web.kept import kept_results_clear
from tests.monitoring.screens_data import (
    CORRECTION_REASON,
    as_at_fixture,  # noqa: F401
    demo_fixture,  # noqa: F401
    user,
)

pytestmark = pytest.mark.django_db


def dashboard_url(agreement) -> str:
    return f"/agreements/{agreement.pk}/dashboard/"


def target_url(target) -> str:
    return f"/agreements/{target.agreement_id}/targets/{target.pk}/progress/"


def page(client, url: str, username: str = "demo-pm-kent", **extra) -> str:
    client.force_login(user(username))
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def shown_rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr class="govuk-table__row" id="target-(\d+)">', html)}


def progress_of(agreement):
    return selectors.agreement_progress(agreement)


def by_code(agreement, code: str):
    return next(p for p in progress_of(agreement) if p.measure_code == code)


# --- the dashboard ---------------------------------------------------------------------


def test_dashboard_lists_every_target_with_status_in_words_and_counts(client, demo):
    # rule M1: profile, actual, % variance and risk rating for every target; rule M2
    html = page(client, dashboard_url(demo.kent))
    progress = progress_of(demo.kent)
    # 54 targets less NI 74 and NI 83, withdrawn with DCSF in 2009 (rules A3, D3).
    assert len(progress) == 52
    assert shown_rows(html) == {p.target.pk for p in progress}
    for rating in (Rating.GREEN, Rating.AMBER, Rating.RED, Rating.OVERDUE, Rating.PLACEHOLDER):
        # In words inside a coloured GOV.UK tag, never colour alone.
        assert f'<strong class="govuk-tag {rating.tag_class}">{rating.label}</strong>' in html
    summary = re.search(r'<table class="govuk-table" id="status-summary">.*?</table>', html, re.S)
    counts = Counter(p.rating for p in progress)
    for rating, count in counts.items():
        assert re.search(
            rf"{rating.label}</strong></th>\s*<td[^>]*>{count}</td>", summary.group(0)
        ), rating
    assert re.search(r"All targets</th>\s*<td[^>]*>52</td>", summary.group(0))
    # Every row carries a small chart, and its figures as text for screen readers.
    assert html.count('class="app-sparkline"') >= counts[Rating.GREEN] + counts[Rating.RED]
    assert "Trend: 2008/09, actual" in html


def test_each_remaining_status_shows_in_words_on_a_target_page(client, demo):
    """Missing (a later figure came, this one never did) and not yet due (the 2010/11
    return is not due on 15 November 2010) show in the target page's table."""
    points = [(p, s) for p in progress_of(demo.kent) for s in p.series]
    for rating in (Rating.MISSING, Rating.NOT_YET_DUE):
        progress, point = next((p, s) for p, s in points if s.rating is rating)
        html = page(client, target_url(progress.target))
        assert f'<strong class="govuk-tag {rating.tag_class}">{rating.label}</strong>' in html


def test_dashboard_filters_by_theme_outcome_partner_and_status(client, demo):
    progress = progress_of(demo.kent)
    police = Organisation.objects.get(slug="kent-police-authority")
    outcome = next(p.outcome for p in progress if p.outcome is not None)
    cases = {
        "theme=children_and_young_people": {
            p.target.pk for p in progress if p.target.theme == "children_and_young_people"
        },
        f"outcome={outcome.pk}": {p.target.pk for p in progress if p.outcome == outcome},
        f"partner={police.pk}": {p.target.pk for p in progress if police in p.partners},
        "status=red": {p.target.pk for p in progress if p.rating is Rating.RED},
        "status=overdue&theme=safer_and_stronger_communities": {
            p.target.pk
            for p in progress
            if p.rating is Rating.OVERDUE and p.target.theme == "safer_and_stronger_communities"
        },
    }
    for query, expected in cases.items():
        assert expected, query  # each case filters something real
        html = page(client, f"{dashboard_url(demo.kent)}?{query}")
        assert shown_rows(html) == expected, query
        assert f"Showing {len(expected)} of 52 targets" in html
    # A filter nothing matches says so.
    html = page(
        client, f"{dashboard_url(demo.kent)}?status=not_rated&theme=children_and_young_people"
    )
    assert "No target matches these filters." in html


def test_filters_with_htmx_swap_only_the_table(client, demo):
    html = page(client, f"{dashboard_url(demo.kent)}?status=green", HTTP_HX_REQUEST="true")
    assert html.lstrip().startswith('<div id="progress-results">')
    assert "<html" not in html and "Dips:" not in html
    expected = {p.target.pk for p in progress_of(demo.kent) if p.rating is Rating.GREEN}
    assert shown_rows(html) == expected
    # Without JavaScript the same form reloads the page: a GET form with the htmx hooks.
    full = page(client, dashboard_url(demo.kent))
    form = re.search(r'<form[^>]*id="dashboard-filters"[^>]*>', full).group(0)
    assert 'method="get"' in form
    assert (
        f'hx-get="{dashboard_url(demo.kent)}"' in form and 'hx-target="#progress-results"' in form
    )


def test_a_bad_filter_value_is_named_and_filters_nothing(client, demo):
    html = page(client, f"{dashboard_url(demo.kent)}?status=purple&partner=999999")
    assert "Error: Progress dashboard" in html
    assert "Choose a status from the list: “purple” is not one of this agreement" in html
    assert "Choose a partner from the list" in html
    assert len(shown_rows(html)) == 52


def test_dips_list_the_targets_that_worsened_since_the_last_period(client, demo):
    # rule M2: partners spot dips
    progress = progress_of(demo.kent)
    html = page(client, dashboard_url(demo.kent))
    dips_html = re.search(r'<div id="dips">(.*?)</div>', html, re.S).group(1)
    listed = set(re.findall(r"progress/\">([^:<]+):", dips_html))
    expected = {p.measure_code for p in progress if p.worsened}
    assert listed == expected
    fates = demo.fates
    assert {code for code, fate in fates.items() if fate == "dip"} <= listed
    assert not {code for code, fate in fates.items() if fate in {"on_track", "improving"}} & listed
    # A fall from on track to off track is spelt out.
    assert "on track then, off track now" in dips_html


def test_a_sub_area_target_shows_the_whole_area_beside_it(client, demo):
    # rule A6: a target for Thanet and Swale reports the whole of Kent too
    ni116 = by_code(demo.kent, "NI 116")
    assert ni116.reports_whole_area and ni116.whole_area_actual is not None
    html = page(client, dashboard_url(demo.kent))
    row = re.search(rf'id="target-{ni116.target.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "For Thanet, Swale" in row or "For Swale, Thanet" in row
    assert "Whole area:" in row
    target_html = page(client, target_url(ni116.target))
    assert "Whole of Kent" in target_html


def test_the_agreement_page_links_to_its_dashboard(client, demo):
    html = page(client, f"/agreements/{demo.kent.pk}/")
    assert f'href="{dashboard_url(demo.kent)}"' in html


# --- the target page -----------------------------------------------------------------


def test_target_page_charts_trajectory_against_actuals_with_a_table(client, demo):
    progress = by_code(demo.kent, "NI 16")  # a dip: figures for two years
    html = page(client, target_url(progress.target))
    # The chart is an image with a title and a description; the table holds its figures.
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"', html)
    assert '<title id="chart-title">NI 16: trajectory against actual figures</title>' in html
    assert "<polyline" in html
    table = re.search(r'<table class="govuk-table" id="figures-table">.*?</table>', html, re.S)
    for point in progress.series:
        assert f'<th scope="row" class="govuk-table__header">{point.period_label}</th>' in (
            table.group(0)
        )
    assert "13.6" in table.group(0) and "-12.0%" in table.group(0)
    assert "Straight line (least squares)" in html  # the projection's stated method
    assert "Likely to meet the target" in html
    assert "Worsening" in html


def test_confidence_intervals_are_drawn_and_tabulated(client, demo):
    # rule D7: survey figures carry confidence intervals
    with_ci = next(
        (p for p in progress_of(demo.kent) if any(s.ci_lower is not None for s in p.series)),
        None,
    )
    if with_ci is None:
        pytest.skip("the demo data hold no survey figure with a confidence interval")
    html = page(client, target_url(with_ci.target))
    point = next(s for s in with_ci.series if s.ci_lower is not None)
    assert re.search(
        r'<line x1="[\d.]+" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" stroke="#1d70b8"', html
    )
    assert "confidence intervals" in html
    assert f"{point.ci_lower:g} to {point.ci_upper:g}" in html


def test_target_page_shows_the_history_of_figures_and_versions(client, demo):
    corrected = next(
        p.target
        for p in progress_of(demo.kent)
        if any(e.kind == "correction" for e in selectors.target_history(p.target))
    )
    html = page(client, target_url(corrected))
    history = re.search(r'<table class="govuk-table" id="history-table">.*?</table>', html, re.S)
    text = history.group(0)
    # The return corrected the demo's 2008/09 figure: who, when and why, and what it was.
    assert "Figure corrected" in text and ", was " in text
    assert "Kim Kent (performance manager)" in text
    assert CORRECTION_REASON.replace("'", "&#x27;") in text
    assert "Since replaced" in text
    assert "Target version" in text and "Version 1" in text


# --- the override ----------------------------------------------------------------------


def override_url(target) -> str:
    return target_url(target) + "override/"


def test_the_government_office_overrides_a_rating_with_a_reason(client, demo):
    # rule M1: the GO's own risk rating, with the computed one kept beside it
    progress = by_code(demo.kent, "NI 16")
    assert progress.rating is Rating.RED
    client.force_login(user("demo-go-lm-south-east"))
    form = client.get(override_url(progress.target))
    assert form.status_code == 200
    response = client.post(
        override_url(progress.target),
        {"period": "2009/10", "rating": "amber", "reason": "Recovery plan agreed in October"},
    )
    assert response.status_code == 302
    assert response.url == target_url(progress.target)
    override = RatingOverride.objects.get(target=progress.target)
    assert (override.rating, override.computed_rating) == ("amber", "red")

    html = page(client, target_url(progress.target), "demo-pm-kent")
    summary = re.search(r'id="target-summary">(.*?)</dl>', html, re.S).group(1)
    assert "Slightly behind</strong>" in summary and "Computed rating:" in summary
    assert "Off track</strong>" in summary
    assert "Recovery plan agreed in October" in summary
    overrides = re.search(r'id="overrides-table">(.*?)</table>', html, re.S).group(1)
    assert "Lou Locality (GO South East)" in overrides
    assert "Government Office locality manager" in overrides
    assert "Rating override" in html  # in the history too
    dashboard = page(client, dashboard_url(demo.kent))
    row = re.search(rf'id="target-{progress.target.pk}">(.*?)</tr>', dashboard, re.S).group(1)
    assert "Slightly behind</strong>" in row and "computed: Off track" in row


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"period": "2009/10", "rating": "amber", "reason": "  "},
            "Say why the rating is overridden.",
        ),
        ({"period": "2009/10", "reason": "Agreed"}, "Choose a rating: on track, slightly behind"),
        ({"period": "2009/10", "rating": "overdue", "reason": "Agreed"}, "Select a valid choice"),
        (
            {"period": "1999/00", "rating": "green", "reason": "Agreed"},
            "has no assessment for this",
        ),
        ({"rating": "green", "reason": "Agreed"}, "Choose the period whose rating you are"),
    ],
)
def test_a_bad_override_is_explained_and_changes_nothing(client, demo, data, message):
    progress = by_code(demo.kent, "NI 16")
    client.force_login(user("demo-go-rd-south-east"))
    response = client.post(override_url(progress.target), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<title>Error: " in html
    assert not RatingOverride.objects.exists()


# --- bounded queries -------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_run_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    client.force_login(user("demo-admin"))
    kent_target = by_code(demo.kent, "NI 16").target
    # Built afresh: the targets' progress, and each target's overdue figures as the hub
    # and the region view count them (``figures_due_for``: seven queries, whatever the
    # number of targets); kept, far fewer (below).
    with django_assert_max_num_queries(18):
        client.get(dashboard_url(demo.kent))
    with django_assert_max_num_queries(26):
        client.get(target_url(kent_target))
    # The same count whatever the number of targets (52 in Kent, 46 in Camden), drawn
    # afresh and kept (``web.kept``).
    kept_results_clear()
    built = [queries(client, dashboard_url(a)) for a in (demo.kent, demo.camden)]
    kept = [queries(client, dashboard_url(a)) for a in (demo.kent, demo.camden)]
    assert built[0] == built[1] and kept[0] == kept[1] < built[0]
