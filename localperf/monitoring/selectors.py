"""Reading monitoring results: the interface for the screens and the reports.

Everything here reads the stored assessments (``Assessment``, kept current by
``services.assessments_recompute``) and the Government Office's overrides
(``RatingOverride``); nothing is computed from raw observations at read time except
the statuses that depend on the day alone: a period with no figure is *not yet due*
until its due date and *overdue* after it (*missing* once a later figure exists), judged
on ``today`` (default ``as_at_today()``), so a page is current without a recompute.

The *effective* rating of a target for a period is the latest override's rating when
there is one, otherwise the computed rating; both are always returned.

Each function runs a fixed, small number of queries, whatever the number of targets
(asserted in ``tests/monitoring/test_monitoring_selectors.py``). Permissions are the
caller's business: check ``agreements.view_agreement`` / ``agreements.view_target``
before calling, as these functions return everything they are asked for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    Outcome,
    Target,
    TargetPartner,
    TargetStatus,
    TargetVersion,
)
from localperf.calculations.direction import Direction
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import PeriodError, period_parse, previous_comparable
from localperf.calculations.rag import Rating, target_status
from localperf.indicators.models import Measure
from localperf.monitoring.models import Assessment, RatingOverride
from localperf.observations.models import Observation
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup

PROJECTION_METHOD = (
    "Straight line (least squares) through the baseline and every figure since the "
    "baseline period, up to this period, read at the end of the agreement."
)
# Better first: a fall in this order is a dip.
RATING_ORDER = {Rating.GREEN: 2, Rating.AMBER: 1, Rating.RED: 0}
MAX_REPORT_PERIODS = 4


def as_at_today() -> datetime.date:
    """The day statuses are judged on: ``settings.LOCALPERF_AS_AT`` when set (to show
    the demonstration data as during the agreements), else today."""
    configured = getattr(settings, "LOCALPERF_AS_AT", "")
    if configured:
        return (
            configured
            if isinstance(configured, datetime.date)
            else datetime.date.fromisoformat(str(configured))
        )
    return timezone.localdate()


# --- what the selectors return ---------------------------------------------------------


@dataclass(frozen=True)
class OverrideRecord:
    """A Government Office override of a computed rating (who, when, why)."""

    rating: Rating
    computed_rating: Rating
    reason: str
    by: str
    by_role: str
    at: datetime.datetime
    period_label: str


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a target: for its chart, its data table and its history."""

    period_id: int
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    profile: float | None
    actual: float | None
    ci_lower: float | None
    ci_upper: float | None
    variance: float | None
    computed_rating: Rating
    override: OverrideRecord | None
    rating: Rating  # effective: the override's, else the computed one
    direction: Direction
    version_number: int | None
    whole_area_actual: float | None
    projected_outturn: float | None
    likely_to_meet: bool | None


@dataclass(frozen=True)
class TargetProgress:
    """A target's standing at its latest period assessed: the dashboard's row.

    ``period`` is the latest period that has a figure or whose figure is past due (so
    an overdue return shows as overdue); before any is due, the first scheduled period.
    ``series`` holds every period, oldest first, for the small chart.
    """

    target: Target
    theme: LaaTheme
    outcome: Outcome | None
    partners: tuple[Organisation, ...]
    coordinating_partner: Organisation | None
    related_psa: str
    measure_code: str
    title: str
    unit: str
    polarity: str  # "higher", "lower" or "" (not simply either)
    scope_areas: tuple[Area, ...]
    scope_groups: tuple[PopulationGroup, ...]
    period: SeriesPoint | None
    # The period ``period`` is compared with (``previous_comparable``: for a year-to-date
    # measure the same point of the previous year), when it has a figure.
    previous: SeriesPoint | None
    series: tuple[SeriesPoint, ...]
    projection_method: str = PROJECTION_METHOD
    accumulation: Accumulation = Accumulation.SNAPSHOT

    @property
    def is_year_to_date(self) -> bool:
        """Its part-year figures are running totals since April (a cumulative measure)."""
        return self.accumulation is Accumulation.CUMULATIVE

    # The latest period's figures, flattened for templates.
    @property
    def period_label(self) -> str:
        return self.period.period_label if self.period else ""

    @property
    def profile(self) -> float | None:
        return self.period.profile if self.period else None

    @property
    def actual(self) -> float | None:
        return self.period.actual if self.period else None

    @property
    def ci_lower(self) -> float | None:
        return self.period.ci_lower if self.period else None

    @property
    def ci_upper(self) -> float | None:
        return self.period.ci_upper if self.period else None

    @property
    def variance(self) -> float | None:
        return self.period.variance if self.period else None

    @property
    def computed_rating(self) -> Rating:
        return self.period.computed_rating if self.period else Rating.NOT_RATED

    @property
    def override(self) -> OverrideRecord | None:
        return self.period.override if self.period else None

    @property
    def rating(self) -> Rating:
        return self.period.rating if self.period else Rating.NOT_RATED

    @property
    def direction(self) -> Direction:
        return self.period.direction if self.period else Direction.NOT_COMPARABLE

    @property
    def projected_outturn(self) -> float | None:
        return self.period.projected_outturn if self.period else None

    @property
    def likely_to_meet(self) -> bool | None:
        return self.period.likely_to_meet if self.period else None

    @property
    def whole_area_actual(self) -> float | None:
        return self.period.whole_area_actual if self.period else None

    @property
    def reports_whole_area(self) -> bool:
        """Rule A6: a target for smaller areas or groups shows the whole area's figure."""
        return self.target.also_reports_whole_area

    @property
    def previous_rating(self) -> Rating | None:
        return self.previous.rating if self.previous else None

    @property
    def worsened(self) -> bool:
        """A dip: worse than the previous comparable figure (the stored direction of
        travel), or a lower RAG rating than that period's: like with like, so a
        year-to-date figure is set against the same point of the previous year, never
        against the quarter before (a running total that simply grew)."""
        if self.direction is Direction.WORSENING:
            return True
        before, now = self.previous_rating, self.rating
        return (
            before in RATING_ORDER
            and now in RATING_ORDER
            and RATING_ORDER[now] < RATING_ORDER[before]
        )


