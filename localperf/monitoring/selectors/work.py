"""The figures a signed-in user's home page lists: per agreement and period, the figures
due now (the period has ended, its due date has not passed) and overdue (past the due
date without a figure), each linking straight to the entry grid at that period.

Whether a figure is due or overdue is the standing's answer (``standing.series_of``, the
same judge as the dashboard and the region view), on the day the work list is for.
Whose figures: the performance manager's, for every active target of the agreements its
council is responsible for; a partner's ("figures you owe"), for the targets its
organisation signed up to (rule A9), which are the measures it may write
(``observations.rights``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from localperf.accounts.roles import is_performance_manager, speaks_for_partner
from localperf.agreements.models import PUBLISHED_STATUSES, Target, TargetPartner, TargetStatus
from localperf.agreements.selectors import commitments_for
from localperf.calculations.rag import Rating
from localperf.monitoring.selectors.records import SeriesPoint
from localperf.monitoring.selectors.standing import series_of, standings
from localperf.web.work import WorkItem

# How many targets a work item names before it says "and n more".
NAMED = 5


@dataclass
class _Owed:
    """The figures of one agreement and period in one state."""

    agreement_id: int
    agreement_title: str
    period_label: str
    overdue: bool
    yours: bool  # the user's council is responsible for the agreement
    due_on: datetime.date | None = None
    codes: list[str] = field(default_factory=list)

    def add(self, code: str, point: SeriesPoint) -> None:
        self.codes.append(code)
        if self.due_on is None or point.due_on < self.due_on:
            self.due_on = point.due_on


def _targets_owed_by(user) -> list[tuple[int, int, str, str, bool]]:
    """(target, agreement, agreement's title, measure code, the user's council is
    responsible) for every active target of a published agreement the user owes figures
    for. One query."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return []
    wanted = Q(pk__in=[])
    if is_performance_manager(user):
        wanted |= Q(agreement__responsible_authority_id=organisation_id)
    if speaks_for_partner(user):
        wanted |= Q(partners__organisation_id=organisation_id)
    rows = (
        Target.objects.filter(
            wanted, status=TargetStatus.ACTIVE, agreement__status__in=PUBLISHED_STATUSES
        )
        .select_related("agreement", "indicator", "measure")
        .distinct()
        .order_by("agreement__title", "category", "indicator__number", "pk")
    )
    return [
        (
            t.pk,
            t.agreement_id,
            t.agreement.title,
            t.measure_code,
            t.agreement.responsible_authority_id == organisation_id,
        )
        for t in rows
    ]


def _state(point: SeriesPoint, today: datetime.date) -> bool | None:
    """True for an overdue figure, False for one due now, None for neither."""
    if point.computed_rating is Rating.OVERDUE:
        return True
    if point.computed_rating is Rating.NOT_YET_DUE and point.period_end < today:
        return False
    return None


def figures_owed(user, *, today: datetime.date) -> list[_Owed]:
    """The user's figures due and overdue, grouped by agreement, period and state,
    overdue first. Three queries."""
    targets = _targets_owed_by(user)
    if not targets:
        return []
    series = series_of([t[0] for t in targets], today)
    groups: dict[tuple[int, str, bool], _Owed] = {}
    for target_id, agreement_id, title, code, yours in targets:
        for point in series.get(target_id, ()):
            state = _state(point, today)
            if state is None:
                continue
            key = (agreement_id, point.period_label, state)
            if key not in groups:
                groups[key] = _Owed(agreement_id, title, point.period_label, state, yours)
            groups[key].add(code, point)
    return sorted(
        groups.values(),
        key=lambda g: (not g.overdue, g.agreement_title, g.due_on or today, g.period_label),
    )


def grid_url(agreement_id: int, period_label: str) -> str:
    """The entry grid of the agreement at the period."""
    base = reverse("observations:return_grid", args=[agreement_id])
    return f"{base}?{urlencode({'period': period_label})}"


def _named(codes: list[str]) -> str:
    shown = ", ".join(codes[:NAMED])
    more = len(codes) - NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def figure_work_items(user, *, today: datetime.date) -> Iterable[WorkItem]:
    """Work items: one per agreement, period and state, with the count and the link to
    the grid at that period."""
    items = []
    for owed in figures_owed(user, today=today):
        count = len(owed.codes)
        figures = f"{count} {'overdue ' if owed.overdue else ''}figure{'s' if count != 1 else ''}"
        whose = "" if owed.yours else " you owe"
        title = f"Enter {figures}{whose} for {owed.period_label}: {owed.agreement_title}"
        items.append(
            WorkItem(
                title,
                grid_url(owed.agreement_id, owed.period_label),
                _named(owed.codes),
                due_on=owed.due_on,
                source="figures",
            )
        )
    return items


@dataclass(frozen=True)
class CommitmentStanding:
    """A target the user's organisation signed up to, with its standing as at a day."""

    commitment: TargetPartner
    rating: Rating
    period_label: str  # the period the rating is read at ("" before any)
    overdue: int  # its periods past their due date without a figure


def commitments_with_standing(user, *, today: datetime.date) -> list[CommitmentStanding]:
    """Every target the user's organisation signed up to (``agreements.selectors.
    commitments_for``), with the standing every screen shows (``standing.standings``):
    the rating at its latest period and its overdue figures. Three queries."""
    commitments = list(commitments_for(user))
    found = standings([c.target_id for c in commitments], today)
    rows = []
    for commitment in commitments:
        standing = found.get(commitment.target_id)
        latest = standing.latest if standing else None
        rows.append(
            CommitmentStanding(
                commitment=commitment,
                rating=standing.rating if standing else Rating.NOT_RATED,
                period_label=latest.period_label if latest else "",
                overdue=standing.overdue if standing else 0,
            )
        )
    return rows
