"""Pages of the agreements app, one room per screen: the agreement and its sign-off path
(``agreements``), its targets (``targets``), revisions (``revisions``), reference figures
and a partner's commitments (``figures``). Short views that call selectors and services.

A page the user may not see at all answers 404 (a draft's existence does not leak); a
page they can see but may not act on answers 403 with the reason; anonymous users are
sent to sign in for every page that needs an account.
"""

from localperf.agreements.views.agreements import (
    agreement_action,
    agreement_create,
    agreement_detail,
    agreement_history,
    agreement_list,
    agreement_revisions,
    agreement_targets,
    outcome_add,
    outcome_edit,
)
from localperf.agreements.views.figures import (
    reference_figure_list,
    reference_figure_value_add,
)
from localperf.agreements.views.maa_members import (
    maa_member_change,
    maa_member_remove,
    maa_members,
)
from localperf.agreements.views.maa_revisions import revision_add_party, revision_change_party
from localperf.agreements.views.multi_area import maa_create, maa_link, maa_sign
from localperf.agreements.views.revisions import (
    revision_add_target,
    revision_agree,
    revision_change_target,
    revision_create,
    revision_decide,
    revision_detail,
    revision_propose,
)
from localperf.agreements.views.targets import (
    target_add,
    target_detail,
    target_edit,
    target_move,
    target_remove,
)

__all__ = [
    "maa_create",
    "maa_link",
    "maa_member_change",
    "maa_member_remove",
    "maa_members",
    "maa_sign",
    "agreement_action",
    "agreement_create",
    "agreement_detail",
    "agreement_history",
    "agreement_list",
    "agreement_revisions",
    "agreement_targets",
    "outcome_add",
    "outcome_edit",
    "reference_figure_list",
    "reference_figure_value_add",
    "revision_add_party",
    "revision_add_target",
    "revision_agree",
    "revision_change_party",
    "revision_change_target",
    "revision_create",
    "revision_decide",
    "revision_detail",
    "revision_propose",
    "target_add",
    "target_detail",
    "target_edit",
    "target_move",
    "target_remove",
]
