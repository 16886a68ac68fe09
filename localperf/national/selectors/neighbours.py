"""Nearest neighbours of an area on chosen measures (issue 15 item 3), by the method of
``calculations.neighbours`` (standardised Euclidean distance, as CIPFA's model), over
each measure's latest period with figures and the areas of one tier (rule N1)."""

from __future__ import annotations

from dataclasses import dataclass

from localperf.calculations.neighbours import nearest_neighbours
from localperf.indicators.models import Measure
from localperf.national.selectors.indicator import periods_with_figures
from localperf.observations.models import Observation, ReportingPeriod
from localperf.places.models import Area, PopulationGroup, Tier, tier_q

METHOD = (
    "Only areas with a figure for every chosen measure are compared. Each measure is "
    "standardised over them ((value − mean) ÷ standard deviation), and the distance "
    "between two areas is the Euclidean distance of their standardised values, every "
    "measure weighted alike, as the CIPFA nearest-neighbour model does over its variables. "
    "Each measure's latest period with figures is used."
)


@dataclass(frozen=True)
class Neighbour:
    area: Area
    distance: float
    values: list[float | None]


@dataclass(frozen=True)
class Neighbours:
    area: Area
    tier: Tier
    variables: list[tuple[Measure, ReportingPeriod | None]]
    own: list[float | None]
    rows: list[Neighbour]
    compared: int
    method: str = METHOD


def nearest_areas(
    area: Area,
    measures: list[Measure],
    *,
    count: int = 10,
    tier: Tier = Tier.UPPER,
    provisional_areas: frozenset[int] | None = None,
) -> Neighbours:
    """The ``count`` areas of ``tier`` nearest ``area`` on ``measures``. One query per
    measure (its figures), one for the areas."""
    whole = PopulationGroup.objects.whole_population()
    variables, columns = [], []
    for measure in measures:
        periods = periods_with_figures(measure)
        period = periods[0] if periods else None
        variables.append((measure, period))
        figures = dict(
            Observation.objects.current()
            .visible_in(provisional_areas)
            .filter(
                tier_q(tier, via="area__"),
                measure_id=measure.pk,
                period_id=period.pk if period else None,
                population_group_id=whole.pk,
            )
            .values_list("area_id", "value")
            .order_by()
        )
        columns.append(figures)
    ids = set().union(*columns) | {area.pk} if columns else {area.pk}
    values = {i: [column.get(i) for column in columns] for i in ids}
    nearest = nearest_neighbours(values, area.pk, count)
    areas = Area.objects.in_bulk([i for i, _ in nearest])
    return Neighbours(
        area=area,
        tier=tier,
        variables=variables,
        own=values[area.pk],
        rows=[Neighbour(areas[i], d, values[i]) for i, d in nearest],
        compared=sum(1 for vs in values.values() if None not in vs),
    )
