"""The agreement: the list, creating a draft, the agreement page, the steps of its
sign-off path (rules L1, L2) and its outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from localperf.agreements import selectors, services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.forms import (
    AgreementCreateForm,
    CommentForm,
    OutcomeEditForm,
    OutcomeForm,
)
from localperf.agreements.holdings import held_counts, held_targets
from localperf.agreements.models import TargetStatus
from localperf.agreements.multi_area import maa_summary
from localperf.agreements.permissions import agreement_permissions, has
from localperf.agreements.workflow import TRANSITIONS, Action
from localperf.web.pages import form_page, permitted_or_403, posted


def agreement_list(request):
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": selectors.agreement_list_for(request.user),
            "can_create": has(request.user, "agreements.add_agreement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    permitted_or_403(
        has(request.user, "agreements.add_agreement"),
        "Only a performance manager in a county or unitary council can create a Local "
        "Area Agreement. District councils sign up to the county's targets as partners.",
    )

    def save(form):
        agreement = services.agreement_create(user=request.user, **form.cleaned_data)
        messages.success(request, f"{agreement.title} created as a draft.")
        return redirect("agreements:detail", pk=agreement.pk)

    return form_page(
        request,
        AgreementCreateForm(posted(request)),
        save=save,
        title="Create a Local Area Agreement",
        caption=request.user.organisation.name,
        back_url="/agreements/",
    )


def agreement_detail(request, pk: int):
    """The overview: the summary, the actions and the agreement's facts; its targets,
    revisions and history have pages of their own (the sub-navigation)."""
    agreement = agreement_for_user_or_404(request.user, pk)
    maa = maa_summary(agreement) if agreement.is_multi_area else None
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "perms_": agreement_permissions(request.user, agreement),
            "counts": held_counts(agreement),
            "outcomes": agreement.outcomes.all(),
            "returned_with": selectors.agreement_returned_with(agreement),
            "maa": maa,
            "maa_signer": maa.signable_by(request.user) if maa else None,
            "may_change_parties": has(request.user, "agreements.change_maa_members", agreement),
        },
    )


def agreement_targets(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return render(
        request,
        "agreements/agreement_targets.html",
        {
            "agreement": agreement,
            "perms_": agreement_permissions(request.user, agreement),
            "themes": selectors.targets_by_theme(agreement),
            "counts": held_counts(agreement),
            "dropped": held_targets(
                agreement, statuses=[TargetStatus.DROPPED, TargetStatus.WITHDRAWN]
            ).select_related("indicator"),
        },
    )


def agreement_revisions(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return render(
        request,
        "agreements/agreement_revisions.html",
        {
            "agreement": agreement,
            "perms_": agreement_permissions(request.user, agreement),
            "revisions": selectors.revision_list_for(request.user, agreement),
        },
    )


def agreement_history(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return render(
        request,
        "agreements/agreement_history.html",
        {
            "agreement": agreement,
            "events": selectors.agreement_events_for(request.user, agreement),
            "change_log": agreement.change_log.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_action(request, pk: int, action: str):
    agreement = agreement_for_user_or_404(request.user, pk)
    if action not in Action.values:
        raise Http404("There is no such step.")
    action = Action(action)
    transition = TRANSITIONS.find(agreement.status, action)
    permitted_or_403(
        has(request.user, f"agreements.{action.value}_agreement", agreement),
        f"You cannot take the step “{action.label}” on this agreement: it is "
        f"{services.status_phrase(agreement)}.",
    )

    def save(form):
        services.agreement_take_action(
            user=request.user, agreement=agreement, action=action, **form.cleaned_data
        )
        messages.success(request, f"{transition.done}.")
        return redirect("agreements:detail", pk=agreement.pk)

    needs_comment = bool(transition and transition.comment_required)
    form = CommentForm(
        posted(request),
        submit_label=action.label,
        comment_label="Comments (required)" if needs_comment else "Comments (optional)",
    )
    return form_page(
        request,
        form,
        save=save,
        title=action.label,
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
        intro=f"The agreement is {services.status_phrase(agreement)}.",
        template="agreements/agreement_step.html",
        agreement=agreement,
        summary=selectors.signoff_summary(request.user, agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    services.agreement_check_editable(request.user, agreement)

    def save(form):
        outcome = services.outcome_add(user=request.user, agreement=agreement, **form.cleaned_data)
        messages.success(request, f"Outcome “{outcome.title}” added.")
        return redirect("agreements:targets", pk=agreement.pk)

    return form_page(
        request,
        OutcomeForm(posted(request)),
        save=save,
        title="Add an outcome",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk: int, outcome_pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    outcome = agreement.outcomes.filter(pk=outcome_pk).first()
    if outcome is None:
        raise Http404("There is no such outcome in this agreement.")
    services.agreement_check_editable(request.user, agreement)

    def save(form):
        saved = services.outcome_change(user=request.user, outcome=outcome, **form.cleaned_data)
        messages.success(request, f"Outcome “{saved.title}” saved.")
        return redirect("agreements:targets", pk=agreement.pk)

    initial = {"theme": outcome.theme, "title": outcome.title, "position": outcome.order}
    return form_page(
        request,
        OutcomeEditForm(posted(request), initial=initial),
        save=save,
        title=f"Change the outcome “{outcome.title}”",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/",
    )
