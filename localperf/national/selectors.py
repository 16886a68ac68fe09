"""Reading the national picture (rules N1, M3, M5, M7).

Every selector runs a fixed, small number of queries whatever the number of areas or
agreements: rows are fetched in one query each (or counted by SQL aggregates) and the
statistics are computed in memory by the stated methods of
``monitoring.calculations.national`` (quartiles, ranks, bands, comparison with England),
``direction`` (direction of travel) and ``rates`` (combined rates).

Which agreements count: approved and in-force agreements (``COUNTED_STATUSES``), the
ones the Secretary of State has signed; drafts and agreements under negotiation do not.
Which figures: the current figure for the whole population, final or provisional (the
national pages are for signed-in government users, who may see provisional figures;
a provisional figure is marked as such).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    Agreement,
    AgreementStatus,
    LaaTheme,
    Target,
    TargetCategory,
    TargetSetting,
    TargetStatus,
    TargetVersion,
    TrajectoryValue,
)
from localperf.agreements.selectors import agreement_visibility_q
from localperf.indicators.models import (
    DefinitionVersion,
    Indicator,
    IndicatorKind,
    IndicatorStatus,
    Measure,
)
from localperf.monitoring.calculations.direction import Direction, direction_of_travel
from localperf.monitoring.calculations.estimates import Estimate, at_most
from localperf.monitoring.calculations.measures import Accumulation, Polarity
from localperf.monitoring.calculations.national import (
    Comparison,
    Distribution,
    compared_with,
    distribution_of,
    quartile_band,
    ranks,
)
from localperf.monitoring.calculations.periods import PeriodError, previous_comparable
from localperf.monitoring.calculations.profile import Trajectory, profile_for
from localperf.monitoring.calculations.rag import Rating
from localperf.monitoring.calculations.rates import combined_rate, proportion_estimate
from localperf.monitoring.models import Assessment as MonitoringAssessment
from localperf.monitoring.models import RatingOverride
from localperf.monitoring.selectors import as_at_today, current_rating
from localperf.national.models import AssessmentFlag, ComparatorGroup, FlagAction
from localperf.national.permissions import has
from localperf.observations.admissibility import unit_range
from localperf.observations.models import Observation, ObservationStatus, ReportingPeriod
from localperf.places.models import Area, AreaType, PopulationGroup

COUNTED_STATUSES = frozenset(PUBLISHED_STATUSES)
COUNTED_STATUSES_TEXT = " and ".join(
    AgreementStatus(s).label.lower() for s in sorted(COUNTED_STATUSES)
)
FEW_AGREEMENTS = 5  # the NIS review's question: indicators chosen by five or fewer LAAs
ENGLAND_GSS_CODE = "E92000001"
WHOLE_AREA_SCOPE_SUFFIX = "|a|g|s"  # see agreements.rules_of_agreement.scope_key
# Direction of travel compares a figure with the previous period of its kind: measures
# carry no accumulation in the catalogue, so every figure is treated as a level.
ACCUMULATION = Accumulation.SNAPSHOT
CATEGORY_PREFERENCE = (TargetCategory.DESIGNATED, TargetCategory.STATUTORY, TargetCategory.LOCAL)

METHODS = {
    "quartiles": (
        "Quartiles and median: inclusive linear interpolation (Excel QUARTILE.INC, R "
        "type 7): the p-th quantile of n sorted values lies at position p × (n − 1), "
        "interpolating between neighbours."
    ),
    "ranks": (
        "Ranks: 1 is the best, by the measure's polarity. Equal values share the best "
        "rank of their group and the next rank is skipped (1, 2, 2, 4)."
    ),
    "bands": (
        "Quartile band: 1 is the best quarter of areas, 4 the worst; a value exactly on "
        "a cut point belongs to the better band."
    ),
    "significance": (
        "Significantly better or worse: only when the two 95% confidence intervals do "
        "not overlap (rules M5, D7); a figure without an interval is its own point."
    ),
    "direction": (
        "Direction of travel: against the previous period of the same kind, with the "
        "same confidence-interval test; a definition change in between makes the "
        "figures not comparable (rule D6)."
    ),
    "combined": (
        "A group's rate is the sum of its areas' numerators over the sum of their "
        "denominators, never the average of their rates; for a percentage its interval "
        "is Wilson's. It is shown only when every area in the group has a numerator and "
        "a denominator."
    ),
    "england": (
        "England: the England-level figure when one has been recorded; otherwise the "
        "combined rate of every upper-tier area with a figure."
    ),
}


# --- indicator selection across agreements (rule N1) -------------------------------------


@dataclass(frozen=True)
class SelectionRow:
    indicator_id: int
    code: str
    number: int
    title: str
    is_deferred: bool
    agreements: int
    by_region: dict[int, int]
    by_theme: dict[str, int]


@dataclass(frozen=True)
class Selection:
    rows: list[SelectionRow]
    regions: list[Area]
    themes: list[LaaTheme]
    agreement_count: int
    statuses_text: str = COUNTED_STATUSES_TEXT

    def few(self, at_most: int = FEW_AGREEMENTS) -> list[SelectionRow]:
        """Indicators chosen by ``at_most`` agreements or fewer, none included."""
        return sorted(
            (row for row in self.rows if row.agreements <= at_most),
            key=lambda row: (row.agreements, row.number),
        )

    def region_counts(self, row: SelectionRow) -> list[int]:
        return [row.by_region.get(region.pk, 0) for region in self.regions]

    def theme_counts(self, row: SelectionRow) -> list[int]:
        return [row.by_theme.get(theme.value, 0) for theme in self.themes]


def _designated_in_counted() -> QuerySet[Target]:
    return Target.objects.filter(
        category=TargetCategory.DESIGNATED,
        status=TargetStatus.ACTIVE,
        agreement__status__in=COUNTED_STATUSES,
    )


def indicator_selection() -> Selection:
    """For every live national indicator: how many counted agreements designated a
    target on it, in all, by region and by theme. An agreement with two designated
    targets on one indicator (for different scopes) counts once. Five queries, three of
    them SQL aggregates."""
    targets = _designated_in_counted()
    total = dict(
        targets.values_list("indicator_id")
        .annotate(n=Count("agreement_id", distinct=True))
        .values_list("indicator_id", "n")
    )
    by_region: dict[int, dict[int, int]] = defaultdict(dict)
    for indicator_id, region_id, n in (
        targets.values_list("indicator_id", "agreement__area__region_id")
        .annotate(n=Count("agreement_id", distinct=True))
        .values_list("indicator_id", "agreement__area__region_id", "n")
    ):
        by_region[indicator_id][region_id] = n
    by_theme: dict[int, dict[str, int]] = defaultdict(dict)
    for indicator_id, theme, n in (
        targets.values_list("indicator_id", "theme")
        .annotate(n=Count("agreement_id", distinct=True))
        .values_list("indicator_id", "theme", "n")
    ):
        by_theme[indicator_id][theme] = n
    indicators = Indicator.objects.filter(
        kind=IndicatorKind.NATIONAL, status=IndicatorStatus.LIVE
    ).order_by("number")
    rows = [
        SelectionRow(
            indicator_id=indicator.pk,
            code=indicator.code,
            number=indicator.number,
            title=indicator.title,
            is_deferred=indicator.is_deferred,
            agreements=total.get(indicator.pk, 0),
            by_region=by_region.get(indicator.pk, {}),
            by_theme=by_theme.get(indicator.pk, {}),
        )
        for indicator in indicators.only("pk", "code", "number", "title", "first_year", "kind")
    ]
    return Selection(
        rows=rows,
        regions=list(Area.objects.regions().order_by("name")),
        themes=list(LaaTheme),
        agreement_count=Agreement.objects.filter(status__in=COUNTED_STATUSES).count(),
    )


@dataclass(frozen=True)
class WaitingTarget:
    target_id: int
    agreement_id: int
    agreement_title: str
    area_name: str
    region_name: str
    measure_code: str
    indicator_title: str
    setting: str
    deferred_indicator: bool
    baseline_to_be_confirmed: bool


def waiting_targets() -> list[WaitingTarget]:
    """Designated targets of counted agreements whose version in force today has no
    target value for any year yet: placeholders for deferred or new indicators (rules
    D2, A5) and "x% over a baseline to be confirmed". Two queries."""
    today = datetime.date.today()
    versions = TargetVersion.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=today), effective_from__lte=today
    )
    set_values = TrajectoryValue.objects.filter(
        version__target=OuterRef("pk"), value__isnull=False
    ).filter(
        Q(version__effective_to__isnull=True) | Q(version__effective_to__gte=today),
        version__effective_from__lte=today,
    )
    targets = (
        _designated_in_counted()
        .filter(~Exists(set_values))
        .select_related("agreement__area__region", "indicator", "measure__indicator")
        .order_by("indicator__number", "agreement__area__name", "pk")
    )
    rows = list(targets)
    current = {
        v.target_id: v
        for v in versions.filter(target_id__in=[t.pk for t in rows]).only(
            "target_id", "setting", "baseline_to_be_confirmed"
        )
    }
    waiting = []
    for target in rows:
        version = current.get(target.pk)
        setting = TargetSetting(version.setting) if version else TargetSetting.PLACEHOLDER
        area = target.agreement.area
        waiting.append(
            WaitingTarget(
                target_id=target.pk,
                agreement_id=target.agreement_id,
                agreement_title=target.agreement.title,
                area_name=area.name,
                region_name=area.region.name if area.region_id else "",
                measure_code=target.measure_code,
                indicator_title=target.indicator.title,
                setting=setting.label,
                deferred_indicator=target.indicator.is_deferred,
                baseline_to_be_confirmed=bool(version and version.baseline_to_be_confirmed),
            )
        )
    return waiting


# --- shared pieces ---------------------------------------------------------------------


def measure_polarity(measure: Measure) -> Polarity | None:
    return Polarity.from_code(measure.polarity or measure.indicator.polarity)


_PER = re.compile(r"per\s+([0-9][0-9,]*)")


def rate_base(unit: str) -> float | None:
    """What a numerator over a denominator is multiplied by to give the unit's figure:
    100 for a percentage, 1,000 for "rate per 1,000 …"; None when the unit is not a rate.

    >>> rate_base("%"), rate_base("rate per 100,000 population"), rate_base("number")
    (100.0, 100000.0, None)
    >>> rate_base("% change in rate per 1,000 females aged 15-17 (vs 1998 baseline)") is None
    True
    """
    if unit_range(unit).proportion:
        return 100.0
    text = " ".join(unit.lower().split())
    if text.startswith("%"):
        return None  # a percentage change or gap, not a rate of its own
    match = _PER.search(text)
    return float(match[1].replace(",", "")) if match else None


def estimate_of(value: float | None, lower: float | None, upper: float | None) -> Estimate | None:
    """The figure as an ``Estimate``; None when its interval does not contain it (a
    figure that contradicts itself is compared with nothing)."""
    if value is None:
        return None
    if lower is None or upper is None:
        return Estimate(value)
    try:
        return Estimate(value, lower, upper)
    except ValueError:
        return None


@dataclass(frozen=True)
class Figure:
    """One area's current figure for one measure and period."""

    area_id: int
    value: float
    lower: float | None
    upper: float | None
    numerator: float | None
    denominator: float | None
    provisional: bool

    @property
    def estimate(self) -> Estimate | None:
        return estimate_of(self.value, self.lower, self.upper)


