"""The figures a signed-in user's home page lists: per agreement and period, the figures
due now (the period has ended, its due date has not passed) and overdue (past the due
date without a figure), each linking straight to the entry grid at that period.

Which figures are due or overdue is ``observations.figures_due``'s answer: the one the
entry grid's period list, the agreement hub and /my-commitments/ give, so "6 overdue
figures" here is the grid's "40 of 46 entered". Whose figures: the performance
manager's, for the agreements its council is responsible for; a partner's ("figures you
owe"), for the targets its organisation signed up to (rule A9), which are the measures
it may write (``observations.rights``), as the grid shows them to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from localperf.accounts.roles import is_performance_manager, speaks_for_partner
from localperf.agreements.models import PUBLISHED_STATUSES, Agreement, TargetPartner
from localperf.agreements.selectors import commitments_for
from localperf.calculations.rag import Rating
from localperf.monitoring.selectors.standing import standings
from localperf.observations.figures_due import PeriodState, figures_due_for, overdue_count
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


def agreements_owing(user) -> list[Agreement]:
    """The published agreements ``user`` owes figures to: its council's as performance
    manager, those with targets its organisation signed up to as a partner. One query."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return []
    wanted = Q(pk__in=[])
    if is_performance_manager(user):
        wanted |= Q(responsible_authority_id=organisation_id)
    if speaks_for_partner(user):
        wanted |= Q(targets__partners__organisation_id=organisation_id)
    found = Agreement.objects.filter(wanted, status__in=PUBLISHED_STATUSES).distinct()
    return list(found.select_related("area").order_by("title"))


def figures_owed(user, *, today: datetime.date) -> list[_Owed]:
    """The user's figures due and overdue (``figures_due``), grouped by agreement,
    period and state, overdue first."""
    agreements = {a.pk: a for a in agreements_owing(user)}
    organisation_id = getattr(user, "organisation_id", None)
    groups: dict[tuple[int, str, bool], _Owed] = {}
    for figure in figures_due_for(agreements.values(), today=today, user=user):
        if not figure.is_owed:
            continue
        agreement = agreements[figure.agreement_id]
        overdue = figure.state is PeriodState.OVERDUE
        key = (agreement.pk, figure.period.label, overdue)
        if key not in groups:
            yours = agreement.responsible_authority_id == organisation_id
            groups[key] = _Owed(agreement.pk, agreement.title, key[1], overdue, yours)
        group = groups[key]
        group.codes.append(figure.code)
        group.due_on = min(group.due_on or figure.due_on, figure.due_on)
    return sorted(
        groups.values(),
        key=lambda g: (not g.overdue, g.agreement_title, g.due_on or today, g.period_label),
    )


def overdue_owed(user, *, today: datetime.date) -> int:
    """How many figures the user owes are overdue: each figure once, however many of its
    targets need it, as the work list counts them (``figures_owed``)."""
    return sum(len(owed.codes) for owed in figures_owed(user, today=today) if owed.overdue)


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
                figures=count,
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


def commitments_with_standing(
    user, *, today: datetime.date, count_overdue: bool = True
) -> list[CommitmentStanding]:
    """Every target the user's organisation signed up to (``agreements.selectors.
    commitments_for``), with the rating every screen shows (``standing.standings``) and
    its overdue figures as the grid and the work list count them (``figures_due``);
    without them (0) unless ``count_overdue``: the home page has them on its work list."""
    commitments = list(commitments_for(user))
    found = standings([c.target_id for c in commitments], today)
    # Every figure of the targets, whoever may write it: a target's own overdue count.
    agreements = {
        c.target.agreement_id: c.target.agreement
        for c in commitments
        if count_overdue and c.target.agreement.status in PUBLISHED_STATUSES
    }
    overdue = overdue_count(figures_due_for(agreements.values(), today=today)).by_target
    rows = []
    for commitment in commitments:
        standing = found.get(commitment.target_id)
        latest = standing.latest if standing else None
        rows.append(
            CommitmentStanding(
                commitment=commitment,
                rating=standing.rating if standing else Rating.NOT_RATED,
                period_label=latest.period_label if latest else "",
                overdue=overdue.get(commitment.target_id, 0),
            )
        )
    return rows
