"""Revision proposals: partners agree, the right person decides, changes are published
(rules L3–L5)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string

from localperf.accounts.models import Role
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements import selectors, statutory_rules
from localperf.agreements.inputs import TargetInput, from_payload, to_payload
from localperf.agreements.models import (
    PARTIES_CATEGORY,
    PARTY_ACTIONS,
    Agreement,
    PartnerAgreement,
    RevisionAction,
    RevisionChange,
    RevisionProposal,
    RevisionStatus,
    Target,
    TargetCategory,
    TargetStatus,
    TargetVersion,
)
from localperf.agreements.permissions import has, revision_decider_role
from localperf.agreements.services.common import (
    ONE_DAY,
    _event,
    _locked,
    _publish,
    _today,
    _who_may,
)
from localperf.agreements.services.maa import maa_move_check, maa_receive_moved
from localperf.agreements.services.maa_revisions import (
    maa_parties_apply,
    maa_parties_still_valid,
    maa_party_change_prepare,
)
from localperf.agreements.services.targets import (
    _new_target,
    _write_target_fields,
    _write_version,
)
from localperf.agreements.target_checks import CheckedTarget, check_target
from localperf.organisations.models import Organisation
from localperf.web import clock

# --- Revisions (rules L3, L4, L5) -------------------------------------------------------


def local_change_approvals(agreement: Agreement) -> list[rules.Approval]:
    """The approvals that start the one-month lock on local targets (rule L4)."""
    approvals = []
    if agreement.approved_on:
        approvals.append(rules.Approval(agreement.approved_on, "the agreement was approved"))
    for revision in agreement.revisions.filter(status=RevisionStatus.APPROVED):
        if selectors.revision_touches_local_targets(revision):
            approvals.append(
                rules.Approval(revision.decided_on, f"the revision “{revision.title}” was approved")
            )
    return approvals


def _check_local_lock(revision: RevisionProposal, on: datetime.date) -> None:
    if selectors.revision_touches_local_targets(revision):
        problem = rules.local_change_lock_problem(local_change_approvals(revision.agreement), on)
        if problem:
            raise ValidationError({NON_FIELD_ERRORS: [problem]})


def revision_create(
    *,
    user,
    agreement: Agreement,
    title: str,
    reason: str,
    effective_from: datetime.date,
    on: datetime.date | None = None,
) -> RevisionProposal:
    """Start a revision proposal to an approved agreement (its changes come next)."""
    if not has(user, "agreements.propose_revision", agreement):
        raise PermissionDenied(
            f"Only {_who_may(Role.PERFORMANCE_MANAGER, agreement)} can propose a revision, "
            "and only to an approved agreement."
        )
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter a title for the revision, for example “Annual review 2009”."]
    if not reason.strip():
        errors["reason"] = ["Say why the targets need to change."]
    if effective_from is None or not agreement.starts_on <= effective_from <= agreement.ends_on:
        errors["effective_from"] = [
            "The changes must take effect within the agreement's term, between "
            f"{rules.long_date(agreement.starts_on)} and {rules.long_date(agreement.ends_on)}."
        ]
    open_revision = agreement.revisions.filter(
        status__in=[RevisionStatus.DRAFT, RevisionStatus.PROPOSED]
    ).first()
    if open_revision is not None:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            f"Revision {open_revision.number}, “{open_revision.title}”, is still open: "
            "finish it first."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        number = (
            agreement.revisions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        revision = RevisionProposal.objects.create(
            agreement=agreement,
            number=number,
            title=title.strip(),
            reason=reason.strip(),
            effective_from=effective_from,
            created_by=user,
        )
        _event(
            agreement,
            user=user,
            action="revision_create",
            description=f"Revision {number} started: {revision.title}",
            revision=revision,
            on=on,
        )
    return revision


def _pending_designated(revision: RevisionProposal) -> int:
    """Designated targets once the revision's pending changes are made (rule A2)."""
    count = revision.agreement.targets.filter(
        category=TargetCategory.DESIGNATED, status=TargetStatus.ACTIVE
    ).count()
    for change in revision.changes.all():
        if change.action == RevisionAction.UNDESIGNATE:
            count -= 1
        elif change.action == RevisionAction.ADD and change.is_designated:
            count += 1
    return count


def _check_effective_after_current(revision: RevisionProposal, target: Target) -> None:
    current = target.current_version()
    if current is not None and revision.effective_from <= current.effective_from:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    f"The revision takes effect on {rules.long_date(revision.effective_from)}, "
                    f"but the current version of the {target.indicator.code} target began on "
                    f"{rules.long_date(current.effective_from)}: choose a later date."
                ]
            }
        )