FIGURE_FIELDS = (
    "area_id",
    "value",
    "ci_lower",
    "ci_upper",
    "numerator",
    "denominator",
    "status",
)


def _figure(row: Sequence) -> Figure:
    area_id, value, lower, upper, numerator, denominator, status = row
    return Figure(
        area_id,
        value,
        lower,
        upper,
        numerator,
        denominator,
        status == ObservationStatus.PROVISIONAL,
    )


@dataclass(frozen=True)
class GroupFigure:
    """A combined figure: England, or a comparator group."""

    name: str
    estimate: Estimate | None
    source: str
    members: int = 0
    with_figures: int = 0


def combined_figure(
    name: str, figures: Iterable[Figure], unit: str, *, members: int | None = None
) -> GroupFigure:
    """The combined rate of the figures from their numerators and denominators (never an
    average of rates); for a percentage, with Wilson's interval."""
    figures = list(figures)
    members = len(figures) if members is None else members
    per = rate_base(unit)
    lacking = [f for f in figures if f.numerator is None or not f.denominator]
    if not figures:
        return GroupFigure(name, None, "No area in the group has a figure.", members, 0)
    if per is None:
        return GroupFigure(
            name, None, "Not combined: the measure is not a rate.", members, len(figures)
        )
    if lacking:
        return GroupFigure(
            name,
            None,
            f"Not combined: {len(lacking)} of {len(figures)} figures have no numerator "
            "and denominator.",
            members,
            len(figures),
        )
    numerator = sum(f.numerator for f in figures)
    denominator = sum(f.denominator for f in figures)
    value = combined_rate(((f.numerator, f.denominator) for f in figures), per=per)
    estimate = Estimate(value) if value is not None else None
    if per == 100 and 0 <= numerator <= denominator:
        estimate = proportion_estimate(numerator, denominator)
    source = f"Combined rate of {len(figures)} areas: Σ numerators ÷ Σ denominators"
    if per != 100:
        source += f" × {per:,.0f}"
    return GroupFigure(name, estimate, source + ".", members, len(figures))


