"""Rules of the agreement and its targets, through the services, on the real registers."""

import datetime
from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from localperf.agreements import selectors, services
from localperf.agreements.models import (
    Duty,
    LaaTheme,
    ReferenceFigure,
    ReferenceFigureValue,
    TargetCategory,
    TargetPartner,
    TargetSetting,
    Term,
)
from localperf.indicators.models import Indicator, IndicatorKind
from localperf.places.models import Area, AreaType, PopulationGroup
from tests.agreements.factories import (
    indicator,
    make_user,
    org,
    take_to_approval,
    target_input,
    with_partners,
)

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms]


def refused(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return messages(caught.value)


# --- A1, A12: who creates which agreement ---------------------------------------------


def test_a_county_gets_one_three_year_agreement(users, kent):
    # rule A1
    agreement = services.agreement_create(user=users["pm"])
    assert (agreement.area, agreement.term) == (kent, Term.THREE_YEARS)
    assert agreement.years == ("2008/09", "2009/10", "2010/11")
    assert agreement.responsible_authority.slug == "kent-county-council"
    again = refused(services.agreement_create, user=users["pm"])
    assert again == [
        "Kent already has a Local Area Agreement, “Kent Local Area Agreement 2008–11” "
        "(draft): there is one LAA for each area."
    ]


def test_an_area_being_restructured_has_one_then_two_year_agreements(db):
    # rule A1: Bedfordshire divided on 1 April 2009 into Bedford and Central Bedfordshire
    county = make_user("performance_manager", org("bedfordshire-county-council"), "beds")
    assert (
        "one-year LAA" in refused(services.agreement_create, user=county, term=Term.THREE_YEARS)[0]
    )
    one_year = services.agreement_create(user=county, term=Term.ONE_YEAR)
    assert one_year.years == ("2008/09",)

    bedford = make_user("performance_manager", org("bedford-borough-council"), "bedford")
    assert "two-year LAA" in refused(services.agreement_create, user=bedford)[0]
    assert services.agreement_create(user=bedford, term=Term.TWO_YEARS).years == (
        "2009/10",
        "2010/11",
    )


def test_a_county_that_becomes_one_unitary_keeps_a_three_year_agreement(db):
    # rule A1 (FAQ 15): new county unitaries negotiate a single three-year LAA
    durham = Area.objects.get(code="E10000010")
    pm = make_user("performance_manager", durham.organisations.get(), "durham")
    assert services.agreement_create(user=pm).term == Term.THREE_YEARS
    assert (
        "one-year LAA is only for an area divided"
        in refused(
            services.agreement_create,
            user=make_user("performance_manager", pm.organisation, "d2"),
            term=Term.ONE_YEAR,
        )[0]
    )


def test_a_district_council_cannot_hold_an_agreement(users):
    # rule A12: the county is the responsible authority; districts are partners
    ashford_pm = make_user("performance_manager", org("ashford-borough-council"), "ashford-pm")
    with pytest.raises(PermissionDenied, match="District councils sign up"):
        services.agreement_create(user=ashford_pm)


def test_district_councils_sign_up_as_partner_authorities_of_their_county(draft, users, partners):
    # rules A12, A9: a Kent district is a partner authority; a district elsewhere is refused
    target = services.target_add(
        user=users["pm"], agreement=draft, data=with_partners(target_input(), partners["ashford"])
    )
    assert target.partners.get().duty == Duty.PARTNER_AUTHORITY
    oxford = org("oxford-city-council")
    problems = refused(
        services.target_add,
        user=users["pm"],
        agreement=draft,
        data=with_partners(target_input("NI 111"), oxford),
    )
    assert problems == [
        "Oxford City Council is not a district council in Kent: only the area's own district "
        "councils sign up as partner authorities."
    ]


# --- A2, D3, A3, A4, D9: kinds of target -----------------------------------------------


def designated_codes(count: int) -> list[str]:
    """Live, non-statutory national indicators reported from 2008/09, not on a survey."""
    return list(
        Indicator.objects.national()
        .live()
        .filter(statutory_education=False, first_year="2008/09", survey="")
        .exclude(polarity="")
        .order_by("number")
        .values_list("code", flat=True)[:count]
    )


def test_a_36th_designated_target_is_refused(draft, users):
    # rule A2
    codes = designated_codes(36)
    for code in codes[:35]:
        services.target_add(user=users["pm"], agreement=draft, data=target_input(code))
    assert draft.targets.filter(category="designated").count() == 35
    problems = refused(
        services.target_add, user=users["pm"], agreement=draft, data=target_input(codes[35])
    )
    assert problems == [
        "This agreement already has 35 designated targets, the most it can have. Make this a "
        "local target, or remove or un-designate another designated target first."
    ]
    # The same indicator is fine as a local target (rule A4: any number).
    services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input(codes[35], category=TargetCategory.LOCAL),
    )


