"""The pages particular to a Multi Area Agreement (rules X1, X2): creating one, a party
signing it, and linking a member LAA's designated target. Everything else (the agreement
page, targets, sign-off, revisions, dashboard, reports) is the agreement's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from localperf.agreements import services
from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.forms import CommentForm
from localperf.agreements.forms.multi_area import MaaCreateForm, MaaLinkForm
from localperf.agreements.permissions import has
from localperf.web.pages import form_page, permitted_or_403, posted


@login_required
@require_http_methods(["GET", "POST"])
def maa_create(request):
    permitted_or_403(
        has(request.user, "agreements.add_agreement"),
        "Only a performance manager in a county or unitary council can create a Multi Area "
        "Agreement; the council becomes the authority responsible for it.",
    )

    def save(form):
        agreement = services.maa_create(user=request.user, **form.service_arguments())
        messages.success(request, f"{agreement.title} created as a draft.")
        return redirect("agreements:detail", pk=agreement.pk)

    form = MaaCreateForm(posted(request), organisation=request.user.organisation)
    return form_page(
        request,
        form,
        save=save,
        title="Create a Multi Area Agreement",
        caption=request.user.organisation.name,
        back_url="/agreements/",
        intro="Two or more upper-tier authorities, their partners and government agree "
        "targets for economic development, skills, transport or housing across their areas.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def maa_sign(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)

    def save(form):
        member = services.maa_sign(user=request.user, agreement=agreement, **form.cleaned_data)
        messages.success(request, f"{agreement.title} signed for {member.organisation.name}.")
        return redirect("agreements:detail", pk=agreement.pk)

    organisation = getattr(request.user, "organisation", None)
    return form_page(
        request,
        CommentForm(posted(request), submit_label="Sign the agreement"),
        save=save,
        title=f"Sign for {organisation.name}" if organisation else "Sign the agreement",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
        intro="Every member authority and contributing partner signs before the Regional "
        "Director recommends the agreement and the Secretary of State approves it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def maa_link(request, pk: int):
    agreement = agreement_for_user_or_404(request.user, pk)
    permitted_or_403(
        agreement.is_multi_area and has(request.user, "agreements.change_agreement", agreement),
        "Only the responsible authority's performance manager links targets, while the "
        "agreement is drafted.",
    )

    def save(form):
        link = services.maa_link_target(
            user=request.user, agreement=agreement, target=form.cleaned_data["target"]
        )
        messages.success(request, f"{link.target.measure_code} of {link.target.agreement} linked.")
        return redirect("agreements:detail", pk=agreement.pk)

    return form_page(
        request,
        MaaLinkForm(posted(request), agreement=agreement),
        save=save,
        title="Link a designated target of a member's LAA",
        caption=agreement.title,
        back_url=f"/agreements/{agreement.pk}/",
    )
