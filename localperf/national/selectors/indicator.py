"""One indicator across every area (rules M3, M5): distribution, ranks, quartile
bands, each area's target beside its actual, direction of travel, comparisons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from localperf.agreements.models import (
    TargetCategory,
    TargetStatus,
    TargetVersion,
    TrajectoryValue,
)
from localperf.calculations.direction import Direction
from localperf.calculations.estimates import at_most
from localperf.calculations.measures import Polarity
from localperf.calculations.national import (
    Comparison,
    Distribution,
    compared_with,
    distribution_of,
    quartile_band,
    ranks,
)
from localperf.calculations.periods import PeriodError
from localperf.calculations.profile import Trajectory, profile_for
from localperf.indicators.models import (
    DefinitionVersion,
    Measure,
)
from localperf.national.models import ComparatorGroup
from localperf.national.selectors.common import (
    CATEGORY_PREFERENCE,
    COUNTED_STATUSES,
    FIGURE_FIELDS,
    METHODS,
    WHOLE_AREA_SCOPE_SUFFIX,
    Figure,
    GroupFigure,
    combined_figure,
    direction_since,
    england_area_id,
    england_figure,
    figure_from_row,
    measure_accumulation,
    measure_polarity,
    previous_comparable_period,
    tier_figures_q,
)
from localperf.observations.models import Observation, ReportingPeriod
from localperf.places.models import Area, PopulationGroup, Tier


def _definition_changed(indicator_id: int, previous_end, current_end) -> bool:
    return DefinitionVersion.objects.filter(
        indicator_id=indicator_id,
        breaks_comparison=True,
        effective_from__gt=previous_end,
        effective_from__lte=current_end,
    ).exists()


def _at_least_as_good(actual: float, target: float, polarity: Polarity | None) -> bool | None:
    if polarity is None:
        return None
    if polarity is Polarity.HIGHER_IS_BETTER:
        return at_most(target, actual)
    return at_most(actual, target)


# --- one indicator across every area ---------------------------------------------------


@dataclass(frozen=True)
class AreaFigure:
    area_id: int
    code: str
    name: str
    region_id: int | None
    region_name: str
    figure: Figure
    rank_england: int | None
    rank_region: int | None
    rank_group: int | None  # within the comparator group, when the area is in it
    band_england: int | None
    band_region: int | None
    target: float | None
    meets_target: bool | None
    previous_value: float | None
    direction: Direction
    in_comparator: bool
    versus_comparator: Comparison
    versus_england: Comparison
    region_count: int = 0  # areas of the region with a figure: the N of ``rank_region``

    @property
    def value(self) -> float:
        return self.figure.value


@dataclass(frozen=True)
class IndicatorPicture:
    measure: Measure
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    polarity: Polarity | None
    unit: str
    distribution: Distribution | None
    region_distributions: dict[int, Distribution]
    areas: list[AreaFigure]
    england: GroupFigure
    comparator: ComparatorGroup | None
    comparator_figure: GroupFigure | None
    definition_changed: bool
    tier: Tier = Tier.UPPER
    methods: dict[str, str] = field(default_factory=lambda: dict(METHODS))

    @property
    def tier_label(self) -> str:
        return self.tier.label

    @property
    def group_count(self) -> int:
        """How many of the comparator group's areas have a figure: the N of its ranks."""
        return sum(1 for a in self.areas if a.rank_group is not None)

    @property
    def region_rows(self) -> list[tuple[str, Distribution]]:
        names = {a.region_id: a.region_name for a in self.areas}
        return sorted(
            ((names.get(rid, ""), d) for rid, d in self.region_distributions.items()),
            key=lambda pair: pair[0],
        )


def _targets_at(measure: Measure, area_ids: Sequence[int], period: ReportingPeriod):
    """Each area's target for the period: the profile of the version in force at the
    period's end, of the area's counted agreement's whole-area target on the measure
    (designated first, then statutory, then local). Two queries."""
    end = period.end
    on_measure = Q(target__measure_id=measure.pk)
    if not measure.part:
        on_measure |= Q(target__measure__isnull=True, target__indicator_id=measure.indicator_id)
    versions = list(
        TargetVersion.objects.filter(
            on_measure,
            Q(effective_to__isnull=True) | Q(effective_to__gte=end),
            effective_from__lte=end,
            target__status=TargetStatus.ACTIVE,
            target__scope_key__endswith=WHOLE_AREA_SCOPE_SUFFIX,
            target__agreement__status__in=COUNTED_STATUSES,
            target__agreement__area_id__in=list(area_ids),
        ).values_list(
            "pk", "target__agreement__area_id", "target__category", "baseline_value",
            "baseline_period",
        )
    )  # fmt: skip
    years: dict[int, dict[str, float | None]] = defaultdict(dict)
    for version_id, year, value in TrajectoryValue.objects.filter(
        version_id__in=[v[0] for v in versions]
    ).values_list("version_id", "year", "value"):
        years[version_id][year] = None if value is None else float(value)
    chosen: dict[int, tuple[int, float | None]] = {}
    for version_id, area_id, category, baseline, baseline_period in versions:
        preference = CATEGORY_PREFERENCE.index(TargetCategory(category))
        if area_id in chosen and chosen[area_id][0] <= preference:
            continue
        try:
            trajectory = Trajectory.of(
                targets=years.get(version_id, {}),
                baseline=None if baseline is None else float(baseline),
                baseline_period=baseline_period or None,
            )
            target = profile_for(trajectory, period.period, measure_accumulation(measure))
        except (PeriodError, ValueError):
            target = None
        chosen[area_id] = (preference, target)
    return {area_id: target for area_id, (_, target) in chosen.items()}