@dataclass(frozen=True)
class ProgressFilters:
    """Dashboard filters; blank or None means "any"."""

    theme: str = ""
    outcome_id: int | None = None
    partner_id: int | None = None  # an organisation signed up to the target
    status: str = ""  # an effective rating value, e.g. "red", "overdue"

    def keeps(self, progress: TargetProgress) -> bool:
        target = progress.target
        if self.theme and target.theme != self.theme:
            return False
        if self.outcome_id and target.outcome_id != self.outcome_id:
            return False
        if self.partner_id and all(p.pk != self.partner_id for p in progress.partners):
            return False
        return not self.status or progress.rating == self.status


@dataclass(frozen=True)
class ProformaCell:
    """Rule M1: one period of the six-monthly report's row for a target."""

    period_label: str
    profile: float | None
    actual: float | None
    variance: float | None
    rating: Rating
    computed_rating: Rating
    override: OverrideRecord | None


@dataclass(frozen=True)
class ProformaRow:
    """A target in the six-monthly report: a cell per period asked for (None where the
    target has no assessment for that period, e.g. an annual indicator at a half year)."""

    progress: TargetProgress
    cells: tuple[ProformaCell | None, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One event in a target's history: a figure recorded or corrected, a target
    version, or a rating override. ``kind`` is "figure", "correction", "version" or
    "override"."""

    at: datetime.datetime
    kind: str
    summary: str
    who: str = ""
    reason: str = ""
    period_label: str = ""
    value: float | None = None
    previous_value: float | None = None
    is_current: bool = True


# --- the selectors ---------------------------------------------------------------------


def agreement_progress(
    agreement: Agreement,
    *,
    today: datetime.date | None = None,
    filters: ProgressFilters | None = None,
) -> list[TargetProgress]:
    """Every active target of the agreement with its latest status, in the agreement's
    target order, filtered by theme, outcome, partner and effective rating. Six queries."""
    today = today or as_at_today()
    targets = list(_targets().filter(agreement=agreement, status=TargetStatus.ACTIVE))
    progress = _progress_for(targets, today)
    if filters is not None:
        progress = [p for p in progress if filters.keeps(p)]
    return progress


def target_progress(target: Target, *, today: datetime.date | None = None) -> TargetProgress:
    """One target's standing and series (the target page's summary). Six queries."""
    targets = list(_targets().filter(pk=target.pk))
    return _progress_for(targets, today or as_at_today())[0]


def target_series(target: Target, *, today: datetime.date | None = None) -> list[SeriesPoint]:
    """Every period assessed for the target, oldest first: profile, actual, confidence
    interval, variance, computed and effective rating, the version used. Two queries."""
    today = today or as_at_today()
    rows = _assessments([target.pk])
    overrides = _latest_overrides([target.pk])
    return [_point(row, overrides.get((row.target_id, row.period_id)), today) for row in rows]


def dips(progress: Iterable[TargetProgress]) -> list[TargetProgress]:
    """Targets that worsened since the last comparable period (rule M2: spot dips): the
    stored direction is worsening, or the RAG rating is lower than that period's
    (``TargetProgress.worsened``)."""
    return [p for p in progress if p.worsened]


def progress_for_period(
    agreement: Agreement,
    period_labels: Sequence[str],
    *,
    today: datetime.date | None = None,
) -> list[ProformaRow]:
    """Rule M1: for every active target, up to four periods of profile, actual, %
    variance and risk rating (the six-monthly report's columns). Six queries."""
    labels = list(period_labels)[:MAX_REPORT_PERIODS]
    rows = []
    for progress in agreement_progress(agreement, today=today):
        by_label = {point.period_label: point for point in progress.series}
        cells = tuple(_cell(by_label.get(label)) for label in labels)
        rows.append(ProformaRow(progress=progress, cells=cells))
    return rows


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
        record = _override_record(o)
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
    return [_override_record(o) for o in rows.order_by("-overridden_at", "-id")]


# --- helpers ---------------------------------------------------------------------------


def _targets():
    # The measure judged: the target's own, else its indicator's whole measure (as the
    # recompute reads it); its accumulation, without a query more.
    whole = Measure.objects.filter(indicator=OuterRef("indicator_id"), part="")
    return (
        Target.objects.select_related(
            "indicator", "measure", "measure__indicator", "outcome", "agreement"
        )
        .annotate(whole_accumulation=Subquery(whole.values("accumulation")[:1]))
        .prefetch_related(
            "scope_areas",
            "scope_groups",
            Prefetch(
                "partners",
                queryset=TargetPartner.objects.select_related("organisation").order_by(
                    "-is_coordinating", "organisation__name"
                ),
            ),
        )
    )


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


def _latest_overrides(target_ids: list[int]) -> dict[tuple[int, int], RatingOverride]:
    latest: dict[tuple[int, int], RatingOverride] = {}
    rows = (
        RatingOverride.objects.filter(target_id__in=target_ids)
        .select_related("period")
        .order_by("overridden_at", "id")
    )
    for row in rows:
        latest[(row.target_id, row.period_id)] = row  # later rows replace earlier ones
    return latest


def _override_record(row: RatingOverride) -> OverrideRecord:
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
    record = _override_record(override) if override is not None else None
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


def _progress_for(targets: list[Target], today: datetime.date) -> list[TargetProgress]:
    ids = [t.pk for t in targets]
    overrides = _latest_overrides(ids)
    series: dict[int, list[SeriesPoint]] = defaultdict(list)
    for row in _assessments(ids):
        series[row.target_id].append(
            _point(row, overrides.get((row.target_id, row.period_id)), today)
        )
    return [_progress(t, tuple(series.get(t.pk, ())), today) for t in targets]


def _latest(points: tuple[SeriesPoint, ...], today: datetime.date) -> SeriesPoint | None:
    judged = [p for p in points if p.actual is not None or p.due_on < today]
    if judged:
        return judged[-1]
    return points[0] if points else None


def _progress(target: Target, points: tuple[SeriesPoint, ...], today) -> TargetProgress:
    latest = _latest(points, today)
    measure = target.measure
    accumulation = _accumulation(measure.accumulation if measure else target.whole_accumulation)
    previous = _compared_with(latest, points, accumulation)
    partners = tuple(p.organisation for p in target.partners.all())
    coordinating = next((p.organisation for p in target.partners.all() if p.is_coordinating), None)
    indicator = target.indicator
    return TargetProgress(
        target=target,
        theme=LaaTheme(target.theme),
        outcome=target.outcome,
        partners=partners,
        coordinating_partner=coordinating,
        related_psa=target.related_psa,
        measure_code=target.measure_code,
        title=target.title or (measure.title if measure else indicator.title),
        unit=(measure.effective_unit if measure else indicator.unit),
        polarity=(measure.effective_polarity if measure else indicator.polarity),
        scope_areas=tuple(target.scope_areas.all()),
        scope_groups=tuple(target.scope_groups.all()),
        period=latest,
        previous=previous,
        series=points,
        accumulation=accumulation,
    )


def _accumulation(code: str | None) -> Accumulation:
    return Accumulation(code) if code else Accumulation.SNAPSHOT


def _compared_with(
    latest: SeriesPoint | None, points: tuple[SeriesPoint, ...], accumulation: Accumulation
) -> SeriesPoint | None:
    """The point the stored direction of ``latest`` was judged against: its previous
    comparable period (the function and inputs the recompute used), if it has a figure."""
    if latest is None:
        return None
    try:
        label = previous_comparable(period_parse(latest.period_label), accumulation).label
    except PeriodError:
        return None
    return next((p for p in points if p.period_label == label and p.actual is not None), None)


def _cell(point: SeriesPoint | None) -> ProformaCell | None:
    if point is None:
        return None
    return ProformaCell(
        period_label=point.period_label,
        profile=point.profile,
        actual=point.actual,
        variance=point.variance,
        rating=point.rating,
        computed_rating=point.computed_rating,
        override=point.override,
    )


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
