"""Small display helpers for agreement pages."""

from decimal import Decimal

from django import template

from localperf.agreements.rules_of_agreement import plain

register = template.Library()

STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "blue",
    "returned": "orange",
    "recommended": "purple",
    "approved": "turquoise",
    "in_force": "green",
    "proposed": "blue",
    "refused": "red",
}
CATEGORY_COLOURS = {
    "designated": "blue",
    "statutory": "purple",
    "local": "grey",
    # An MAA's kinds (rule X2, ``holdings.target_kind``).
    "linked": "blue",
    "national": "turquoise",
    "local_indicator": "grey",
}


@register.filter
def number(value) -> str:
    """A stored value without trailing zeros; an en dash for none."""
    if value is None or value == "":
        return "–"
    return plain(value if isinstance(value, Decimal) else Decimal(str(value)))


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "grey")


@register.filter
def category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, "grey")


@register.filter
def year_state_for(version, year: str) -> str:
    """The words for a year that is not simply set (rules A3, D3), or ""."""
    if version is None:
        return ""
    for row in version.trajectory_values.all():
        if row.year == year and row.state != "set":
            return row.get_state_display()
    return ""


@register.filter
def trajectory_for(version, year: str):
    """The target value of ``version`` for ``year`` (from prefetched rows)."""
    if version is None:
        return None
    for row in version.trajectory_values.all():
        if row.year == year:
            return row.value
    return None


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def latest(target):
    """The target's latest version (the one in force now, or the last before it was
    dropped), from prefetched rows."""
    versions = list(target.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


CATEGORY_SHORT = {
    "designated": "Designated",
    "statutory": "Statutory",
    "local": "Local",
    "linked": "Designated, carried",
    "national": "National indicator",
    "local_indicator": "Local indicator",
}


@register.filter
def kind_in(target, agreement) -> str:
    """What the target is in this agreement (rule X2), as ``holdings`` says: an LAA's
    its category; an MAA's carried, national-indicator or local-indicator."""
    from localperf.agreements.holdings import target_kind

    return target_kind(target, agreement)


@register.filter
def kind_label(kind: str) -> str:
    """The kind in words, as ``holdings`` says it (the target's page)."""
    from localperf.agreements.holdings import ALL_KIND_LABELS

    return ALL_KIND_LABELS.get(kind, kind)


@register.filter
def category_short(category: str) -> str:
    """A short label for a table: the full one is on the target's page."""
    return CATEGORY_SHORT.get(category, category)


@register.simple_tag(takes_context=True)
def agreements_using(context, indicator):
    """For the indicator page, without the indicators app importing this one:
    ``{% agreements_using indicator as usage %}`` gives the agreements the user may see
    with a target on ``indicator`` (see ``selectors.agreements_using_indicator``)."""
    from localperf.agreements.selectors import agreements_using_indicator

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return agreements_using_indicator(indicator, user)


@register.simple_tag(takes_context=True)
def agreement_sections(context, agreement, current: str, may_enter_figures: bool):
    """``{% agreement_sections agreement "targets" can_enter as sections %}``: the
    agreement's sub-navigation (``selectors.agreement_sections``) for the user."""
    from localperf.agreements.selectors import agreement_sections as sections

    request = context.get("request")
    user = getattr(request, "user", None)
    return sections(
        agreement,
        current=current,
        signed_in=bool(user and user.is_authenticated),
        may_enter_figures=bool(may_enter_figures),
    )
