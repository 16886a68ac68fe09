"""Who may see and act on reward and on the revocation (django-rules), in one place.

See a reward statement and its claims: the agreement's partnership (the responsible
authority's users and the partners signed up to one of its targets), the Government
Office of its region, central government, administrators. Never the public.
See the national determination table: government (central government, every Government
Office, administrators).
Change the reward element or record a lockdown exception: the Government Office of the
agreement's region (its approval is the change).
Take a claim's step: as the table in ``workflow`` says, for this agreement.
Record or undo the revocation of designations: a central approver.
"""

from __future__ import annotations

from functools import partial

import rules

from localperf.accounts.roles import (
    has,
    is_administrator,
    is_central_approver,
    is_central_government,
    is_government_office,
    is_signed_in,
)
from localperf.agreements.models import Agreement
from localperf.agreements.permissions import (
    acts_for,
    is_government_office_for,
    is_partner_of,
    works_for_responsible_authority,
)
from localperf.reward.models import RewardClaim
from localperf.reward.workflow import TRANSITIONS

__all__ = ["claim_acts_as", "has", "may_take", "may_view_reward"]


def is_partnership(user, agreement: Agreement) -> bool:
    return is_signed_in(user) and (
        works_for_responsible_authority(user, agreement) or is_partner_of(user, agreement)
    )


@rules.predicate
def may_view_reward(user, agreement: Agreement) -> bool:
    return (
        is_central_government(user)
        or is_administrator(user)
        or is_government_office_for(user, agreement)
        or is_partnership(user, agreement)
    )


@rules.predicate
def may_change_element(user, agreement: Agreement) -> bool:
    return is_government_office_for(user, agreement)


@rules.predicate
def may_start_claim(user, agreement: Agreement) -> bool:
    return works_for_responsible_authority(user, agreement) and acts_for(
        user, agreement, "performance_manager"
    )


def may_take(user, claim: RewardClaim, action: str) -> bool:
    """The transition table plus the relation: the right role, for this agreement."""
    return TRANSITIONS.may(claim.status, action, claim_acts_as(user, claim))


def claim_acts_as(user, claim: RewardClaim):
    """The engine's question "does the user act in this role", for this claim's
    agreement."""
    return partial(acts_for, user, claim.element.agreement)


may_view_determination = is_central_government | is_government_office | is_administrator

rules.add_perm("reward.view_reward", may_view_reward)
rules.add_perm("reward.change_element", may_change_element)
rules.add_perm("reward.add_claim", may_start_claim)
rules.add_perm("reward.view_determination", may_view_determination)
rules.add_perm("reward.revoke_designations", is_central_approver)
