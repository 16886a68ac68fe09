"""Reward pages (rules P1, L7) and the revocation of designations. Thin: the access
lookup, the permission, then a selector's page or a service through ``form_page``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from localperf.agreements.access import target_for_user_or_404
from localperf.reward import exports, pages, selectors, services
from localperf.reward.access import claim_for_user_or_404, reward_agreement_or_404
from localperf.reward.forms import (
    ClaimCreateForm,
    ClaimStepForm,
    MembershipForm,
    RevocationForm,
    RevocationUndoForm,
)
from localperf.reward.permissions import has
from localperf.reward.workflow import TRANSITIONS, ClaimAction
from localperf.web.downloads import file_response
from localperf.web.pages import form_page, permitted_or_403, posted

STATEMENT_FILES = {"csv": exports.statement_csv, "pdf": exports.statement_pdf}
DETERMINATION_FILES = {"csv": exports.determination_csv, "pdf": exports.determination_pdf}
GOVERNMENT_ONLY = "The national determination is for government only."
CENTRAL_ONLY = "Only central government, for the Secretary of State, revokes designations."


def _reward_url(agreement_id: int) -> str:
    return reverse("reward:agreement", args=[agreement_id])


@login_required
def agreement_reward(request, pk: int):
    agreement, element = reward_agreement_or_404(request.user, pk)
    year = pages.year_chosen(agreement, element, request.GET.get("year"))
    context = pages.reward_page(request.user, agreement, element, year)
    return render(request, "reward/agreement_reward.html", context)


@login_required
def statement_download(request, pk: int, file_format: str):
    agreement, element = reward_agreement_or_404(request.user, pk)
    if file_format not in STATEMENT_FILES:
        raise Http404("A reward statement downloads as csv or pdf.")
    year = pages.year_chosen(agreement, element, request.GET.get("year"))
    view = selectors.statement_for(element, year)
    name = f"reward-statement-{agreement.area.code}-{year.replace('/', '-')}.{file_format}"
    return file_response(name, STATEMENT_FILES[file_format](view))


@login_required
@require_http_methods(["GET", "POST"])
def membership_change(request, pk: int, target_id: int):
    agreement, _ = reward_agreement_or_404(request.user, pk)
    target = target_for_user_or_404(request.user, agreement, target_id)
    permitted_or_403(
        has(request.user, "reward.change_element", agreement),
        "Only the Government Office of the region approves a change to the reward element.",
    )

    def save(form):
        services.reward_element_change(user=request.user, target=target, **form.cleaned_data)
        messages.success(request, f"Reward element changed: {target.measure_code}.")
        return redirect(_reward_url(agreement.pk))

    return form_page(
        request,
        MembershipForm(posted(request)),
        save=save,
        title=f"Reward element: {target.measure_code}",
        caption=agreement.title,
        back_url=_reward_url(agreement.pk),
        intro=selectors.reward_basis(target).reason,
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request, pk: int):
    agreement, _ = reward_agreement_or_404(request.user, pk)
    permitted_or_403(
        has(request.user, "reward.add_claim", agreement),
        "Only the partnership's performance manager prepares a reward claim.",
    )

    def save(form):
        claim = services.reward_claim_create(
            user=request.user, agreement=agreement, **form.cleaned_data
        )
        return redirect(f"{_reward_url(agreement.pk)}?year={claim.year}")

    return form_page(
        request,
        ClaimCreateForm(posted(request), years=agreement.years),
        save=save,
        title="Start a reward claim",
        caption=agreement.title,
        back_url=_reward_url(agreement.pk),
        intro="The claim rests on final, audited outturns: a provisional figure pays nothing.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_step(request, pk: int, action: str):
    claim = claim_for_user_or_404(request.user, pk)
    if action not in ClaimAction.values:
        raise Http404("There is no such step.")
    transition = TRANSITIONS.find(claim.status, action)
    back = f"{_reward_url(claim.element.agreement_id)}?year={claim.year}"

    def save(form):
        done = services.reward_claim_step(
            user=request.user, claim=claim, action=action, **form.cleaned_data
        )
        messages.success(request, f"Claim for {claim.year}: {done.get_status_display().lower()}.")
        return redirect(back)

    return form_page(
        request,
        ClaimStepForm(
            posted(request),
            submit_label=ClaimAction(action).label,
            required=bool(transition and transition.comment_required),
        ),
        save=save,
        title=ClaimAction(action).label,
        caption=str(claim),
        back_url=back,
    )


@login_required
def determination(request):
    permitted_or_403(has(request.user, "reward.view_determination"), GOVERNMENT_ONLY)
    return render(request, "reward/determination.html", pages.determination_page())


@login_required
def determination_download(request, file_format: str):
    permitted_or_403(has(request.user, "reward.view_determination"), GOVERNMENT_ONLY)
    if file_format not in DETERMINATION_FILES:
        raise Http404("The determination downloads as csv or pdf.")
    rows = selectors.determination_rows()
    return file_response(
        f"reward-determination.{file_format}", DETERMINATION_FILES[file_format](rows)
    )


@login_required
@require_http_methods(["GET", "POST"])
def revocation(request):
    permitted_or_403(has(request.user, "reward.revoke_designations"), CENTRAL_ONLY)
    standing = selectors.revocation_standing()
    form_class = RevocationUndoForm if standing else RevocationForm

    def save(form):
        if standing:
            services.revocation_undo(user=request.user, revocation=standing, **form.cleaned_data)
        else:
            services.revocation_record(
                user=request.user,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["reason"],
            )
        return redirect("reward:revocation")

    return form_page(
        request,
        form_class(posted(request)),
        save=save,
        title="Revocation of designations",
        caption="The end of the framework",
        back_url=reverse("home"),
        template="reward/revocation.html",
        standing=standing,
        counts=selectors.revocation_counts(),
        history=selectors.revocations_all(),
    )
