"""Checking a proposed target against its agreement: the pure rules of
``rules_of_agreement`` applied to the database's facts.

``check_target`` returns a ``CheckedTarget`` or raises ``ValidationError`` with a
message per field, keyed by the names the web form and the API share.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from localperf.agreements import rules_of_agreement as rules
from localperf.agreements import statutory_rules
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    Target,
    TargetCategory,
    TargetSetting,
    TargetStatus,
)
from localperf.indicators.models import Indicator, IndicatorKind
from localperf.organisations.models import GOVERNMENT_KINDS, OrganisationKind
from localperf.places.models import GROUP_TYPES, Area, PopulationDimension
from localperf.web import clock
from localperf.web.periods import period_problem

FOUR_PLACES = Decimal("0.0001")


def trajectory_field(year: str) -> str:
    """The field name of a year's target: "2009/10" → "trajectory_2009_10"."""
    return "trajectory_" + year.replace("/", "_")


def indicator_facts(indicator: Indicator, polarity: str = "") -> rules.IndicatorFacts:
    return rules.IndicatorFacts(
        code=indicator.code,
        national=indicator.kind == IndicatorKind.NATIONAL,
        live=indicator.is_live,
        statutory_education=indicator.statutory_education,
        first_year=indicator.first_year,
        polarity=polarity or indicator.polarity,
        has_confidence_intervals=indicator.has_confidence_intervals,
    )


@dataclass(frozen=True)
class CheckedTarget:
    data: TargetInput
    scope_key: str
    trajectory: dict[str, Decimal | None]
    not_stretching: bool
    year_states: dict[str, str] = dataclasses.field(default_factory=dict)


class Problems:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str | None) -> None:
        if message:
            self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def is_within(area: Area, container: Area) -> bool:
    """A district, ward or custom group inside ``container``; inside a Multi Area
    Agreement's area (a custom group), a member's area or a place within one."""
    if container.is_group and not area.is_group:
        members = list(container.members.all())
        return any(m.pk == area.pk or is_within(area, m) for m in members)
    if area.is_group:
        members = list(area.members.all())
        return bool(members) and all(is_within(m, container) for m in members)
    parent, steps = area.parent, 0
    while parent is not None and steps < 4:
        if parent.pk == container.pk:
            return True
        parent, steps = parent.parent, steps + 1
    return False


def describe_scope(agreement: Agreement, data: TargetInput) -> str:
    if data.sub_regional_area:
        return f"the sub-region {data.sub_regional_area.name}"
    parts = [a.name for a in data.scope_areas] + [g.label for g in data.scope_groups]
    if not parts:
        return f"the whole of {agreement.area.name}"
    return ", ".join(parts)


def normalised(data: TargetInput) -> TargetInput:
    """The whole-indicator measure is the same as no measure; the outcome gives the theme."""
    from dataclasses import replace

    if data.measure is not None and data.measure.part == "":
        data = replace(data, measure=None)
    if data.outcome is not None and not data.theme:
        data = replace(data, theme=data.outcome.theme)
    return data


