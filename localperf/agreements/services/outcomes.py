"""Editing the outcomes of a draft and which outcome each target comes under (rule A11)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from localperf.agreements.models import Agreement, LaaTheme, Outcome, Target
from localperf.agreements.services.agreements import agreement_check_editable
from localperf.agreements.services.common import _event, _locked


def _renumber(agreement: Agreement, theme: str, moved: Outcome | None, position: int) -> None:
    """Number the theme's outcomes 1, 2, 3 …, with ``moved`` at ``position``."""
    others = [o for o in agreement.outcomes.filter(theme=theme).order_by("order", "title")]
    if moved is not None:
        others = [o for o in others if o.pk != moved.pk]
        others.insert(max(0, min(position - 1, len(others))), moved)
    for number, outcome in enumerate(others, start=1):
        if outcome.order != number:
            outcome.order = number
            outcome.save()


def outcome_change(
    *, user, outcome: Outcome, title: str, theme: str, position: int | None = None
) -> Outcome:
    """Rename an outcome, move it to another theme, or put it at ``position`` (1 for the
    first) among its theme's outcomes. Its targets follow it to a new theme."""
    agreement = outcome.agreement
    agreement_check_editable(user, agreement)
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if theme not in LaaTheme.values:
        errors["theme"] = ["Choose the theme the outcome comes under."]
    if not title:
        errors["title"] = ["Enter the outcome, for example “Fewer young people not in work”."]
    elif agreement.outcomes.filter(title__iexact=title).exclude(pk=outcome.pk).exists():
        errors["title"] = [f"This agreement already has the outcome “{title}”."]
    if position is not None and position < 1:
        errors["position"] = ["Give the position as a whole number from 1."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = _locked(agreement)
        agreement_check_editable(user, agreement)
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
        before = (outcome.title, outcome.theme, outcome.order)
        old_theme = outcome.theme
        outcome.title, outcome.theme = title, theme
        if old_theme != theme and position is None:
            position = agreement.outcomes.filter(theme=theme).count() + 1
        outcome.save()
        for target in outcome.targets.exclude(theme=theme):
            target.theme = theme
            target.save()
        _renumber(agreement, theme, outcome, position or outcome.order)
        if old_theme != theme:
            _renumber(agreement, old_theme, None, 0)
        outcome.refresh_from_db()
        if before != (outcome.title, outcome.theme, outcome.order):
            _event(
                agreement,
                user=user,
                action="outcome_change",
                description=f"Outcome “{outcome.title}” changed",
                comment=_outcome_change_comment(before, outcome),
            )
    return outcome


def _outcome_change_comment(before: tuple[str, str, int], outcome: Outcome) -> str:
    title, theme, order = before
    said = []
    if title != outcome.title:
        said.append(f"renamed from “{title}”")
    if theme != outcome.theme:
        said.append(f"moved from {LaaTheme(theme).label} to {LaaTheme(outcome.theme).label}")
    if order != outcome.order:
        said.append(f"now number {outcome.order} under its theme")
    text = "; ".join(said)
    return text[:1].upper() + text[1:] + "." if said else ""


def target_move(*, user, target: Target, outcome: Outcome | None) -> Target:
    """Put a target of a draft under another outcome of the same agreement (or none).
    The outcome gives the target its theme."""
    agreement = target.agreement
    agreement_check_editable(user, agreement)
    if outcome is not None and outcome.agreement_id != agreement.pk:
        raise ValidationError({"outcome": ["Choose one of this agreement's outcomes."]})
    with transaction.atomic():
        agreement = _locked(agreement)
        agreement_check_editable(user, agreement)
        target = Target.objects.select_for_update().get(pk=target.pk)
        if target.outcome_id == (outcome.pk if outcome else None):
            return target
        was = target.outcome.title if target.outcome_id else "no outcome"
        target.outcome = outcome
        if outcome is not None:
            target.theme = outcome.theme
        target.save()
        now = outcome.title if outcome else "no outcome"
        _event(
            agreement,
            user=user,
            action="target_move",
            description=f"Target on {target.measure_code} moved to “{now}”",
            comment=f"It was under “{was}”." if target.outcome_id or outcome else "",
        )
    return target
