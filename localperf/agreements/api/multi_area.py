"""Multi Area Agreements (rules X1, X2): creating one with its parties, its parties and
targets of three kinds (each saying whether the statutory duties apply), a party's
signature, and linking a member LAA's designated target. The agreement itself, its own
targets, sign-off steps and revisions are the agreements' endpoints: the same
validation and permissions as for an LAA."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Status
from ninja.security import django_auth

from localperf.agreements import multi_area, services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.api.common import ChoiceOf, Out
from localperf.agreements.api.router import router
from localperf.agreements.models import MemberStanding, Target
from localperf.agreements.selectors import agreement_is_visible
from localperf.organisations.models import Organisation
from localperf.web.api import ErrorMessage, Errors, Input, service_call

WRITE = {403: ErrorMessage, 404: ErrorMessage, 422: Errors}


class MemberOut(Out):
    organisation: str = Field(alias="organisation.slug")
    name: str = Field(alias="organisation.name")
    standing: ChoiceOf(MemberStanding)
    signs: bool
    signed_on: datetime.date | None


class MaaTargetOut(Out):
    target: int = Field(alias="target.id")
    agreement: int = Field(alias="target.agreement_id")
    indicator: str = Field(alias="target.measure_code")
    kind: str = Field(description="linked, national or local_indicator (rule X2)")
    kind_label: str
    covers: str
    statutory_duties_apply: bool = Field(alias="statutory")
    duty: str


class MaaOut(Out):
    id: int
    title: str
    area: str
    responsible_authority: str
    status: str
    statutory_from: datetime.date | None
    members: list[MemberOut]
    targets: list[MaaTargetOut]
    waiting_for: list[str] = Field(description="Parties still to sign (rule X1).")


class MemberIn(Input):
    organisation: str = Field(description="The organisation's slug.")
    standing: str = Field(description="member_authority, district_council, "
                          "contributing_partner or government")  # fmt: skip


class MaaIn(Input):
    title: str
    members: list[MemberIn] = Field(
        description="The other parties; your council is the responsible member authority."
    )
    statutory_from: datetime.date | None = None


class SignIn(Input):
    comment: str = ""


class LinkIn(Input):
    target: int = Field(description="A designated target of a member's LAA.")


def _maa_out(agreement) -> dict:
    summary = multi_area.maa_summary(agreement)
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "area": agreement.area.code,
        "responsible_authority": agreement.responsible_authority.slug,
        "status": agreement.status,
        "statutory_from": agreement.statutory_from,
        "members": summary.members,
        "targets": summary.targets,
        "waiting_for": [m.organisation.slug for m in summary.unsigned],
    }


def _maa_for(request, agreement_id: int):
    agreement = agreement_for_user_or_404(request.user, agreement_id)
    if not agreement.is_multi_area:
        raise ValidationError({"agreement": ["This is a Local Area Agreement, not an MAA."]})
    return agreement


@router.post(
    "/multi-area",
    auth=django_auth,
    response={201: MaaOut, **WRITE},
    summary="Create a Multi Area Agreement (rule X1)",
)
@service_call
def create_maa(request, payload: MaaIn):
    members = []
    for index, member in enumerate(payload.members):
        organisation = Organisation.objects.filter(slug=member.organisation).first()
        if organisation is None:
            raise ValidationError(
                {
                    f"members.{index}.organisation": [
                        f"There is no organisation “{member.organisation}”."
                    ]
                }
            )
        members.append((organisation, member.standing))
    agreement = services.maa_create(
        user=request.user,
        title=payload.title,
        members=members,
        statutory_from=payload.statutory_from,
    )
    return Status(201, _maa_out(agreement))


@router.get(
    "/{agreement_id}/multi-area",
    response={200: MaaOut, 404: ErrorMessage, 422: Errors},
    summary="An MAA's parties, signatures and targets of three kinds (rules X1, X2)",
)
@service_call
def get_maa(request, agreement_id: int):
    return _maa_out(_maa_for(request, agreement_id))


@router.post(
    "/{agreement_id}/multi-area/signatures",
    auth=django_auth,
    response={201: MaaOut, **WRITE},
    summary="Sign the MAA for your organisation (rule X1)",
)
@service_call
def sign_maa(request, agreement_id: int, payload: SignIn):
    agreement = _maa_for(request, agreement_id)
    services.maa_sign(user=request.user, agreement=agreement, comment=payload.comment)
    return Status(201, _maa_out(agreement))


@router.post(
    "/{agreement_id}/multi-area/links",
    auth=django_auth,
    response={201: MaaOut, **WRITE},
    summary="Carry a member LAA's designated target (rule X2: one set of figures)",
)
@service_call
def link_target(request, agreement_id: int, payload: LinkIn):
    agreement = _maa_for(request, agreement_id)
    target = (
        Target.objects.select_related("agreement", "indicator").filter(pk=payload.target).first()
    )
    if target is None or not agreement_is_visible(target.agreement, request.user):
        raise ValidationError({"target": ["There is no target with that id that you can see."]})
    services.maa_link_target(user=request.user, agreement=agreement, target=target)
    return Status(201, _maa_out(agreement))