def check_target(
    agreement: Agreement,
    data: TargetInput,
    *,
    target: Target | None = None,
    designated_already: int | None = None,
    on: datetime.date | None = None,
) -> CheckedTarget:
    """Every rule a target must meet to be added to (or changed in) ``agreement``.

    ``target`` is the target being changed, if any; ``designated_already`` overrides
    the count of designated targets (a revision counts its own pending changes).
    """
    data = normalised(data)
    problems = Problems()
    indicator = data.indicator
    polarity = (data.measure.effective_polarity if data.measure else "") or indicator.polarity
    facts = indicator_facts(indicator, polarity)
    if data.measure is not None:  # rule D4: the messages name the part the target is on
        facts = dataclasses.replace(facts, code=data.measure.code)

    # Which indicator for which kind of target (A2, A3, A4, D3, D9).
    problems.add("indicator", rules.category_problem(data.category, facts))
    # A withdrawn indicator takes no new target (rules A3, D3): asked of the day the
    # target is set, so one agreed before the withdrawal keeps its history.
    problems.add(
        "indicator",
        indicator.withdrawal_problem(on or clock.today(), "a target set on it"),
    )
    if indicator.kind == IndicatorKind.LOCAL and indicator.owner_id not in {
        agreement.responsible_authority_id,
        None,
    }:
        problems.add(
            "indicator",
            f"{indicator.code} is a local indicator of {indicator.owner}: use a national "
            "indicator or one of your own local indicators.",
        )
    if data.measure is not None and data.measure.indicator_id != indicator.pk:
        problems.add("measure", f"{data.measure.code} is not a measure of {indicator.code}.")

    # Theme and outcome (A11).
    if data.theme not in LaaTheme.values:
        problems.add("theme", "Choose the theme the target comes under.")
    if data.outcome is not None:
        if data.outcome.agreement_id != agreement.pk:
            problems.add("outcome", "Choose one of this agreement's outcomes.")
        elif data.theme and data.outcome.theme != data.theme:
            problems.add(
                "outcome",
                f"The outcome “{data.outcome.title}” is under "
                f"{LaaTheme(data.outcome.theme).label}: choose that theme, or another outcome.",
            )

    # At most 35 designated targets (A2).
    becomes_designated = data.category == TargetCategory.DESIGNATED and (
        target is None or target.category != TargetCategory.DESIGNATED
    )
    if becomes_designated:
        if designated_already is None:
            designated_already = agreement.targets.filter(
                category=TargetCategory.DESIGNATED, status=TargetStatus.ACTIVE
            ).count()
        problems.add("category", rules.designated_limit_problem(designated_already))

    _check_numbers(data, problems)
    _check_scope(agreement, data, problems)
    key = rules.scope_key(
        measure_id=data.measure.pk if data.measure else None,
        area_ids=[a.pk for a in data.scope_areas],
        group_ids=[g.pk for g in data.scope_groups],
        sub_regional_id=data.sub_regional_area.pk if data.sub_regional_area else None,
    )
    duplicate = agreement.targets.filter(
        category=data.category, indicator=indicator, scope_key=key, status=TargetStatus.ACTIVE
    )
    if target is not None:
        duplicate = duplicate.exclude(pk=target.pk)
    if duplicate.exists():
        label = (
            TargetCategory(data.category).label.lower()
            if data.category in TargetCategory.values
            else "target"
        )
        problems.add(
            "indicator",
            f"This agreement already has a {label} on {indicator.code} for "
            f"{describe_scope(agreement, data)}: change that target instead, or choose a "
            "different measure, area or group.",
        )

    trajectory, not_stretching = _check_setting(agreement, data, facts, problems)
    states = _check_year_states(agreement, data, facts, problems)
    _check_partners(agreement, data, problems)
    problems.raise_if_any()
    return CheckedTarget(data, key, trajectory, not_stretching, states)


def _check_year_states(
    agreement: Agreement, data: TargetInput, facts: rules.IndicatorFacts, problems: Problems
) -> dict[str, str]:
    """Rules A3, D3: each year's state, checked against its value."""
    years = rules.term_years(agreement.term)
    states: dict[str, str] = {}
    for year, state in data.year_states.items():
        if year not in years:
            problems.add(
                "year_states",
                f"{year} is not a year of this agreement, which runs {years[0]} to {years[-1]}.",
            )
            continue
        problems.add(
            trajectory_field(year),
            statutory_rules.year_state_problem(
                category=data.category,
                code=facts.code,
                year=year,
                state=state,
                value=data.trajectory.get(year),
            ),
        )
        if state != statutory_rules.YEAR_SET:
            states[year] = state
    return states


def _check_scope(agreement: Agreement, data: TargetInput, problems: Problems) -> None:
    """Rules A6 (smaller areas and groups, still one target) and A7 (sub-regional)."""
    for area in data.scope_areas:
        if area.pk == agreement.area_id:
            problems.add(
                "scope_areas",
                f"{area.name} is the whole area: leave the smaller areas empty for a target "
                "for the whole area.",
            )
        elif not is_within(area, agreement.area):
            problems.add(
                "scope_areas",
                f"{area.name} is not within {agreement.area.name}: a target's smaller areas "
                "must be inside the agreement's area.",
            )
    for group in data.scope_groups:
        if group.dimension == PopulationDimension.ALL:
            problems.add(
                "scope_groups",
                "The whole population is not a group: leave the groups empty for a target "
                "for everyone.",
            )
    sub = data.sub_regional_area
    if sub is not None:
        if data.scope_areas:
            problems.add(
                "sub_regional_area",
                "A sub-regional target cannot also be for smaller areas: choose one or the other.",
            )
        if (
            sub.area_type not in GROUP_TYPES
            or not sub.members.filter(pk=agreement.area_id).exists()
        ):
            problems.add(
                "sub_regional_area",
                f"{sub.name} does not include {agreement.area.name}: a sub-regional target "
                "must be for a sub-region that contains the agreement's area.",
            )


