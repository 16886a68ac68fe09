"""Everything that changes an agreement. Each service checks who may act, checks the
rules, and does its work in one transaction; it raises ``PermissionDenied`` or
``ValidationError`` with messages that say what to change. The web views and the API
call the same services, so they give the same verdicts.

Services that stamp a date take ``on`` (default: today) so that loaders and tests can
replay the 2008 timetable; the views and the API never pass it.
"""

from __future__ import annotations

from localperf.agreements.services.agreements import (
    agreement_approve,
    agreement_bring_into_force,
    agreement_check_editable,
    agreement_create,
    agreement_recommend,
    agreement_return,
    agreement_submit,
    agreement_take_action,
    area_facts,
    outcome_add,
)
from localperf.agreements.services.common import agreement_event_record, status_phrase
from localperf.agreements.services.figures import reference_figure_update
from localperf.agreements.services.maa import maa_create, maa_link_target, maa_sign
from localperf.agreements.services.maa_members import (
    maa_member_add,
    maa_member_change,
    maa_member_remove,
    maa_members_refusal,
)
from localperf.agreements.services.outcomes import outcome_change, target_move
from localperf.agreements.services.revisions import (
    local_change_approvals,
    revision_add_change,
    revision_approve,
    revision_create,
    revision_decider_message,
    revision_propose,
    revision_record_partner_agreement,
    revision_refuse,
    revision_step_problem,
)
from localperf.agreements.services.statutory import (
    statutory_change_summary,
    statutory_may_record,
    statutory_target_withdraw,
    statutory_year_record,
)
from localperf.agreements.services.targets import (
    target_add,
    target_as_at,
    target_change,
    target_input_from_target,
    target_remove,
)

__all__ = [
    "maa_create",
    "maa_link_target",
    "maa_member_add",
    "maa_member_change",
    "maa_member_remove",
    "maa_members_refusal",
    "maa_sign",
    "agreement_approve",
    "agreement_bring_into_force",
    "agreement_check_editable",
    "agreement_create",
    "agreement_event_record",
    "agreement_recommend",
    "agreement_return",
    "agreement_submit",
    "agreement_take_action",
    "area_facts",
    "local_change_approvals",
    "outcome_add",
    "outcome_change",
    "reference_figure_update",
    "revision_add_change",
    "revision_approve",
    "revision_create",
    "revision_decider_message",
    "revision_propose",
    "revision_record_partner_agreement",
    "revision_refuse",
    "revision_step_problem",
    "statutory_change_summary",
    "statutory_may_record",
    "statutory_target_withdraw",
    "statutory_year_record",
    "status_phrase",
    "target_add",
    "target_as_at",
    "target_change",
    "target_input_from_target",
    "target_move",
    "target_remove",
]
