"""The agreement or claim a user asks about for reward, or 404/403: one lookup for the
pages and the API. A user who may not see the agreement gets 404 (as everywhere); one who
sees it but is neither government nor its partnership gets 403 with the reason."""

from __future__ import annotations

from django.http import Http404

from localperf.agreements.access import agreement_for_user_or_404
from localperf.agreements.models import Agreement
from localperf.reward.models import RewardClaim, RewardElement
from localperf.reward.permissions import has
from localperf.reward.selectors import element_of
from localperf.web.pages import permitted_or_403

NOT_YOURS = "Reward is seen only by government and the agreement's partnership."
NO_CLAIM = "There is no reward claim with that id that you can see."
NO_ELEMENT = "This agreement has no reward element."


def reward_agreement_or_404(user, pk: int) -> tuple[Agreement, RewardElement]:
    agreement = agreement_for_user_or_404(user, pk)
    permitted_or_403(has(user, "reward.view_reward", agreement), NOT_YOURS)
    element = element_of(agreement)
    if element is None:
        raise Http404(NO_ELEMENT)
    return agreement, element


def claim_for_user_or_404(user, pk: int) -> RewardClaim:
    claim = (
        RewardClaim.objects.select_related("element__agreement__area", "element__rule_set")
        .filter(pk=pk)
        .first()
    )
    if claim is None or not has(user, "reward.view_reward", claim.element.agreement):
        raise Http404(NO_CLAIM)
    return claim