def _check_change_allowed(
    revision: RevisionProposal,
    action: str,
    target: Target | None,
    data: TargetInput | None = None,
) -> None:
    """What the apps above say of this change going into this revision (the setting
    ``LOCALPERF_REVISION_CHANGE_CHECKS``: the refresh's eligibility, rule L6, of a target
    changed or added). Asked here, so the revision page, its API and the refresh's page
    and API all get one answer."""
    for path in getattr(settings, "LOCALPERF_REVISION_CHANGE_CHECKS", ()):
        problem = import_string(path)(revision=revision, action=action, target=target, data=data)
        if problem:
            field = "target" if target is not None else "indicator" if data else NON_FIELD_ERRORS
            raise ValidationError({field: [problem]})


def revision_step_problem(revision: RevisionProposal, step: str) -> str:
    """What the apps above say of proposing, approving or refusing this revision from the
    revision page or API (the setting ``LOCALPERF_REVISION_STEP_CHECKS``: the refresh's
    revision moves with the refresh), or "". The page asks it to hide what it would
    refuse; the services ask it to refuse."""
    for path in getattr(settings, "LOCALPERF_REVISION_STEP_CHECKS", ()):
        problem = import_string(path)(revision=revision, step=step)
        if problem:
            return problem
    return ""


def _check_step_allowed(revision: RevisionProposal, step: str) -> None:
    problem = revision_step_problem(revision, step)
    if problem:
        raise ValidationError({NON_FIELD_ERRORS: [problem]})


def revision_add_change(
    *,
    user,
    revision: RevisionProposal,
    action: str,
    target: Target | None = None,
    data: TargetInput | None = None,
    to_maa: Agreement | None = None,
    organisation: Organisation | None = None,
    standing: str = "",
) -> RevisionChange:
    """Add one change to a revision being prepared: of a target, or (rule X1) of the
    parties of a Multi Area Agreement (``organisation``, and its ``standing`` when it joins
    or changes what it is)."""
    if not has(user, "agreements.change_revisionproposal", revision):
        raise PermissionDenied(
            f"Only {_who_may(Role.PERFORMANCE_MANAGER, revision.agreement)} can change a "
            "revision that is being prepared."
        )
    agreement = revision.agreement
    if action not in RevisionAction.values:
        raise ValidationError({"action": ["Choose what the change does."]})
    if action in PARTY_ACTIONS:
        _check_change_allowed(revision, action, None)
        payload, summary = maa_party_change_prepare(revision, action, organisation, standing)
        return RevisionChange.objects.create(
            revision=revision,
            action=action,
            category=PARTIES_CATEGORY,
            payload=payload,
            summary=summary,
        )
    if action != RevisionAction.ADD and (
        target is None or target.agreement_id != agreement.pk or target.status != "active"
    ):
        raise ValidationError({"target": ["Choose one of the agreement's targets."]})
    _check_change_allowed(revision, action, target, data)
    if action != RevisionAction.ADD:
        if target.category == TargetCategory.STATUTORY:
            # Rules A3, D3: one answer for change, drop and un-designate alike.
            raise ValidationError(
                {
                    "target": [
                        statutory_rules.revision_refusal(
                            target.category, target.indicator.code, action
                        )
                    ]
                }
            )
        if revision.changes.filter(target=target).exists():
            raise ValidationError(
                {"target": [f"This revision already changes the {target.indicator.code} target."]}
            )
        _check_effective_after_current(revision, target)
    if action == RevisionAction.ADD:
        if data is None:
            raise ValidationError({"indicator": ["Describe the target to add."]})
        if data.category == TargetCategory.STATUTORY:
            raise ValidationError(
                {
                    "category": [
                        "Statutory education and early years targets are agreed with DCSF "
                        "separately (rules A3, D3): they are not added by a revision."
                    ]
                }
            )
        checked = check_target(agreement, data, designated_already=_pending_designated(revision))
        category = checked.data.category
        summary = f"Add a {TargetCategory(category).label.lower()} on {data.indicator.code}" + (
            f": {data.title}" if data.title else ""
        )
        payload = to_payload(checked.data)
    elif action == RevisionAction.CHANGE:
        if data is None:
            raise ValidationError({"indicator": ["Describe the changed target."]})
        if data.category != target.category:
            raise ValidationError(
                {
                    "category": [
                        "A change keeps the target's category: to move a designated target "
                        "out of the up to 35, un-designate it."
                    ]
                }
            )
        checked = check_target(agreement, data, target=target)
        category, payload = target.category, to_payload(checked.data)
        summary = f"Change the {TargetCategory(category).label.lower()} on {target.indicator.code}"
    elif action == RevisionAction.DROP:
        if target.category != TargetCategory.LOCAL:
            raise ValidationError(
                {
                    "target": [
                        "Only a local target can be dropped. A designated target can be "
                        "changed, or un-designated to move it to a multi-area agreement."
                    ]
                }
            )
        category, payload = target.category, {}
        summary = f"Drop the local target on {target.indicator.code}"
    else:
        if target.category != TargetCategory.DESIGNATED:
            raise ValidationError({"target": ["Only a designated target can be un-designated."]})
        category, payload = target.category, {}
        summary = (
            f"Un-designate the target on {target.indicator.code}, to move it to a multi-area "
            "agreement; it stays in this agreement as a local target"
        )
        if to_maa is not None:
            # Rule L5: the move names its MAA, whose member authorities agree too.
            problem = maa_move_check(to_maa, target)
            if problem:
                raise ValidationError({"to_maa": [problem]})
            payload = {"to_maa": to_maa.pk}
            summary = (
                f"Un-designate the target on {target.indicator.code} and move it to "
                f"{to_maa.title}; it stays in this agreement as a local target"
            )
    return RevisionChange.objects.create(
        revision=revision,
        action=action,
        target=target,
        category=category,
        payload=payload,
        summary=summary,
    )


