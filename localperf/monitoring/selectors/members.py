"""A Multi Area Agreement target's figure, member by member (rule X2): each member's
figure for each period with its numerator and denominator, and the MAA's figure combined
from them as the monitoring engine combines them (``calculations.rates.members_combined``)
or, when it cannot be, why not in words. The target's progress page shows it, so that a
reader sees where the MAA's figure comes from, or what it waits for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from localperf.agreements.models import Target
from localperf.calculations.measures import Accumulation
from localperf.calculations.rates import members_combined, rate_scale
from localperf.observations.models import Observation, ObservationStatus
from localperf.places.models import Area, PopulationGroup


@dataclass(frozen=True)
class MemberFigure:
    """One member's figure for a period; ``withheld``: a provisional figure the reader
    may not see yet (it still counts in the combined figure, as in the status)."""

    area: Area
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    provisional: bool = False
    withheld: bool = False


@dataclass(frozen=True)
class MembersPeriod:
    period_label: str
    start: datetime.date
    figures: list[MemberFigure]
    combined: float | None
    numerators: float | None
    denominators: float | None
    reason: str  # why there is no combined figure; empty when there is one


def maa_member_areas(target: Target) -> list[Area]:
    """The members whose figures make the target's own figure: those it is set for,
    else every member of the MAA (rule X2)."""
    scope = list(target.scope_areas.order_by("name"))
    return scope or list(target.agreement.area.members.order_by("name"))


def maa_member_figures(
    target: Target,
    *,
    provisional_areas: frozenset[int] | None = None,
    released_only: bool = False,
) -> list[MembersPeriod]:
    """Every period with a member's figure for an MAA's own target, oldest first; empty
    for an LAA's target (a carried one included: its figure is its LAA's) or one set for
    population groups. ``provisional_areas``: as ``rights.provisional_areas_for``.
    ``released_only``: the public site's answer, combined from released figures alone,
    so that neither the figure nor the reason tells of an unreleased one (rule M2)."""
    if not target.agreement.is_multi_area or target.scope_groups.exists():
        return []
    measure = target.measure or target.indicator.measures.filter(part="").first()
    if measure is None:
        return []
    areas = maa_member_areas(target)
    figures = (
        Observation.objects.current()
        .filter(
            measure=measure,
            area__in=areas,
            population_group=PopulationGroup.objects.whole_population(),
        )
        .select_related("period", "area")
        .order_by("period__start", "period__end")
    )
    if released_only:
        figures = figures.public()
    visible = set(
        figures.visible_in(provisional_areas).values_list("pk", flat=True)
        if provisional_areas is not None
        else ()
    )
    by_period: dict[int, list[Observation]] = defaultdict(list)
    for figure in figures:
        by_period[figure.period_id].append(figure)
    scale = rate_scale(measure.effective_unit)
    cumulative = measure.accumulation == Accumulation.CUMULATIVE.value
    result = []
    for parts in by_period.values():
        found = {p.area_id: p for p in parts}
        combined, reason = members_combined(
            {p.area.name: (p.value, p.numerator, p.denominator) for p in parts},
            [a.name for a in areas],
            scale,
            cumulative=cumulative,
        )
        # Σ numerators and Σ denominators, shown beside a figure combined from them.
        summed = (
            combined is not None
            and len(areas) > 1
            and all(p.numerator is not None and p.denominator for p in parts)
        )
        result.append(
            MembersPeriod(
                period_label=parts[0].period.label,
                start=parts[0].period.start,
                figures=[_member(a, found.get(a.pk), provisional_areas, visible) for a in areas],
                combined=combined,
                numerators=sum(p.numerator for p in parts) if summed else None,
                denominators=sum(p.denominator for p in parts) if summed else None,
                reason=reason,
            )
        )
    return result


def _member(
    area: Area, figure: Observation | None, provisional_areas, visible: set[int]
) -> MemberFigure:
    if figure is None:
        return MemberFigure(area)
    if provisional_areas is not None and figure.pk not in visible:
        return MemberFigure(area, provisional=True, withheld=True)
    return MemberFigure(
        area,
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        provisional=figure.status == ObservationStatus.PROVISIONAL,
    )
