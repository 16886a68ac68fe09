"""The 2009/10 refresh of an agreement (rule L6): started on the cycle's timetable, its
targets opened only where ``agreements.refresh_rules`` says, its changes gathered in one
revision of the agreement (``agreements.services.revisions``), proposed when the
refreshed agreement is submitted and approved with the ministers' approval."""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from localperf.accounts.models import Role
from localperf.agreements import services as agreement_services
from localperf.agreements.inputs import TargetInput
from localperf.agreements.models import (
    PARTY_ACTIONS,
    Agreement,
    RevisionAction,
    RevisionStatus,
    Target,
)
from localperf.agreements.permissions import acts_for
from localperf.agreements.refresh_rules import (
    WITH_DCSF,
    RefreshFacts,
    RefreshVerdict,
    refresh_may_add,
    refresh_may_change,
)
from localperf.agreements.rules_of_agreement import long_date
from localperf.indicators.selectors import exempted_suite_reason
from localperf.reviews.models import (
    CycleYear,
    ListingKind,
    Milestone,
    Refresh,
    RefreshListing,
)
from localperf.reviews.refresh_workflow import (
    APPROVALS,
    GO,
    OPEN_STATUSES,
    REFRESH_TRANSITIONS,
    RefreshAction,
    RefreshTransition,
)
from localperf.web import clock
from localperf.web.transitions import Check, Refusal

REFRESH_CYCLE = 2009  # rule L6: the 2009/10 refresh


def _today(on: datetime.date | None) -> datetime.date:
    """The refresh is dated on the framework's calendar (``web.clock``)."""
    return on or clock.today()


def refresh_cycle() -> CycleYear | None:
    return CycleYear.objects.filter(first_year=REFRESH_CYCLE).first()


def refresh_for(agreement: Agreement) -> Refresh | None:
    return agreement.refreshes.select_related("cycle", "revision").first()


def step_check(user, refresh: Refresh, action: str) -> Check[RefreshTransition]:
    """May the user take this step of the refresh now: the table, the role for this
    agreement, and the row's guard (which approval the refresh's revision needs)."""
    return REFRESH_TRANSITIONS.check(
        refresh.status, action, acts_as=partial(acts_for, user, refresh.agreement), subject=refresh
    )


def may_take(user, refresh: Refresh, action: str) -> bool:
    return step_check(user, refresh, action).allowed


def may_start(user, agreement: Agreement) -> bool:
    return agreement.is_published and any(
        acts_for(user, agreement, role) for role in (Role.PERFORMANCE_MANAGER, *GO)
    )


def may_list(user, refresh: Refresh) -> bool:
    """The Government Office marks targets for renegotiation or lists exceptions."""
    return refresh.status in OPEN_STATUSES and any(
        acts_for(user, refresh.agreement, role) for role in GO
    )


def may_change(user, refresh: Refresh) -> bool:
    """The performance manager prepares the refresh's revision until the council adopts."""
    return refresh.status in OPEN_STATUSES and acts_for(
        user, refresh.agreement, Role.PERFORMANCE_MANAGER
    )


def refresh_start(*, user, agreement: Agreement, on: datetime.date | None = None) -> Refresh:
    if not may_start(user, agreement):
        raise PermissionDenied(
            "Only the agreement's performance manager or its Government Office can start the "
            "refresh, and only of an approved agreement."
        )
    cycle = refresh_cycle()
    if cycle is None:
        raise ValidationError(
            {NON_FIELD_ERRORS: ["The 2009/10 timetable is not loaded: add it in the admin."]}
        )
    if agreement.refreshes.filter(cycle=cycle).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"The {cycle.name} refresh of this agreement has started."]}
        )
    with transaction.atomic():
        day = _today(on)
        refresh = Refresh.objects.create(agreement=agreement, cycle=cycle, started_on=day)
        agreement_services.agreement_event_record(
            agreement,
            user=user,
            action="refresh_start",
            description=f"The {cycle.name} refresh started (rule L6)",
            on=day,
        )
    return refresh


def refresh_verdict(refresh: Refresh, target: Target) -> RefreshVerdict:
    """May the refresh change ``target``: the pure rule over this target's facts."""
    listing = {x.kind: x.reason for x in refresh.listings.all() if x.target_id == target.pk}
    return refresh_may_change(
        RefreshFacts(
            code=target.measure_code,
            category=target.category,
            exempted_reason=exempted_suite_reason(target.indicator),
            listed_exception=listing.get(ListingKind.EXCEPTION),
            marked_for_renegotiation=listing.get(ListingKind.RENEGOTIATE),
        )
    )


