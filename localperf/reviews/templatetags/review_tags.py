"""The agreement page's link to its under-performance steps, for those who may see them."""

from django import template

from localperf.reviews.permissions import may_view_under_performance

register = template.Library()


@register.inclusion_tag("reviews/includes/under_performance_section.html", takes_context=True)
def under_performance_section(context, agreement):
    user = context["request"].user
    if not may_view_under_performance(user, agreement):
        return {"visible": False}
    return {
        "visible": True,
        "agreement": agreement,
        "latest": agreement.under_performance_steps.first(),
    }
