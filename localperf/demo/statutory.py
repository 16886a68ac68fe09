"""The demo's statutory education and early years cycle (rules A3, D3) and the 2009/10
refresh (rule L6), so that every new status shows:

- Kent: NI 75's 2010/11 target *to be set* by DCSF (1 July 2008), NI 73's 2009/10 target
  *to be confirmed* with a provisional value (10 December 2008), NI 74 and NI 83
  *withdrawn* when Key Stage 3 tests were abolished (15 January 2009); its refresh
  *under review*, self-assessment sent on 13 November 2009, NI 151 marked for
  renegotiation by GO South East.
- Manchester: NI 73's 2010/11 target to be set at sign-off and set by DCSF at the refresh
  (20 January 2010); NI 74 withdrawn; its refresh with the Government Office's report
  sent (25 January 2010), NI 153 marked for renegotiation.

Idempotent: an agreement whose statutory targets DCSF has already changed is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from localperf.accounts.models import User
from localperf.agreements import services
from localperf.agreements.models import Agreement, StatutoryChange, Target
from localperf.reviews import refreshes
from localperf.reviews.models import ListingKind
from localperf.reviews.refresh_workflow import RefreshAction

D = datetime.date
KS3 = (
    "Key Stage 3 national curriculum tests abolished (statement of 14 October 2008): "
    "no results from 2009."
)
TO_BE_SET = "DCSF sets the 2011 targets in the winter of 2009/10, at the refresh."


def _target(agreement: Agreement, code: str) -> Target:
    return agreement.targets.get(category="statutory", indicator__code=code, status="active")


def _year(dcsf, agreement, code, year, state, value, reason, on) -> None:
    services.statutory_year_record(
        user=dcsf,
        target=_target(agreement, code),
        year=year,
        state=state,
        value=Decimal(value) if value is not None else None,
        reason=reason,
        on=on,
    )


def _withdraw(dcsf, agreement, code, on) -> None:
    services.statutory_target_withdraw(
        user=dcsf, target=_target(agreement, code), reason=KS3, on=on
    )


def demo_statutory_load() -> bool:
    """True when loaded now; False when already there (or the agreements are missing)."""
    kent = Agreement.objects.filter(area__code="E10000016").first()
    manchester = Agreement.objects.filter(area__code="E08000003").first()
    if kent is None or manchester is None:
        return False
    if StatutoryChange.objects.filter(target__agreement__in=[kent, manchester]).exists():
        return False
    dcsf = User.objects.get(username="demo-dcsf")
    pm_kent = User.objects.get(username="demo-pm-kent")
    pm_manchester = User.objects.get(username="demo-pm-manchester")
    go_se = User.objects.get(username="demo-go-lm-south-east")
    go_nw = User.objects.get(username="demo-go-lm-north-west")

    _year(dcsf, kent, "NI 75", "2010/11", "to_be_set", None, TO_BE_SET, D(2008, 7, 1))
    _year(
        dcsf, kent, "NI 73", "2009/10", "to_be_confirmed", "75.5",
        "2010 target agreed provisionally; confirmed once the 2009 results are validated.",
        D(2008, 12, 10),
    )  # fmt: skip
    _withdraw(dcsf, kent, "NI 74", D(2009, 1, 15))
    _withdraw(dcsf, kent, "NI 83", D(2009, 1, 15))
    _year(dcsf, manchester, "NI 73", "2010/11", "to_be_set", None, TO_BE_SET, D(2008, 7, 1))
    _withdraw(dcsf, manchester, "NI 74", D(2009, 1, 15))
    if refreshes.refresh_cycle() is None:
        # A database flushed after its migrations (the live-server tests) has no timetable.
        return True
    refresh = refreshes.refresh_start(user=pm_kent, agreement=kent, on=D(2009, 11, 13))
    refreshes.refresh_take_action(
        user=pm_kent, refresh=refresh, action=RefreshAction.SELF_ASSESS, on=D(2009, 11, 13)
    )
    refreshes.refresh_list_target(
        user=go_se,
        refresh=refresh,
        target=kent.targets.get(indicator__code="NI 151", status="active"),
        kind=ListingKind.RENEGOTIATE,
        reason="relative to the regional employment rate, which the recession moved",
    )

    refresh = refreshes.refresh_start(user=pm_manchester, agreement=manchester, on=D(2009, 12, 1))
    refreshes.refresh_list_target(
        user=go_nw,
        refresh=refresh,
        target=manchester.targets.get(indicator__code="NI 153", status="active"),
        kind=ListingKind.RENEGOTIATE,
        reason="set against the worst neighbourhoods' rate, which the recession moved",
    )
    _year(
        dcsf, manchester, "NI 73", "2010/11", "set", "78",
        "2011 target set at the 2009/10 refresh.", D(2010, 1, 20),
    )  # fmt: skip
    refreshes.refresh_take_action(
        user=go_nw, refresh=refresh, action=RefreshAction.REPORT, on=D(2010, 1, 25)
    )
    return True
