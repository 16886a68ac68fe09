"""A target's history (figures recorded and corrected, versions, overrides) and its
overrides alone, for the target page."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from localperf.agreements.models import Target, TargetVersion
from localperf.monitoring.models import RatingOverride
from localperf.monitoring.selectors.records import HistoryEntry, OverrideRecord
from localperf.monitoring.selectors.standing import override_record
from localperf.observations.models import Observation
from localperf.places.models import PopulationGroup


def target_history(
    target: Target, *, provisional_areas: frozenset[int] | None = None
) -> list[HistoryEntry]:
    """Newest first: every figure recorded for the target's scope that the reader may
    see (``provisional_areas``: the areas whose unreleased figures it sees, None for
    every area, as ``observations.rights.provisional_areas_for`` says), with corrections
    (who, when, why, the figure they replaced), every version of the target, and every
    Government Office override. Nine queries at most, whatever its length."""
    entries: list[HistoryEntry] = []
    measure_id = _measure_id(target)
    areas, groups = _scope_cells(target)
    observations = (
        Observation.objects.filter(
            measure_id=measure_id, area_id__in=areas, population_group_id__in=groups
        )
        .visible_in(provisional_areas)
        .select_related("period", "area", "population_group", "recorded_by", "supersedes")
        .order_by("-recorded_at", "-id")
    )
    for o in observations:
        corrected = o.supersedes_id is not None
        where = o.area.name
        if o.population_group.dimension != "all":
            where += f", {o.population_group.label}"
        entries.append(
            HistoryEntry(
                at=o.recorded_at,
                kind="correction" if corrected else "figure",
                summary=(
                    f"{o.period.label} ({where}): {o.value:g}"
                    + (f", was {o.supersedes.value:g}" if corrected else "")
                ),
                who=o.recorded_by.get_full_name() or o.recorded_by.username
                if o.recorded_by
                else "",
                reason=o.correction_reason,
                period_label=o.period.label,
                value=o.value,
                previous_value=o.supersedes.value if corrected else None,
                is_current=o.is_current,
            )
        )
    versions = TargetVersion.objects.filter(target=target).prefetch_related("trajectory_values")
    for v in versions:
        years = ", ".join(
            f"{t.year}: {'to be set' if t.value is None else f'{t.value.normalize():f}'}"
            for t in v.trajectory_values.all()
        )
        until = f" to {v.effective_to:%d %b %Y}" if v.effective_to else ""
        entries.append(
            HistoryEntry(
                at=_as_datetime(v.created_at),
                kind="version",
                summary=f"Version {v.number}, from {v.effective_from:%d %b %Y}{until}: {years}",
                reason=v.reason,
            )
        )
    for o in RatingOverride.objects.filter(target=target).select_related("period"):
        record = override_record(o)
        entries.append(
            HistoryEntry(
                at=o.overridden_at,
                kind="override",
                summary=(
                    f"{o.period.label}: rated {record.rating.label} by the Government Office "
                    f"(computed: {record.computed_rating.label})"
                ),
                who=f"{o.overridden_by_name} ({o.overridden_by_role})",
                reason=o.reason,
                period_label=o.period.label,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def rating_overrides(target: Target) -> list[OverrideRecord]:
    """Every override of the target's ratings, newest first. One query."""
    rows = RatingOverride.objects.filter(target=target).select_related("period")
    return [override_record(o) for o in rows.order_by("-overridden_at", "-id")]


def _measure_id(target: Target) -> int | None:
    if target.measure_id:
        return target.measure_id
    return target.indicator.measures.filter(part="").values_list("id", flat=True).first()


def _scope_cells(target: Target) -> tuple[list[int], list[int]]:
    """The areas and groups whose figures make the target's own figure, plus the whole
    area's (rule A6)."""
    agreement_area = target.agreement.area_id
    areas = [a.pk for a in target.scope_areas.all()] or [
        target.sub_regional_area_id or agreement_area
    ]
    groups = [g.pk for g in target.scope_groups.all()]
    whole = PopulationGroup.objects.filter(Q(dimension="all")).values_list("id", flat=True)
    return sorted({*areas, agreement_area}), sorted({*groups, *whole})


def _as_datetime(value) -> datetime.datetime:
    return value if isinstance(value, datetime.datetime) else timezone.now()
