"""Pages of the agreements app: short views that call selectors and services.

A page the user may not see at all answers 404 (a draft's existence does not leak); a
page they can see but may not act on answers 403 with the reason; anonymous users are
sent to sign in for every page that needs an account.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from localperf.agreements import selectors, services
from localperf.agreements.access import (
    agreement_for_user_or_404,
    revision_for_user_or_404,
    target_for_user_or_404,
)
from localperf.agreements.forms import (
    AgreementCreateForm,
    AsAtForm,
    CommentForm,
    ConfirmForm,
    OutcomeEditForm,
    OutcomeForm,
    ReferenceFigureValueForm,
    RevisionDecisionForm,
    RevisionForm,
    TargetForm,
    TargetMoveForm,
    TargetRemoveForm,
)
from localperf.agreements.models import (
    AgreementStatus,
    ReferenceFigure,
    RevisionAction,
    TargetCategory,
    TargetStatus,
)
from localperf.agreements.permissions import (
    agreement_permissions,
    has,
    revision_permissions,
    target_permissions,
)
from localperf.agreements.workflow import Action, transition_for
from localperf.web.pages import form_page, posted

NOT_FOUND = "There is no agreement here that you can see."


def _saved(form, call):
    """Run a service; on ``ValidationError`` put its messages on the form and return None."""
    try:
        return call()
    except ValidationError as error:
        form.add_service_errors(error)
        return None


# --- Agreements -----------------------------------------------------------------------


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
    if not has(request.user, "agreements.add_agreement"):
        raise PermissionDenied(
            "Only a performance manager in a county or unitary council can create a Local "
            "Area Agreement. District councils sign up to the county's targets as partners."
        )
    form = AgreementCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        agreement = _saved(
            form, lambda: services.agreement_create(user=request.user, **form.cleaned_data)
        )
        if agreement is not None:
            messages.success(request, f"{agreement.title} created as a draft.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title="Create a Local Area Agreement",
        caption=request.user.organisation.name,
        back_url="/agreements/",
    )


def agreement_detail(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "perms_": agreement_permissions(request.user, agreement),
            "themes": selectors.targets_by_theme(agreement),
            "counts": selectors.category_counts(agreement),
            "dropped": agreement.targets.filter(status=TargetStatus.DROPPED).select_related(
                "indicator"
            ),
            "events": selectors.agreement_events_for(request.user, agreement),
            "change_log": agreement.change_log.all(),
            "revisions": selectors.revision_list_for(request.user, agreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_action(request, pk: int, action: str):
    agreement = agreement_for_user_or_404(request.user, pk)
    if action not in Action.values:
        raise Http404("There is no such step.")
    action = Action(action)
    transition = transition_for(agreement.status, action)
    needs_comment = bool(transition and transition.comment_required)
    if not has(request.user, f"agreements.{action.value}_agreement", agreement):
        raise PermissionDenied(
            f"You cannot take the step “{action.label}” on this agreement: it is "
            f"{services.status_phrase(agreement)}."
        )
    form = CommentForm(
        posted(request),
        submit_label=action.label,
        comment_label="Comments (required)" if needs_comment else "Comments (optional)",
    )
    if request.method == "POST" and form.is_valid():
        done = _saved(
            form,
            lambda: services.agreement_take_action(
                user=request.user,
                agreement=agreement,
                action=action,
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is not None:
            messages.success(request, f"{transition.done}.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title=action.label,
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
        intro=f"The agreement is {services.status_phrase(agreement)}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    services.agreement_check_editable(request.user, agreement)
    form = OutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        outcome = _saved(
            form,
            lambda: services.outcome_add(
                user=request.user, agreement=agreement, **form.cleaned_data
            ),
        )
        if outcome is not None:
            messages.success(request, f"Outcome “{outcome.title}” added.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title="Add an outcome",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk: int, outcome_pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    outcome = agreement.outcomes.filter(pk=outcome_pk).first()
    if outcome is None:
        raise Http404("There is no such outcome in this agreement.")
    services.agreement_check_editable(request.user, agreement)
    form = OutcomeEditForm(
        posted(request),
        initial={"theme": outcome.theme, "title": outcome.title, "position": outcome.order},
    )
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            form,
            lambda: services.outcome_change(
                user=request.user,
                outcome=outcome,
                title=form.cleaned_data["title"],
                theme=form.cleaned_data["theme"],
                position=form.cleaned_data["position"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Outcome “{saved.title}” saved.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title=f"Change the outcome “{outcome.title}”",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
    )


# --- Targets -------------------------------------------------------------------------


def _target_saved_message(request, target) -> None:
    version = target.current_version()
    messages.success(request, f"Target on {target.measure_code} saved.")
    if version is not None and version.not_stretching:
        messages.warning(
            request,
            f"The target on {target.measure_code} is worse than its baseline: it is flagged as "
            "not stretching. Check it before you submit the agreement.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def target_add(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    services.agreement_check_editable(request.user, agreement)
    category = request.GET.get("category", TargetCategory.DESIGNATED)
    form = TargetForm(posted(request), agreement=agreement, initial={"category": category})
    if request.method == "POST" and form.is_valid():
        target = _saved(
            form,
            lambda: services.target_add(
                user=request.user, agreement=agreement, data=form.to_input()
            ),
        )
        if target is not None:
            _target_saved_message(request, target)
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title="Add a target",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int, target_pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    target = target_for_user_or_404(request.user, agreement, target_pk)
    services.agreement_check_editable(request.user, agreement)
    initial = TargetForm.initial_from(services.target_input_from_target(target))
    form = TargetForm(posted(request), agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            form,
            lambda: services.target_change(user=request.user, target=target, data=form.to_input()),
        )
        if saved is not None:
            _target_saved_message(request, saved)
            return redirect("agreements:target", pk=agreement.pk, target_pk=target.pk)
    return form_page(
        request,
        form,
        title=f"Change the target on {target.measure_code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_move(request, pk: int, target_pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    target = target_for_user_or_404(request.user, agreement, target_pk)
    services.agreement_check_editable(request.user, agreement)
    form = TargetMoveForm(posted(request), agreement=agreement, initial={"outcome": target.outcome})
    if request.method == "POST" and form.is_valid():
        moved = _saved(
            form,
            lambda: services.target_move(
                user=request.user, target=target, outcome=form.cleaned_data["outcome"]
            ),
        )
        if moved is not None:
            messages.success(request, f"Target on {target.measure_code} moved.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title=f"Move the target on {target.measure_code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_remove(request, pk: int, target_pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    target = target_for_user_or_404(request.user, agreement, target_pk)
    services.agreement_check_editable(request.user, agreement)
    form = TargetRemoveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        code = target.measure_code
        removed = _saved(
            form,
            lambda: (
                services.target_remove(
                    user=request.user, target=target, reason=form.cleaned_data["reason"]
                )
                or True
            ),
        )
        if removed:
            messages.success(request, f"Target on {code} removed from the draft.")
            return redirect("agreements:detail", pk=agreement.pk)
    return form_page(
        request,
        form,
        title=f"Remove the target on {target.measure_code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
        intro="The target leaves the draft. Its history is kept, with your reason.",
    )


def target_detail(request, pk: int, target_pk: int):
    target = selectors.target_get_for(request.user, None, target_pk)
    if target is None or target.agreement_id != pk:
        raise Http404("There is no target here that you can see.")
    form = AsAtForm(request.GET or None)
    as_at = form.cleaned_data["as_at"] if form.is_valid() else None
    version = selectors.version_in_force(target, as_at) if as_at else None
    return render(
        request,
        "agreements/target_detail.html",
        {
            "agreement": target.agreement,
            "target": target,
            "perms_": target_permissions(request.user, target),
            "can_see_agreement": selectors.agreement_is_visible(target.agreement, request.user),
            "form": form,
            "as_at": as_at,
            "version": version,
            "latest": selectors.latest_version(target),
            "years": target.agreement.years,
        },
    )


# --- Revisions ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def revision_create(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    if not has(request.user, "agreements.propose_revision", agreement):
        raise PermissionDenied(
            "Only the responsible authority's performance manager can propose a revision, "
            "and only to an approved agreement."
        )
    form = RevisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        revision = _saved(
            form,
            lambda: services.revision_create(
                user=request.user, agreement=agreement, **form.cleaned_data
            ),
        )
        if revision is not None:
            return redirect("agreements:revision", pk=agreement.pk, number=revision.number)
    return form_page(
        request,
        form,
        title="Propose a revision",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
        intro=(
            "A revision bundles changes to targets. Changes to designated targets need every "
            "signed-up partner to agree and the Secretary of State to approve them; local "
            "targets change with the agreement of the partner authorities signed up to them."
        ),
    )


def revision_detail(request, pk: int, number: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    revision = revision_for_user_or_404(request.user, agreement, number)
    agreed = {
        a.organisation_id: a for a in revision.partner_agreements.select_related("recorded_by")
    }
    required = [(o, agreed.get(o.pk)) for o in selectors.revision_required_partners(revision)]
    return render(
        request,
        "agreements/revision_detail.html",
        {
            "agreement": agreement,
            "revision": revision,
            "perms_": revision_permissions(request.user, revision),
            "changes": revision.changes.select_related("target", "target__indicator"),
            "required": required,
            "needs_secretary_of_state": selectors.revision_needs_secretary_of_state(revision),
            "targets": selectors.target_queryset().filter(
                agreement=agreement, status=TargetStatus.ACTIVE
            ),
        },
    )


def _editable_revision(request, pk: int, number: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    revision = revision_for_user_or_404(request.user, agreement, number)
    if not has(request.user, "agreements.change_revisionproposal", revision):
        raise PermissionDenied(
            "Only the responsible authority's performance manager can change a revision, "
            "while it is being prepared."
        )
    return agreement, revision


@login_required
@require_http_methods(["GET", "POST"])
def revision_add_target(request, pk: int, number: int):
    agreement, revision = _editable_revision(request, pk, number)
    form = TargetForm(
        posted(request),
        agreement=agreement,
        initial={"category": TargetCategory.LOCAL},
        submit_label="Add to the revision",
    )
    if request.method == "POST" and form.is_valid():
        change = _saved(
            form,
            lambda: services.revision_add_change(
                user=request.user, revision=revision, action="add", data=form.to_input()
            ),
        )
        if change is not None:
            return redirect("agreements:revision", pk=pk, number=number)
    return form_page(
        request,
        form,
        title="Add a target in this revision",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_change_target(request, pk: int, number: int, target_pk: int, action: str):
    agreement, revision = _editable_revision(request, pk, number)
    target = target_for_user_or_404(request.user, agreement, target_pk)
    if action not in {RevisionAction.CHANGE, RevisionAction.DROP, RevisionAction.UNDESIGNATE}:
        raise Http404("There is no such change.")
    if action == RevisionAction.CHANGE:
        initial = TargetForm.initial_from(services.target_input_from_target(target))
        form = TargetForm(
            posted(request),
            agreement=agreement,
            initial=initial,
            submit_label="Add to the revision",
        )
    else:
        form = ConfirmForm(posted(request), submit_label=RevisionAction(action).label)
    if request.method == "POST" and form.is_valid():
        data = form.to_input() if action == RevisionAction.CHANGE else None
        change = _saved(
            form,
            lambda: services.revision_add_change(
                user=request.user, revision=revision, action=action, target=target, data=data
            ),
        )
        if change is not None:
            return redirect("agreements:revision", pk=pk, number=number)
    return form_page(
        request,
        form,
        title=f"{RevisionAction(action).label}: {target.measure_code}",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
    )


@login_required
@require_http_methods(["POST"])
def revision_propose(request, pk: int, number: int):
    agreement, revision = _editable_revision(request, pk, number)
    try:
        services.revision_propose(user=request.user, revision=revision)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Revision {revision.number} proposed.")
    return redirect("agreements:revision", pk=agreement.pk, number=revision.number)


@login_required
@require_http_methods(["GET", "POST"])
def revision_agree(request, pk: int, number: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    revision = revision_for_user_or_404(request.user, agreement, number)
    if not has(request.user, "agreements.agree_revisionproposal", revision):
        raise PermissionDenied(
            "Only a partner signed up to a target this revision changes can record its "
            "agreement, while the revision is proposed."
        )
    form = CommentForm(posted(request), submit_label="Record our agreement")
    if request.method == "POST" and form.is_valid():
        done = _saved(
            form,
            lambda: services.revision_record_partner_agreement(
                user=request.user, revision=revision, comment=form.cleaned_data["comment"]
            ),
        )
        if done is not None:
            messages.success(request, f"{request.user.organisation.name}'s agreement recorded.")
            return redirect("agreements:revision", pk=pk, number=number)
    return form_page(
        request,
        form,
        title=f"Agree to revision {revision.number}",
        caption=agreement.title,
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro=f"{revision.title}: {revision.reason}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_decide(request, pk: int, number: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    revision = revision_for_user_or_404(request.user, agreement, number)
    if not has(request.user, "agreements.decide_revisionproposal", revision):
        raise PermissionDenied(services.revision_decider_message(revision))
    form = RevisionDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        service = (
            services.revision_approve
            if form.cleaned_data["decision"] == "approve"
            else services.revision_refuse
        )
        done = _saved(
            form,
            lambda: service(
                user=request.user, revision=revision, comment=form.cleaned_data["comment"]
            ),
        )
        if done is not None:
            messages.success(
                request, f"Revision {revision.number} {done.get_status_display().lower()}."
            )
            return redirect("agreements:revision", pk=pk, number=number)
    return form_page(
        request,
        form,
        title=f"Decide on revision {revision.number}",
        caption=agreement.title,
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro=f"{revision.title}: {revision.reason}",
    )


# --- Reference figures (rule A8) ----------------------------------------------------------


def reference_figure_list(request):
    return render(
        request,
        "agreements/reference_figures.html",
        {
            "figures": ReferenceFigure.objects.select_related("area").prefetch_related("values"),
            "can_change": has(request.user, "agreements.change_referencefigure"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_figure_value_add(request, figure_pk: int):
    figure = ReferenceFigure.objects.filter(pk=figure_pk).first()
    if figure is None:
        raise Http404("There is no such reference figure.")
    if not has(request.user, "agreements.change_referencefigure"):
        raise PermissionDenied(
            "Only a Government Office, a central approver or an administrator can record a "
            "new value of a reference figure."
        )
    form = ReferenceFigureValueForm(posted(request))
    if request.method == "POST" and form.is_valid():
        changed = _saved(
            form,
            lambda: services.reference_figure_update(
                user=request.user, figure=figure, **form.cleaned_data
            ),
        )
        if changed is not None:
            messages.success(
                request,
                f"New value of {figure.name} recorded; {len(changed)} target(s) recalculated.",
            )
            return redirect("agreements:reference_figures")
    return form_page(
        request,
        form,
        title=f"Record a new value of {figure.name}",
        caption="Reference figures",
        back_url="/agreements/reference-figures/",
        intro=(
            "Targets set relative to this figure are recalculated: a draft's in place, an "
            "approved agreement's as a new version from the date you give, published in its "
            "change log."
        ),
    )


# --- Partner view ------------------------------------------------------------------------


@login_required
def my_commitments(request):
    commitments = list(selectors.commitments_for(request.user))
    for commitment in commitments:
        commitment.agreement_visible = selectors.agreement_is_visible(
            commitment.target.agreement, request.user
        )
    return render(
        request,
        "agreements/my_commitments.html",
        {
            "commitments": commitments,
            "organisation": getattr(request.user, "organisation", None),
            "published": {AgreementStatus.APPROVED, AgreementStatus.IN_FORCE},
        },
    )