def refresh_add_verdict(data: TargetInput) -> RefreshVerdict:
    """May the refresh add a target described by ``data``: the pure rule over its facts."""
    return refresh_may_add(
        RefreshFacts(
            code=data.measure.code if data.measure is not None else data.indicator.code,
            category=data.category,
            exempted_reason=exempted_suite_reason(data.indicator),
        )
    )


def refresh_list_target(
    *, user, refresh: Refresh, target: Target, kind: str, reason: str
) -> RefreshListing:
    if not may_list(user, refresh):
        raise PermissionDenied(
            "Only the agreement's Government Office can mark targets for renegotiation or "
            "list exceptions, while the review is open."
        )
    errors: dict[str, list[str]] = {}
    if target.agreement_id != refresh.agreement_id or target.status != "active":
        errors["target"] = ["Choose one of the agreement's targets."]
    if kind not in ListingKind.values:
        errors["kind"] = ["Choose whether the target is renegotiated or a listed exception."]
    if not reason.strip():
        errors["reason"] = ["Say why, for example “relative to the regional employment rate”."]
    if not errors and refresh.listings.filter(target=target).exists():
        errors["target"] = [f"The {target.measure_code} target is already listed."]
    if errors:
        raise ValidationError(errors)
    return RefreshListing.objects.create(
        refresh=refresh, target=target, kind=kind, reason=reason.strip()[:300], listed_by=user
    )


def refresh_add_change(
    *,
    user,
    refresh: Refresh,
    action: str,
    target: Target | None = None,
    data: TargetInput | None = None,
):
    """One change to the refresh's revision, if the refresh may make it (rule L6)."""
    if not may_change(user, refresh):
        raise PermissionDenied(
            "Only the agreement's performance manager can prepare the refresh's changes, "
            "until the council adopts the refreshed agreement."
        )
    if action != RevisionAction.ADD and (
        target is None or target.agreement_id != refresh.agreement_id
    ):
        raise ValidationError({"target": ["Choose one of the agreement's targets."]})
    # Asked before the revision is made, so that a refused change starts none; the
    # revision asks the same question again (``revision_change_problem``).
    problem = refresh_change_problem(refresh, action, target, data)
    if problem:
        raise ValidationError({"indicator" if target is None else "target": [problem]})
    try:
        with transaction.atomic():
            revision = _revision_of(user, refresh)
            return agreement_services.revision_add_change(
                user=user, revision=revision, action=action, target=target, data=data
            )
    except Exception:
        # The revision made above was rolled back with the change: forget it here too.
        refresh.refresh_from_db()
        raise


def refresh_change_problem(
    refresh: Refresh, action: str, target: Target | None, data: TargetInput | None = None
) -> str:
    """Rule L6: why this change may not go into the refresh's revision, or "" — the one
    answer, whichever way the change comes in. The revision takes changes while the review
    is open; a target changes only where ``refresh_verdict`` opens it, a target is added
    only where ``refresh_add_verdict`` allows it, and a statutory target changes (or is
    added) with DCSF, not in the revision."""
    if refresh.status not in OPEN_STATUSES:
        return (
            f"The {refresh.cycle.name} refresh's revision takes no more changes: the council "
            "has adopted the refreshed agreement (rule L6)."
        )
    if action in PARTY_ACTIONS:
        # The refresh reopens targets, never who is party to the agreement: a change of an
        # MAA's parties is a revision of its own, agreed by every party (rule X1).
        return (
            f"The {refresh.cycle.name} refresh's revision changes targets only (rule L6): "
            "change the parties to the agreement in a revision of their own."
        )
    if action == RevisionAction.ADD:
        # Without a description the revision itself asks for one.
        verdict = refresh_add_verdict(data) if data is not None else None
    elif target is None:
        return ""
    else:
        verdict = refresh_verdict(refresh, target)
    if verdict is None:
        return ""
    if not verdict.allowed or verdict.route == WITH_DCSF:
        return verdict.reason
    return ""


def revision_change_problem(
    *, revision, action: str, target: Target | None, data: TargetInput | None = None
) -> str:
    """Named in ``LOCALPERF_REVISION_CHANGE_CHECKS``: agreements asks it of every change to
    every revision, without naming reviews; only a refresh's own revision is the
    refresh's business."""
    refresh = Refresh.objects.filter(revision=revision).select_related("cycle").first()
    if refresh is None:
        return ""
    return refresh_change_problem(refresh, action, target, data)


