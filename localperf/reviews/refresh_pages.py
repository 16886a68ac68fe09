"""What the refresh page shows (rule L6): the steps with their timetable dates, what the
user may do next, and for every active target whether the refresh may change it and by
which rule (``refreshes.refresh_verdict``, the one answer)."""

from __future__ import annotations

from dataclasses import dataclass

from localperf.agreements.models import Agreement, RevisionStatus
from localperf.agreements.refresh_rules import RefreshVerdict
from localperf.reviews import refreshes
from localperf.reviews.models import Milestone, Refresh
from localperf.reviews.refresh_workflow import REFRESH_TRANSITIONS, RefreshAction
from localperf.web import clock


@dataclass(frozen=True)
class StepRow:
    action: RefreshAction
    done: str
    milestone: Milestone | None
    done_on: object
    may_take: bool


@dataclass(frozen=True)
class TargetRow:
    target: object
    verdict: RefreshVerdict
    listing: str


def refresh_page(user, agreement: Agreement) -> dict:
    refresh = refreshes.refresh_for(agreement)
    context: dict = {
        "agreement": agreement,
        "refresh": refresh,
        "cycle": refreshes.refresh_cycle(),
        "may_start": refresh is None and refreshes.may_start(user, agreement),
    }
    if refresh is None:
        return context
    listings = {x.target_id: x for x in refresh.listings.select_related("target")}
    targets = agreement.targets.filter(status="active").select_related("indicator", "measure")
    steps = [_step(user, refresh, t) for t in REFRESH_TRANSITIONS if not t.problem(refresh)]
    today = clock.today()
    context.update(
        # A site seen as at a past day (the demo's 30 November 2009) may hold steps recorded
        # after it, as the demo replays a refresh to its end: the page says so.
        replayed_after=today if any(s.done_on and s.done_on > today for s in steps) else None,
        # Of the two approvals (ministers', the partnership's) only the one this refresh's
        # revision needs is a step of it: the other's guard says why not.
        steps=steps,
        rows=[
            TargetRow(
                t,
                refreshes.refresh_verdict(refresh, t),
                listings[t.pk].get_kind_display() if t.pk in listings else "",
            )
            for t in targets
        ],
        may_list=refreshes.may_list(user, refresh),
        may_change=refreshes.may_change(user, refresh),
        revision=refresh.revision,
        revision_open=refresh.revision is not None
        and refresh.revision.status in (RevisionStatus.DRAFT, RevisionStatus.PROPOSED),
        dcsf_changes=[
            c
            for t in agreement.targets.filter(category="statutory").select_related("indicator")
            for c in t.statutory_changes.all()
            if c.agreed_on >= refresh.cycle.starts_on
        ],
    )
    return context


def _step(user, refresh: Refresh, transition) -> StepRow:
    return StepRow(
        transition.action,
        transition.done,
        refreshes.milestone_for(refresh, transition),
        getattr(refresh, transition.stamps),
        refreshes.may_take(user, refresh, transition.action),
    )
