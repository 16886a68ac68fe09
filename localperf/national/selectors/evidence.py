"""Area evidence for assessment (rule M7): every national indicator for one area, and
the inspectors' flags."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from localperf.calculations.direction import Direction
from localperf.calculations.measures import Polarity
from localperf.calculations.national import (
    Comparison,
    Distribution,
    compared_with,
    distribution_of,
    quartile_band,
)
from localperf.indicators.models import (
    DefinitionVersion,
    IndicatorKind,
    IndicatorStatus,
    Measure,
)
from localperf.monitoring.periods import comparable_before
from localperf.national.models import AssessmentFlag, FlagAction
from localperf.national.selectors.common import (
    FIGURE_FIELDS,
    METHODS,
    Figure,
    GroupFigure,
    direction_since,
    england_area_id,
    england_figure,
    figure_from_row,
    measure_accumulation,
    measure_polarity,
    upper_tier_figures_q,
)
from localperf.observations.models import Observation, ReportingPeriod
from localperf.places.models import Area, PopulationGroup

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
    distribution: Distribution | None = None  # every area's figures, for the spine chart


def area_evidence(
    area: Area, *, provisional_areas: frozenset[int] | None = None
) -> list[EvidenceRow]:
    """Every measure of every live national indicator with the area's latest figure,
    its direction of travel, its quartile band in England and in its region for that
    period, and whether it is significantly better or worse than England. Five queries,
    whatever the number of indicators."""
    whole = PopulationGroup.objects.whole_population()
    england_id = england_area_id()
    measures = list(
        Measure.objects.filter(
            indicator__kind=IndicatorKind.NATIONAL, indicator__status=IndicatorStatus.LIVE
        )
        .select_related("indicator")
        .order_by("indicator__number", "part")
    )
    # Provisional figures only of the areas the reader may see them for
    # (``observations.rights.provisional_areas_for``; None: every area).
    visible = Observation.objects.current().visible_in(provisional_areas)
    own = list(
        visible
        .filter(area_id=area.pk, population_group_id=whole.pk)
        .values_list(
            "measure_id", "period_id", "period__label", "period__kind", "period__start",
            "period__end", *FIGURE_FIELDS[1:],
        )
        .order_by()  # the model's ordering would join five tables to sort rows read once
    )  # fmt: skip
    latest: dict[int, tuple] = {}
    by_label: dict[tuple[int, str], Figure] = {}
    for row in own:
        measure_id, period_id, label, kind, start, end = row[:6]
        by_label[(measure_id, label)] = figure_from_row((area.pk, *row[6:]))
        # Latest by the period's end; of two ending together, the longer period.
        key = (end, -start.toordinal())
        if measure_id not in latest or key > latest[measure_id][0]:
            latest[measure_id] = (key, period_id, label, kind, start, end)
    pairs = {(m, v[1]) for m, v in latest.items()}
    everyone: dict[tuple[int, int], list[tuple[int | None, Figure]]] = defaultdict(list)
    england_rows: dict[tuple[int, int], Figure] = {}
    if pairs:
        for row in (
            visible.filter(
                upper_tier_figures_q(england_id),
                population_group_id=whole.pk,
                measure_id__in={m for m, _ in pairs},
                period_id__in={p for _, p in pairs},
            )
            .values_list("measure_id", "period_id", "area__region_id", *FIGURE_FIELDS)
            .order_by()
        ):
            key = (row[0], row[1])
            if key not in pairs:
                continue
            figure = figure_from_row(row[3:])
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
        previous = comparable_before(period, measure_accumulation(measure))
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
                direction=direction_since(figure, earlier, polarity, changed=changed),
                band_england=quartile_band(figure.value, distribution, polarity)
                if polarity and distribution
                else None,
                band_region=quartile_band(figure.value, region_distribution, polarity)
                if polarity and region_distribution
                else None,
                areas_compared=len(others),
                england=england,
                versus_england=compared_with(figure.estimate, england.estimate, polarity),
                distribution=distribution,
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


def area_evidence_page(area: Area, evidence: list[EvidenceRow], *, may_record_flag: bool) -> dict:
    """What the area's evidence page shows: the measures with a figure, those without one,
    the area's flags and the stated methods."""
    return {
        "area": area,
        "evidence": [e for e in evidence if e.figure is not None],
        "without_figures": [e for e in evidence if e.figure is None],
        "flags": area_flags(area),
        "may_record_flag": may_record_flag,
        "methods": METHODS,
    }


def area_flags_page(area: Area, *, may_record_flag: bool, is_government: bool) -> dict:
    """What the area's flags page shows (rule M7)."""
    return {
        "area": area,
        "flags": area_flags(area),
        "may_record_flag": may_record_flag,
        "is_government": is_government,
    }
