"""The demo's 2009/10 refresh carried to its end (rules L6, L4): Manchester's refresh,
which ``statutory.py`` takes as far as the Government Office's report (25 January 2010),
gathers one change to a local target in its revision, is adopted by the council
(12 March 2010), submitted (15 March 2010), agreed by the partner authority signed up to
the target, and approved by the partnership (31 March 2010): a refresh of local targets
only needs no Secretary of State (rule L4). Its revision takes effect on the timetable's
date, 1 April 2010 (``CycleYear.refresh_effective_from``).

The demo is seen as at 30 November 2009, when no refresh had gone further than a
self-assessment: Kent's refresh stays there, the stage that day can honestly show.
Manchester's is *replayed* on the real timetable, every step on its own date after that
day, so that the refresh's approval can be seen; the refresh page says so, and the
change touches only the 2010/11 year, so no status judged as at 30 November 2009 moves.

Its own module so that the demo's other parts can grow beside it. Idempotent: a refresh
that already has its revision is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from localperf.accounts.models import User
from localperf.agreements import services
from localperf.agreements.models import Agreement, RevisionAction
from localperf.reviews import refreshes
from localperf.reviews.models import RefreshStatus
from localperf.reviews.refresh_workflow import RefreshAction

D = datetime.date
MANCHESTER = "E08000003"
# NI 8, adult participation in sport: a local target of Manchester's, signed up to by NHS
# Manchester (a partner authority, whose agreement the change needs; rule L4) and a
# voluntary body. Its third year is reset; the first two stay as signed.
REFRESHED = "NI 8"
REFRESHED_YEAR, REFRESHED_VALUE = "2010/11", Decimal("24.5")


def demo_refresh_load() -> bool:
    """True when carried through now; False when already done (or nothing to carry)."""
    manchester = Agreement.objects.filter(area__code=MANCHESTER, kind="laa").first()
    refresh = refreshes.refresh_for(manchester) if manchester is not None else None
    if refresh is None or refresh.status != RefreshStatus.GO_REPORTED or refresh.revision_id:
        return False
    pm = User.objects.get(username="demo-pm-manchester")
    nhs = User.objects.get(username="demo-partner-nhs-manchester")
    target = manchester.targets.get(category="local", indicator__code=REFRESHED, status="active")
    data = services.target_input_from_target(target)
    data = replace(data, trajectory={**data.trajectory, REFRESHED_YEAR: REFRESHED_VALUE})
    refreshes.refresh_add_change(
        user=pm, refresh=refresh, action=RevisionAction.CHANGE, target=target, data=data
    )
    refresh.refresh_from_db()
    for action, on in (
        (RefreshAction.ADOPT, D(2010, 3, 12)),
        (RefreshAction.SUBMIT, D(2010, 3, 15)),
    ):
        refreshes.refresh_take_action(user=pm, refresh=refresh, action=action, on=on)
    services.revision_record_partner_agreement(
        user=nhs,
        revision=refresh.revision,
        comment="NHS Manchester agrees the 2010/11 target for adult participation in sport.",
        on=D(2010, 3, 22),
    )
    refreshes.refresh_take_action(
        user=pm,
        refresh=refresh,
        action=RefreshAction.APPROVE_LOCALLY,
        comment="Approved by the partnership board.",
        on=D(2010, 3, 31),
    )
    return True
