"""Agreements and targets as JSON; editors create and change drafts through the same
services as the web forms, with the same permissions and the same messages.

Errors: 401 when a change needs signing in; 404 ``{"detail": ...}`` for an agreement or
target the user may not see (a draft's existence does not leak); 403 ``{"detail": ...}``
when they can see it but may not act; 422 ``{"detail": first message, "errors":
[{"field", "message"}, ...]}`` when a rule refuses the input. Field names are those of
the input; a year of the trajectory is ``"trajectory.2009/10"``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from localperf.agreements import selectors, services
from localperf.agreements.access import (
    agreement_for_user_or_404,
    revision_for_user_or_404,
    target_for_user_or_404,
)
from localperf.agreements.inputs import PartnerInput, TargetInput
from localperf.agreements.models import (
    Agreement,
    AgreementEvent,
    LaaTheme,
    Outcome,
    ReferenceFigure,
    ReferenceFigureValue,
    RevisionChange,
    RevisionProposal,
    RevisionStatus,
    Target,
    TargetPartner,
    TargetSetting,
    TargetVersion,
    Term,
)
from localperf.agreements.permissions import agreement_permissions, has, revision_permissions
from localperf.indicators.models import Indicator, IndicatorStatus
from localperf.organisations.models import Organisation
from localperf.places.models import Area, PopulationGroup
from localperf.web.api import Choice, ErrorMessage, Errors, choice_of, service_call

router = Router(tags=["agreements"])


# --- Output -----------------------------------------------------------------------


class PartnerOut(Schema):
    organisation: str = Field(description="The organisation's slug.")
    name: str
    standing: Choice
    duty: Choice = Field(description="Derived from the organisation's kind (rule A9).")
    coordinating: bool

    @staticmethod
    def resolve_organisation(obj: TargetPartner) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj: TargetPartner) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_standing(obj: TargetPartner) -> Choice:
        standing = obj.organisation.standing
        return Choice(value=standing.value, label=standing.label)

    @staticmethod
    def resolve_duty(obj: TargetPartner) -> Choice:
        return Choice(value=obj.duty.value, label=obj.duty.label)

    @staticmethod
    def resolve_coordinating(obj: TargetPartner) -> bool:
        return obj.is_coordinating


class VersionOut(Schema):
    number: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    setting: Choice
    baseline_value: float | None
    baseline_period: str
    baseline_lower: float | None
    baseline_upper: float | None
    baseline_to_be_confirmed: bool
    improvement_percent: float | None
    relative_to: str | None
    relative_ratio: float | None
    relative_offset: float | None
    trajectory: dict[str, float | None]
    not_stretching: bool
    reason: str

    @staticmethod
    def resolve_setting(obj: TargetVersion) -> Choice:
        return choice_of(TargetSetting, obj.setting)

    @staticmethod
    def resolve_relative_to(obj: TargetVersion) -> str | None:
        return obj.relative_to.name if obj.relative_to_id else None

    @staticmethod
    def resolve_trajectory(obj: TargetVersion) -> dict[str, float | None]:
        return {
            t.year: None if t.value is None else float(t.value) for t in obj.trajectory_values.all()
        }


class TargetOut(Schema):
    id: int
    agreement: int
    category: Choice
    status: str
    indicator: str
    measure: str | None
    theme: str
    outcome: str | None
    title: str
    related_psa: str
    scope_areas: list[str]
    scope_groups: list[str]
    sub_regional_area: str | None
    whole_area: bool
    also_reported_for_whole_area: bool = Field(description="Rule A6.")
    partners: list[PartnerOut]
    version: VersionOut | None = Field(
        description="The version in force on ``as_at`` if given, otherwise the latest."
    )

    @staticmethod
    def resolve_agreement(obj: Target) -> int:
        return obj.agreement_id

    @staticmethod
    def resolve_category(obj: Target) -> Choice:
        return Choice(value=obj.category, label=obj.get_category_display())

    @staticmethod
    def resolve_indicator(obj: Target) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_measure(obj: Target) -> str | None:
        return obj.measure.code if obj.measure_id else None

    @staticmethod
    def resolve_outcome(obj: Target) -> str | None:
        return obj.outcome.title if obj.outcome_id else None

    @staticmethod
    def resolve_scope_areas(obj: Target) -> list[str]:
        return [a.code for a in obj.scope_areas.all()]

    @staticmethod
    def resolve_scope_groups(obj: Target) -> list[str]:
        return [f"{g.dimension}:{g.code}" for g in obj.scope_groups.all()]

    @staticmethod
    def resolve_sub_regional_area(obj: Target) -> str | None:
        return obj.sub_regional_area.code if obj.sub_regional_area_id else None

    @staticmethod
    def resolve_whole_area(obj: Target) -> bool:
        return obj.is_whole_area

    @staticmethod
    def resolve_also_reported_for_whole_area(obj: Target) -> bool:
        return obj.also_reports_whole_area

    @staticmethod
    def resolve_partners(obj: Target) -> list[TargetPartner]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_version(obj: Target) -> TargetVersion | None:
        as_at = getattr(obj, "as_at", None)
        if as_at is not None:
            return selectors.version_in_force(obj, as_at)
        return selectors.latest_version(obj)


class AgreementOut(Schema):
    id: int
    title: str
    area: str
    area_name: str
    region: str | None
    responsible_authority: str
    term: Choice
    years: list[str]
    status: Choice
    submitted_on: datetime.date | None
    recommended_on: datetime.date | None
    approved_on: datetime.date | None
    in_force_from: datetime.date | None

    @staticmethod
    def resolve_area(obj: Agreement) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Agreement) -> str:
        return obj.area.name

    @staticmethod
    def resolve_region(obj: Agreement) -> str | None:
        return obj.area.region.name if obj.area.region_id else None

    @staticmethod
    def resolve_responsible_authority(obj: Agreement) -> str:
        return obj.responsible_authority.slug

    @staticmethod
    def resolve_term(obj: Agreement) -> Choice:
        return choice_of(Term, obj.term)

    @staticmethod
    def resolve_years(obj: Agreement) -> list[str]:
        return list(obj.years)

    @staticmethod
    def resolve_status(obj: Agreement) -> Choice:
        return Choice(value=obj.status, label=obj.get_status_display())


class AgreementDetailOut(AgreementOut):
    counts: dict[str, int]
    allowed_actions: list[str] = Field(description="Sign-off steps the caller may take now.")
    can_edit: bool
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Agreement) -> list[Target]:
        return obj.targets_out


class EventOut(Schema):
    occurred_at: datetime.datetime
    action: str
    description: str
    from_status: str
    to_status: str
    actor: str
    actor_role: str
    actor_organisation: str
    comment: str

    @staticmethod
    def resolve_actor(obj: AgreementEvent) -> str:
        return obj.actor_name


class CommitmentOut(Schema):
    agreement: int
    agreement_title: str
    agreement_status: Choice
    target: int
    indicator: str
    category: Choice
    coordinating: bool
    duty: Choice

    @staticmethod
    def resolve_agreement(obj: TargetPartner) -> int:
        return obj.target.agreement_id

    @staticmethod
    def resolve_agreement_title(obj: TargetPartner) -> str:
        return obj.target.agreement.title

    @staticmethod
    def resolve_agreement_status(obj: TargetPartner) -> Choice:
        agreement = obj.target.agreement
        return Choice(value=agreement.status, label=agreement.get_status_display())

    @staticmethod
    def resolve_target(obj: TargetPartner) -> int:
        return obj.target_id

    @staticmethod
    def resolve_indicator(obj: TargetPartner) -> str:
        return obj.target.measure_code

    @staticmethod
    def resolve_category(obj: TargetPartner) -> Choice:
        return Choice(value=obj.target.category, label=obj.target.get_category_display())

    @staticmethod
    def resolve_coordinating(obj: TargetPartner) -> bool:
        return obj.is_coordinating

    @staticmethod
    def resolve_duty(obj: TargetPartner) -> Choice:
        return Choice(value=obj.duty.value, label=obj.duty.label)


# --- Input --------------------------------------------------------------------------


class AgreementIn(Schema):
    term: str = Field(Term.THREE_YEARS, description='"2008-11", "2008-09" or "2009-11" (A1).')
    title: str = ""


class ActionIn(Schema):
    action: str = Field(description="submit, return, recommend, approve or bring_into_force")
    comment: str = ""


class PartnerIn(Schema):
    organisation: str = Field(description="The organisation's slug.")
    coordinating: bool = False


class TargetIn(Schema):
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
    baseline_period: str = ""
    baseline_lower: Decimal | None = None
    baseline_upper: Decimal | None = None
    baseline_to_be_confirmed: bool = False
    improvement_percent: Decimal | None = None
    trajectory: dict[str, Decimal | None] = Field({}, description='{"2008/09": 41.2, …}')
    relative_to: str | None = Field(None, description="The name of a reference figure (A8).")
    relative_ratio: Decimal | None = None
    relative_offset: Decimal | None = None
    partners: list[PartnerIn] = []
    notes: str = ""


def _resolve(payload: TargetIn, agreement: Agreement) -> TargetInput:
    """Codes and slugs to objects; an unknown one is a 422 naming it."""
    errors: dict[str, list[str]] = {}

    def missing(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    indicator = (
        Indicator.objects.with_code(payload.indicator).filter(status=IndicatorStatus.LIVE).first()
        or Indicator.objects.with_code(payload.indicator).first()
    )
    if indicator is None:
        missing("indicator", f"There is no indicator with the code '{payload.indicator}'.")
    measure = None
    if payload.measure and indicator is not None:
        part = payload.measure.strip().removeprefix(indicator.code).strip()
        measure = indicator.measures.filter(part=part).first()
        if measure is None:
            missing("measure", f"{indicator.code} has no measure '{payload.measure}'.")
    outcome = None
    if payload.outcome is not None:
        outcome = agreement.outcomes.filter(pk=payload.outcome).first()
        if outcome is None:
            missing("outcome", "Choose one of this agreement's outcomes.")
    areas = []
    for code in payload.scope_areas:
        area = Area.objects.with_code(code).first()
        if area is None:
            missing("scope_areas", f"There is no area with the code '{code}'.")
        else:
            areas.append(area)
    groups = []
    for ref in payload.scope_groups:
        dimension, _, code = ref.partition(":")
        group = PopulationGroup.objects.filter(dimension=dimension, code=code).first()
        if group is None:
            missing("scope_groups", f"There is no population group '{ref}'.")
        else:
            groups.append(group)
    sub_region = None
    if payload.sub_regional_area:
        sub_region = Area.objects.with_code(payload.sub_regional_area).first()
        if sub_region is None:
            missing("sub_regional_area", f"There is no area '{payload.sub_regional_area}'.")
    figure = None
    if payload.relative_to:
        figure = ReferenceFigure.objects.filter(name=payload.relative_to).first()
        if figure is None:
            missing("relative_to", f"There is no reference figure '{payload.relative_to}'.")
    partners = []
    for partner in payload.partners:
        organisation = Organisation.objects.filter(slug=partner.organisation).first()
        if organisation is None:
            missing("partners", f"There is no organisation '{partner.organisation}'.")
        else:
            partners.append(PartnerInput(organisation, partner.coordinating))
    if errors:
        raise ValidationError(errors)
    return TargetInput(
        category=payload.category,
        indicator=indicator,
        theme=payload.theme,
        measure=measure,
        outcome=outcome,
        title=payload.title,
        related_psa=payload.related_psa,
        scope_areas=tuple(areas),
        scope_groups=tuple(groups),
        sub_regional_area=sub_region,
        setting=payload.setting,
        baseline_value=payload.baseline_value,
        baseline_period=payload.baseline_period,
        baseline_lower=payload.baseline_lower,
        baseline_upper=payload.baseline_upper,
        baseline_to_be_confirmed=payload.baseline_to_be_confirmed,
        improvement_percent=payload.improvement_percent,
        trajectory=dict(payload.trajectory),
        relative_to=figure,
        relative_ratio=payload.relative_ratio,
        relative_offset=payload.relative_offset,
        partners=tuple(partners),
        notes=payload.notes,
    )


def _detail(request, agreement: Agreement) -> Agreement:
    permissions = agreement_permissions(request.user, agreement)
    agreement.counts = selectors.category_counts(agreement)
    agreement.allowed_actions = [a.value for a in permissions.actions]
    agreement.can_edit = permissions.change
    agreement.targets_out = list(selectors.target_queryset().filter(agreement=agreement))
    return agreement


# --- Endpoints ------------------------------------------------------------------------


@router.get("", response=list[AgreementOut], summary="Agreements you may see")
def list_agreements(request, status: str = ""):
    return list(selectors.agreement_list_for(request.user, status=status))


@router.post(
    "",
    auth=django_auth,
    response={201: AgreementOut, 403: ErrorMessage, 422: Errors},
    summary="Create your council's draft agreement",
)
@service_call
def create_agreement(request, payload: AgreementIn):
    agreement = services.agreement_create(user=request.user, term=payload.term, title=payload.title)
    return Status(201, agreement)


@router.get(
    "/commitments",
    auth=django_auth,
    response=list[CommitmentOut],
    summary="Targets your organisation has signed up to, across agreements",
)
def my_commitments(request):
    return list(selectors.commitments_for(request.user))


# --- Reference figures (rule A8) ----------------------------------------------------


class ReferenceValueOut(Schema):
    effective_from: datetime.date
    value: float
    note: str


class ReferenceFigureOut(Schema):
    id: int
    name: str
    area: str | None
    unit: str
    source: str
    values: list[ReferenceValueOut]

    @staticmethod
    def resolve_area(obj: ReferenceFigure) -> str | None:
        return obj.area.code if obj.area_id else None

    @staticmethod
    def resolve_values(obj: ReferenceFigure) -> list[ReferenceFigureValue]:
        return list(obj.values.all())


class ReferenceValueIn(Schema):
    value: Decimal | None = None
    effective_from: datetime.date | None = None
    note: str = ""


class RecalculatedOut(Schema):
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
    return Status(
        201, {"figure": figure, "recalculated_targets": sorted({v.target_id for v in changed})}
    )


@router.get("/{agreement_id}", response={200: AgreementDetailOut, 404: ErrorMessage})
def get_agreement(request, agreement_id: int):
    return _detail(request, agreement_for_user_or_404(request.user, agreement_id))


@router.post(
    "/{agreement_id}/actions",
    auth=django_auth,
    response={200: AgreementOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Take a step of the sign-off path (rules L1, L2)",
)
@service_call
def take_action(request, agreement_id: int, payload: ActionIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return services.agreement_take_action(
        user=request.user, agreement=agreement, action=payload.action, comment=payload.comment
    )


@router.get("/{agreement_id}/events", response={200: list[EventOut], 404: ErrorMessage})
def list_events(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return selectors.agreement_events_for(request.user, agreement)


@router.get("/{agreement_id}/targets", response={200: list[TargetOut], 404: ErrorMessage})
def list_targets(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    return list(selectors.target_queryset().filter(agreement=agreement))


@router.post(
    "/{agreement_id}/targets",
    auth=django_auth,
    response={201: TargetOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Add a target to a draft",
)
@service_call
def add_target(request, agreement_id: int, payload: TargetIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    services.agreement_check_editable(request.user, agreement)
    target = services.target_add(
        user=request.user, agreement=agreement, data=_resolve(payload, agreement)
    )
    return Status(201, selectors.target_queryset().get(pk=target.pk))


class AsAt(Schema):
    as_at: datetime.date | None = Field(
        None, description="The version in force on this day (monitoring uses this)."
    )


@router.get(
    "/{agreement_id}/targets/{target_id}",
    response={200: TargetOut, 404: ErrorMessage},
)
def get_target(request, agreement_id: int, target_id: int, query: Query[AsAt]):
    target = selectors.target_get_for(request.user, None, target_id)
    if target is None or target.agreement_id != agreement_id:
        raise Http404("There is no target with that id that you can see.")
    target.as_at = query.as_at
    return target


@router.put(
    "/{agreement_id}/targets/{target_id}",
    auth=django_auth,
    response={200: TargetOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Change a target of a draft",
)
@service_call
def change_target(request, agreement_id: int, target_id: int, payload: TargetIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    target = target_for_user_or_404(request.user, agreement, target_id)
    services.agreement_check_editable(request.user, agreement)
    services.target_change(user=request.user, target=target, data=_resolve(payload, agreement))
    return selectors.target_queryset().get(pk=target.pk)


# --- Outcomes, moving and removing targets of a draft (rule A11) -----------------------


class OutcomeOut(Schema):
    id: int
    theme: Choice
    title: str
    order: int

    @staticmethod
    def resolve_theme(obj: Outcome) -> Choice:
        return choice_of(LaaTheme, obj.theme)


class OutcomeIn(Schema):
    theme: str
    title: str
    position: int | None = Field(None, description="1 for the first outcome of its theme.")


class MoveIn(Schema):
    outcome: int | None = Field(description="The outcome's id; null for none.")


class RemoveIn(Schema):
    reason: str = ""


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


@router.post(
    "/{agreement_id}/targets/{target_id}/move",
    auth=django_auth,
    response={200: TargetOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Put a target of a draft under another outcome",
)
@service_call
def move_target(request, agreement_id: int, target_id: int, payload: MoveIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    target = target_for_user_or_404(request.user, agreement, target_id)
    services.agreement_check_editable(request.user, agreement)
    outcome = None
    if payload.outcome is not None:
        outcome = Outcome.objects.filter(pk=payload.outcome).first()
        if outcome is None:
            raise ValidationError({"outcome": ["Choose one of this agreement's outcomes."]})
    services.target_move(user=request.user, target=target, outcome=outcome)
    return selectors.target_queryset().get(pk=target.pk)


@router.post(
    "/{agreement_id}/targets/{target_id}/remove",
    auth=django_auth,
    response={204: None, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Remove a target from a draft (its history is kept)",
)
@service_call
def remove_target(request, agreement_id: int, target_id: int, payload: RemoveIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    target = target_for_user_or_404(request.user, agreement, target_id)
    services.agreement_check_editable(request.user, agreement)
    services.target_remove(user=request.user, target=target, reason=payload.reason)
    return Status(204, None)


# --- Revisions (rules L3–L5) ----------------------------------------------------------


class ChangeOut(Schema):
    action: Choice
    target: int | None
    category: str
    summary: str

    @staticmethod
    def resolve_action(obj: RevisionChange) -> Choice:
        return Choice(value=obj.action, label=obj.get_action_display())

    @staticmethod
    def resolve_target(obj: RevisionChange) -> int | None:
        return obj.target_id


class RevisionOut(Schema):
    number: int
    title: str
    reason: str
    effective_from: datetime.date
    status: Choice
    proposed_on: datetime.date | None
    decided_on: datetime.date | None
    decision_comment: str
    needs_secretary_of_state: bool = Field(description="Rule L3.")
    changes: list[ChangeOut]
    partners_required: list[str] = Field(description="Slugs of partners who must agree.")
    partners_agreed: list[str]

    @staticmethod
    def resolve_status(obj: RevisionProposal) -> Choice:
        return choice_of(RevisionStatus, obj.status)

    @staticmethod
    def resolve_needs_secretary_of_state(obj: RevisionProposal) -> bool:
        return selectors.revision_needs_secretary_of_state(obj)

    @staticmethod
    def resolve_changes(obj: RevisionProposal) -> list[RevisionChange]:
        return list(obj.changes.all())

    @staticmethod
    def resolve_partners_required(obj: RevisionProposal) -> list[str]:
        return [o.slug for o in selectors.revision_required_partners(obj)]

    @staticmethod
    def resolve_partners_agreed(obj: RevisionProposal) -> list[str]:
        return [a.organisation.slug for a in obj.partner_agreements.select_related("organisation")]


class RevisionIn(Schema):
    title: str = ""
    reason: str = ""
    effective_from: datetime.date | None = None


class ChangeIn(Schema):
    action: str = Field(description="add, change, drop or undesignate")
    target: int | None = Field(None, description="The target's id (not for add).")
    proposed: TargetIn | None = Field(None, description="The target as proposed (add, change).")


class CommentIn(Schema):
    comment: str = ""


class DecisionIn(Schema):
    decision: str = Field(description="approve or refuse")
    comment: str = ""


def _revision_to_change(request, agreement_id: int, number: int) -> RevisionProposal:
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    if not revision_permissions(request.user, revision).change:
        raise PermissionDenied(
            "Only the responsible authority's performance manager can change a revision, "
            "while it is being prepared."
        )
    return revision


@router.get("/{agreement_id}/revisions", response={200: list[RevisionOut], 404: ErrorMessage})
def list_revisions(request, agreement_id: int):
    return selectors.revision_list_for(
        request.user, agreement_for_user_or_404(request.user, agreement_id)
    )


@router.post(
    "/{agreement_id}/revisions",
    auth=django_auth,
    response={201: RevisionOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Start a revision proposal to an approved agreement",
)
@service_call
def create_revision(request, agreement_id: int, payload: RevisionIn):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    revision = services.revision_create(
        user=request.user,
        agreement=agreement,
        title=payload.title,
        reason=payload.reason,
        effective_from=payload.effective_from,
    )
    return Status(201, revision)


@router.get("/{agreement_id}/revisions/{number}", response={200: RevisionOut, 404: ErrorMessage})
def get_revision(request, agreement_id: int, number: int):
    return revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )


@router.post(
    "/{agreement_id}/revisions/{number}/changes",
    auth=django_auth,
    response={201: RevisionOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Add a change to a revision being prepared",
)
@service_call
def add_revision_change(request, agreement_id: int, number: int, payload: ChangeIn):
    revision = _revision_to_change(request, agreement_id, number)
    agreement = revision.agreement
    target = None
    if payload.target is not None:
        target = target_for_user_or_404(request.user, agreement, payload.target)
    data = _resolve(payload.proposed, agreement) if payload.proposed is not None else None
    services.revision_add_change(
        user=request.user, revision=revision, action=payload.action, target=target, data=data
    )
    return Status(201, revision)


@router.post(
    "/{agreement_id}/revisions/{number}/propose",
    auth=django_auth,
    response={200: RevisionOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Propose the revision to the partners and the decider",
)
@service_call
def propose_revision(request, agreement_id: int, number: int):
    revision = _revision_to_change(request, agreement_id, number)
    return services.revision_propose(user=request.user, revision=revision)


@router.post(
    "/{agreement_id}/revisions/{number}/agree",
    auth=django_auth,
    response={200: RevisionOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Record your organisation's agreement to a proposed revision (L3, L4)",
)
@service_call
def agree_revision(request, agreement_id: int, number: int, payload: CommentIn):
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    services.revision_record_partner_agreement(
        user=request.user, revision=revision, comment=payload.comment
    )
    return revision


@router.post(
    "/{agreement_id}/revisions/{number}/decide",
    auth=django_auth,
    response={200: RevisionOut, 403: ErrorMessage, 404: ErrorMessage, 422: Errors},
    summary="Approve or refuse a proposed revision (L3: designated targets, the SoS)",
)
@service_call
def decide_revision(request, agreement_id: int, number: int, payload: DecisionIn):
    revision = revision_for_user_or_404(
        request.user, agreement_for_user_or_404(request.user, agreement_id), number
    )
    if not has(request.user, "agreements.decide_revisionproposal", revision):
        raise PermissionDenied(services.revision_decider_message(revision))
    if payload.decision == "approve":
        return services.revision_approve(
            user=request.user, revision=revision, comment=payload.comment
        )
    if payload.decision == "refuse":
        return services.revision_refuse(
            user=request.user, revision=revision, comment=payload.comment
        )
    raise ValidationError({"decision": ["Choose whether to approve or refuse the revision."]})
