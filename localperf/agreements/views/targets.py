"""The targets of a draft agreement: add, change, move to another outcome, remove, and
the target's own page with its versions (as at a date)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from localperf.agreements import selectors, services
from localperf.agreements.access import (
    draft_for_user_or_404,
    target_for_user_or_404,
)
from localperf.agreements.forms import AsAtForm, TargetForm, TargetMoveForm, TargetRemoveForm
from localperf.agreements.models import TargetCategory
from localperf.agreements.multi_area import maas_carrying, multi_area_duty
from localperf.agreements.permissions import target_permissions
from localperf.web.pages import form_page, posted


def _target_saved(request, target, to):
    version = target.current_version()
    messages.success(request, f"Target on {target.measure_code} saved.")
    if version is not None and version.not_stretching:
        messages.warning(
            request,
            f"The target on {target.measure_code} is worse than its baseline: it is flagged as "
            "not stretching. Check it before you submit the agreement.",
        )
    return to


def _editable(request, pk: int, target_pk: int | None = None):
    """The agreement (and its target), refused unless the draft may be changed."""
    return draft_for_user_or_404(request.user, pk, target_pk)


@login_required
@require_http_methods(["GET", "POST"])
def target_add(request, pk: int):
    agreement, _ = _editable(request, pk)

    def save(form):
        target = services.target_add(user=request.user, agreement=agreement, data=form.to_input())
        return _target_saved(request, target, redirect("agreements:targets", pk=agreement.pk))

    category = request.GET.get("category", TargetCategory.DESIGNATED)
    return form_page(
        request,
        TargetForm(posted(request), agreement=agreement, initial={"category": category}),
        save=save,
        title="Add a target",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int, target_pk: int):
    agreement, target = _editable(request, pk, target_pk)

    def save(form):
        saved = services.target_change(user=request.user, target=target, data=form.to_input())
        return _target_saved(request, saved, redirect("agreements:target", pk, target.pk))

    initial = TargetForm.initial_from(services.target_input_from_target(target))
    return form_page(
        request,
        TargetForm(posted(request), agreement=agreement, initial=initial),
        save=save,
        title=f"Change the target on {target.measure_code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_move(request, pk: int, target_pk: int):
    agreement, target = _editable(request, pk, target_pk)

    def save(form):
        services.target_move(user=request.user, target=target, **form.cleaned_data)
        messages.success(request, f"Target on {target.measure_code} moved.")
        return redirect("agreements:targets", pk=agreement.pk)

    initial = {"outcome": target.outcome}
    return form_page(
        request,
        TargetMoveForm(posted(request), agreement=agreement, initial=initial),
        save=save,
        title=f"Move the target on {target.measure_code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_remove(request, pk: int, target_pk: int):
    agreement, target = _editable(request, pk, target_pk)
    code = target.measure_code

    def save(form):
        services.target_remove(user=request.user, target=target, **form.cleaned_data)
        messages.success(request, f"Target on {code} removed from the draft.")
        return redirect("agreements:targets", pk=agreement.pk)

    return form_page(
        request,
        TargetRemoveForm(posted(request)),
        save=save,
        title=f"Remove the target on {code}",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/targets/{target.pk}/",
        intro="The target leaves the draft. Its history is kept, with your reason.",
    )


def target_detail(request, pk: int, target_pk: int):
    target = target_for_user_or_404(request.user, pk, target_pk)
    form = AsAtForm(request.GET or None)
    as_at = form.cleaned_data["as_at"] if form.is_valid() else None
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
            "version": selectors.version_in_force(target, as_at) if as_at else None,
            "latest": selectors.latest_version(target),
            "years": target.agreement.years,
            "may_record_dcsf": services.statutory_may_record(request.user, target),
            "statutory_changes": target.statutory_changes.select_related(
                "agreed_with", "recorded_by"
            ),
            "carried_by": maas_carrying(target),
            "duty_note": multi_area_duty(target),
        },
    )
