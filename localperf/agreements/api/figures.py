"""Reference figures targets can be set relative to (rule A8): list them, and record a
new value, which moves every target set relative to the figure."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Status
from ninja.security import django_auth

from localperf.agreements import services
from localperf.agreements.api.common import Out
from localperf.agreements.api.router import router
from localperf.agreements.models import ReferenceFigure
from localperf.web.api import ErrorMessage, Errors, Input, service_call


class ReferenceValueOut(Out):
    effective_from: datetime.date
    value: float
    note: str


class ReferenceFigureOut(Out):
    id: int
    name: str
    area: str | None = Field(None, alias="area.code")
    unit: str
    source: str
    values: list[ReferenceValueOut]


class ReferenceValueIn(Input):
    value: Decimal | None = None
    effective_from: datetime.date | None = None
    note: str = ""


class RecalculatedOut(Out):
    figure: ReferenceFigureOut
    recalculated_targets: list[int] = Field(description="Targets recalculated (rule A8).")


@router.get("/reference-figures", response=list[ReferenceFigureOut], summary="Reference figures")
def list_reference_figures(request):
    return list(ReferenceFigure.objects.select_related("area").prefetch_related("values"))


@router.post(
    "/reference-figures/{figure_id}/values",
    auth=django_auth,
    response={201: RecalculatedOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Record a new value of a reference figure; targets relative to it follow (A8)",
)
@service_call
def add_reference_value(request, figure_id: int, payload: ReferenceValueIn):
    figure = ReferenceFigure.objects.filter(pk=figure_id).first()
    if figure is None:
        raise Http404("There is no reference figure with that id.")
    changed = services.reference_figure_update(
        user=request.user,
        figure=figure,
        value=payload.value,
        effective_from=payload.effective_from,
        note=payload.note,
    )
    recalculated = sorted({version.target_id for version in changed})
    return Status(201, {"figure": figure, "recalculated_targets": recalculated})
