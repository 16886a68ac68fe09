"""Changing monitoring results: recomputing statuses, and recording a Government
Office's override of a rating.

A recompute reads (``monitoring.inputs``, one query per table, with the figures from
``monitoring.figures``), judges (``monitoring.engine``, Polars, no database) and writes
(``monitoring.writing``, in bulk, replacing the targets' previous assessments in one
transaction), all under one lock: one recompute at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet

from localperf.agreements.models import Target, TargetStatus
from localperf.calculations.periods import PeriodError, period_parse
from localperf.calculations.rag import DEFAULT_RAG_RULES, PERFORMANCE_RATINGS, RagRule, Rating
from localperf.indicators.models import Measure
from localperf.monitoring import engine
from localperf.monitoring.inputs import inputs_read
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.monitoring.permissions import may_override_rating
from localperf.monitoring.selectors import as_at_today, current_rating
from localperf.monitoring.writing import assessments_write, recompute_locked
from localperf.observations.models import ReportingPeriod
from localperf.web import clock


@dataclass(frozen=True)
class RecomputeSummary:
    targets: int
    assessments: int


def assessments_recompute(
    *,
    targets: QuerySet[Target] | Iterable[int | Target] | None = None,
    today: datetime.date | None = None,
    rules: Sequence[RagRule] = DEFAULT_RAG_RULES,
) -> RecomputeSummary:
    """Recompute the statuses of every active target (or of ``targets``: a queryset, or
    targets or ids) for every period judged, as at ``today`` (default
    ``selectors.as_at_today()``), replacing their stored assessments."""
    today = today or as_at_today()
    ids = _target_ids(targets)
    with recompute_locked():
        inputs = inputs_read(ids)
        frame = engine.assessments_finish(
            inputs.prepared, cells=inputs.cells, breaks=inputs.breaks, today=today, rules=rules
        )
        assessments_write(frame, target_ids=inputs.target_ids, everything=ids is None)
    return RecomputeSummary(targets=len(inputs.target_ids), assessments=frame.height)


def _target_ids(targets) -> list[int] | None:
    if targets is None:
        return None
    if isinstance(targets, QuerySet):
        return list(targets.values_list("pk", flat=True))
    return sorted({t if isinstance(t, int) else t.pk for t in targets})


def targets_affected(*, measure_ids: Sequence[int], area_ids: Sequence[int] = ()) -> list[int]:
    """Active targets whose own or whole-area figure comes from these measures and areas
    (any area when none are given)."""
    whole_measures = Measure.objects.filter(pk__in=measure_ids, part="").values("indicator_id")
    on_measure = Q(measure_id__in=measure_ids) | Q(
        measure__isnull=True, indicator_id__in=whole_measures
    )
    targets = Target.objects.filter(on_measure, status=TargetStatus.ACTIVE)
    if area_ids:
        targets = targets.filter(
            Q(agreement__area_id__in=area_ids)
            | Q(sub_regional_area_id__in=area_ids)
            | Q(scope_areas__in=area_ids)
        )
    return sorted(set(targets.values_list("id", flat=True)))


def rating_override_record(
    *, user, target: Target, period: ReportingPeriod | str, rating: str, reason: str
) -> RatingOverride:
    """A Government Office's rating of a target for a period, replacing the computed
    one for display; both are kept, and every earlier override too (rule M1)."""
    if not may_override_rating(user, target):
        raise PermissionDenied(
            "Only the Government Office for this agreement's region (its locality manager "
            "or Regional Director) or an administrator can override a rating."
        )
    if isinstance(period, str):
        period = ReportingPeriod.objects.filter(label=_canonical(period)).first()
    errors: dict[str, list[str]] = {}
    allowed = [r for r in Rating if r in PERFORMANCE_RATINGS]
    if rating not in {r.value for r in allowed}:
        words = ", ".join(r.label.lower() for r in allowed)
        errors["rating"] = [f"Choose a rating: {words}."]
    if not reason.strip():
        errors["reason"] = ["Say why the rating is overridden."]
    assessment = (
        Assessment.objects.filter(target=target, period=period).select_related("period").first()
        if period is not None
        else None
    )
    if assessment is None:
        errors["period"] = [
            f"{target.measure_code} has no assessment for that period: choose one of the "
            "periods shown for it."
        ]
    if errors:
        raise ValidationError(errors)
    today = as_at_today()
    role = user.get_role_display() if getattr(user, "role", "") else "Administrator"
    return RatingOverride.objects.create(
        target=target,
        period=period,
        rating=rating,
        computed_rating=current_rating(assessment, today).value,
        reason=reason.strip(),
        overridden_by=user,
        overridden_by_name=user.get_full_name() or user.username,
        overridden_by_role=role,
        overridden_at=clock.now(),
    )


def _canonical(label: str) -> str:
    try:
        return period_parse(label).label
    except PeriodError:
        return label
