"""Revisions of an approved agreement (rule L3): propose one, add or change its targets,
send it to the partners, record a partner's agreement, decide it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
    CommentForm,
    ConfirmForm,
    RevisionDecisionForm,
    RevisionForm,
    TargetForm,
)
from localperf.agreements.forms.multi_area import MaaMoveForm
from localperf.agreements.models import (
    PARTIES_CATEGORY,
    RevisionAction,
    TargetCategory,
    TargetStatus,
)
from localperf.agreements.permissions import has, revision_permissions
from localperf.web.pages import form_page, permitted_or_403, posted

TARGET_CHANGES = {RevisionAction.CHANGE, RevisionAction.DROP, RevisionAction.UNDESIGNATE}


def _revision(request, pk: int, number: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return agreement, revision_for_user_or_404(request.user, agreement, number)


def editable_revision(request, pk: int, number: int):
    """The agreement and its revision, once the user may prepare it (else 404 or 403):
    for the target changes here and the changes of parties (``maa_revisions``)."""
    agreement, revision = _revision(request, pk, number)
    permitted_or_403(
        has(request.user, "agreements.change_revisionproposal", revision),
        "Only the responsible authority's performance manager can change a revision, "
        "while it is being prepared.",
    )
    return agreement, revision


@login_required
@require_http_methods(["GET", "POST"])
def revision_create(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    permitted_or_403(
        has(request.user, "agreements.propose_revision", agreement),
        "Only the responsible authority's performance manager can propose a revision, "
        "and only to an approved agreement.",
    )

    def save(form):
        revision = services.revision_create(
            user=request.user, agreement=agreement, **form.cleaned_data
        )
        return redirect("agreements:revision", pk=agreement.pk, number=revision.number)

    return form_page(
        request,
        RevisionForm(posted(request)),
        save=save,
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
    agreement, revision = _revision(request, pk, number)
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
            "changes_parties": revision.changes.filter(category=PARTIES_CATEGORY).exists(),
            "parties": agreement.maa_members.select_related("organisation"),
            "steps_elsewhere": services.revision_step_problem(revision, "approve"),
            "targets": selectors.target_queryset().filter(
                agreement=agreement, status=TargetStatus.ACTIVE
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_add_target(request, pk: int, number: int):
    agreement, revision = editable_revision(request, pk, number)

    def save(form):
        services.revision_add_change(
            user=request.user, revision=revision, action="add", data=form.to_input()
        )
        return redirect("agreements:revision", pk=pk, number=number)

    form = TargetForm(
        posted(request),
        agreement=agreement,
        initial={"category": TargetCategory.LOCAL},
        submit_label="Add to the revision",
    )
    return form_page(
        request,
        form,
        save=save,
        title="Add a target in this revision",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_change_target(request, pk: int, number: int, target_pk: int, action: str):
    agreement, revision = editable_revision(request, pk, number)
    target = target_for_user_or_404(request.user, agreement, target_pk)
    if action not in TARGET_CHANGES:
        raise Http404("There is no such change.")
    changes = action == RevisionAction.CHANGE

    def save(form):
        services.revision_add_change(
            user=request.user,
            revision=revision,
            action=action,
            target=target,
            data=form.to_input() if changes else None,
            to_maa=form.cleaned_data.get("to_maa"),
        )
        return redirect("agreements:revision", pk=pk, number=number)

    form = (
        TargetForm(
            posted(request),
            agreement=agreement,
            initial=TargetForm.initial_from(services.target_input_from_target(target)),
            submit_label="Add to the revision",
        )
        if changes
        else ConfirmForm(posted(request), submit_label=RevisionAction(action).label)
    )
    if action == RevisionAction.UNDESIGNATE:  # rule L5: perhaps to a Multi Area Agreement
        form = MaaMoveForm(
            posted(request), agreement=agreement, submit_label=RevisionAction(action).label
        )
    return form_page(
        request,
        form,
        save=save,
        title=f"{RevisionAction(action).label}: {target.measure_code}",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
    )


@login_required
@require_http_methods(["POST"])
def revision_propose(request, pk: int, number: int):
    agreement, revision = editable_revision(request, pk, number)
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
    agreement, revision = _revision(request, pk, number)
    permitted_or_403(
        has(request.user, "agreements.agree_revisionproposal", revision),
        "Only a partner signed up to a target this revision changes, or a party to the "
        "Multi Area Agreement whose parties it changes, can record its agreement, while the "
        "revision is proposed.",
    )

    def save(form):
        services.revision_record_partner_agreement(
            user=request.user, revision=revision, **form.cleaned_data
        )
        messages.success(request, f"{request.user.organisation.name}'s agreement recorded.")
        return redirect("agreements:revision", pk=pk, number=number)

    return form_page(
        request,
        CommentForm(posted(request), submit_label="Record our agreement"),
        save=save,
        title=f"Agree to revision {revision.number}",
        caption=agreement.title,
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro=f"{revision.title}: {revision.reason}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_decide(request, pk: int, number: int):
    agreement, revision = _revision(request, pk, number)
    permitted_or_403(
        has(request.user, "agreements.decide_revisionproposal", revision),
        services.revision_decider_message(revision),
    )

    def save(form):
        approve = form.cleaned_data["decision"] == "approve"
        service = services.revision_approve if approve else services.revision_refuse
        done = service(user=request.user, revision=revision, comment=form.cleaned_data["comment"])
        messages.success(
            request, f"Revision {revision.number} {done.get_status_display().lower()}."
        )
        return redirect("agreements:revision", pk=pk, number=number)

    return form_page(
        request,
        RevisionDecisionForm(posted(request)),
        save=save,
        title=f"Decide on revision {revision.number}",
        caption=agreement.title,
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro=f"{revision.title}: {revision.reason}",
    )