def _check_baseline(data: TargetInput, facts: rules.IndicatorFacts, problems: Problems) -> None:
    if data.baseline_to_be_confirmed and data.baseline_value is not None:
        problems.add(
            "baseline_value",
            "Either give the baseline value or mark the baseline as to be confirmed, not both.",
        )
    if data.baseline_value is not None and not data.baseline_period.strip():
        problems.add(
            "baseline_period", "Enter the period the baseline is for, for example 2007/08."
        )
    # The form and the API refuse it first; this guards every other way in.
    problems.add("baseline_period", period_problem(data.baseline_period))
    lower, upper, value = data.baseline_lower, data.baseline_upper, data.baseline_value
    if (lower is None) != (upper is None):
        problems.add(
            "baseline_lower",
            "Enter both limits of the baseline's confidence interval, or neither.",
        )
    elif lower is not None and value is not None and not lower <= value <= upper:
        problems.add(
            "baseline_lower",
            "The baseline must lie within its confidence interval: check the lower and upper "
            "limits.",
        )
    if (
        facts.has_confidence_intervals
        and value is not None
        and lower is None
        and upper is None
        and data.setting == TargetSetting.TRAJECTORY
    ):
        problems.add(
            "baseline_lower",
            f"{facts.code} is a survey indicator: enter the lower and upper limits of the "
            "baseline's confidence interval.",
        )


def _check_setting(
    agreement: Agreement,
    data: TargetInput,
    facts: rules.IndicatorFacts,
    problems: Problems,
) -> tuple[dict[str, Decimal | None], bool]:
    """Rule A5 (a target for every year, or a placeholder), A8, A10 and stretch."""
    _check_baseline(data, facts, problems)
    years = rules.term_years(agreement.term)
    needed = rules.required_years(agreement.term, facts.first_year)
    trajectory: dict[str, Decimal | None] = dict.fromkeys(years)
    for year in data.trajectory:
        if year not in years:
            problems.add(
                "trajectory",
                f"{year} is not a year of this agreement, which runs {years[0]} to {years[-1]}.",
            )

    if data.setting == TargetSetting.TRAJECTORY:
        if data.baseline_value is None and not (data.baseline_to_be_confirmed and needed != years):
            problems.add(
                "baseline_value",
                "Enter the baseline value and period. If there is no baseline yet, mark it as "
                "to be confirmed and choose a placeholder or a percentage improvement.",
            )
        for year in years:
            value = data.trajectory.get(year)
            if year not in needed and value is not None:
                problems.add(
                    trajectory_field(year),
                    f"{facts.code} is first reported in {facts.first_year}: leave {year} blank.",
                )
            trajectory[year] = value if year in needed else None
        needing = statutory_rules.years_needing_value(needed, data.year_states, data.category)
        for year in rules.missing_years(needing, data.trajectory):
            problems.add(
                trajectory_field(year),
                f"Enter a target for {year}: a trajectory needs a target for every year of the "
                "agreement. For a deferred or new indicator, choose a placeholder instead.",
            )
    elif data.setting == TargetSetting.PLACEHOLDER:
        problems.add(
            "setting",
            rules.placeholder_problem(facts, agreement.term, data.baseline_to_be_confirmed),
        )
    elif data.setting == TargetSetting.IMPROVEMENT:
        if not data.baseline_to_be_confirmed:
            problems.add(
                "baseline_to_be_confirmed",
                "A percentage improvement is for a baseline still to be confirmed: mark the "
                "baseline as to be confirmed, or give a target for every year.",
            )
        if data.improvement_percent is None or data.improvement_percent <= 0:
            problems.add(
                "improvement_percent",
                "Enter how much better than the baseline the target is, as a percentage, "
                "for example 5.",
            )
    elif data.setting == TargetSetting.RELATIVE:
        trajectory = _relative_trajectory(data, needed, years, problems)
    else:
        problems.add("setting", "Choose how the target is set.")

    final = trajectory.get(needed[-1]) if needed else None
    if (
        data.setting == TargetSetting.TRAJECTORY
        and facts.has_confidence_intervals
        and final is not None
        and data.baseline_lower is not None
        and data.baseline_upper is not None
        and facts.polarity in (rules.HIGHER, rules.LOWER)
    ):
        problems.add(
            trajectory_field(needed[-1]),
            rules.survey_target_problem(
                code=facts.code,
                polarity=facts.polarity,
                year=needed[-1],
                target=final,
                lower=data.baseline_lower,
                upper=data.baseline_upper,
            ),
        )
    not_stretching = rules.is_not_stretching(facts.polarity, data.baseline_value, final)
    return trajectory, not_stretching


