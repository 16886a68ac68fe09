"""The region view for a Government Office: every LAA of the region with its RAG
counts by theme and its overdue returns."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    Target,
    TargetStatus,
)
from localperf.agreements.selectors import agreement_visibility_q
from localperf.monitoring.calculations.rag import Rating
from localperf.monitoring.models import Assessment as MonitoringAssessment
from localperf.monitoring.models import RatingOverride
from localperf.monitoring.selectors import as_at_today, current_rating
from localperf.places.models import Area


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
