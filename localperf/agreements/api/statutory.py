"""DCSF's changes to a statutory education and early years target (rules A3, D3), through
the same services as the target page: a year's value or state, and the withdrawal."""

import datetime
from decimal import Decimal

from ninja import Field, Status
from ninja.security import django_auth

from localperf.agreements import services
from localperf.agreements.access import target_for_user_or_404
from localperf.agreements.api.common import Out
from localperf.agreements.api.router import router
from localperf.agreements.api.targets import WRITE
from localperf.agreements.models import StatutoryChange, Target
from localperf.web.api import Input, service_call


class StatutoryYearIn(Input):
    year: str = Field(description='An agreement year, "2010/11".')
    state: str = Field("set", description='"set", "to_be_set" or "to_be_confirmed".')
    value: Decimal | None = Field(None, description="Blank for a year to be set.")
    reason: str = ""


class StatutoryWithdrawIn(Input):
    reason: str = ""


class StatutoryChangeOut(Out):
    id: int
    target: int = Field(alias="target_id")
    kind: str
    year: str
    state: str
    value: float | None
    previous_state: str
    previous_value: float | None
    agreed_on: datetime.date
    agreed_with: str = Field(alias="agreed_with.name")
    reason: str
    summary: str

    @staticmethod
    def resolve_summary(obj: StatutoryChange) -> str:
        return services.statutory_change_summary(obj)


@router.get(
    "/{agreement_id}/targets/{target_id}/dcsf-changes",
    response={200: list[StatutoryChangeOut], 404: WRITE[404]},
    summary="The changes to a statutory target agreed with DCSF (rules A3, D3)",
)
def list_statutory_changes(request, agreement_id: int, target_id: int):
    target: Target = target_for_user_or_404(request.user, agreement_id, target_id)
    return list(target.statutory_changes.select_related("agreed_with", "target__indicator"))


@router.post(
    "/{agreement_id}/targets/{target_id}/dcsf-changes/year",
    auth=django_auth,
    response={201: StatutoryChangeOut, **WRITE},
    summary="Record DCSF's change to one year of a statutory target (rules A3, D3)",
)
@service_call
def record_statutory_year(request, agreement_id: int, target_id: int, payload: StatutoryYearIn):
    target = target_for_user_or_404(request.user, agreement_id, target_id)
    change = services.statutory_year_record(
        user=request.user,
        target=target,
        year=payload.year,
        state=payload.state,
        value=payload.value,
        reason=payload.reason,
    )
    return Status(201, change)


@router.post(
    "/{agreement_id}/targets/{target_id}/dcsf-changes/withdraw",
    auth=django_auth,
    response={201: StatutoryChangeOut, **WRITE},
    summary="Record DCSF's withdrawal of a statutory target whose measure ended",
)
@service_call
def withdraw_statutory_target(
    request, agreement_id: int, target_id: int, payload: StatutoryWithdrawIn
):
    target = target_for_user_or_404(request.user, agreement_id, target_id)
    change = services.statutory_target_withdraw(
        user=request.user, target=target, reason=payload.reason
    )
    return Status(201, change)
