"""The dashboard's, target page's and six-monthly report's reading of monitoring: each
active target's standing and series, its dips, and the report's periods."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from localperf.agreements.holdings import held_targets, held_targets_q
from localperf.agreements.models import Agreement, LaaTheme, Target, TargetPartner
from localperf.calculations.measures import Accumulation
from localperf.calculations.periods import PeriodError, period_parse
from localperf.indicators.models import Measure
from localperf.monitoring.periods import comparable_before
from localperf.monitoring.selectors.records import (
    ProformaCell,
    ProformaRow,
    ProgressFilters,
    SeriesPoint,
    TargetProgress,
)
from localperf.monitoring.selectors.standing import (
    RatingCount,
    as_at_today,
    latest_point,
    rating_counts,
    series_of,
    standing_of,
)
from localperf.observations.figures_due import PeriodState, figures_due_for, overdue_count

MAX_REPORT_PERIODS = 4


def agreement_target_ids(agreement: Agreement) -> QuerySet[Target]:
    """The ids of every target the agreement holds (``agreements.holdings``), whatever
    its status, as a subquery: what the dashboard's stamp watches."""
    return Target.objects.filter(held_targets_q(agreement)).order_by().values("pk")


def agreement_progress(
    agreement: Agreement,
    *,
    today: datetime.date | None = None,
    filters: ProgressFilters | None = None,
) -> list[TargetProgress]:
    """Every active target of the agreement with its latest status, in the agreement's
    target order, filtered by theme, outcome, partner and effective rating. Six queries.

    A Multi Area Agreement's targets include the constituent LAAs' targets it carries by
    link (rule X2): the same target, so the same figures and status (rule M6)."""
    today = today or as_at_today()
    targets = list(_targets().filter(pk__in=held_targets(agreement)))
    progress = _progress_for(targets, today)
    if filters is not None:
        progress = [p for p in progress if filters.keeps(p)]
    return progress


@dataclass(frozen=True)
class AgreementStanding:
    """The agreement page's summary: how many active targets hold each status (the
    dashboard's count, from the same ``latest_point``), the returns overdue and the
    next figures due, as at ``today``."""

    today: datetime.date
    counts: list[RatingCount]
    total: int
    overdue_returns: int
    overdue_targets: int
    next_due_on: datetime.date | None
    next_due_count: int


def agreement_standing(
    agreement: Agreement, *, today: datetime.date | None = None
) -> AgreementStanding:
    """Every active target's standing, counted (see ``AgreementStanding``). Three queries."""
    today = today or as_at_today()
    target_ids = list(held_targets(agreement).values_list("pk", flat=True))
    series = series_of(target_ids, today)
    standings = [standing_of(series.get(target_id, ()), today) for target_id in target_ids]
    # What is due: the figures the grid and the work list count (``figures_due``). The
    # agreement's grid already lists its carried targets' figures (``holdings``), each
    # once, so its own figures are the answer: asking the LAAs too would count them twice.
    mine = set(target_ids)
    figures = figures_due_for([agreement], today=today)
    overdue = overdue_count(figures)
    coming = (PeriodState.DUE, PeriodState.NOT_YET_DUE)
    upcoming = [f.due_on for f in figures if f.state in coming]
    next_due_on = min(upcoming, default=None)
    return AgreementStanding(
        today=today,
        counts=rating_counts(s.rating for s in standings),
        total=len(standings),
        overdue_returns=overdue.figures,
        overdue_targets=len(mine.intersection(overdue.by_target)),
        next_due_on=next_due_on,
        next_due_count=upcoming.count(next_due_on) if next_due_on else 0,
    )


def target_progress(target: Target, *, today: datetime.date | None = None) -> TargetProgress:
    """One target's standing and series (the target page's summary). Six queries."""
    targets = list(_targets().filter(pk=target.pk))
    return _progress_for(targets, today or as_at_today())[0]


def target_series(target: Target, *, today: datetime.date | None = None) -> list[SeriesPoint]:
    """Every period assessed for the target, oldest first: profile, actual, confidence
    interval, variance, computed and effective rating, the version used. Two queries."""
    return list(series_of([target.pk], today or as_at_today()).get(target.pk, ()))


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
            "versions",  # the baseline each chart starts from
            Prefetch(
                "partners",
                queryset=TargetPartner.objects.select_related("organisation").order_by(
                    "-is_coordinating", "organisation__name"
                ),
            ),
        )
    )


def _progress_for(targets: list[Target], today: datetime.date) -> list[TargetProgress]:
    series = series_of([t.pk for t in targets], today)
    return [_progress(t, series.get(t.pk, ()), today) for t in targets]


def _progress(target: Target, points: tuple[SeriesPoint, ...], today) -> TargetProgress:
    latest = latest_point(points, today)
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
    latest: SeriesPoint | None, points: Sequence[SeriesPoint], accumulation: Accumulation
) -> SeriesPoint | None:
    """The point the stored direction of ``latest`` was judged against: its previous
    comparable period (``monitoring.periods.comparable_before``, the function and inputs
    the recompute used), if it has a figure."""
    if latest is None:
        return None
    try:
        period = period_parse(latest.period_label)
    except PeriodError:
        return None
    before = comparable_before(period, accumulation)
    if before is None:
        return None
    return next(
        (p for p in points if p.period_label == before.label and p.actual is not None), None
    )


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