def test_statutory_indicators_cannot_be_designated_and_do_not_count(draft, users):
    # rules D3, A3: statutory education targets are a separate set, outside the 35
    problems = refused(
        services.target_add, user=users["pm"], agreement=draft, data=target_input("NI 75")
    )
    assert problems == [
        "NI 75 is used for the statutory education and early years targets, agreed with DCSF: "
        "add it as a statutory target, not as one of the up to 35 designated targets."
    ]
    services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 75", category=TargetCategory.STATUTORY),
    )
    assert selectors.category_counts(draft) == {"designated": 0, "statutory": 1, "local": 0}
    assert (
        "not one of the statutory"
        in refused(
            services.target_add,
            user=users["pm"],
            agreement=draft,
            data=target_input("NI 112", category=TargetCategory.STATUTORY),
        )[0]
    )


def test_local_targets_on_local_indicators(draft, users):
    # rules A4, D9: a local indicator carries a local target, not a designated one
    gva = Indicator.objects.create(
        kind=IndicatorKind.LOCAL,
        code="KENT-GVA",
        title="Gross value added per head",
        owner=org("kent-county-council"),
        polarity="higher",
    )
    designated = target_input("NI 112", indicator=gva)
    assert (
        "is a local indicator: designated targets must be on a national indicator"
        in (refused(services.target_add, user=users["pm"], agreement=draft, data=designated)[0])
    )
    local = services.target_add(
        user=users["pm"],
        agreement=draft,
        data=replace(designated, category=TargetCategory.LOCAL),
    )
    assert local.indicator.code == "KENT-GVA"


def test_a_deleted_indicator_cannot_carry_a_target(draft, users):
    # rule D1: NI 31 is deleted
    assert (
        "deleted"
        in refused(
            services.target_add, user=users["pm"], agreement=draft, data=target_input("NI 31")
        )[0]
    )


# --- A5, D2: baseline and trajectory ------------------------------------------------------


def test_a_trajectory_with_a_missing_year_is_refused(draft, users):
    # rule A5
    data = target_input()
    gap = replace(data, trajectory={**data.trajectory, "2009/10": None})
    assert refused(services.target_add, user=users["pm"], agreement=draft, data=gap) == [
        "Enter a target for 2009/10: a trajectory needs a target for every year of the "
        "agreement. For a deferred or new indicator, choose a placeholder instead."
    ]


def test_a_deferred_indicator_may_hold_a_placeholder(draft, users):
    # rules D2, A5: NI 32 starts in 2009/10; its target is set at the annual review
    placeholder = target_input(
        "NI 32",
        setting=TargetSetting.PLACEHOLDER,
        baseline_value=None,
        baseline_period="",
        baseline_to_be_confirmed=True,
        trajectory={},
        theme=LaaTheme.SAFER_AND_STRONGER,
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=placeholder)
    version = target.current_version()
    assert version.setting == TargetSetting.PLACEHOLDER
    assert set(version.trajectory().values()) == {None}


def test_a_placeholder_is_refused_for_an_indicator_reported_from_the_start(draft, users):
    # rule A5: only deferred or new indicators without a baseline
    placeholder = target_input("NI 112", setting=TargetSetting.PLACEHOLDER, trajectory={})
    assert refused(services.target_add, user=users["pm"], agreement=draft, data=placeholder) == [
        "A placeholder is only for an indicator deferred to a later year, or a new indicator "
        "without a baseline. NI 112 is reported from 2008/09: give a target for every year, "
        "or mark the baseline as to be confirmed."
    ]


def test_a_deferred_indicator_needs_targets_only_from_its_first_year(draft, users):
    # rule D2: NI 199 is reported from 2009/10
    data = target_input(
        "NI 199",
        baseline_value=None,
        baseline_period="",
        baseline_to_be_confirmed=True,
        trajectory={"2009/10": D("60"), "2010/11": D("65")},
        baseline_lower=None,
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=data)
    assert target.current_version().trajectory()["2008/09"] is None
    early = replace(data, trajectory={**data.trajectory, "2008/09": D("55")})
    assert refused(services.target_change, user=users["pm"], target=target, data=early) == [
        "NI 199 is first reported in 2009/10: leave 2008/09 blank."
    ]


