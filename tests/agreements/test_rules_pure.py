"""The rules of an agreement as plain functions: no database."""

import datetime
from decimal import Decimal as D

import pytest

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.workflow import TRANSITIONS, Action

KENT = rules.AreaFacts("Kent", upper_tier=True)
BEDFORDSHIRE = rules.AreaFacts(
    "Bedfordshire", True, valid_to=datetime.date(2009, 3, 31), divided_in_2009=True
)
BEDFORD = rules.AreaFacts(
    "Bedford", True, valid_from=datetime.date(2009, 4, 1), formed_by_division_in_2009=True
)
ASHFORD = rules.AreaFacts("Ashford", upper_tier=False)


@pytest.mark.parametrize(
    ("term", "area", "allowed"),
    [
        (rules.THREE_YEARS, KENT, True),
        (rules.ONE_YEAR, KENT, False),
        (rules.TWO_YEARS, KENT, False),
        (rules.ONE_YEAR, BEDFORDSHIRE, True),
        (rules.THREE_YEARS, BEDFORDSHIRE, False),
        (rules.TWO_YEARS, BEDFORD, True),
        (rules.THREE_YEARS, BEDFORD, False),
        (rules.THREE_YEARS, ASHFORD, False),
    ],
)
def test_term_follows_restructuring(term, area, allowed):
    # rule A1: three years normally; one year, then two two-year LAAs, when restructured
    assert (rules.term_problem(term, area) is None) is allowed


def test_term_years():
    # rule A1
    assert rules.term_years(rules.THREE_YEARS) == ("2008/09", "2009/10", "2010/11")
    assert rules.term_years(rules.ONE_YEAR) == ("2008/09",)
    assert rules.term_years(rules.TWO_YEARS) == ("2009/10", "2010/11")


def test_at_most_35_designated_targets():
    # rule A2: fewer is fine; a 36th is refused with what to do instead
    assert rules.designated_limit_problem(0) is None
    assert rules.designated_limit_problem(34) is None
    message = rules.designated_limit_problem(35)
    assert "already has 35 designated targets" in message
    assert "local target" in message


@pytest.mark.parametrize(
    ("category", "facts", "allowed"),
    [
        (rules.DESIGNATED, rules.IndicatorFacts("NI 112"), True),
        (rules.DESIGNATED, rules.IndicatorFacts("NI 75", statutory_education=True), False),
        (rules.STATUTORY, rules.IndicatorFacts("NI 75", statutory_education=True), True),
        (rules.STATUTORY, rules.IndicatorFacts("NI 112"), False),
        (rules.LOCAL, rules.IndicatorFacts("NI 75", statutory_education=True), True),
        (rules.LOCAL, rules.IndicatorFacts("KENT-GVA", national=False), True),
        (rules.DESIGNATED, rules.IndicatorFacts("KENT-GVA", national=False), False),
        (rules.DESIGNATED, rules.IndicatorFacts("NI 31", live=False), False),
    ],
)
def test_which_indicator_for_which_category(category, facts, allowed):
    # rules A2, A3, A4, D3, D9
    assert (rules.category_problem(category, facts) is None) is allowed


@pytest.mark.parametrize(
    ("polarity", "target", "clears"),
    [
        ("higher", D("55.1"), True),
        ("higher", D("55"), False),  # on the upper limit does not clear it
        ("higher", D("54"), False),
        ("lower", D("44.9"), True),
        ("lower", D("45"), False),
        ("", D("1"), True),  # no simple direction: the rule cannot apply
    ],
)
def test_survey_target_must_clear_the_confidence_interval(polarity, target, clears):
    # rule A10: baseline 50 with interval 45 to 55
    assert rules.clears_confidence_interval(polarity, target, D("45"), D("55")) is clears


def test_survey_refusal_says_what_to_change():
    # rule A10
    message = rules.survey_target_problem(
        code="NI 5", polarity="lower", year="2010/11", target=D("46"), lower=D("45"), upper=D("55")
    )
    assert "must be below 45, the lower limit" in message


