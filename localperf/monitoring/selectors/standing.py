"""A target's stored answer, as every screen reads it: the engine's assessments
(``Assessment``) with the statuses that depend on the day alone judged on ``today``,
each replaced for display by the latest Government Office override, and the period a
target's standing is read at. The dashboard, the target page, the six-monthly report,
the region view, the public site and the API all come through ``series_of`` and
``latest_point``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from localperf.calculations.direction import Direction
from localperf.calculations.rag import Rating, target_status
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.monitoring.selectors.records import OverrideRecord, SeriesPoint
from localperf.web import clock


def as_at_today() -> datetime.date:
    """The day statuses are judged on: the site's one clock (``web.clock.today``)."""
    return clock.today()


class _StoredAssessment(NamedTuple):
    """An ``Assessment`` row as the screens read it: plain values, no model instance
    (a dashboard reads hundreds of them per request)."""

    target_id: int
    period_id: int
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    is_placeholder: bool
    profile: float | None
    actual: float | None
    ci_lower: float | None
    ci_upper: float | None
    variance: float | None
    rating: str
    later_figure: bool
    direction: str
    version_number: int | None
    whole_area_actual: float | None
    projected_outturn: float | None
    likely_to_meet: bool | None


# The database columns behind ``_StoredAssessment``'s fields, in order.
_PERIOD_COLUMNS = {
    "period_label": "period__label",
    "period_start": "period__start",
    "period_end": "period__end",
}
_STORED_COLUMNS = [_PERIOD_COLUMNS.get(name, name) for name in _StoredAssessment._fields]


def _assessments(target_ids: list[int]) -> list[_StoredAssessment]:
    rows = (
        Assessment.objects.filter(target_id__in=target_ids)
        .order_by("target_id", "period__end", "-period__start")
        .values_list(*_STORED_COLUMNS)
    )
    return [_StoredAssessment._make(row) for row in rows]


def latest_overrides(target_ids: list[int]) -> dict[tuple[int, int], RatingOverride]:
    latest: dict[tuple[int, int], RatingOverride] = {}
    rows = (
        RatingOverride.objects.filter(target_id__in=target_ids)
        .select_related("period")
        .order_by("overridden_at", "id")
    )
    for row in rows:
        latest[(row.target_id, row.period_id)] = row  # later rows replace earlier ones
    return latest


def override_record(row: RatingOverride) -> OverrideRecord:
    return OverrideRecord(
        rating=Rating(row.rating),
        computed_rating=Rating(row.computed_rating),
        reason=row.reason,
        by=row.overridden_by_name,
        by_role=row.overridden_by_role,
        at=row.overridden_at,
        period_label=row.period.label,
    )


def current_rating(row: Assessment, today: datetime.date) -> Rating:
    """The stored rating, with the day-dependent statuses judged on ``today``."""
    return _rating_on(row, row.period.end, today)


def _rating_on(
    row: Assessment | _StoredAssessment, period_end: datetime.date, today: datetime.date
) -> Rating:
    if row.actual is not None or row.is_placeholder:
        return Rating(row.rating)
    return target_status(
        is_placeholder=False,
        profile=row.profile,
        actual=None,
        polarity=None,
        today=today,
        due_date=None if row.later_figure else row.due_on,
        period_end=period_end,
    )


def _point(
    row: _StoredAssessment, override: RatingOverride | None, today: datetime.date
) -> SeriesPoint:
    computed = _rating_on(row, row.period_end, today)
    record = override_record(override) if override is not None else None
    return SeriesPoint(
        period_id=row.period_id,
        period_label=row.period_label,
        period_start=row.period_start,
        period_end=row.period_end,
        due_on=row.due_on,
        profile=row.profile,
        actual=row.actual,
        ci_lower=row.ci_lower,
        ci_upper=row.ci_upper,
        variance=row.variance,
        computed_rating=computed,
        override=record,
        rating=record.rating if record else computed,
        direction=Direction(row.direction),
        version_number=row.version_number,
        whole_area_actual=row.whole_area_actual,
        projected_outturn=row.projected_outturn,
        likely_to_meet=row.likely_to_meet,
    )


def series_of(
    target_ids: Sequence[int], today: datetime.date
) -> dict[int, tuple[SeriesPoint, ...]]:
    """Every assessed period of each target, oldest first, with the effective rating as
    at ``today``. Two queries."""
    ids = list(target_ids)
    overrides = latest_overrides(ids)
    series: dict[int, list[SeriesPoint]] = defaultdict(list)
    for row in _assessments(ids):
        series[row.target_id].append(
            _point(row, overrides.get((row.target_id, row.period_id)), today)
        )
    return {target_id: tuple(points) for target_id, points in series.items()}


def latest_point(points: Sequence[SeriesPoint], today: datetime.date) -> SeriesPoint | None:
    """The period a target's standing is read at: the latest with a figure or past its
    due date (so an overdue return shows as overdue); before any is due, the first
    scheduled. Every screen that shows "the latest" status asks here."""
    judged = [p for p in points if p.actual is not None or p.due_on < today]
    if judged:
        return judged[-1]
    return points[0] if points else None


@dataclass(frozen=True)
class Standing:
    """A target's latest period (see ``latest_point``), as at a day. How many of its
    figures are overdue is not counted here but by ``observations.figures_due``, the one
    answer every page gives (rule M1)."""

    latest: SeriesPoint | None

    @property
    def rating(self) -> Rating:
        return self.latest.rating if self.latest else Rating.NOT_RATED


def standing_of(points: Sequence[SeriesPoint], today: datetime.date) -> Standing:
    """A target's standing from its series (see ``series_of``)."""
    return Standing(latest=latest_point(points, today))


def standings(target_ids: Sequence[int], today: datetime.date) -> dict[int, Standing]:
    """Each target's standing: its effective rating at its latest period (the region
    view's counts). Two queries."""
    return {
        target_id: standing_of(points, today)
        for target_id, points in series_of(target_ids, today).items()
    }


@dataclass(frozen=True)
class RatingCount:
    """How many targets hold a status."""

    rating: Rating
    count: int


def rating_counts(ratings: Iterable[Rating]) -> list[RatingCount]:
    """Every status held, in the order ``Rating`` lists them, with how many targets hold
    it: the one count of the dashboard's summary and the agreement page's.

    >>> [(c.rating.value, c.count) for c in rating_counts([Rating.RED, Rating.GREEN, Rating.RED])]
    [('green', 1), ('red', 2)]
    """
    counts = Counter(ratings)
    return [RatingCount(rating, counts[rating]) for rating in Rating if counts[rating]]
