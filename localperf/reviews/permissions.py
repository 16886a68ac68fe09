"""Who sees and who records the under-performance steps of an agreement (rule M4).

See:
- the partnership: the responsible authority's users, and every organisation signed up
  to one of the agreement's targets (they are the LSP's partners);
- the Government Office of the agreement's region;
- central government (approvers and analysts), who decide the action with the GO;
- administrators.
Inspectors, other councils, other Government Offices and the public do not: the steps
are part of the dialogue between the area and government, not a published judgement.

Record: the Government Office of the agreement's region (locality manager or Regional
Director), and administrators; only on an approved or in-force agreement.
"""

from __future__ import annotations

import rules

from localperf.accounts.roles import has, is_administrator, is_central_government, is_signed_in
from localperf.agreements.models import Agreement
from localperf.agreements.permissions import (
    is_government_office_for,
    is_partner_of,
    works_for_responsible_authority,
)

HIDDEN_HISTORY = (
    "The under-performance steps of an agreement are shared with its partnership, its "
    "Government Office and central government."
)


@rules.predicate
def can_view_under_performance(user, agreement: Agreement) -> bool:
    if not is_signed_in(user):
        return False
    return (
        is_administrator(user)
        or works_for_responsible_authority(user, agreement)
        or is_government_office_for(user, agreement)
        or is_central_government(user)
        or is_partner_of(user, agreement)
    )


@rules.predicate
def can_record_under_performance(user, agreement: Agreement) -> bool:
    # Under-performance is judged against agreed targets: there are none before approval.
    return agreement.is_published and (
        is_administrator(user) or is_government_office_for(user, agreement)
    )


rules.add_perm("reviews.view_underperformancestep", can_view_under_performance)
rules.add_perm("reviews.add_underperformancestep", can_record_under_performance)


def may_view_under_performance(user, agreement: Agreement) -> bool:
    return has(user, "reviews.view_underperformancestep", agreement)


def may_record_under_performance(user, agreement: Agreement) -> bool:
    return has(user, "reviews.add_underperformancestep", agreement)
