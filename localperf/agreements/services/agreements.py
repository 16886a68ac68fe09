"""Creating an agreement, its outcomes, and the sign-off path (rules A1, A11, A12, L1, L2)."""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string

from localperf.accounts.models import Role
from localperf.agreements import rules_of_agreement as rules
from localperf.agreements.holdings import held_counts, held_targets
from localperf.agreements.models import (
    Agreement,
    LaaTheme,
    Outcome,
    Term,
)
from localperf.agreements.permissions import acts_for, has
from localperf.agreements.services.common import (
    ONE_DAY,
    PARTICIPLES,
    TERM_SPANS,
    _event,
    _locked,
    _publish,
    _today,
    _who_may,
    status_phrase,
)
from localperf.agreements.workflow import TRANSITIONS, Action
from localperf.places.models import Area, AreaType
from localperf.web.transitions import Refusal

# --- Agreements --------------------------------------------------------------------


def area_facts(area: Area) -> rules.AreaFacts:
    """What rule A1 needs to know about an area, from the register of places."""

    def divided(a: Area) -> bool:
        if a.valid_to != rules.RESTRUCTURING_DAY - ONE_DAY:
            return False
        successors = a.successors.exclude(area_type=AreaType.ISLES_OF_SCILLY)
        return successors.count() >= 2

    formed = area.valid_from == rules.RESTRUCTURING_DAY and any(
        divided(p) for p in area.predecessors.filter(upper_tier=True)
    )
    return rules.AreaFacts(
        name=area.name,
        upper_tier=area.upper_tier,
        valid_from=area.valid_from,
        valid_to=area.valid_to,
        divided_in_2009=divided(area),
        formed_by_division_in_2009=formed,
    )


def agreement_create(
    *, user, term: str = Term.THREE_YEARS, title: str = "", on: datetime.date | None = None
) -> Agreement:
    """Rule A1, A12: the performance manager of a county or unitary council creates the
    LAA for the council's own area."""
    if not has(user, "agreements.add_agreement"):
        raise PermissionDenied(
            "Only a performance manager in a county or unitary council can create a Local "
            "Area Agreement. District councils sign up to the county's targets as partners."
        )
    organisation = user.organisation
    area = organisation.area
    if term not in Term.values:
        raise ValidationError({"term": ["Choose how long the agreement lasts."]})
    problem = rules.term_problem(term, area_facts(area)) or _start_problem(on)
    if problem:
        raise ValidationError({"term": [problem]})
    existing = Agreement.objects.filter(area=area).first()
    if existing is not None:
        raise ValidationError(
            {
                "term": [
                    f"{area.name} already has a Local Area Agreement, “{existing.title}” "
                    f"({status_phrase(existing)}): there is one LAA for each area."
                ]
            }
        )
    with transaction.atomic():
        agreement = Agreement.objects.create(
            area=area,
            responsible_authority=organisation,
            term=term,
            title=title.strip() or f"{area.name} Local Area Agreement {TERM_SPANS[Term(term)]}",
            created_by=user,
        )
        _event(agreement, user=user, action="create", description="Draft agreement created", on=on)
    return agreement


def _start_problem(on: datetime.date | None) -> str:
    """Why no agreement may start now, from the checks named in the setting
    ``LOCALPERF_AGREEMENT_START_CHECKS`` (e.g. after designations were revoked)."""
    for path in getattr(settings, "LOCALPERF_AGREEMENT_START_CHECKS", ()):
        problem = import_string(path)(on=_today(on))
        if problem:
            return problem
    return ""


def agreement_check_editable(user, agreement: Agreement) -> None:
    """Raise ``PermissionDenied``, saying why, unless the user may edit the agreement now."""
    if has(user, "agreements.change_agreement", agreement):
        return
    if not acts_for(user, agreement, Role.PERFORMANCE_MANAGER):
        raise PermissionDenied(
            f"Only {_who_may(Role.PERFORMANCE_MANAGER, agreement)} can change this agreement."
        )
    if agreement.is_published:
        hint = "propose a revision instead."
    else:
        hint = "the Government Office can return it to you if it needs to change."
    raise PermissionDenied(
        f"This agreement is {status_phrase(agreement)} and cannot be edited directly: {hint}"
    )