def _relative_trajectory(data, needed, years, problems) -> dict[str, Decimal | None]:
    """Rule A8: each year's target is the figure in force at the year's start, times the
    ratio, plus the offset."""
    trajectory: dict[str, Decimal | None] = dict.fromkeys(years)
    if data.relative_to is None:
        problems.add("relative_to", "Choose the figure the target is relative to.")
    if data.relative_ratio is None or data.relative_ratio <= 0:
        problems.add(
            "relative_ratio",
            "Enter the target as a proportion of the figure, for example 1 for the figure "
            "itself or 1.1 for 10% above it.",
        )
    if data.relative_to is None or data.relative_ratio is None:
        return trajectory
    for year in needed:
        figure = data.relative_to.value_on(rules.year_start(year))
        if figure is None:
            problems.add("relative_to", f"{data.relative_to.name} has no value yet.")
            return trajectory
        value = figure * data.relative_ratio + (data.relative_offset or 0)
        trajectory[year] = value.quantize(FOUR_PLACES)
    return trajectory


def _check_partners(agreement: Agreement, data: TargetInput, problems: Problems) -> None:
    """Rules A9 (lead partners, one co-ordinating) and A12 (districts of the county)."""
    seen: set[int] = set()
    for partner in data.partners:
        organisation = partner.organisation
        if organisation.pk in seen:
            problems.add("partners", f"{organisation.name} is listed twice.")
        seen.add(organisation.pk)
        if organisation.kind in GOVERNMENT_KINDS:
            problems.add(
                "partners",
                f"{organisation.name} is a government body: it negotiates or approves "
                "agreements but cannot sign up to a target.",
            )
        if organisation.kind == OrganisationKind.DISTRICT_COUNCIL and (
            organisation.area is None or organisation.area.parent_id != agreement.area_id
        ):
            problems.add(
                "partners",
                f"{organisation.name} is not a district council in {agreement.area.name}: "
                "only the area's own district councils sign up as partner authorities.",
            )
    if sum(1 for p in data.partners if p.coordinating) > 1:
        problems.add("partners", "Mark at most one partner as co-ordinating delivery.")


# The largest number each field's column holds (agreements/models/target.py).
PERCENT_LIMIT, RATIO_LIMIT = Decimal("99999.99"), Decimal("999999.9999")


def _check_numbers(data: TargetInput, problems: Problems) -> None:
    """Every number fits where it is kept: refused with its field, never a 500."""
    for field, value, what, largest in (
        ("baseline_value", data.baseline_value, "The baseline", rules.LARGEST_FIGURE),
        ("baseline_lower", data.baseline_lower, "The lower limit", rules.LARGEST_FIGURE),
        ("baseline_upper", data.baseline_upper, "The upper limit", rules.LARGEST_FIGURE),
        ("improvement_percent", data.improvement_percent, "The improvement", PERCENT_LIMIT),
        ("relative_ratio", data.relative_ratio, "The proportion", RATIO_LIMIT),
        ("relative_offset", data.relative_offset, "The amount added", rules.LARGEST_FIGURE),
        *(
            (trajectory_field(year), value, f"The target for {year}", rules.LARGEST_FIGURE)
            for year, value in data.trajectory.items()
        ),
    ):
        if value is not None:
            problems.add(field, rules.figure_problem(value, what, largest=largest))
