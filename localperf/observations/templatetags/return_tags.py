"""For the agreement page, without the agreements app importing this one:
``{% may_enter_returns agreement as can_enter %}``."""

from django import template

from localperf.observations.permissions import may_enter_returns_for, may_release

register = template.Library()


@register.simple_tag(takes_context=True)
def may_enter_returns(context, agreement) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and may_enter_returns_for(user, agreement)


@register.simple_tag(takes_context=True)
def may_release_figures(context, area) -> bool:
    """``{% may_release_figures agreement.area as can_release %}``: the service's rule."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and may_release(user, area)