def revision_propose(*, user, revision: RevisionProposal, on=None) -> RevisionProposal:
    """Send the revision for the partners' agreement and the decision (rule L5: at any
    time; rule L4: local targets not within a month of the last approval)."""
    if not has(user, "agreements.change_revisionproposal", revision):
        raise PermissionDenied(
            f"Only {_who_may(Role.PERFORMANCE_MANAGER, revision.agreement)} can propose this "
            "revision."
        )
    if not revision.changes.exists():
        raise ValidationError({NON_FIELD_ERRORS: ["Add at least one change to the revision."]})
    _check_step_allowed(revision, "propose")
    day = _today(on)
    _check_local_lock(revision, day)
    maa_parties_still_valid(revision)
    with transaction.atomic():
        revision.status = RevisionStatus.PROPOSED
        revision.proposed_on = day
        revision.save()
        needs = selectors.revision_needs_secretary_of_state(revision)
        _event(
            revision.agreement,
            user=user,
            action="revision_propose",
            description=f"Revision {revision.number} proposed"
            + (" to the Secretary of State" if needs else " to the partners"),
            revision=revision,
            on=on,
        )
    return revision


def revision_record_partner_agreement(
    *, user, revision: RevisionProposal, comment: str = "", on=None
) -> PartnerAgreement:
    if not has(user, "agreements.agree_revisionproposal", revision):
        raise PermissionDenied(
            "Only a partner signed up to a target this revision changes, or a party to the "
            "Multi Area Agreement whose parties it changes, can record its agreement, while "
            "the revision is proposed."
        )
    organisation = user.organisation
    if revision.partner_agreements.filter(organisation=organisation).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"{organisation.name} has already agreed to this revision."]}
        )
    with transaction.atomic():
        agreement = PartnerAgreement.objects.create(
            revision=revision,
            organisation=organisation,
            recorded_by=user,
            comment=comment.strip(),
            recorded_at=clock.now(),
        )
        _event(
            revision.agreement,
            user=user,
            action="revision_agree",
            description=f"{organisation.name} agreed to revision {revision.number}",
            comment=comment,
            revision=revision,
            on=on,
        )
    return agreement


def revision_decider_message(revision: RevisionProposal) -> str:
    if revision_decider_role(revision) == Role.CENTRAL_APPROVER:
        return (
            "Only a central approver, for the Secretary of State, can decide on a revision "
            "that changes designated targets or the parties to a Multi Area Agreement."
        )
    return (
        f"Only {_who_may(Role.PERFORMANCE_MANAGER, revision.agreement)} can decide on a "
        "revision of local targets."
    )