def _england_area_id() -> int | None:
    return Area.objects.filter(gss_code=ENGLAND_GSS_CODE).values_list("pk", flat=True).first()


def england_figure(figures: Sequence[Figure], england: Figure | None, unit: str) -> GroupFigure:
    if england is not None:
        return GroupFigure(
            "England", england.estimate, "The England-level figure recorded for the period."
        )
    combined = combined_figure("England", figures, unit)
    return GroupFigure(
        "England",
        combined.estimate,
        combined.source.replace("areas", "upper-tier areas", 1),
        combined.members,
        combined.with_figures,
    )


def previous_comparable_period(period: ReportingPeriod) -> ReportingPeriod | None:
    try:
        label = previous_comparable(period.period, ACCUMULATION).label
    except PeriodError:
        return None
    return ReportingPeriod.objects.filter(label=label).first()


def _definition_changed(indicator_id: int, previous_end, current_end) -> bool:
    return DefinitionVersion.objects.filter(
        indicator_id=indicator_id,
        breaks_comparison=True,
        effective_from__gt=previous_end,
        effective_from__lte=current_end,
    ).exists()


def _upper_tier_figures_q(england_id: int | None) -> Q:
    q = Q(area__upper_tier=True)
    return q | Q(area_id=england_id) if england_id else q


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
    band_england: int | None
    band_region: int | None
    target: float | None
    meets_target: bool | None
    previous_value: float | None
    direction: Direction
    in_comparator: bool
    versus_comparator: Comparison
    versus_england: Comparison

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
    methods: dict[str, str] = field(default_factory=lambda: dict(METHODS))

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
            target = profile_for(trajectory, period.period, ACCUMULATION)
        except (PeriodError, ValueError):
            target = None
        chosen[area_id] = (preference, target)
    return {area_id: target for area_id, (_, target) in chosen.items()}


