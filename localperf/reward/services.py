"""Changes to reward and to the designations: the reward element (rule L7), a claim's
steps (rule P1), the revocation of 13 October 2010 and its undo. Each refuses with a
message naming what is wrong and changes nothing; each is recorded (history or events)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from localperf.agreements.models import Agreement, Target
from localperf.agreements.rules_of_agreement import long_date
from localperf.reward import selectors
from localperf.reward.models import (
    OPEN_CLAIM_STATUSES,
    ClaimEvent,
    ClaimStatus,
    LockdownException,
    Revocation,
    RewardClaim,
    RewardElement,
    RewardMembership,
    RewardRuleSet,
)
from localperf.reward.permissions import claim_acts_as, has
from localperf.reward.rule_sets import RULE_SETS
from localperf.reward.workflow import TRANSITIONS
from localperf.web import clock
from localperf.web.transitions import Refusal

REVOKED_REASON = "Designations revoked on {day}: reward against 2008–11 targets is not paid."


def _by(obj, user, reason: str = ""):
    """Name the actor (and why) in the history row the next save writes."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    if reason:
        obj._change_reason = reason[:100]
    return obj


def revoked_day_text(revocation: Revocation) -> str:
    return long_date(revocation.revoked_on)


def rule_sets_ensure() -> None:
    """The known rule sets, added where missing (a database flushed by the tests, or
    loaded before them); an existing one is left as configured."""
    for fields in RULE_SETS:
        RewardRuleSet.objects.get_or_create(
            name=fields["name"], version=fields["version"], defaults=fields
        )


# --- The reward element ------------------------------------------------------------------


def reward_element_create(
    *, user, agreement: Agreement, rule_set: RewardRuleSet, net_budget_requirement: Decimal
) -> RewardElement:
    """The agreement's reward element, holding its designated targets (and statutory ones
    when configured). ``user`` None: the demo loader or a command."""
    if user is not None and not has(user, "reward.change_element", agreement):
        raise PermissionDenied("Only the Government Office of the region sets up reward.")
    if net_budget_requirement is None or net_budget_requirement <= 0:
        raise ValidationError(
            {"net_budget_requirement": ["Enter the net budget requirement in pounds, over 0."]}
        )
    if RewardElement.objects.filter(agreement=agreement).exists():
        raise ValidationError(f"{agreement} already has a reward element.")
    with transaction.atomic():
        element = _by(
            RewardElement(
                agreement=agreement,
                rule_set=rule_set,
                net_budget_requirement=net_budget_requirement,
            ),
            user,
        )
        element.save()
        for target in agreement.targets.select_related("indicator"):
            if selectors.in_element_by_default(target):
                _by(RewardMembership(element=element, target=target), user).save()
    return element


def reward_element_change(
    *, user, target: Target, included: bool, reason: str, on: datetime.date | None = None
) -> RewardMembership:
    """Put a target in, or take it out of, the reward element: the Government Office's
    approval is the change, and the reason is kept in the history (e.g. NI 112 taken out
    at the 2010 refresh)."""
    agreement = target.agreement
    if not has(user, "reward.change_element", agreement):
        raise PermissionDenied(
            "Only the Government Office of the region approves a change to the reward element."
        )
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the reward element changes."]})
    element = selectors.element_of(agreement)
    if element is None:
        raise ValidationError(f"{agreement} has no reward element yet.")
    membership = element.members.filter(target=target).first() or RewardMembership(
        element=element, target=target, included=not included
    )
    if membership.pk and membership.included == included:
        where = "in" if included else "out of"
        raise ValidationError({"included": [f"{target.measure_code} is already {where} it."]})
    membership.included = included
    membership.reason = reason.strip()
    membership.approved_by = user
    membership.approved_on = on or clock.today()
    _by(membership, user, reason).save()
    return membership


def lockdown_exception_record(*, user, target: Target, reason: str) -> LockdownException:
    """A named exception to the lockdown: this target follows its revisions (rule L7)."""
    if not has(user, "reward.change_element", target.agreement):
        raise PermissionDenied("Only the Government Office of the region names an exception.")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why this target is an exception."]})
    exception, _ = LockdownException.objects.update_or_create(
        target=target, defaults={"reason": reason.strip(), "recorded_by": user}
    )
    return exception


# --- Claims ------------------------------------------------------------------------------


def _claim_event(claim: RewardClaim, *, user, action: str, description: str, **kw) -> None:
    authenticated = user is not None and user.is_authenticated
    ClaimEvent.objects.create(
        claim=claim,
        action=action,
        description=description,
        actor=user if authenticated else None,
        actor_name=user.display_name if authenticated else "",
        **kw,
    )


def reward_claim_create(*, user, agreement: Agreement, year: str) -> RewardClaim:
    """The partnership starts a claim on one year's final outturns."""
    if not has(user, "reward.add_claim", agreement):
        raise PermissionDenied("Only the partnership's performance manager prepares a claim.")
    revocation = selectors.revocation_standing()
    if revocation is not None:
        raise ValidationError(
            REVOKED_REASON.format(day=revoked_day_text(revocation)) + " No claim can start."
        )
    element = selectors.element_of(agreement)
    if element is None:
        raise ValidationError(f"{agreement} has no reward element.")
    if year not in agreement.years:
        raise ValidationError(
            {"year": [f"Choose a year of the agreement: {', '.join(agreement.years)}."]}
        )
    if element.claims.filter(year=year).exists():
        raise ValidationError({"year": [f"There is already a claim for {year}."]})
    with transaction.atomic():
        claim = _by(RewardClaim(element=element, year=year), user)
        claim.save()
        _claim_event(claim, user=user, action="create", description=f"Claim for {year} started")
    return claim


