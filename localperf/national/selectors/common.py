"""The pieces every screen of the national picture shares: which agreements count,
the stated methods, an area's figure and a combined (England or group) figure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q

from localperf.agreements.models import (
    PUBLISHED_STATUSES,
    AgreementStatus,
    TargetCategory,
)
from localperf.calculations.direction import Direction, direction_of_travel
from localperf.calculations.estimates import Estimate
from localperf.calculations.measures import Accumulation, Polarity
from localperf.calculations.rates import combined_rate, proportion_estimate, rate_scale
from localperf.indicators.models import (
    Measure,
)
from localperf.monitoring.periods import comparable_before
from localperf.observations.models import ObservationStatus, ReportingPeriod
from localperf.places.models import Area, Tier, tier_q

COUNTED_STATUSES = frozenset(PUBLISHED_STATUSES)
COUNTED_STATUSES_TEXT = " and ".join(
    AgreementStatus(s).label.lower() for s in sorted(COUNTED_STATUSES)
)
FEW_AGREEMENTS = 5  # the NIS review's question: indicators chosen by five or fewer LAAs
ENGLAND_GSS_CODE = "E92000001"
WHOLE_AREA_SCOPE_SUFFIX = "|a|g|s"  # see agreements.rules_of_agreement.scope_key
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
        "not overlap (rules M5, D7); a figure without an interval is its own point. "
        "Where a measure is neither better higher nor better lower, only significantly "
        "higher or lower."
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
        "England: the England figure (area E92000001) when one has been recorded for the "
        "period; otherwise the combined rate of every area of the tier shown with a "
        "figure, and the page says which."
    ),
    "tiers": (
        "Areas are compared within one tier, never across: the upper tier (counties and "
        "unitary authorities, the areas of LAAs) or the lower tier (districts, metropolitan "
        "districts, unitary authorities and London boroughs). Single-tier councils are in "
        "both; a district is never ranked among counties, nor a county among districts. "
        "Ranks read “n of N”, N being the areas of the tier (or region) with a figure."
    ),
}


# --- shared pieces ---------------------------------------------------------------------


def measure_polarity(measure: Measure) -> Polarity | None:
    return Polarity.from_code(measure.polarity or measure.indicator.polarity)


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


class Figure(NamedTuple):
    """One area's current figure for one measure and period. A named tuple, not a
    dataclass: an area profile makes one per area and measure (tens of thousands),
    and a frozen dataclass costs several times as much to make."""

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


def figure_from_row(row: Sequence) -> Figure:
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


ENGLAND_FIGURE = "England figure"
ENGLAND_COMBINED = "Combined rate of the areas shown"


@dataclass(frozen=True)
class GroupFigure:
    """A combined figure: England, or a comparator group. For England, ``label`` says
    which it is: the England figure recorded for the period, or the combined rate of the
    areas shown when none is recorded."""

    name: str
    estimate: Estimate | None
    source: str
    members: int = 0
    with_figures: int = 0
    label: str = ""
    provisional: bool = False

    @property
    def is_england_figure(self) -> bool:
        return self.label == ENGLAND_FIGURE


def combined_figure(
    name: str, figures: Iterable[Figure], unit: str, *, members: int | None = None
) -> GroupFigure:
    """The combined rate of the figures from their numerators and denominators (never an
    average of rates); for a percentage, with Wilson's interval."""
    figures = list(figures)
    members = len(figures) if members is None else members
    per = rate_scale(unit)
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


def england_area_id() -> int | None:
    return Area.objects.filter(gss_code=ENGLAND_GSS_CODE).values_list("pk", flat=True).first()


def england_figure(
    figures: Sequence[Figure], england: Figure | None, unit: str, tier: Tier = Tier.UPPER
) -> GroupFigure:
    """England's own figure for the period (area E92000001) when one is recorded;
    otherwise the combined rate of the areas' figures (of ``tier``), labelled as such."""
    if england is not None:
        return GroupFigure(
            "England",
            england.estimate,
            "The figure recorded for England (E92000001) for the period.",
            label=ENGLAND_FIGURE,
            provisional=england.provisional,
        )
    combined = combined_figure("England", figures, unit)
    return GroupFigure(
        "England",
        combined.estimate,
        "No figure is recorded for England for the period. "
        + combined.source.replace("areas", f"{tier.short} areas", 1),
        combined.members,
        combined.with_figures,
        label=ENGLAND_COMBINED,
    )


def direction_since(
    figure: Figure, earlier: Figure | None, polarity: Polarity | None, *, changed: bool
) -> Direction:
    """An area's direction of travel from its previous comparable figure (rule M5: only
    a move beyond the confidence intervals counts)."""
    return direction_of_travel(
        figure.estimate,
        earlier.estimate if earlier else None,
        polarity,
        definition_changed=changed,
    )


def measure_accumulation(measure: Measure) -> Accumulation:
    """A level (snapshot) or a running total through the year (cumulative), as staff set
    it on the measure: the engine judges the measure by the same."""
    return Accumulation(measure.accumulation or Accumulation.SNAPSHOT)


def previous_comparable_period(period: ReportingPeriod, measure: Measure) -> ReportingPeriod | None:
    """The period a figure of ``measure`` for ``period`` is compared with for direction
    of travel: the monitoring engine's choice (``monitoring.periods.comparable_before``),
    so the national picture and the dashboard compare the same two figures."""
    previous = comparable_before(period.period, measure_accumulation(measure))
    if previous is None:
        return None
    return ReportingPeriod.objects.filter(label=previous.label).first()


def upper_tier_figures_q(england_id: int | None) -> Q:
    q = Q(area__upper_tier=True)
    return q | Q(area_id=england_id) if england_id else q


def tier_figures_q(tier: Tier, england_id: int | None) -> Q:
    """Figures of the areas of ``tier`` (rule N1: one tier at a time), and England's."""
    q = tier_q(tier, via="area__")
    return q | Q(area_id=england_id) if england_id else q
