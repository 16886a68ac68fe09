"""A draft's targets: list, read (as at a day), add, change, move and remove; and the
target as the API writes it in (``TargetIn``, also a revision's proposed target) and
reads it out (``TargetOut``)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Schema, Status
from ninja.security import django_auth

from localperf.agreements import selectors, services
from localperf.agreements.access import (
    agreement_for_user_or_404,
    draft_for_user_or_404,
)
from localperf.agreements.api.common import ChoiceOf, ListOf, Out
from localperf.agreements.api.router import router
from localperf.agreements.holdings import held_targets
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import (
    Agreement,
    Duty,
    Outcome,
    ReferenceFigure,
    Target,
    TargetCategory,
    TargetSetting,
    TargetStatus,
    TargetVersion,
)
from localperf.indicators.models import Indicator, IndicatorStatus
from localperf.organisations.models import Organisation, PartnerStanding
from localperf.places.models import Area, PopulationGroup
from localperf.web.api import ErrorMessage, Errors, Input, service_call
from localperf.web.periods import PeriodText

# --- Output -----------------------------------------------------------------------


class PartnerOut(Out):
    organisation: str = Field(alias="organisation.slug", description="The organisation's slug.")
    name: str = Field(alias="organisation.name")
    standing: ChoiceOf(PartnerStanding) = Field(alias="organisation.standing")
    duty: ChoiceOf(Duty) = Field(description="Derived from the organisation's kind (rule A9).")
    coordinating: bool = Field(alias="is_coordinating")


class VersionOut(Out):
    number: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    setting: ChoiceOf(TargetSetting)
    baseline_value: float | None
    baseline_period: str
    baseline_lower: float | None
    baseline_upper: float | None
    baseline_to_be_confirmed: bool
    improvement_percent: float | None
    relative_to: str | None = Field(None, alias="relative_to.name")
    relative_ratio: float | None
    relative_offset: float | None
    trajectory: dict[str, float | None]
    year_states: dict[str, str] = Field(
        description='Each year\'s state (rules A3, D3): "set", "to_be_set" or "to_be_confirmed".'
    )
    not_stretching: bool
    reason: str

    @staticmethod
    def resolve_year_states(obj: TargetVersion) -> dict[str, str]:
        return obj.year_states()


class TargetOut(Out):
    id: int
    agreement: int = Field(alias="agreement_id")
    category: ChoiceOf(TargetCategory)
    status: str
    indicator: str = Field(alias="indicator.code")
    measure: str | None = Field(None, alias="measure.code")
    theme: str
    outcome: str | None = Field(None, alias="outcome.title")
    title: str
    related_psa: str
    scope_areas: ListOf(lambda area: area.code)
    scope_groups: ListOf(lambda group: f"{group.dimension}:{group.code}")
    sub_regional_area: str | None = Field(None, alias="sub_regional_area.code")
    whole_area: bool = Field(alias="is_whole_area")
    also_reported_for_whole_area: bool = Field(
        alias="also_reports_whole_area", description="Rule A6."
    )
    partners: list[PartnerOut]
    version: VersionOut | None = Field(
        description="The version in force on ``as_at`` if given, otherwise the latest."
    )

    @staticmethod
    def resolve_version(obj: Target) -> TargetVersion | None:
        as_at = getattr(obj, "as_at", None)
        if as_at is not None:
            return selectors.version_in_force(obj, as_at)
        return selectors.latest_version(obj)


# --- Input --------------------------------------------------------------------------


class PartnerIn(Input):
    organisation: str = Field(description="The organisation's slug.")
    coordinating: bool = False


class TargetIn(Input):
    category: str = Field(description="designated, statutory or local")
    indicator: str = Field(description='"NI 112", or a local indicator\'s code.')
    measure: str | None = Field(None, description='For a multi-part indicator: "NI 157a".')
    theme: str = ""
    outcome: int | None = None
    title: str = ""
    related_psa: str = ""
    scope_areas: list[str] = Field([], description="Codes of smaller areas (rule A6).")
    scope_groups: list[str] = Field([], description='Population groups as "dimension:code".')
    sub_regional_area: str | None = Field(None, description="A sub-region's code (rule A7).")
    setting: str = TargetSetting.TRAJECTORY
    baseline_value: Decimal | None = None
    baseline_period: PeriodText = ""
    baseline_lower: Decimal | None = None
    baseline_upper: Decimal | None = None
    baseline_to_be_confirmed: bool = False
    improvement_percent: Decimal | None = None
    trajectory: dict[str, Decimal | None] = Field({}, description='{"2008/09": 41.2, …}')
    year_states: dict[str, str] = Field(
        {},
        description='Statutory targets only (rules A3, D3): {"2010/11": "to_be_set"} or '
        '"to_be_confirmed" (a provisional value); a year not named is "set".',
    )
    relative_to: str | None = Field(None, description="The name of a reference figure (A8).")
    relative_ratio: Decimal | None = None
    relative_offset: Decimal | None = None
    partners: list[PartnerIn] = []
    notes: str = ""


# The fields that name another record; every other field is the same in ``TargetInput``.
REFERENCES = {
    "indicator",
    "measure",
    "outcome",
    "scope_areas",
    "scope_groups",
    "sub_regional_area",
    "relative_to",
    "partners",
}


def _indicator(code: str) -> Indicator | None:
    found = Indicator.objects.with_code(code)
    return found.filter(status=IndicatorStatus.LIVE).first() or found.first()


def _group(ref: str) -> PopulationGroup | None:
    dimension, _, code = ref.partition(":")
    return PopulationGroup.objects.filter(dimension=dimension, code=code).first()


def target_input_of(payload: TargetIn, agreement: Agreement) -> TargetInput:
    """Codes and slugs to records; an unknown one is a 422 naming it."""
    errors: dict[str, list[str]] = {}

    def found(field: str, record, message: str):
        if record is None:
            errors.setdefault(field, []).append(message)
        return record

    indicator = found(
        "indicator",
        _indicator(payload.indicator),
        f"There is no indicator with the code '{payload.indicator}'.",
    )
    measure = None
    if payload.measure and indicator is not None:
        part = payload.measure.strip().removeprefix(indicator.code).strip()
        measure = found(
            "measure",
            indicator.measures.filter(part=part).first(),
            f"{indicator.code} has no measure '{payload.measure}'.",
        )
    outcome: Outcome | None = None
    if payload.outcome is not None:
        outcome = found(
            "outcome",
            agreement.outcomes.filter(pk=payload.outcome).first(),
            "Choose one of this agreement's outcomes.",
        )
    areas = [
        found(
            "scope_areas",
            Area.objects.with_code(code).first(),
            f"There is no area with the code '{code}'.",
        )  # noqa: E501
        for code in payload.scope_areas
    ]
    groups = [
        found("scope_groups", _group(ref), f"There is no population group '{ref}'.")
        for ref in payload.scope_groups
    ]
    sub_region = None
    if payload.sub_regional_area:
        sub_region = found(
            "sub_regional_area",
            Area.objects.with_code(payload.sub_regional_area).first(),
            f"There is no area '{payload.sub_regional_area}'.",
        )
    figure = None
    if payload.relative_to:
        figure = found(
            "relative_to",
            ReferenceFigure.objects.filter(name=payload.relative_to).first(),
            f"There is no reference figure '{payload.relative_to}'.",
        )
    partners = [
        PartnerInput(organisation, partner.coordinating)
        for partner in payload.partners
        if (
            organisation := found(
                "partners",
                Organisation.objects.filter(slug=partner.organisation).first(),
                f"There is no organisation '{partner.organisation}'.",
            )
        )
    ]
    if errors:
        raise ValidationError(errors)
    return TargetInput(
        **payload.model_dump(exclude=REFERENCES),
        indicator=indicator,
        measure=measure,
        outcome=outcome,
        scope_areas=tuple(areas),
        scope_groups=tuple(groups),
        sub_regional_area=sub_region,
        relative_to=figure,
        partners=tuple(partners),
    )


# --- Endpoints ------------------------------------------------------------------------

WRITE = {403: ErrorMessage, 404: ErrorMessage, 422: Errors}


def _fresh(target: Target) -> Target:
    return selectors.target_queryset().get(pk=target.pk)


@router.get("/{agreement_id}/targets", response={200: list[TargetOut], 404: ErrorMessage})
def list_targets(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    # Rule X2: an MAA's carried targets too (``holdings``); each names its own agreement.
    held = held_targets(agreement, statuses=TargetStatus.values)
    return list(selectors.target_queryset().filter(pk__in=held))


@router.post(
    "/{agreement_id}/targets",
    auth=django_auth,
    response={201: TargetOut, **WRITE},
    summary="Add a target to a draft",
)
@service_call
def add_target(request, agreement_id: int, payload: TargetIn):
    agreement, _ = draft_for_user_or_404(request.user, agreement_id)
    data = target_input_of(payload, agreement)
    return Status(
        201, _fresh(services.target_add(user=request.user, agreement=agreement, data=data))
    )


class AsAt(Schema):
    as_at: datetime.date | None = Field(
        None, description="The version in force on this day (monitoring uses this)."
    )


@router.get("/{agreement_id}/targets/{target_id}", response={200: TargetOut, 404: ErrorMessage})
def get_target(request, agreement_id: int, target_id: int, query: Query[AsAt]):
    target = selectors.target_get_for(request.user, None, target_id)
    if target is None or target.agreement_id != agreement_id:
        raise Http404("There is no target with that id that you can see.")
    target.as_at = query.as_at
    return target


@router.put(
    "/{agreement_id}/targets/{target_id}",
    auth=django_auth,
    response={200: TargetOut, **WRITE},
    summary="Change a target of a draft",
)
@service_call
def change_target(request, agreement_id: int, target_id: int, payload: TargetIn):
    agreement, target = draft_for_user_or_404(request.user, agreement_id, target_id)
    services.target_change(
        user=request.user, target=target, data=target_input_of(payload, agreement)
    )
    return _fresh(target)


class MoveIn(Input):
    outcome: int | None = Field(description="The outcome's id; null for none.")


class RemoveIn(Input):
    reason: str = ""


@router.post(
    "/{agreement_id}/targets/{target_id}/move",
    auth=django_auth,
    response={200: TargetOut, **WRITE},
    summary="Put a target of a draft under another outcome",
)
@service_call
def move_target(request, agreement_id: int, target_id: int, payload: MoveIn):
    agreement, target = draft_for_user_or_404(request.user, agreement_id, target_id)
    outcome = None
    if payload.outcome is not None:
        outcome = Outcome.objects.filter(pk=payload.outcome).first()
        if outcome is None:
            raise ValidationError({"outcome": ["Choose one of this agreement's outcomes."]})
    services.target_move(user=request.user, target=target, outcome=outcome)
    return _fresh(target)


@router.post(
    "/{agreement_id}/targets/{target_id}/remove",
    auth=django_auth,
    response={204: None, **WRITE},
    summary="Remove a target from a draft (its history is kept)",
)
@service_call
def remove_target(request, agreement_id: int, target_id: int, payload: RemoveIn):
    agreement, target = draft_for_user_or_404(request.user, agreement_id, target_id)
    services.target_remove(user=request.user, target=target, reason=payload.reason)
    return Status(204, None)