def reward_claim_step(*, user, claim: RewardClaim, action: str, comment: str = "") -> RewardClaim:
    """Take one step of the claim's path (``workflow.TRANSITIONS``). Determining freezes
    the statement's total, capital and revenue."""
    step = TRANSITIONS.check(
        claim.status, action, acts_as=claim_acts_as(user, claim), comment=comment
    )
    if step.refusal is Refusal.NOT_NOW:
        raise ValidationError(
            f"A claim that is {claim.get_status_display().lower()} cannot take that step."
        )
    if step.refusal is Refusal.NOT_YOURS:
        raise PermissionDenied(
            "This step is not yours: the partnership submits, the Government Office "
            "checks, central government determines."
        )
    if step.refusal is Refusal.COMMENT_REQUIRED:
        raise ValidationError({"comment": ["Say what needs to change."]})
    transition = step.transition
    with transaction.atomic():
        claim = RewardClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != transition.from_status:
            raise ValidationError("The claim changed meanwhile: look at it again.")
        if transition.to_status == ClaimStatus.DETERMINED:
            view = selectors.statement_for(claim.element, claim.year)
            claim.determined_total = view.statement.total
            claim.determined_capital = view.statement.capital
            claim.determined_revenue = view.statement.revenue
            claim.determined_on = clock.today()
        before = claim.status
        claim.status = transition.to_status
        _by(claim, user, transition.done).save()
        _claim_event(
            claim,
            user=user,
            action=action,
            description=transition.done,
            from_status=before,
            to_status=claim.status,
            comment=comment.strip(),
        )
    return claim


# --- The end of the framework ------------------------------------------------------------


def _may_revoke(user) -> None:
    if user is not None and not has(user, "reward.revoke_designations"):
        raise PermissionDenied(
            "Only central government, for the Secretary of State, revokes designations."
        )


def revocation_record(*, user, revoked_on: datetime.date, reason: str) -> Revocation:
    """Revoke every designation on ``revoked_on``, as one act: the counts are recorded,
    open claims are closed with the reason, nothing is deleted. All or nothing."""
    _may_revoke(user)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the designations are revoked."]})
    if revoked_on is None:
        raise ValidationError({"revoked_on": ["Enter the date the designations are revoked."]})
    with transaction.atomic():
        standing = Revocation.objects.select_for_update().filter(undone_at__isnull=True)
        if standing.exists():
            raise ValidationError(
                f"Designations already stand revoked ({standing.first()}): undo that first."
            )
        counts = selectors.revocation_counts()
        revocation = _by(
            Revocation(
                revoked_on=revoked_on,
                reason=reason.strip(),
                recorded_by=user,
                agreements_count=counts.agreements,
                targets_count=counts.targets,
                claims_count=counts.claims,
            ),
            user,
        )
        revocation.save()
        closing = REVOKED_REASON.format(day=revoked_day_text(revocation))
        for claim in RewardClaim.objects.select_for_update().filter(status__in=OPEN_CLAIM_STATUSES):
            before = claim.status
            claim.status_before_closing = before
            claim.status = ClaimStatus.CLOSED
            claim.closed_reason = closing
            claim.closed_by_revocation = revocation
            _by(claim, user, "Closed by the revocation").save()
            _claim_event(
                claim,
                user=user,
                action="close",
                description="Closed: designations revoked",
                from_status=before,
                to_status=claim.status,
                comment=closing,
            )
    return revocation


def revocation_undo(*, user, revocation: Revocation, reason: str) -> Revocation:
    """Undo a revocation as a second recorded act: the row stays, marked undone; the
    claims it closed go back to where they were."""
    _may_revoke(user)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the revocation is undone."]})
    with transaction.atomic():
        revocation = Revocation.objects.select_for_update().get(pk=revocation.pk)
        if revocation.undone_at is not None:
            raise ValidationError("That revocation has already been undone.")
        revocation.undone_at = clock.now()
        revocation.undone_by = user
        revocation.undo_reason = reason.strip()
        _by(revocation, user, "Undone").save()
        for claim in revocation.closed_claims.select_for_update():
            claim.status = claim.status_before_closing or ClaimStatus.PREPARING
            claim.closed_reason = ""
            claim.closed_by_revocation = None
            claim.status_before_closing = ""
            _by(claim, user, "Reopened: revocation undone").save()
            _claim_event(
                claim,
                user=user,
                action="reopen",
                description="Reopened: the revocation was undone",
                from_status=ClaimStatus.CLOSED,
                to_status=claim.status,
                comment=reason.strip(),
            )
    return revocation


def agreement_start_problem(*, on: datetime.date) -> str:
    """Why no new agreement may start on ``on`` (empty: it may): for
    ``LOCALPERF_NO_NEW_LAA_DAYS`` after the designations were revoked. Named in
    ``LOCALPERF_AGREEMENT_START_CHECKS``, so agreements asks without naming reward."""
    revocation = selectors.revocation_standing()
    if revocation is None:
        return ""
    until = revocation.revoked_on + datetime.timedelta(days=settings.LOCALPERF_NO_NEW_LAA_DAYS)
    if revocation.revoked_on <= on <= until:
        return (
            f"Designations were revoked on {revoked_day_text(revocation)}: no new Local "
            f"Area Agreement can be started until {long_date(until)}."
        )
    return ""