def indicator_picture(
    measure: Measure,
    period: ReportingPeriod,
    *,
    comparator: ComparatorGroup | None = None,
) -> IndicatorPicture:
    """One measure for one period across every upper-tier area: the distribution, each
    area's ranks and quartile bands in England and in its region, its own target beside
    its actual, its direction of travel, and how it compares with England and with the
    chosen comparator group. About ten queries, whatever the number of areas."""
    polarity = measure_polarity(measure)
    unit = measure.unit or measure.indicator.unit
    whole = PopulationGroup.objects.whole_population()
    previous = previous_comparable_period(period)
    england_id = _england_area_id()
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    rows = (
        Observation.objects.current()
        .filter(
            _upper_tier_figures_q(england_id),
            measure_id=measure.pk,
            population_group_id=whole.pk,
            period_id__in=period_ids,
        )
        .values_list("period_id", *FIGURE_FIELDS)
    )
    current: dict[int, Figure] = {}
    before: dict[int, Figure] = {}
    for row in rows:
        (current if row[0] == period.pk else before)[row[1]] = _figure(row[1:])
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

    england = england_figure(list(current.values()), england_row, unit)
    member_ids: set[int] = set()
    comparator_figure = None
    if comparator is not None:
        member_ids = set(comparator.members.values_list("pk", flat=True))
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
                direction=direction_of_travel(
                    figure.estimate,
                    earlier.estimate if earlier else None,
                    polarity,
                    definition_changed=changed,
                ),
                in_comparator=area_id in member_ids,
                versus_comparator=compared_with(
                    figure.estimate,
                    comparator_figure.estimate if comparator_figure else None,
                    polarity,
                ),
                versus_england=compared_with(figure.estimate, england.estimate, polarity),
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


