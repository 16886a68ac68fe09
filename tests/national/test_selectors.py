"""The national picture against hand-computed answers (see ``fixtures``), through the
selectors, with the statistics' stated methods."""

from __future__ import annotations

import math

import pytest

from localperf.calculations.direction import Direction
from localperf.calculations.measures import Polarity
from localperf.calculations.national import Comparison
from localperf.national import selectors, services
from localperf.national.models import ComparatorKind
from localperf.observations.models import ReportingPeriod
from tests.national.fixtures import whole_measure

pytestmark = pytest.mark.django_db


def neet_picture(comparator=None):
    return selectors.indicator_picture(
        whole_measure(117), ReportingPeriod.objects.get(label="2009/10"), comparator=comparator
    )


def by_code(picture):
    return {a.code: a for a in picture.areas}


def test_distribution_uses_inclusive_quartiles(figures):
    # rule N1: the distribution across areas, quartiles by the stated (type 7) method
    d = neet_picture().distribution
    assert (d.count, d.minimum, d.maximum) == (8, 4.0, 10.0)
    assert (d.lower_quartile, d.median, d.upper_quartile) == (5.75, 6.5, 8.25)


def test_ranks_in_england_and_region_share_ties_and_skip(figures):
    picture = neet_picture()
    areas = by_code(picture)
    codes = [a.code for a in figures]
    se1, se2, se3, se4, se5, lo1, lo2, lo3 = codes
    assert picture.polarity is Polarity.LOWER_IS_BETTER
    assert {c: areas[c].rank_england for c in codes} == {
        lo1: 1, se1: 2, se2: 3, se3: 3, lo2: 5, se4: 6, lo3: 7, se5: 8
    }  # fmt: skip
    assert {c: areas[c].rank_region for c in codes} == {
        se1: 1, se2: 2, se3: 2, se4: 4, se5: 5, lo1: 1, lo2: 2, lo3: 3
    }  # fmt: skip
    # Best first.
    assert [a.code for a in picture.areas][:2] == [lo1, se1]


def test_quartile_bands_in_england_and_region(figures):
    areas = by_code(neet_picture())
    codes = [a.code for a in figures]
    assert [areas[c].band_england for c in codes] == [1, 2, 2, 3, 4, 1, 3, 4]
    # South East 5 6 6 8 10 (cuts 6, 6, 8: a cut point joins the better band);
    # London 4 7 9 (cuts 5.5, 7, 8).
    assert [areas[c].band_region for c in codes] == [1, 1, 1, 3, 4, 1, 2, 4]
    south_east = next(d for name, d in neet_picture().region_rows if name == "South East")
    assert (south_east.lower_quartile, south_east.median, south_east.upper_quartile) == (6, 6, 8)


def test_england_is_the_combined_rate_when_no_england_figure(figures):
    # rule N1: combined from numerators and denominators, never averaged
    england = neet_picture().england
    assert math.isclose(england.estimate.value, 520 / 7500 * 100)
    assert england.estimate.lower < england.estimate.value < england.estimate.upper
    assert "Combined rate of 8 upper-tier areas" in england.source
    assert england.label == "Combined rate of the areas shown" and not england.is_england_figure


def test_comparator_group_rate_is_not_an_average_of_rates(figures, users):
    group = services.comparator_group_create(
        user=users["analyst"],
        name="Two neighbours",
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        members=[figures[2], figures[4]],
    )
    picture = neet_picture(group)
    assert math.isclose(picture.comparator_figure.estimate.value, 130 / 1500 * 100)  # not 8.0
    areas = by_code(picture)
    assert areas[figures[2].code].in_comparator and not areas[figures[0].code].in_comparator
    # LO1 at 4% is well below (better than) the group's 8.7% (Wilson 7.3–10.3).
    assert areas[figures[5].code].versus_comparator is Comparison.SIGNIFICANTLY_BETTER