def revision_approve(
    *, user, revision: RevisionProposal, comment: str = "", on=None
) -> RevisionProposal:
    """Rules L3, L4: every required partner has agreed; the right person approves; the
    changes are made from the revision's date, each written to the change log."""
    if not has(user, "agreements.decide_revisionproposal", revision):
        raise PermissionDenied(revision_decider_message(revision))
    _check_step_allowed(revision, "approve")
    day = _today(on)
    designated = selectors.revision_needs_secretary_of_state(revision)
    agreed = set(revision.partner_agreements.values_list("organisation_id", flat=True))
    waiting = [o for o in selectors.revision_required_partners(revision) if o.pk not in agreed]
    if waiting:
        names = " and ".join(o.name for o in waiting)
        rule = (
            "every partner signed up to a designated target must agree to its change"
            if designated
            else "the partner authorities signed up to a local target must agree to its change"
        )
        if revision.changes.filter(category=PARTIES_CATEGORY).exists():
            rule = (
                "every party of the Multi Area Agreement, as it stands and as the revision "
                "would leave it, agrees to a change of its parties (rule X1)"
            )
        raise ValidationError({NON_FIELD_ERRORS: [f"Waiting for {names} to agree: {rule}."]})
    _check_local_lock(revision, day)
    order = [
        RevisionAction.UNDESIGNATE,
        RevisionAction.DROP,
        RevisionAction.CHANGE,
        RevisionAction.ADD,
    ]
    with transaction.atomic():
        agreement = _locked(revision.agreement)
        # Rule X1: the parties first, so that the targets are judged on the new area.
        for summary in maa_parties_apply(
            user=user, agreement=agreement, revision=revision, day=day
        ):
            _publish(agreement, user=user, revision=revision, published_on=day, summary=summary)
        changes = sorted(
            revision.changes.exclude(action__in=PARTY_ACTIONS).select_related("target"),
            key=lambda c: order.index(c.action),
        )
        for change in changes:
            summary = _apply_change(agreement, revision, change, day, user=user)
            _publish(
                agreement,
                user=user,
                revision=revision,
                target=change.target,
                published_on=day,
                summary=summary,
            )
        revision.status = RevisionStatus.APPROVED
        revision.decided_on = day
        revision.decided_by = user
        revision.decision_comment = comment.strip()
        revision.save()
        _event(
            agreement,
            user=user,
            action="revision_approve",
            description=f"Revision {revision.number} approved"
            + (" by the Secretary of State" if designated else " by the partnership"),
            comment=comment,
            revision=revision,
            on=on,
        )
    return revision


def _supersede(target: Target, checked: CheckedTarget, revision: RevisionProposal) -> None:
    current = target.current_version()
    current.effective_to = revision.effective_from - ONE_DAY
    current.save()
    version = TargetVersion(
        target=target,
        number=current.number + 1,
        effective_from=revision.effective_from,
        revision=revision,
        reason=revision.title,
    )
    _write_version(version, checked, trajectory_in_place=False)


def _apply_change(
    agreement: Agreement,
    revision: RevisionProposal,
    change: RevisionChange,
    day: datetime.date,
    *,
    user=None,
) -> str:
    target = change.target
    if change.action == RevisionAction.UNDESIGNATE:
        clash = agreement.targets.filter(
            category=TargetCategory.LOCAL,
            indicator=target.indicator,
            scope_key=target.scope_key,
            status=TargetStatus.ACTIVE,
        )
        if clash.exists():
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        f"There is already a local target on {target.indicator.code} for the "
                        "same scope: drop it in this revision before un-designating."
                    ]
                }
            )
        target.category = TargetCategory.LOCAL
        target.undesignated_on = day
        target.save()
        moved = ""
        if change.payload.get("to_maa"):
            # Rule L5: one act across both agreements, inside this transaction.
            moved = maa_receive_moved(
                user=user,
                target=target,
                maa_id=change.payload["to_maa"],
                revision=revision,
                day=day,
            )
        return (
            f"{target.indicator.code} un-designated from {rules.long_date(day)}: it is no longer "
            "one of the up to 35 and stays as a local target, to move to a multi-area agreement."
            + moved
        )
    if change.action == RevisionAction.DROP:
        target.status = TargetStatus.DROPPED
        target.dropped_on = revision.effective_from
        target.save()
        current = target.current_version()
        current.effective_to = revision.effective_from - ONE_DAY
        current.save()
        since = rules.long_date(revision.effective_from)
        return f"Local target on {target.indicator.code} dropped from {since}."
    data = from_payload(change.payload)
    if change.action == RevisionAction.CHANGE:
        checked = check_target(agreement, replace(data, category=target.category), target=target)
        _supersede(target, checked, revision)
        _write_target_fields(target, checked)
        return (
            f"{TargetCategory(target.category).label} on {target.indicator.code} changed from "
            f"{rules.long_date(revision.effective_from)}."
        )
    checked = check_target(agreement, data)
    target = _new_target(
        agreement, checked, effective_from=revision.effective_from, revision=revision
    )
    change.target = target
    return (
        f"{TargetCategory(target.category).label} on {target.indicator.code} added from "
        f"{rules.long_date(revision.effective_from)}."
    )


def revision_refuse(*, user, revision: RevisionProposal, comment: str, on=None) -> RevisionProposal:
    if not has(user, "agreements.decide_revisionproposal", revision):
        raise PermissionDenied(revision_decider_message(revision))
    if not comment.strip():
        raise ValidationError({"comment": ["Say why the revision is refused."]})
    _check_step_allowed(revision, "refuse")
    with transaction.atomic():
        revision.status = RevisionStatus.REFUSED
        revision.decided_on = _today(on)
        revision.decided_by = user
        revision.decision_comment = comment.strip()
        revision.save()
        _event(
            revision.agreement,
            user=user,
            action="revision_refuse",
            description=f"Revision {revision.number} refused",
            comment=comment,
            revision=revision,
            on=on,
        )
    return revision