# --- comparator groups ------------------------------------------------------------------


def comparator_groups_for(user) -> QuerySet[ComparatorGroup]:
    """The groups a government user may use: their own and every shared one."""
    if not has(user, "national.view_picture"):
        return ComparatorGroup.objects.none()
    return (
        ComparatorGroup.objects.filter(Q(owner_id=user.pk) | Q(shared=True))
        .select_related("owner")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )


def comparator_group_get_for(user, pk: int) -> ComparatorGroup | None:
    return comparator_groups_for(user).filter(pk=pk).first()


def comparable_areas() -> QuerySet[Area]:
    """Areas a comparator group can hold: the upper-tier areas (the areas of LAAs)."""
    return Area.objects.filter(upper_tier=True).exclude(area_type=AreaType.REGION)


# --- area evidence for assessment (rule M7) ---------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    measure_id: int
    code: str
    title: str
    indicator_number: int
    polarity: Polarity | None
    period_label: str
    figure: Figure | None
    previous_period_label: str
    previous_value: float | None
    direction: Direction
    band_england: int | None
    band_region: int | None
    areas_compared: int
    england: GroupFigure | None
    versus_england: Comparison


def area_evidence(area: Area) -> list[EvidenceRow]:
    """Every measure of every live national indicator with the area's latest figure,
    its direction of travel, its quartile band in England and in its region for that
    period, and whether it is significantly better or worse than England. Five queries,
    whatever the number of indicators."""
    whole = PopulationGroup.objects.whole_population()
    england_id = _england_area_id()
    measures = list(
        Measure.objects.filter(
            indicator__kind=IndicatorKind.NATIONAL, indicator__status=IndicatorStatus.LIVE
        )
        .select_related("indicator")
        .order_by("indicator__number", "part")
    )
    own = list(
        Observation.objects.current()
        .filter(area_id=area.pk, population_group_id=whole.pk)
        .values_list(
            "measure_id", "period_id", "period__label", "period__kind", "period__start",
            "period__end", *FIGURE_FIELDS[1:],
        )
    )  # fmt: skip
    latest: dict[int, tuple] = {}
    by_label: dict[tuple[int, str], Figure] = {}
    for row in own:
        measure_id, period_id, label, kind, start, end = row[:6]
        by_label[(measure_id, label)] = _figure((area.pk, *row[6:]))
        # Latest by the period's end; of two ending together, the longer period.
        key = (end, -start.toordinal())
        if measure_id not in latest or key > latest[measure_id][0]:
            latest[measure_id] = (key, period_id, label, kind, start, end)
    pairs = {(m, v[1]) for m, v in latest.items()}
    everyone: dict[tuple[int, int], list[tuple[int | None, Figure]]] = defaultdict(list)
    england_rows: dict[tuple[int, int], Figure] = {}
    if pairs:
        for row in (
            Observation.objects.current()
            .filter(
                _upper_tier_figures_q(england_id),
                population_group_id=whole.pk,
                measure_id__in={m for m, _ in pairs},
                period_id__in={p for _, p in pairs},
            )
            .values_list("measure_id", "period_id", "area__region_id", *FIGURE_FIELDS)
        ):
            key = (row[0], row[1])
            if key not in pairs:
                continue
            figure = _figure(row[3:])
            if england_id and figure.area_id == england_id:
                england_rows[key] = figure
            else:
                everyone[key].append((row[2], figure))
    breaks = defaultdict(list)
    for indicator_id, starts in DefinitionVersion.objects.filter(
        breaks_comparison=True
    ).values_list("indicator_id", "effective_from"):
        breaks[indicator_id].append(starts)

    evidence = []
    for measure in measures:
        polarity = measure_polarity(measure)
        unit = measure.unit or measure.indicator.unit
        found = latest.get(measure.pk)
        if found is None:
            evidence.append(
                EvidenceRow(
                    measure.pk, measure.code, measure.title, measure.indicator.number,
                    polarity, "", None, "", None, Direction.NOT_COMPARABLE, None, None, 0,
                    None, Comparison.NOT_COMPARABLE,
                )
            )  # fmt: skip
            continue
        _, period_id, label, kind, start, end = found
        figure = by_label[(measure.pk, label)]
        key = (measure.pk, period_id)
        period = ReportingPeriod(kind=kind, label=label, start=start, end=end).period
        try:
            previous = previous_comparable(period, ACCUMULATION)
        except PeriodError:
            previous = None
        earlier = by_label.get((measure.pk, previous.label)) if previous else None
        changed = previous is not None and any(
            previous.end < day <= end for day in breaks.get(measure.indicator_id, [])
        )
        others = everyone.get(key, [])
        distribution = distribution_of([f.value for _, f in others])
        region_values = [f.value for r, f in others if r == area.region_id and area.region_id]
        region_distribution = distribution_of(region_values)
        england = england_figure([f for _, f in others], england_rows.get(key), unit)
        evidence.append(
            EvidenceRow(
                measure_id=measure.pk,
                code=measure.code,
                title=measure.title,
                indicator_number=measure.indicator.number,
                polarity=polarity,
                period_label=label,
                figure=figure,
                previous_period_label=previous.label if previous else "",
                previous_value=earlier.value if earlier else None,
                direction=direction_of_travel(
                    figure.estimate,
                    earlier.estimate if earlier else None,
                    polarity,
                    definition_changed=changed,
                ),
                band_england=quartile_band(figure.value, distribution, polarity)
                if polarity and distribution
                else None,
                band_region=quartile_band(figure.value, region_distribution, polarity)
                if polarity and region_distribution
                else None,
                areas_compared=len(others),
                england=england,
                versus_england=compared_with(figure.estimate, england.estimate, polarity),
            )
        )
    return evidence


