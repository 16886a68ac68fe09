"""A draft's outcomes (rule A11): list them, and rename, move or re-order one."""

from django.http import Http404
from ninja import Field
from ninja.security import django_auth

from localperf.agreements import services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.api.common import ChoiceOf, Out
from localperf.agreements.api.router import router
from localperf.agreements.models import LaaTheme
from localperf.web.api import ErrorMessage, Errors, Input, service_call


class OutcomeOut(Out):
    id: int
    theme: ChoiceOf(LaaTheme)
    title: str
    order: int


class OutcomeIn(Input):
    theme: str
    title: str
    position: int | None = Field(None, description="1 for the first outcome of its theme.")


@router.get("/{agreement_id}/outcomes", response={200: list[OutcomeOut], 404: ErrorMessage})
def list_outcomes(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return list(agreement.outcomes.order_by("theme", "order", "title"))


@router.put(
    "/{agreement_id}/outcomes/{outcome_id}",
    auth=django_auth,
    response={200: OutcomeOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Rename, move or re-order an outcome of a draft",
)
@service_call
def change_outcome(request, agreement_id: int, outcome_id: int, payload: OutcomeIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    outcome = agreement.outcomes.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404("There is no outcome with that id in this agreement.")
    return services.outcome_change(
        user=request.user,
        outcome=outcome,
        title=payload.title,
        theme=payload.theme,
        position=payload.position,
    )
