"""The parties of a Multi Area Agreement (rule X1): the page that lists them and adds
one, and the pages that change or remove one. Thin: ``services.maa_members`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from localperf.agreements import services
from localperf.agreements.access import agreement_for_user_or_404, maa_member_or_404
from localperf.agreements.forms import ConfirmForm
from localperf.agreements.forms.maa_members import MaaMemberAddForm, MaaMemberChangeForm
from localperf.agreements.multi_area import maa_summary
from localperf.web.pages import form_page, permitted_or_403, posted


def _permitted(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    refusal = services.maa_members_refusal(request.user, agreement)
    permitted_or_403(not refusal, refusal)
    return agreement


def _done(request, agreement, text: str):
    messages.success(request, text)
    return redirect("agreements:maa_members", pk=agreement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def maa_members(request, pk: int):
    agreement = _permitted(request, pk)

    def save(form):
        member = services.maa_member_add(
            user=request.user, agreement=agreement, **form.cleaned_data
        )
        return _done(request, agreement, f"{member.organisation.name} added as a party.")

    return form_page(
        request,
        MaaMemberAddForm(posted(request), agreement=agreement),
        save=save,
        title="Parties to the agreement",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
        template="agreements/maa_members.html",
        agreement=agreement,
        maa=maa_summary(agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def maa_member_change(request, pk: int, member_pk: int):
    agreement = _permitted(request, pk)
    member = maa_member_or_404(agreement, member_pk)

    def save(form):
        services.maa_member_change(user=request.user, member=member, **form.cleaned_data)
        return _done(request, agreement, f"{member.organisation.name} changed.")

    return form_page(
        request,
        MaaMemberChangeForm(posted(request), standing=member.standing),
        save=save,
        title=f"Change what {member.organisation.name} is in the agreement",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/multi-area/members/",
        intro="Every party signs again after a change: each signs the agreement as it stands.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def maa_member_remove(request, pk: int, member_pk: int):
    agreement = _permitted(request, pk)
    member = maa_member_or_404(agreement, member_pk)

    def save(form):
        services.maa_member_remove(user=request.user, member=member)
        return _done(request, agreement, f"{member.organisation.name} removed.")

    return form_page(
        request,
        ConfirmForm(posted(request), submit_label="Remove the party"),
        save=save,
        title=f"Remove {member.organisation.name} from the agreement",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/multi-area/members/",
        intro="Every other party signs again after a change: each signs the agreement as it "
        "stands.",
    )