def outcome_add(*, user, agreement: Agreement, theme: str, title: str) -> Outcome:
    """Rule A11: an outcome under one of the four themes."""
    agreement = Agreement.objects.select_related("area", "responsible_authority").get(
        pk=agreement.pk
    )
    agreement_check_editable(user, agreement)
    errors: dict[str, list[str]] = {}
    if theme not in LaaTheme.values:
        errors["theme"] = ["Choose the theme the outcome comes under."]
    if not title.strip():
        errors["title"] = ["Enter the outcome, for example “Fewer young people not in work”."]
    elif agreement.outcomes.filter(title__iexact=title.strip()).exists():
        errors["title"] = [f"This agreement already has the outcome “{title.strip()}”."]
    if errors:
        raise ValidationError(errors)
    order = agreement.outcomes.filter(theme=theme).count() + 1
    return Outcome.objects.create(
        agreement=agreement, theme=theme, title=title.strip(), order=order
    )


# --- Sign-off (rules L1, L2) ---------------------------------------------------------


def _transition(
    *, user, agreement: Agreement, action: Action, comment: str, on: datetime.date | None
) -> Agreement:
    acts_as = partial(acts_for, user, agreement)
    step = TRANSITIONS.check(agreement.status, action, acts_as=acts_as, comment=comment)
    transition = step.transition
    if step.refusal in (Refusal.NOT_NOW, Refusal.NOT_YOURS):
        if step.refusal is Refusal.NOT_NOW and TRANSITIONS.could_take(action, acts_as):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        f"This agreement is {status_phrase(agreement)}: it cannot be "
                        f"{PARTICIPLES[action]} now."
                    ]
                }
            )
        allowed = transition.roles if transition else TRANSITIONS.roles_for(action)
        who = " or ".join(sorted({_who_may(r, agreement) for r in allowed}))
        raise PermissionDenied(f"Only {who} can do this.")
    if step.refusal is Refusal.COMMENT_REQUIRED:
        raise ValidationError(
            {
                "comment": [
                    "Enter your comments: say what needs to change before the agreement is "
                    "submitted again."
                ]
            }
        )
    day = _today(on)
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status != transition.from_status:
            raise ValidationError(
                {NON_FIELD_ERRORS: ["Someone else has just moved this agreement on: reload it."]}
            )
        if action == Action.SUBMIT and not held_targets(locked).exists():
            raise ValidationError(
                {NON_FIELD_ERRORS: ["Add at least one target before submitting the agreement."]}
            )
        problem = transition.problem(locked)
        if problem:
            raise ValidationError({NON_FIELD_ERRORS: [problem]})
        locked.status = transition.to_status
        if action == Action.SUBMIT:
            locked.submitted_on = day
        elif action == Action.RECOMMEND:
            locked.recommended_on = day
        elif action == Action.APPROVE:
            locked.approved_on = day
        elif action == Action.BRING_INTO_FORCE:
            locked.in_force_from = day
        locked.save()
        _event(
            locked,
            user=user,
            action=action,
            description=transition.done,
            comment=comment,
            from_status=transition.from_status,
            to_status=transition.to_status,
            on=on,
        )
        if action == Action.APPROVE:
            summary = held_counts(locked).phrase + "."
            _publish(
                locked,
                user=user,
                published_on=day,
                summary=f"Agreement approved by the Secretary of State with {summary}",
            )
    agreement.refresh_from_db()
    return agreement


def agreement_submit(*, user, agreement: Agreement, comment: str = "", on=None) -> Agreement:
    return _transition(user=user, agreement=agreement, action=Action.SUBMIT, comment=comment, on=on)


def agreement_return(*, user, agreement: Agreement, comment: str, on=None) -> Agreement:
    return _transition(user=user, agreement=agreement, action=Action.RETURN, comment=comment, on=on)


def agreement_recommend(*, user, agreement: Agreement, comment: str = "", on=None) -> Agreement:
    return _transition(
        user=user, agreement=agreement, action=Action.RECOMMEND, comment=comment, on=on
    )


def agreement_approve(*, user, agreement: Agreement, comment: str = "", on=None) -> Agreement:
    return _transition(
        user=user, agreement=agreement, action=Action.APPROVE, comment=comment, on=on
    )


def agreement_bring_into_force(
    *, user, agreement: Agreement, comment: str = "", on=None
) -> Agreement:
    return _transition(
        user=user, agreement=agreement, action=Action.BRING_INTO_FORCE, comment=comment, on=on
    )


def agreement_take_action(
    *, user, agreement: Agreement, action: str, comment: str = "", on=None
) -> Agreement:
    """Any step of the sign-off path by its name, for the views and the API."""
    if action not in Action.values:
        raise ValidationError({"action": [f"There is no step called “{action}”."]})
    return _transition(
        user=user, agreement=agreement, action=Action(action), comment=comment, on=on
    )
