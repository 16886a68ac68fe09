"""Multi Area Agreements (rules X1, X2, L5): creating one with its parties, each party's
signature, and carrying a constituent LAA's designated target by link (rule M6).

An MAA is an ``Agreement`` of kind ``maa``: its outcomes, own targets, sign-off path,
revisions, dashboard and reports are the agreement's own services and pages. Only what
is particular to several authorities lives here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from localperf.accounts.models import Role
from localperf.accounts.roles import is_performance_manager, speaks_for_partner
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.models import (
    AUTHORITY_STANDINGS,
    PUBLISHED_STATUSES,
    STATUTORY_BASIS_FROM,
    Agreement,
    AgreementKind,
    MaaLink,
    MaaMember,
    MemberStanding,
    RevisionProposal,
    Target,
    TargetCategory,
    TargetStatus,
)
from localperf.agreements.multi_area import SIGNING_STATUSES
from localperf.agreements.permissions import acts_for
from localperf.agreements.services.common import (
    TERM_SPANS,
    _event,
    _locked,
    _publish,
    _today,
    _who_may,
    status_phrase,
)
from localperf.organisations.models import (
    GOVERNMENT_KINDS,
    RESPONSIBLE_AUTHORITY_KINDS,
    Organisation,
    OrganisationKind,
)
from localperf.places.models import Area, AreaType


def _standing_problem(organisation: Organisation, standing: str) -> str:
    if standing not in MemberStanding.values:
        return f"Choose what {organisation.name} is in the agreement."
    if standing == MemberStanding.MEMBER_AUTHORITY and (
        organisation.kind not in RESPONSIBLE_AUTHORITY_KINDS
    ):
        return (
            f"{organisation.name} is not a county or unitary council: add it as a district "
            "council or a contributing partner."
        )
    if standing == MemberStanding.DISTRICT_COUNCIL and (
        organisation.kind != OrganisationKind.DISTRICT_COUNCIL
    ):
        return f"{organisation.name} is not a district council."
    if standing == MemberStanding.GOVERNMENT and organisation.kind not in GOVERNMENT_KINDS:
        return f"{organisation.name} is not a government body."
    return ""


def parties_problems(responsible: Organisation, parties: dict[Organisation, str]) -> list[str]:
    """Rule X1, for a whole set of parties (when created and after every change): each
    standing fits its organisation, the responsible council is a member authority, and
    two or more upper-tier authorities are bound."""
    problems = [p for o, s in parties.items() if (p := _standing_problem(o, s))]
    if parties.get(responsible) != MemberStanding.MEMBER_AUTHORITY:
        problems.append(f"{responsible.name} is responsible for the agreement: a member authority.")
    authorities = [o for o, s in parties.items() if s == MemberStanding.MEMBER_AUTHORITY]
    if len(authorities) < 2:
        problems.append(
            "A Multi Area Agreement binds two or more upper-tier authorities: add another "
            "member authority."
        )
    return problems


def member_areas(parties: dict[Organisation, str]) -> list[Area]:
    """The MAA's area is its member authorities' and districts' areas (rule X1)."""
    return [o.area for o, s in parties.items() if s in AUTHORITY_STANDINGS and o.area_id]


def maa_create(
    *,
    user,
    title: str,
    members: Sequence[tuple[Organisation, str]],
    statutory_from: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Agreement:
    """Rule X1: the performance manager of one member authority (then the responsible
    authority) creates a Multi Area Agreement binding two or more upper-tier authorities,
    optionally districts, contributing partners and government. Its area is a custom
    group of the member authorities' and districts' areas."""
    organisation = getattr(user, "organisation", None)
    if not (
        is_performance_manager(user)
        and organisation is not None
        and organisation.kind in RESPONSIBLE_AUTHORITY_KINDS
    ):
        raise PermissionDenied(
            "Only a performance manager in a county or unitary council can create a Multi "
            "Area Agreement; the council becomes the authority responsible for it."
        )
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter the agreement's name, for example “Greater Manchester MAA”."]
    parties = dict(members)
    parties.setdefault(organisation, MemberStanding.MEMBER_AUTHORITY)
    if problems := parties_problems(organisation, parties):
        errors["members"] = problems
    if statutory_from is not None and statutory_from < STATUTORY_BASIS_FROM:
        errors["statutory_from"] = [
            "Multi Area Agreements had a statutory basis from 12 January 2010 (Part 7 of "
            "the Local Democracy, Economic Development and Construction Act 2009): give "
            "that day or a later one."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        code = f"MAA-{slugify(title)[:30].upper()}"
        area = Area.objects.filter(code=code).first() or Area.objects.create(
            code=code,
            name=title.strip().removesuffix(" Multi Area Agreement").removesuffix(" MAA"),
            area_type=AreaType.CUSTOM,
            region=organisation.area.region if organisation.area_id else None,
            notes="The area of a Multi Area Agreement: its members' areas.",
        )
        area.members.set(member_areas(parties))
        agreement = Agreement.objects.create(
            kind=AgreementKind.MAA,
            area=area,
            responsible_authority=organisation,
            title=title.strip(),
            statutory_from=statutory_from,
            created_by=user,
        )
        MaaMember.objects.bulk_create(
            [MaaMember(agreement=agreement, organisation=o, standing=s) for o, s in parties.items()]
        )
        _event(
            agreement,
            user=user,
            action="create",
            description=f"Draft Multi Area Agreement created ({TERM_SPANS[agreement.term]})",
            on=on,
        )
    return agreement


def maa_sign(*, user, agreement: Agreement, comment: str = "", on=None) -> MaaMember:
    """Rule X1: a party signs for its own organisation (its performance manager or
    partner officer), before the agreement is approved."""
    organisation_id = getattr(user, "organisation_id", None)
    member = (
        agreement.maa_members.select_related("organisation")
        .filter(organisation_id=organisation_id)
        .first()
        if agreement.is_multi_area and organisation_id
        else None
    )
    if member is None or not member.signs or not speaks_for_partner(user):
        raise PermissionDenied(
            "Only a member authority, district council or contributing partner of this Multi "
            "Area Agreement signs it, through its performance manager or partner officer."
        )
    if member.signed_on:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    f"{member.organisation.name} signed on {member.signed_on:%-d %B %Y}."
                ]
            }
        )
    if agreement.status not in SIGNING_STATUSES:
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"This agreement is {status_phrase(agreement)}: it is signed."]}
        )
    day = _today(on)
    with transaction.atomic():
        locked = _locked(agreement)
        member = locked.maa_members.select_for_update().get(pk=member.pk)
        member.signed_on = day
        member.signed_by = user
        member.save()
        _event(
            locked,
            user=user,
            action="maa_sign",
            description=f"Signed by {member.organisation.name}",
            comment=comment,
            on=on,
        )
    return member