def test_x_percent_better_than_a_baseline_to_be_confirmed(draft, users):
    # rules A5, D7: Place Survey baselines arrived after sign-off (FAQ 25, 30)
    data = target_input(
        "NI 5",
        setting=TargetSetting.IMPROVEMENT,
        baseline_value=None,
        baseline_period="",
        baseline_to_be_confirmed=True,
        improvement_percent=D("5"),
        trajectory={},
        theme=LaaTheme.SAFER_AND_STRONGER,
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=data)
    assert target.current_version().improvement_percent == D("5")
    with_baseline = replace(data, baseline_to_be_confirmed=False, baseline_value=D("70"))
    assert "A percentage improvement is for a baseline still to be confirmed" in " ".join(
        refused(services.target_change, user=users["pm"], target=target, data=with_baseline)
    )


# --- A10 and stretch ------------------------------------------------------------------------


def survey_target(final: str):
    # NI 195 (street cleanliness survey) is lower-is-better with confidence intervals.
    return target_input(
        "NI 195",
        baseline_value=D("12"),
        baseline_lower=D("10.5"),
        baseline_upper=D("13.5"),
        trajectory={"2008/09": D("11.5"), "2009/10": D("11"), "2010/11": D(final)},
    )


def test_a_survey_target_inside_its_baseline_interval_is_refused(draft, users):
    # rule A10
    assert refused(
        services.target_add, user=users["pm"], agreement=draft, data=survey_target("10.5")
    ) == [
        "NI 195 is a survey indicator: the target for 2010/11 (10.5) must be below 10.5, the "
        "lower limit of the baseline's confidence interval, or the improvement cannot be told "
        "from sampling error."
    ]
    services.target_add(user=users["pm"], agreement=draft, data=survey_target("10.4"))


def test_a_survey_baseline_needs_its_confidence_interval(draft, users):
    # rules A10, D7
    data = replace(survey_target("10"), baseline_lower=None, baseline_upper=None)
    assert refused(services.target_add, user=users["pm"], agreement=draft, data=data) == [
        "NI 195 is a survey indicator: enter the lower and upper limits of the baseline's "
        "confidence interval."
    ]


def test_a_target_worse_than_its_baseline_is_flagged_not_refused(draft, users):
    # NI 39 alcohol admissions: lower is better; a rising trajectory is not stretching
    data = target_input(
        "NI 39", trajectory={"2008/09": D("51"), "2009/10": D("52"), "2010/11": D("53")}
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=data)
    assert target.current_version().not_stretching is True
    assert (
        services.target_add(user=users["pm"], agreement=draft, data=target_input("NI 111"))
        .current_version()
        .not_stretching
        is False
    )


def test_the_same_indicator_and_scope_twice_in_one_category_is_refused(draft, users, partners):
    services.target_add(user=users["pm"], agreement=draft, data=target_input("NI 112"))
    assert refused(
        services.target_add, user=users["pm"], agreement=draft, data=target_input("NI 112")
    ) == [
        "This agreement already has a designated target (one of the up to 35) on NI 112 for "
        "the whole of Kent: change that target instead, or choose a different measure, area "
        "or group."
    ]
    # Another scope, or another category, is a different target.
    thanet = Area.objects.get(code="E07000114")
    services.target_add(
        user=users["pm"], agreement=draft, data=target_input("NI 112", scope_areas=(thanet,))
    )
    services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 112", category=TargetCategory.LOCAL),
    )


def test_the_database_refuses_a_duplicate_too(draft_with_target):
    _, target = draft_with_target
    duplicate = type(target)(
        agreement=target.agreement,
        category=target.category,
        indicator=target.indicator,
        theme=target.theme,
        scope_key=target.scope_key,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# --- A6, A7: scope ------------------------------------------------------------------------


def test_smaller_areas_and_groups_are_still_one_target(draft, users):
    # rule A6: NI 112 in Thanet, Swale and Dover, for young women: one of the 35
    districts = tuple(Area.objects.filter(code__in=["E07000114", "E07000113", "E07000108"]))
    women = PopulationGroup.objects.get(dimension="sex", code="female")
    target = services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 112", scope_areas=districts, scope_groups=(women,)),
    )
    assert selectors.category_counts(draft)["designated"] == 1
    assert not target.is_whole_area
    assert target.also_reports_whole_area  # the whole-area figure is reported as well
    assert set(target.scope_areas.values_list("code", flat=True)) == {
        "E07000114",
        "E07000113",
        "E07000108",
    }


