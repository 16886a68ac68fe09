"""The pages of the 2009/10 refresh (rule L6): the refresh of one agreement, its steps,
the targets the review opens, and the changes gathered in its one revision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from localperf.agreements import services as agreement_services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.forms import TargetForm
from localperf.agreements.models import RevisionAction, TargetCategory
from localperf.reviews import refreshes
from localperf.reviews.forms import RefreshListingForm, RefreshStepForm
from localperf.reviews.refresh_pages import refresh_page
from localperf.reviews.refresh_workflow import RefreshAction
from localperf.web.pages import form_page, posted


def _refresh(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    refresh = refreshes.refresh_for(agreement)
    if refresh is None:
        raise Http404("The refresh of this agreement has not started.")
    return agreement, refresh


@login_required
def refresh_detail(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    return render(request, "reviews/refresh.html", refresh_page(request.user, agreement))


@login_required
@require_http_methods(["POST"])
def refresh_start(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    try:
        refreshes.refresh_start(user=request.user, agreement=agreement)
    except ValidationError as error:
        # A refresh that cannot start (no timetable loaded, one already running): say why
        # on the refresh page rather than fail.
        for message in error.messages:
            messages.error(request, message)
        return redirect("reviews:refresh", pk=pk)
    messages.success(request, "The refresh has started.")
    return redirect("reviews:refresh", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def refresh_step(request, pk: int, action: str):
    agreement, refresh = _refresh(request, pk)
    if action not in RefreshAction.values or not refreshes.may_take(request.user, refresh, action):
        raise PermissionDenied(refreshes.refusal(request.user, refresh, action))

    def save(form):
        refreshes.refresh_take_action(
            user=request.user, refresh=refresh, action=action, **form.cleaned_data
        )
        messages.success(request, f"{RefreshAction(action).label}: done.")
        return redirect("reviews:refresh", pk=pk)

    return form_page(
        request,
        RefreshStepForm(posted(request)),
        save=save,
        title=RefreshAction(action).label,
        caption=agreement.title,
        back_url=reverse("reviews:refresh", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def refresh_list(request, pk: int):
    agreement, refresh = _refresh(request, pk)
    if not refreshes.may_list(request.user, refresh):
        raise PermissionDenied("Only the agreement's Government Office lists targets.")

    def save(form):
        listing = refreshes.refresh_list_target(
            user=request.user, refresh=refresh, **form.cleaned_data
        )
        messages.success(request, f"{listing.target.measure_code}: {listing.get_kind_display()}.")
        return redirect("reviews:refresh", pk=pk)

    return form_page(
        request,
        RefreshListingForm(posted(request), agreement=agreement),
        save=save,
        title="Open a target for the refresh",
        caption=agreement.title,
        back_url=reverse("reviews:refresh", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def refresh_change(request, pk: int, target_pk: int):
    agreement, refresh = _refresh(request, pk)
    target = agreement.targets.filter(pk=target_pk).first()
    if target is None:
        raise Http404("The agreement has no such target.")

    def save(form):
        refreshes.refresh_add_change(
            user=request.user,
            refresh=refresh,
            action=RevisionAction.CHANGE,
            target=target,
            data=form.to_input(),
        )
        messages.success(request, f"The change to {target.measure_code} is in the refresh.")
        return redirect("reviews:refresh", pk=pk)

    initial = TargetForm.initial_from(agreement_services.target_input_from_target(target))
    return form_page(
        request,
        TargetForm(posted(request), agreement=agreement, initial=initial),
        save=save,
        title=f"Change the {target.measure_code} target at the refresh",
        caption=agreement.title,
        back_url=reverse("reviews:refresh", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def refresh_add(request, pk: int):
    """A new target in the refresh's revision, if the refresh may add it (rule L6)."""
    agreement, refresh = _refresh(request, pk)
    if not refreshes.may_change(request.user, refresh):
        raise PermissionDenied(
            "Only the agreement's performance manager can prepare the refresh's changes, "
            "until the council adopts the refreshed agreement."
        )

    def save(form):
        change = refreshes.refresh_add_change(
            user=request.user, refresh=refresh, action=RevisionAction.ADD, data=form.to_input()
        )
        messages.success(request, f"{change.summary}: in the refresh.")
        return redirect("reviews:refresh", pk=pk)

    return form_page(
        request,
        TargetForm(
            posted(request),
            agreement=agreement,
            initial={"category": TargetCategory.LOCAL},
            submit_label="Add to the refresh",
        ),
        save=save,
        title="Add a target at the refresh",
        caption=agreement.title,
        intro=(
            "The refresh may add a local target (rule L4), or a designated target on an "
            "indicator in the exempted suite: Place Survey, changed source data, deferred "
            "indicators (rule L7). Statutory targets are agreed with DCSF separately."
        ),
        back_url=reverse("reviews:refresh", args=[pk]),
    )