@pytest.mark.parametrize(
    ("polarity", "baseline", "target", "flagged"),
    [
        ("higher", D("40"), D("39"), True),
        ("higher", D("40"), D("41"), False),
        ("lower", D("40"), D("41"), True),
        ("lower", D("40"), D("40"), False),
        ("higher", None, D("41"), False),
    ],
)
def test_a_target_worse_than_its_baseline_is_not_stretching(polarity, baseline, target, flagged):
    assert rules.is_not_stretching(polarity, baseline, target) is flagged


def test_missing_years_and_deferred_indicators():
    # rule A5: a target for each year; rule D2: a deferred indicator only from its first year
    trajectory = {"2008/09": D("1"), "2010/11": D("3")}
    assert rules.missing_years(rules.term_years(rules.THREE_YEARS), trajectory) == ["2009/10"]
    assert rules.required_years(rules.THREE_YEARS, "2009/10") == ("2009/10", "2010/11")
    deferred = rules.IndicatorFacts("NI 32", first_year="2009/10")
    assert rules.placeholder_problem(deferred, rules.THREE_YEARS, baseline_tbc=False) is None
    # A two-year LAA starts in 2009/10: NI 32 is not deferred beyond it.
    assert rules.placeholder_problem(deferred, rules.TWO_YEARS, baseline_tbc=False)
    new = rules.IndicatorFacts("NI 4")
    assert rules.placeholder_problem(new, rules.THREE_YEARS, baseline_tbc=True) is None


@pytest.mark.parametrize(
    ("approved", "first_permitted"),
    [
        (datetime.date(2008, 6, 30), datetime.date(2008, 7, 30)),
        (datetime.date(2009, 1, 31), datetime.date(2009, 2, 28)),
        (datetime.date(2008, 1, 31), datetime.date(2008, 2, 29)),  # leap year
        (datetime.date(2008, 12, 1), datetime.date(2009, 1, 1)),
    ],
)
def test_local_target_lock_lasts_one_calendar_month(approved, first_permitted):
    # rule L4
    approvals = [rules.Approval(approved, "the agreement was approved")]
    day_before = first_permitted - datetime.timedelta(days=1)
    message = rules.local_change_lock_problem(approvals, day_before)
    assert message == (
        f"Local targets cannot change until {rules.long_date(first_permitted)}, one month "
        f"after the agreement was approved on {rules.long_date(approved)}."
    )
    assert rules.local_change_lock_problem(approvals, first_permitted) is None


def test_the_latest_approval_sets_the_lock():
    # rule L4: the LAA, or a later revision that included local targets
    approvals = [
        rules.Approval(datetime.date(2008, 6, 30), "the agreement was approved"),
        rules.Approval(datetime.date(2008, 10, 1), "the revision “Autumn” was approved"),
    ]
    message = rules.local_change_lock_problem(approvals, datetime.date(2008, 10, 20))
    assert message.startswith("Local targets cannot change until 1 November 2008")
    assert "revision “Autumn”" in message


def test_the_sign_off_table():
    # rules L1, L2: only the Regional Director recommends; only central approvers approve
    assert TRANSITIONS.find("submitted", Action.RECOMMEND).roles == {"go_regional_director"}
    assert TRANSITIONS.find("recommended", Action.APPROVE).roles == {"central_approver"}
    assert TRANSITIONS.find("draft", Action.APPROVE) is None
    assert all(t.comment_required for t in TRANSITIONS if t.action == Action.RETURN)
    path = ["draft", "submitted", "recommended", "approved", "in_force"]
    actions = [Action.SUBMIT, Action.RECOMMEND, Action.APPROVE, Action.BRING_INTO_FORCE]
    for status, action, following in zip(path, actions, path[1:], strict=False):
        assert TRANSITIONS.find(status, action).to_status == following


def test_scope_key_ignores_order():
    # the same indicator and scope twice is a duplicate, whatever order areas are given in
    assert rules.scope_key(measure_id=1, area_ids=[2, 1]) == rules.scope_key(
        measure_id=1, area_ids=[1, 2]
    )
    assert rules.scope_is_whole_area(rules.scope_key(measure_id=None))
    assert not rules.scope_is_whole_area(rules.scope_key(measure_id=None, group_ids=[4]))
