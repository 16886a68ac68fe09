"""The agreement, target or revision a user asked for, or 404: one lookup for every page
and API operation of every app that stands on an agreement (monitoring, reviews, reports,
observations' returns and the agreements' own screens).

A user who may not see the object at all gets 404, never 403: a draft's existence does
not leak. The API answers the same 404 (django-ninja turns ``Http404`` into its own).
"""

from __future__ import annotations

from django.http import Http404

from localperf.agreements.models import Agreement, MaaMember, RevisionProposal, Target
from localperf.agreements.permissions import has
from localperf.agreements.selectors import agreement_get_for, target_get_for
from localperf.agreements.services import agreement_check_editable

NO_AGREEMENT = "There is no agreement with that id that you can see."
NO_TARGET = "There is no target with that id that you can see."
NO_REVISION = "There is no revision with that number that you can see."
NO_MEMBER = "There is no party with that id in this agreement."


def agreement_for_user_or_404(user, pk: int) -> Agreement:
    """The agreement, if it exists and ``user`` may see it."""
    agreement = agreement_get_for(user, pk)
    if agreement is None:
        raise Http404(NO_AGREEMENT)
    return agreement


def target_for_user_or_404(user, agreement: Agreement | int, pk: int) -> Target:
    """A target of ``agreement`` (the agreement or its id) that ``user`` may see, as a
    viewer of the agreement or as one of the target's partners."""
    agreement_id = agreement.pk if isinstance(agreement, Agreement) else agreement
    target = target_get_for(user, None, pk)
    if target is None or target.agreement_id != agreement_id:
        raise Http404(NO_TARGET)
    return target


def revision_for_user_or_404(user, agreement: Agreement, number: int) -> RevisionProposal:
    """Revision ``number`` of ``agreement``, if ``user`` may see it."""
    revision = agreement.revisions.filter(number=number).first()
    if revision is None or not has(user, "agreements.view_revisionproposal", revision):
        raise Http404(NO_REVISION)
    return revision


def maa_member_or_404(agreement: Agreement, pk: int) -> MaaMember:
    """Party ``pk`` of the Multi Area Agreement (the caller has already asked whether the
    user may see and change the agreement)."""
    member = agreement.maa_members.select_related("organisation").filter(pk=pk).first()
    if member is None:
        raise Http404(NO_MEMBER)
    return member


def draft_for_user_or_404(
    user, pk: int, target_pk: int | None = None
) -> tuple[Agreement, Target | None]:
    """The agreement (and its target, when ``target_pk`` is given) that ``user`` asked to
    change: 404 as above, and refused by ``agreement_check_editable`` unless the draft may
    be changed by this user. The pages and the API ask the same question here."""
    agreement = agreement_for_user_or_404(user, pk)
    target = target_for_user_or_404(user, agreement, target_pk) if target_pk else None
    agreement_check_editable(user, agreement)
    return agreement, target
