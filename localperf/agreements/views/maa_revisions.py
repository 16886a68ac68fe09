"""A revision of a Multi Area Agreement in force that changes its parties (rule X1): add
a party, change what one is, remove one, make another member authority responsible. Thin:
``services.revision_add_change`` decides, with the parties page's checks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from localperf.agreements import services
from localperf.agreements.access import maa_member_or_404
from localperf.agreements.forms import ConfirmForm
from localperf.agreements.forms.maa_members import MaaMemberAddForm, MaaMemberChangeForm
from localperf.agreements.models import RevisionAction
from localperf.agreements.views.revisions import editable_revision
from localperf.web.pages import form_page, posted

MEMBER_CHANGES = {
    RevisionAction.CHANGE_PARTY,
    RevisionAction.REMOVE_PARTY,
    RevisionAction.RESPONSIBLE,
}
SUBMIT = "Add to the revision"


def _multi_area_revision(request, pk: int, number: int):
    agreement, revision = editable_revision(request, pk, number)
    if not agreement.is_multi_area:
        raise Http404("Only a Multi Area Agreement has parties to change.")
    return agreement, revision


@login_required
@require_http_methods(["GET", "POST"])
def revision_add_party(request, pk: int, number: int):
    agreement, revision = _multi_area_revision(request, pk, number)

    def save(form):
        services.revision_add_change(
            user=request.user,
            revision=revision,
            action=RevisionAction.ADD_PARTY,
            **form.cleaned_data,
        )
        return redirect("agreements:revision", pk=pk, number=number)

    return form_page(
        request,
        MaaMemberAddForm(posted(request), agreement=agreement, submit_label=SUBMIT),
        save=save,
        title="Add a party in this revision",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro="The party joins when the revision is approved: every party, the new one "
        "too, agrees first, then the Secretary of State decides.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_change_party(request, pk: int, number: int, member_pk: int, action: str):
    agreement, revision = _multi_area_revision(request, pk, number)
    member = maa_member_or_404(agreement, member_pk)
    if action not in MEMBER_CHANGES:
        raise Http404("There is no such change.")

    def save(form):
        services.revision_add_change(
            user=request.user,
            revision=revision,
            action=action,
            organisation=member.organisation,
            standing=form.cleaned_data.get("standing", ""),
        )
        return redirect("agreements:revision", pk=pk, number=number)

    label = RevisionAction(action).label
    form = (
        MaaMemberChangeForm(posted(request), standing=member.standing, submit_label=SUBMIT)
        if action == RevisionAction.CHANGE_PARTY
        else ConfirmForm(posted(request), submit_label=label)
    )
    return form_page(
        request,
        form,
        save=save,
        title=f"{label}: {member.organisation.name}",
        caption=f"{agreement.title}: revision {revision.number}",
        back_url=f"/agreements/{pk}/revisions/{number}/",
        intro="The change is made when the revision is approved: every party agrees first, "
        "then the Secretary of State decides.",
    )