def test_the_whole_population_is_not_a_group(draft, users):
    # rule A6: groups narrow a target; the whole population is the whole-area target
    everyone = PopulationGroup.objects.whole_population()
    assert refused(
        services.target_add,
        user=users["pm"],
        agreement=draft,
        data=target_input(scope_groups=(everyone,)),
    ) == ["The whole population is not a group: leave the groups empty for a target for everyone."]


def test_smaller_areas_must_be_inside_the_area(draft, users):
    # rule A6
    oxford = Area.objects.get(code="E07000178")
    assert refused(
        services.target_add,
        user=users["pm"],
        agreement=draft,
        data=target_input(scope_areas=(oxford,)),
    ) == [
        "Oxford is not within Kent: a target's smaller areas must be inside the agreement's area."
    ]


def test_a_sub_regional_target_where_data_exist_only_sub_regionally(draft, users, kent):
    # rule A7: NI 167 congestion for a sub-region containing Kent
    sub_region = Area.objects.create(
        code="TEST-KENT-MEDWAY", name="Kent and Medway", area_type=AreaType.SUB_REGION
    )
    sub_region.members.set([kent, Area.objects.get(code="E06000035")])
    target = services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 167", sub_regional_area=sub_region),
    )
    assert target.counts_towards_35 and not target.is_whole_area
    assert not target.also_reports_whole_area
    elsewhere = Area.objects.create(
        code="TEST-TEES", name="Tees Valley", area_type=AreaType.SUB_REGION
    )
    elsewhere.members.set([Area.objects.get(code="E06000001")])
    assert refused(
        services.target_add,
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 47", sub_regional_area=elsewhere),
    ) == [
        "Tees Valley does not include Kent: a sub-regional target must be for a sub-region "
        "that contains the agreement's area."
    ]


# --- A8: relative to another figure ---------------------------------------------------------


@pytest.fixture
def housing_figure(kent):
    figure = ReferenceFigure.objects.create(name="South East Plan housing figure", area=kent)
    ReferenceFigureValue.objects.create(figure=figure, effective_from="2008-04-01", value=D("5600"))
    return figure


def relative_input(figure):
    return target_input(
        "NI 154",
        setting=TargetSetting.RELATIVE,
        relative_to=figure,
        relative_ratio=D("1.1"),
        baseline_value=D("5000"),
        trajectory={},
        theme=LaaTheme.ECONOMIC_DEVELOPMENT,
    )


def test_a_target_relative_to_a_regional_figure(draft, users, housing_figure):
    # rule A8: 110% of the South East Plan figure in each year
    target = services.target_add(
        user=users["pm"], agreement=draft, data=relative_input(housing_figure)
    )
    assert set(target.current_version().trajectory().values()) == {D("6160")}


def test_the_target_moves_with_the_figure_and_keeps_its_history(
    draft_with_target, users, housing_figure
):
    # rule A8: on an approved agreement, a change of figure starts a new version
    agreement, _ = draft_with_target
    target = services.target_add(
        user=users["pm"], agreement=agreement, data=relative_input(housing_figure)
    )
    take_to_approval(agreement, users)
    changed = services.reference_figure_update(
        user=users["go_rd"],
        figure=housing_figure,
        value=D("6000"),
        effective_from=datetime.date(2009, 4, 1),
        note="Secretary of State's changes to the South East Plan",
    )
    assert [v.target for v in changed] == [target]
    first, second = target.versions.order_by("number")
    assert first.effective_to == datetime.date(2009, 3, 31)
    assert first.trajectory()["2009/10"] == D("6160")
    assert second.effective_from == datetime.date(2009, 4, 1)
    assert second.trajectory() == {
        "2008/09": D("6160"),
        "2009/10": D("6600"),
        "2010/11": D("6600"),
    }
    assert "changed to 6000" in agreement.change_log.last().summary
    assert housing_figure.values.count() == 2
    assert first.history.count() >= 2  # created, then closed: both recorded