def indicator_picture(
    measure: Measure,
    period: ReportingPeriod,
    *,
    comparator: ComparatorGroup | None = None,
    provisional_areas: frozenset[int] | None = None,
    tier: Tier = Tier.UPPER,
) -> IndicatorPicture:
    """One measure for one period across every area of one tier (rule N1: upper or
    lower, never mixed): the distribution, each area's ranks ("n of N") and quartile
    bands in England and in its region, its rank in the comparator group, its own target
    beside its actual, its direction of travel, and how it compares with England and
    with the chosen comparator group. About ten queries, whatever the number of areas."""
    polarity = measure_polarity(measure)
    unit = measure.unit or measure.indicator.unit
    whole = PopulationGroup.objects.whole_population()
    previous = previous_comparable_period(period, measure)
    england_id = england_area_id()
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    # Provisional figures only of the areas the reader may see them for
    # (``observations.rights.provisional_areas_for``; None: every area).
    rows = (
        Observation.objects.current()
        .visible_in(provisional_areas)
        .filter(
            tier_figures_q(tier, england_id),
            measure_id=measure.pk,
            population_group_id=whole.pk,
            period_id__in=period_ids,
        )
        .values_list("period_id", *FIGURE_FIELDS)
        .order_by()  # the model's ordering would join five tables to sort rows read once
    )
    current: dict[int, Figure] = {}
    before: dict[int, Figure] = {}
    for row in rows:
        (current if row[0] == period.pk else before)[row[1]] = figure_from_row(row[1:])
    england_row = current.pop(england_id, None) if england_id else None
    before.pop(england_id, None) if england_id else None

    areas = {
        a["pk"]: a
        for a in Area.objects.filter(pk__in=list(current)).values(
            "pk", "code", "name", "region_id", "region__name"
        )
    }
    values = {area_id: f.value for area_id, f in current.items()}
    distribution = distribution_of(list(values.values()))
    in_region: dict[int, dict[int, float]] = defaultdict(dict)
    for area_id, value in values.items():
        region_id = areas[area_id]["region_id"]
        if region_id:
            in_region[region_id][area_id] = value
    region_distributions = {rid: distribution_of(list(v.values())) for rid, v in in_region.items()}
    rank_england = ranks(values, polarity) if polarity else {}
    rank_region: dict[int, int] = {}
    if polarity:
        for members in in_region.values():
            rank_region.update(ranks(members, polarity))

    england = england_figure(list(current.values()), england_row, unit, tier)
    member_ids: set[int] = set()
    comparator_figure = None
    rank_group: dict[int, int] = {}
    if comparator is not None:
        member_ids = set(comparator.members.values_list("pk", flat=True))
        if polarity:
            rank_group = ranks({a: v for a, v in values.items() if a in member_ids}, polarity)
        comparator_figure = combined_figure(
            comparator.name,
            (f for area_id, f in current.items() if area_id in member_ids),
            unit,
            members=len(member_ids),
        )
    changed = previous is not None and _definition_changed(
        measure.indicator_id, previous.end, period.end
    )
    targets = _targets_at(measure, list(current), period)

    figures = []
    for area_id, figure in current.items():
        area = areas[area_id]
        region_id = area["region_id"]
        target = targets.get(area_id)
        earlier = before.get(area_id)
        figures.append(
            AreaFigure(
                area_id=area_id,
                code=area["code"],
                name=area["name"],
                region_id=region_id,
                region_name=area["region__name"] or "",
                figure=figure,
                rank_england=rank_england.get(area_id),
                rank_region=rank_region.get(area_id),
                rank_group=rank_group.get(area_id),
                band_england=quartile_band(figure.value, distribution, polarity)
                if polarity and distribution
                else None,
                band_region=quartile_band(figure.value, region_distributions[region_id], polarity)
                if polarity and region_id in region_distributions
                else None,
                target=target,
                meets_target=None
                if target is None
                else _at_least_as_good(figure.value, target, polarity),
                previous_value=earlier.value if earlier else None,
                direction=direction_since(figure, earlier, polarity, changed=changed),
                in_comparator=area_id in member_ids,
                versus_comparator=compared_with(
                    figure.estimate,
                    comparator_figure.estimate if comparator_figure else None,
                    polarity,
                ),
                versus_england=compared_with(figure.estimate, england.estimate, polarity),
                region_count=len(in_region.get(region_id, ())),
            )
        )
    figures.sort(
        key=lambda f: (
            f.rank_england if f.rank_england is not None else 0,
            -f.value if polarity is None else 0,
            f.name,
        )
    )
    return IndicatorPicture(
        measure=measure,
        period=period,
        previous_period=previous,
        polarity=polarity,
        unit=unit,
        distribution=distribution,
        region_distributions=region_distributions,
        areas=figures,
        england=england,
        comparator=comparator,
        comparator_figure=comparator_figure,
        definition_changed=changed,
        tier=tier,
    )


def periods_with_figures(measure: Measure) -> list[ReportingPeriod]:
    """The periods the measure has whole-population figures for, newest first."""
    ids = (
        Observation.objects.current()
        .filter(measure_id=measure.pk, population_group__dimension="all")
        .values("period_id")
        .distinct()
    )
    return list(ReportingPeriod.objects.filter(pk__in=ids).order_by("-end", "start"))
