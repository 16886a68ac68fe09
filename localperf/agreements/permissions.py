"""Object-level permissions (django-rules), one helper per object type.

Who sees what:
- anyone, signed in or not: approved and in-force agreements;
- the responsible authority's users: its own agreements, in every status;
- the Government Office of the area's region: its region's agreements, in every status;
- central approvers (for the Secretary of State): agreements under review or published;
- a partner signed up to a target: that target, in every status, and the revisions
  that need its agreement;
- administrators: everything.

Who may act:
- the responsible authority's performance manager: create the LAA, edit drafts (draft
  or returned), submit, propose revisions, decide revisions of local targets only;
- the GO locality manager: return a submitted agreement;
- the GO Regional Director: return or recommend a submitted agreement;
- central approvers: return or approve a recommended agreement, bring it into force,
  decide revisions that touch designated targets;
- a signed-up partner (partner officer, or the performance manager of a partner
  council): record its agreement to a proposed revision;
- administrators: nothing on the sign-off path.

Pages answer 404 (not 403) when the user may not see the object at all, so that a
draft's existence does not leak; 403 when they can see it but may not act on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import rules

from localperf.accounts.models import GOVERNMENT_OFFICE_ROLES, Role
from localperf.accounts.roles import (
    has,
    has_organisation,
    is_administrator,
    is_central_approver,
    is_government_office,
    is_performance_manager,
    is_signed_in,
    role_of,
    speaks_for_partner,
)
from localperf.agreements import selectors
from localperf.agreements.models import (
    Agreement,
    RevisionProposal,
    RevisionStatus,
    Target,
    TargetPartner,
)
from localperf.agreements.workflow import TRANSITIONS, Action
from localperf.organisations.models import RESPONSIBLE_AUTHORITY_KINDS, OrganisationKind


@rules.predicate
def is_performance_manager_of_responsible_authority(user) -> bool:
    """May create an LAA: a performance manager in a county or unitary council (A12)."""
    organisation = getattr(user, "organisation", None)
    return (
        is_performance_manager(user)
        and organisation is not None
        and organisation.kind in RESPONSIBLE_AUTHORITY_KINDS
    )


def works_for_responsible_authority(user, agreement: Agreement) -> bool:
    return is_signed_in(user) and user.organisation_id == agreement.responsible_authority_id


def is_government_office_for(user, agreement: Agreement) -> bool:
    organisation = getattr(user, "organisation", None)
    return (
        is_government_office(user)
        and organisation is not None
        and organisation.kind == OrganisationKind.GOVERNMENT_OFFICE
        and organisation.area_id is not None
        and organisation.area_id == agreement.area.region_id
    )


def is_partner_of(user, agreement: Agreement) -> bool:
    """The user's organisation is signed up to one of the agreement's targets."""
    return has_organisation(user) and (
        TargetPartner.objects.filter(
            target__agreement=agreement, organisation_id=user.organisation_id
        ).exists()
    )


def acts_for(user, agreement: Agreement, role: str) -> bool:
    """Whether the user holds ``role`` *for this agreement*."""
    if role_of(user) != role:
        return False
    if role == Role.PERFORMANCE_MANAGER:
        return works_for_responsible_authority(user, agreement)
    if role in GOVERNMENT_OFFICE_ROLES:
        return is_government_office_for(user, agreement)
    return role == Role.CENTRAL_APPROVER


# --- Agreements -------------------------------------------------------------------------


@rules.predicate
def can_view_agreement(user, agreement: Agreement) -> bool:
    return selectors.agreement_is_visible(agreement, user)


@rules.predicate
def can_change_agreement(user, agreement: Agreement) -> bool:
    return agreement.is_editable and acts_for(user, agreement, Role.PERFORMANCE_MANAGER)


def can_take(user, agreement: Agreement, action: str) -> bool:
    """The transition table plus the relation: the right role, for this agreement."""
    return TRANSITIONS.may(agreement.status, action, partial(acts_for, user, agreement))


def _action_predicate(action: str):
    @rules.predicate(name=f"can_{action}_agreement")
    def predicate(user, agreement: Agreement) -> bool:
        return can_take(user, agreement, action)

    return predicate


@rules.predicate
def can_change_maa_members(user, agreement: Agreement) -> bool:
    """Rule X1: the parties of a Multi Area Agreement are part of its draft, so the pen is
    the responsible authority's performance manager's, as for the rest of the draft. The
    other members' PMs sign and supply figures; the Government Office negotiates and
    recommends; none of them edits the draft (the same split as an LAA's)."""
    return agreement.is_multi_area and can_change_agreement(user, agreement)


@rules.predicate
def can_propose_revision(user, agreement: Agreement) -> bool:
    return agreement.is_published and acts_for(user, agreement, Role.PERFORMANCE_MANAGER)


rules.add_perm("agreements.view_agreement", can_view_agreement)
rules.add_perm("agreements.add_agreement", is_performance_manager_of_responsible_authority)
rules.add_perm("agreements.change_agreement", can_change_agreement)
for _action in Action:
    rules.add_perm(f"agreements.{_action.value}_agreement", _action_predicate(_action.value))
rules.add_perm("agreements.propose_revision", can_propose_revision)
rules.add_perm("agreements.change_maa_members", can_change_maa_members)


@dataclass(frozen=True)
class AgreementPermissions:
    view: bool
    change: bool
    actions: tuple[Action, ...]
    propose_revision: bool


def agreement_permissions(user, agreement: Agreement) -> AgreementPermissions:
    return AgreementPermissions(
        view=has(user, "agreements.view_agreement", agreement),
        change=has(user, "agreements.change_agreement", agreement),
        actions=tuple(a for a in Action if has(user, f"agreements.{a.value}_agreement", agreement)),
        propose_revision=has(user, "agreements.propose_revision", agreement),
    )


# --- Targets --------------------------------------------------------------------------


@rules.predicate
def can_view_target(user, target: Target) -> bool:
    if can_view_agreement(user, target.agreement):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    return (
        bool(organisation_id) and target.partners.filter(organisation_id=organisation_id).exists()
    )


@rules.predicate
def can_change_target(user, target: Target) -> bool:
    return can_change_agreement(user, target.agreement)


rules.add_perm("agreements.view_target", can_view_target)
rules.add_perm("agreements.change_target", can_change_target)


@dataclass(frozen=True)
class TargetPermissions:
    view: bool
    change: bool


def target_permissions(user, target: Target) -> TargetPermissions:
    return TargetPermissions(
        view=has(user, "agreements.view_target", target),
        change=has(user, "agreements.change_target", target),
    )


# --- Revisions --------------------------------------------------------------------------


def is_required_partner(user, revision: RevisionProposal) -> bool:
    organisation_id = getattr(user, "organisation_id", None)
    return bool(organisation_id) and organisation_id in {
        o.pk for o in selectors.revision_required_partners(revision)
    }


@rules.predicate
def can_view_revision(user, revision: RevisionProposal) -> bool:
    agreement = revision.agreement
    if is_administrator(user) or works_for_responsible_authority(user, agreement):
        return True
    if is_government_office_for(user, agreement) or is_central_approver(user):
        return revision.status != RevisionStatus.DRAFT
    if revision.status == RevisionStatus.APPROVED and can_view_agreement(user, agreement):
        return True
    return revision.status != RevisionStatus.DRAFT and is_required_partner(user, revision)


@rules.predicate
def can_change_revision(user, revision: RevisionProposal) -> bool:
    return revision.status == RevisionStatus.DRAFT and acts_for(
        user, revision.agreement, Role.PERFORMANCE_MANAGER
    )


@rules.predicate
def can_record_partner_agreement(user, revision: RevisionProposal) -> bool:
    return (
        revision.status == RevisionStatus.PROPOSED
        and speaks_for_partner(user)
        and is_required_partner(user, revision)
    )


def revision_decider_role(revision: RevisionProposal) -> Role:
    """Rule L3: a change to a designated target needs the Secretary of State; rule L4:
    local targets change with the LSP's own decision."""
    if selectors.revision_needs_secretary_of_state(revision):
        return Role.CENTRAL_APPROVER
    return Role.PERFORMANCE_MANAGER


@rules.predicate
def can_decide_revision(user, revision: RevisionProposal) -> bool:
    return revision.status == RevisionStatus.PROPOSED and acts_for(
        user, revision.agreement, revision_decider_role(revision)
    )


rules.add_perm("agreements.view_revisionproposal", can_view_revision)
rules.add_perm("agreements.change_revisionproposal", can_change_revision)
rules.add_perm("agreements.agree_revisionproposal", can_record_partner_agreement)
rules.add_perm("agreements.decide_revisionproposal", can_decide_revision)


@dataclass(frozen=True)
class RevisionPermissions:
    view: bool
    change: bool
    record_agreement: bool
    decide: bool


def revision_permissions(user, revision: RevisionProposal) -> RevisionPermissions:
    return RevisionPermissions(
        view=has(user, "agreements.view_revisionproposal", revision),
        change=has(user, "agreements.change_revisionproposal", revision),
        record_agreement=has(user, "agreements.agree_revisionproposal", revision),
        decide=has(user, "agreements.decide_revisionproposal", revision),
    )


# --- Reference figures (rule A8) ---------------------------------------------------------

# A figure set outside the agreement (a regional plan …) is recorded by government: a
# Government Office, a central approver, or an administrator.
can_change_reference_figure = is_administrator | is_government_office | is_central_approver


rules.add_perm("agreements.change_referencefigure", can_change_reference_figure)


# --- Partner view -------------------------------------------------------------------

rules.add_perm("agreements.view_commitments", has_organisation)