# --- flags --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flags:
    current: list[AssessmentFlag]
    history: list[AssessmentFlag]


def area_flags(area: Area) -> Flags:
    """The area's flags in force (raised and not withdrawn) and its whole flag history,
    newest first. One query."""
    history = list(
        AssessmentFlag.objects.filter(area=area)
        .select_related("indicator", "withdraws")
        .order_by("-recorded_at", "-id")
    )
    withdrawn = {f.withdraws_id for f in history if f.action == FlagAction.WITHDRAWN}
    current = [f for f in history if f.action == FlagAction.RAISED and f.pk not in withdrawn]
    return Flags(current=current, history=history)


# --- the region view ----------------------------------------------------------------------


def regions() -> QuerySet[Area]:
    return Area.objects.regions().order_by("name")


def region_agreements(region: Area, user) -> QuerySet[Agreement]:
    """The agreements of the region's areas the user may see, in area order."""
    return (
        Agreement.objects.filter(agreement_visibility_q(user), area__region=region)
        .select_related("area", "responsible_authority")
        .order_by("area__name", "term")
    )


REGION_RATINGS = (Rating.GREEN, Rating.AMBER, Rating.RED)


@dataclass(frozen=True)
class RegionRow:
    agreement_id: int
    title: str
    area_name: str
    area_code: str
    status_label: str
    counts: dict[tuple[str, str], int]  # (theme, rating) → targets at that rating
    other: dict[str, int]  # theme → targets not rated green, amber or red
    overdue: int  # periods past their due date without a figure, over every target

    @property
    def cells(self) -> list[int]:
        """Per theme: green, amber, red and other, in the order of the table's columns."""
        return [
            n
            for theme in LaaTheme
            for n in (
                *(self.counts.get((theme.value, r.value), 0) for r in REGION_RATINGS),
                self.other.get(theme.value, 0),
            )
        ]