def test_a_draft_target_follows_the_figure_in_place(draft, users, housing_figure):
    # rule A8: while the agreement is negotiated there is one version, recomputed
    target = services.target_add(
        user=users["pm"], agreement=draft, data=relative_input(housing_figure)
    )
    services.reference_figure_update(
        user=users["approver"],
        figure=housing_figure,
        value=D("5000"),
        effective_from=datetime.date(2008, 4, 1) + datetime.timedelta(days=1),
    )
    assert target.versions.count() == 1
    assert target.current_version().trajectory()["2010/11"] == D("5500")


def test_only_government_may_change_a_reference_figure(users, housing_figure):
    # rule A8
    with pytest.raises(PermissionDenied):
        services.reference_figure_update(
            user=users["pm"],
            figure=housing_figure,
            value=D("1"),
            effective_from=datetime.date(2009, 4, 1),
        )


# --- A9: partners and the duty ----------------------------------------------------------


def test_the_duty_follows_each_partners_kind(draft, users, partners):
    # rule A9: partner authorities owe the duty; voluntary partners may sign up without it
    data = with_partners(
        target_input(),
        partners["police"],
        partners["voluntary"],
        partners["county"],
        coordinating=partners["police"],
    )
    target = services.target_add(user=users["pm"], agreement=draft, data=data)
    duties = {p.organisation.slug: p.duty for p in target.partners.all()}
    assert duties == {
        "test-kent-police-authority": Duty.PARTNER_AUTHORITY,
        "test-kent-cvs": Duty.VOLUNTARY,
        "kent-county-council": Duty.RESPONSIBLE_AUTHORITY,
    }
    assert target.partners.get(is_coordinating=True).organisation == partners["police"]


def test_one_coordinating_partner_and_no_government_bodies(draft, users, partners):
    # rule A9
    data = with_partners(target_input(), partners["police"], partners["pct"])
    data = replace(data, partners=tuple(replace(p, coordinating=True) for p in data.partners))
    assert refused(services.target_add, user=users["pm"], agreement=draft, data=data) == [
        "Mark at most one partner as co-ordinating delivery."
    ]
    government = with_partners(target_input(), org("go-south-east"))
    assert (
        "is a government body"
        in refused(services.target_add, user=users["pm"], agreement=draft, data=government)[0]
    )


def test_the_database_allows_one_coordinating_partner(draft_with_target, partners):
    # rule A9
    _, target = draft_with_target
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetPartner.objects.create(
            target=target, organisation=partners["fire"], is_coordinating=True
        )


# --- A11: themes and outcomes -------------------------------------------------------------


def test_targets_are_grouped_under_outcomes_and_the_four_themes(draft, users):
    # rule A11
    outcome = services.outcome_add(
        user=users["pm"],
        agreement=draft,
        theme=LaaTheme.CHILDREN_AND_YOUNG_PEOPLE,
        title="Young people are healthy and safe",
    )
    services.target_add(user=users["pm"], agreement=draft, data=target_input(outcome=outcome))
    services.target_add(
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 16", theme=LaaTheme.SAFER_AND_STRONGER),
    )
    groups = selectors.targets_by_theme(draft)
    assert [g.theme for g in groups] == list(LaaTheme)
    assert [t.indicator.code for t in groups[0].outcomes[outcome]] == ["NI 112"]
    assert [t.indicator.code for t in groups[1].outcomes[None]] == ["NI 16"]
    assert refused(
        services.target_add,
        user=users["pm"],
        agreement=draft,
        data=target_input("NI 111", outcome=outcome, theme=LaaTheme.SAFER_AND_STRONGER),
    ) == [
        "The outcome “Young people are healthy and safe” is under Children and Young People: "
        "choose that theme, or another outcome."
    ]


def test_agreements_using_an_indicator_respect_who_may_see_them(approved, users):
    # for the indicator page: published agreements for everyone, drafts for insiders
    manchester = services.agreement_create(user=users["other_pm"])
    services.target_add(user=users["other_pm"], agreement=manchester, data=target_input())
    ni_112 = indicator("NI 112")

    def seen_by(user):
        return [a.area.code for a, _ in selectors.agreements_using_indicator(ni_112, user)]

    assert seen_by(AnonymousUser()) == ["E10000016"]
    assert seen_by(users["pm"]) == ["E10000016"]
    assert seen_by(users["other_pm"]) == ["E10000016", "E08000003"]
    assert seen_by(users["go_rd"]) == ["E10000016"]  # Manchester is in the North West