def test_direction_of_travel_against_the_previous_year(figures):
    # rule M3: trends as well as snapshots
    areas = by_code(neet_picture())
    codes = [a.code for a in figures]
    assert areas[codes[0]].direction is Direction.IMPROVING
    assert areas[codes[1]].direction is Direction.NO_SIGNIFICANT_CHANGE
    assert areas[codes[2]].direction is Direction.WORSENING
    assert areas[codes[3]].direction is Direction.NOT_COMPARABLE
    assert areas[codes[0]].previous_value == 6.0


def test_each_area_own_target_beside_its_actual(figures, agreements):
    areas = by_code(neet_picture())
    kent = areas[figures[0].code]
    assert kent.target == 5.5 and kent.meets_target is True  # 5.0 ≤ 5.5, lower is better
    assert areas[figures[1].code].target is None  # no agreement


def test_survey_figures_compare_by_confidence_interval(figures):
    # rules M5, D7, M7: a change or a difference counts only beyond the intervals;
    # England is the England-level figure when one is recorded
    picture = selectors.indicator_picture(
        whole_measure(5), ReportingPeriod.objects.get(label="Place Survey 2010")
    )
    assert picture.england.label == "England figure" and picture.england.is_england_figure
    assert picture.england.source == "The figure recorded for England (E92000001) for the period."
    areas = by_code(picture)
    se1, se2, se3 = (areas[a.code] for a in figures[:3])
    assert (se1.direction, se1.versus_england) == (
        Direction.IMPROVING,
        Comparison.SIGNIFICANTLY_BETTER,
    )
    assert (se2.direction, se2.versus_england) == (
        Direction.NO_SIGNIFICANT_CHANGE,
        Comparison.SIMILAR,
    )
    assert se3.versus_england is Comparison.SIGNIFICANTLY_WORSE
    assert picture.distribution.count == 3  # England itself is not an area in the table


def test_picture_queries_do_not_grow_with_areas(figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        picture = neet_picture()
    assert len(picture.areas) == 8


def test_selection_counts_approved_agreements_by_region_and_theme(agreements):
    # rule N1: which indicators each LAA chose; drafts do not count
    selection = selectors.indicator_selection()
    rows = {row.code: row for row in selection.rows}
    assert len(selection.rows) == 198  # every live national indicator (rule D1)
    assert selection.agreement_count == 1
    neet = rows["NI 117"]
    south_east = next(r for r in selection.regions if r.code == "E12000008")
    assert neet.agreements == 1  # Manchester's draft is not counted
    assert neet.by_region == {south_east.pk: 1}
    assert neet.by_theme == {"children_and_young_people": 1}
    assert rows["NI 1"].agreements == 0
    few = selection.few()
    assert {"NI 117", "NI 1"} <= {r.code for r in few}
    assert all(r.agreements <= 5 for r in few)


def test_waiting_targets_are_placeholders_without_values(agreements):
    # rules D2, A5: a placeholder waits for its target at the annual review
    waiting = selectors.waiting_targets()
    assert [w.measure_code for w in waiting] == ["NI 32"]
    assert waiting[0].deferred_indicator and waiting[0].baseline_to_be_confirmed


def test_area_evidence_for_assessment(figures):
    # rule M7: every national indicator with latest value, direction, quartiles, England
    kent = figures[0]
    evidence = {e.code: e for e in selectors.area_evidence(kent)}
    neet = evidence["NI 117"]
    assert neet.period_label == "2009/10" and neet.figure.value == 5.0
    assert (neet.band_england, neet.band_region) == (1, 1)
    assert neet.direction is Direction.IMPROVING
    assert neet.versus_england is Comparison.SIGNIFICANTLY_BETTER  # 5% (Wilson) vs 6.9%
    survey = evidence["NI 5"]
    assert survey.period_label == "Place Survey 2010"
    assert survey.versus_england is Comparison.SIGNIFICANTLY_BETTER
    assert evidence["NI 1"].figure is None
    assert len(evidence) >= 198


def test_area_evidence_queries_do_not_grow_with_indicators(figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        selectors.area_evidence(figures[0])
