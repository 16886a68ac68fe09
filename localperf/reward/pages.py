"""What each reward page shows, put together from the selectors (views stay thin)."""

from __future__ import annotations

from localperf.agreements.models import Agreement
from localperf.reward import exports, selectors
from localperf.reward.models import RewardClaim, RewardElement
from localperf.reward.permissions import has, may_take
from localperf.reward.workflow import ClaimAction


def year_chosen(agreement: Agreement, element: RewardElement, asked: str | None) -> str:
    """The year asked for when it is one of the agreement's; else the latest claim's;
    else the first year."""
    if asked in agreement.years:
        return asked
    latest = element.claims.order_by("-year").first()
    return latest.year if latest else agreement.years[0]


def claim_actions(user, claim: RewardClaim) -> list[tuple[str, str]]:
    return [(a.value, a.label) for a in ClaimAction if may_take(user, claim, a.value)]


def reward_page(user, agreement: Agreement, element: RewardElement, year: str) -> dict:
    view = selectors.statement_for(element, year)
    claims = list(selectors.claims_of(element))
    members = element.members.select_related(
        "target__indicator", "target__measure", "approved_by"
    ).order_by("-included", "target__indicator__number", "target_id")
    return {
        "agreement": agreement,
        "element": element,
        "view": view,
        "year": year,
        "rows": exports.statement_rows(view),
        "header": exports.STATEMENT_HEADER,
        "totals": exports.statement_totals(view),
        "members": [(m, selectors.reward_basis(m.target)) for m in members],
        "claims": [(c, claim_actions(user, c)) for c in claims],
        "may_change_element": has(user, "reward.change_element", agreement),
        "may_start_claim": has(user, "reward.add_claim", agreement)
        and selectors.revocation_standing() is None,
        "lockdown_day": selectors.lockdown_day(),
    }


def determination_page() -> dict:
    rows = selectors.determination_rows()
    return {
        "header": exports.DETERMINATION_HEADER,
        "rows": exports.determination_table(rows),
        "totals": exports.determination_totals(rows),
        "any_unverified": any(r.unverified for r in rows),
    }