def _link_problem(agreement: Agreement, target: Target, *, moving: bool = False) -> str:
    laa = target.agreement
    if laa.is_multi_area:
        return (
            "Choose a target of a Local Area Agreement: an MAA links to its members' LAA targets."
        )
    member_areas = set(agreement.area.members.values_list("pk", flat=True))
    if laa.area_id not in member_areas:
        return f"{laa.area.name} is not a member of {agreement.title}."
    if target.status != TargetStatus.ACTIVE:
        return f"The {target.indicator.code} target of {laa.title} has been dropped."
    if not moving and target.category != TargetCategory.DESIGNATED:
        return (
            f"The {target.indicator.code} target is not designated in {laa.title}: an MAA "
            "links to designated targets; add a non-designated one as its own target."
        )
    if agreement.maa_links.filter(target=target).exists():
        return (
            f"{agreement.title} already carries the {target.indicator.code} target of {laa.title}."
        )
    return ""


def maa_link_target(*, user, agreement: Agreement, target: Target, on=None) -> MaaLink:
    """Rule X2 (M6): the MAA carries a constituent LAA's designated target by link, so one
    set of figures, one trajectory and one status serve both agreements."""
    if not (agreement.is_multi_area and acts_for(user, agreement, Role.PERFORMANCE_MANAGER)):
        raise PermissionDenied(f"Only {_who_may(Role.PERFORMANCE_MANAGER, agreement)} can do this.")
    if not agreement.is_editable:
        raise PermissionDenied(
            f"This agreement is {status_phrase(agreement)}: a designated target moves into it "
            "only by a revision of its Local Area Agreement (rule L5)."
        )
    problem = _link_problem(agreement, target)
    if problem:
        raise ValidationError({"target": [problem]})
    with transaction.atomic():
        locked = _locked(agreement)
        link = MaaLink.objects.create(
            agreement=locked, target=target, linked_by=user, linked_on=_today(on)
        )
        _event(
            locked,
            user=user,
            action="maa_link",
            description=(
                f"Linked the designated {target.indicator.code} target of {target.agreement.title}"
            )[:300],
            on=on,
        )
    return link


def maa_move_check(agreement: Agreement | None, target: Target) -> str:
    """Rule L5, as a revision of the LAA is prepared: the MAA the target would move to."""
    if agreement is None or not agreement.is_multi_area:
        return "Choose the Multi Area Agreement the target moves to."
    if agreement.status not in PUBLISHED_STATUSES:
        return (
            f"{agreement.title} is {status_phrase(agreement)}: link the target while it is drafted."
        )
    return _link_problem(agreement, target, moving=True)


def maa_receive_moved(
    *, user, target: Target, maa_id: int, revision: RevisionProposal, day: datetime.date
) -> str:
    """Rule L5, inside the LAA revision's approval (one transaction): the MAA takes the
    un-designated target; the event and published change are on the MAA too. Raises,
    undoing the whole revision, if the MAA can no longer take it."""
    agreement = Agreement.objects.filter(pk=maa_id, kind=AgreementKind.MAA).first()
    problem = maa_move_check(agreement, target)
    if problem:
        raise ValidationError({NON_FIELD_ERRORS: [problem]})
    locked = _locked(agreement)
    MaaLink.objects.create(
        agreement=locked, target=target, revision=revision, linked_by=user, linked_on=day
    )
    summary = (
        f"{target.indicator.code} moved here from {target.agreement.title} on "
        f"{rules.long_date(day)} (revision {revision.number} of that agreement)."
    )
    _event(locked, user=user, action="maa_move_in", description=summary[:300], on=day)
    _publish(locked, user=user, published_on=day, summary=summary, target=target)
    return f" It moves to {agreement.title}."
