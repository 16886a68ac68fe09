"""Web forms. They only collect input: the rules are checked by the services, whose
messages are put back on the fields (``add_service_errors``). One room for the target
form, one for the forms of the other steps."""

from localperf.agreements.forms.agreement import (
    AgreementCreateForm,
    AsAtForm,
    CommentForm,
    ConfirmForm,
    OutcomeEditForm,
    OutcomeForm,
    ReferenceFigureValueForm,
    RevisionDecisionForm,
    RevisionForm,
    TargetMoveForm,
    TargetRemoveForm,
)
from localperf.agreements.forms.common import ServiceErrorsMixin
from localperf.agreements.forms.target import (
    TargetForm,
    partner_candidates,
    scope_area_candidates,
    sub_region_candidates,
)

__all__ = [
    "AgreementCreateForm",
    "AsAtForm",
    "CommentForm",
    "ConfirmForm",
    "OutcomeEditForm",
    "OutcomeForm",
    "ReferenceFigureValueForm",
    "RevisionDecisionForm",
    "RevisionForm",
    "ServiceErrorsMixin",
    "TargetForm",
    "TargetMoveForm",
    "TargetRemoveForm",
    "partner_candidates",
    "scope_area_candidates",
    "sub_region_candidates",
]