# The refresh whose step is being taken: its own revision may then be proposed or
# approved (``_side_effect``); by any other way, it may not (``revision_step_problem``).
_TAKING_STEP: ContextVar[int | None] = ContextVar("refresh_taking_step", default=None)


def revision_step_problem(*, revision, step: str) -> str:
    """Named in ``LOCALPERF_REVISION_STEP_CHECKS``: the refresh's revision is proposed when
    the refreshed agreement is submitted and approved with it (rule L6), never on its own
    from the revision page or API, which would leave the refresh unable to finish; nor is
    it refused there (the refresh has no step back for it)."""
    refresh = Refresh.objects.filter(revision=revision).select_related("cycle").first()
    if refresh is None or _TAKING_STEP.get() == refresh.pk:
        return ""
    if step == "refuse":
        return (
            f"This is the {refresh.cycle.name} refresh's revision: it is decided with the "
            "refreshed agreement, on the refresh's page (rule L6)."
        )
    when = "submitted" if step == "propose" else "approved"
    return (
        f"This is the {refresh.cycle.name} refresh's revision: it is {step}d when the "
        f"refreshed agreement is {when}, on the refresh's page (rule L6)."
    )


def _revision_of(user, refresh: Refresh):
    if refresh.revision_id is not None:
        return refresh.revision
    cycle = refresh.cycle
    revision = agreement_services.revision_create(
        user=user,
        agreement=refresh.agreement,
        title=f"The {cycle.name} refresh",
        reason=f"The {cycle.name} refresh of the agreement after the annual review (rule L6).",
        effective_from=cycle.refresh_effective_from,
        on=refresh.started_on,
    )
    refresh.revision = revision
    refresh.save()
    return revision


def refresh_take_action(
    *, user, refresh: Refresh, action: str, comment: str = "", on: datetime.date | None = None
) -> Refresh:
    refresh = Refresh.objects.select_related("agreement", "cycle").get(pk=refresh.pk)
    step = step_check(user, refresh, action)
    if step.refusal is Refusal.GUARD:
        raise ValidationError({NON_FIELD_ERRORS: [step.problem]})
    if not step.allowed:
        raise PermissionDenied(refusal(user, refresh, action))
    transition = step.transition
    day = _today(on)
    with transaction.atomic():
        refresh = Refresh.objects.select_for_update().get(pk=refresh.pk)
        _side_effect(user, refresh, transition, comment, day)
        refresh.status = transition.to_status
        setattr(refresh, transition.stamps, day)
        refresh.save()
        due = milestone_for(refresh, transition)
        late = f" (due {long_date(due.due_on)})" if due and day > due.due_on else ""
        agreement_services.agreement_event_record(
            refresh.agreement,
            user=user,
            action=f"refresh_{transition.action.value}",
            description=f"{transition.done}{late}",
            comment=comment,
            on=day,
        )
    return refresh


def _side_effect(user, refresh: Refresh, transition: RefreshTransition, comment, on) -> None:
    """Submitting proposes the refresh's one revision; approving approves it."""
    revision = refresh.revision
    if revision is None:
        return
    token = _TAKING_STEP.set(refresh.pk)
    try:
        if transition.action == RefreshAction.SUBMIT and revision.status == RevisionStatus.DRAFT:
            agreement_services.revision_propose(user=user, revision=revision, on=on)
        elif transition.action in APPROVALS:
            if revision.status != RevisionStatus.PROPOSED:
                raise ValidationError(
                    {NON_FIELD_ERRORS: ["The refresh's revision has not been proposed."]}
                )
            agreement_services.revision_approve(
                user=user, revision=revision, comment=comment, on=on
            )
    finally:
        _TAKING_STEP.reset(token)


def milestone_for(refresh: Refresh, transition: RefreshTransition) -> Milestone | None:
    return refresh.cycle.milestones.filter(kind=transition.milestone).order_by("due_on").last()


def refusal(user, refresh: Refresh, action: str) -> str:
    """Why the user may not take this step now, in words (``step_check``)."""
    step = step_check(user, refresh, action)
    if step.refusal is Refusal.NOT_NOW:
        label = RefreshAction(action).label if action in RefreshAction.values else action
        return (
            f"“{label}” is not the next step of the refresh: it is "
            f"{refresh.get_status_display()[0].lower()}{refresh.get_status_display()[1:]}."
        )
    if step.refusal is Refusal.GUARD:
        return step.problem
    return f"You cannot take the step “{step.transition.action.label}” for this agreement."