@dataclass(frozen=True)
class RegionSummary:
    rows: list[RegionRow]
    themes: list[LaaTheme]
    ratings: tuple[Rating, ...]
    as_at: datetime.date


def region_summary(region: Area, user, *, today: datetime.date | None = None) -> RegionSummary:
    """Every agreement of the region the user may see, with the effective RAG rating of
    each active target at its latest period counted by theme (from the monitoring
    engine's stored assessments and the Government Office's overrides), and its overdue
    returns. Four queries, whatever the number of agreements."""
    today = today or as_at_today()
    agreements = list(region_agreements(region, user))
    targets = list(
        Target.objects.filter(
            agreement_id__in=[a.pk for a in agreements], status=TargetStatus.ACTIVE
        ).values_list("pk", "agreement_id", "theme")
    )
    latest = latest_ratings([t[0] for t in targets], today)
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    other: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[int, int] = defaultdict(int)
    for target_id, agreement_id, theme in targets:
        rating, late = latest.get(target_id, (None, 0))
        overdue[agreement_id] += late
        if rating in REGION_RATINGS:
            counts[agreement_id][(theme, rating.value)] += 1
        else:
            other[agreement_id][theme] += 1
    rows = [
        RegionRow(
            agreement_id=a.pk,
            title=a.title,
            area_name=a.area.name,
            area_code=a.area.code,
            status_label=a.get_status_display(),
            counts=dict(counts[a.pk]),
            other=dict(other[a.pk]),
            overdue=overdue[a.pk],
        )
        for a in agreements
    ]
    return RegionSummary(rows=rows, themes=list(LaaTheme), ratings=REGION_RATINGS, as_at=today)


def latest_ratings(
    target_ids: Sequence[int], today: datetime.date
) -> dict[int, tuple[Rating, int]]:
    """Each target's effective rating at its latest period judged (the latest with a
    figure or past its due date, as the monitoring dashboard shows it), and how many of
    its periods are overdue. Two queries.

    The ratings are the monitoring engine's: ``monitoring.selectors.current_rating`` on
    the stored assessment, replaced by the latest Government Office override."""
    overrides: dict[tuple[int, int], str] = {}
    for target_id, period_id, rating in (
        RatingOverride.objects.filter(target_id__in=list(target_ids))
        .order_by("overridden_at", "id")
        .values_list("target_id", "period_id", "rating")
    ):
        overrides[(target_id, period_id)] = rating  # later rows replace earlier ones
    result: dict[int, tuple[Rating, int]] = {}
    late: dict[int, int] = defaultdict(int)
    rows = (
        MonitoringAssessment.objects.filter(target_id__in=list(target_ids))
        .select_related("period")
        .order_by("target_id", "period__end", "-period__start")
    )
    for row in rows:
        computed = current_rating(row, today)
        if computed is Rating.OVERDUE:
            late[row.target_id] += 1
        if row.actual is not None or row.due_on < today or row.target_id not in result:
            override = overrides.get((row.target_id, row.period_id))
            result[row.target_id] = (Rating(override) if override else computed, 0)
    return {tid: (rating, late[tid]) for tid, (rating, _) in result.items()}
