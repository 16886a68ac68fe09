"""The target page's one line on reward: which version reward uses and why (rule L7),
for those who may see reward."""

from django import template

from localperf.reward.exports import digits_grouped
from localperf.reward.permissions import has
from localperf.reward.selectors import reward_basis

register = template.Library()


@register.inclusion_tag("reward/includes/basis.html", takes_context=True)
def reward_basis_for(context, target) -> dict:
    user = context.get("user")
    if not has(user, "reward.view_reward", target.agreement):
        return {"basis": None}
    return {"basis": reward_basis(target)}


@register.inclusion_tag("reward/includes/agreement_link.html", takes_context=True)
def reward_link_for(context, agreement) -> dict:
    """A link to the agreement's reward, for government and its partnership."""
    user = context.get("user")
    return {"agreement": agreement, "shown": has(user, "reward.view_reward", agreement)}


@register.inclusion_tag("reward/includes/national_links.html", takes_context=True)
def reward_national_links(context) -> dict:
    user = context.get("user")
    return {
        "determination": has(user, "reward.view_determination"),
        "revocation": has(user, "reward.revoke_designations"),
    }


@register.filter
def grouped(text) -> str:
    """A figure as the pages show it, with thousands separated (the files keep the plain
    figure): "3325000.00" → "3,325,000.00"; any other text is left alone."""
    return digits_grouped(str(text))
