"""Display helpers for the monitoring pages: figures, variances and yes/no answers."""

from __future__ import annotations

import math

from django import template
from django.utils.html import format_html

from localperf import charts

register = template.Library()

NONE = "–"


@register.filter
def figure(value) -> str:
    """A figure to two decimal places at most, with thousands separators; an en dash for
    none.

    >>> figure(1790.0), figure(0.85), figure(17.599999), figure(None)
    ('1,790', '0.85', '17.6', '–')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NONE
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


@register.filter
def variance(value) -> str:
    """A % variance with its sign (positive is better than profile, whatever the polarity).

    >>> variance(2.14), variance(-5.0), variance(0.0), variance(None)
    ('+2.1%', '-5.0%', '0.0%', '–')
    """
    if value is None or not math.isfinite(value):
        return NONE
    return "0.0%" if round(value, 1) == 0 else f"{value:+.1f}%"


@register.filter
def yes_no(value, words: str = "Yes,No,Not known") -> str:
    """True, False or None in words.

    >>> yes_no(True), yes_no(None), yes_no(False, "Likely,Unlikely,Too early to say")
    ('Yes', 'Not known', 'Unlikely')
    """
    yes, no, unknown = words.split(",")
    return unknown if value is None else (yes if value else no)


@register.filter
def rating_tag(rating) -> str:
    """A rating in words and colour, as a GOV.UK tag (a filter, not an include: the
    dashboard shows one per row, and an include costs ten times as much).

    >>> from localperf.calculations.rag import Rating
    >>> str(rating_tag(Rating.RED))
    '<strong class="govuk-tag govuk-tag--red">Off track</strong>'
    """
    return format_html('<strong class="govuk-tag {}">{}</strong>', rating.tag_class, rating.label)


@register.filter
def sparkline(row) -> str:
    """A dashboard row's small chart (a ``views.DashboardRow``), then its figures as
    visually hidden text: the SVG itself is hidden from screen readers, since the text
    and the row's own cells say what it draws. Drawn in Python (``localperf.charts``)
    rather than by an included template, which would cost more than the rest of the row."""
    chart, progress = row.sparkline, row.progress
    words = "; ".join(
        f"{p.period_label}, actual {figure(p.actual)} against profile {figure(p.profile)}"
        for p in progress.series
    )
    text = format_html(
        '<span class="govuk-visually-hidden">Trend: {}.</span>', words or "no periods scheduled"
    )
    if chart is None:
        return text
    return format_html("{}{}", charts.sparkline_svg(chart), text)


@register.inclusion_tag("monitoring/includes/agreement_summary.html", takes_context=True)
def agreement_summary(context, agreement) -> dict:
    """The agreement page's summary: how many targets hold each status and what is due
    (``selectors.agreement_standing``, the dashboard's count), for those who may see the
    area's figures before they are public; others are pointed to the public page."""
    from localperf.monitoring.selectors import agreement_standing
    from localperf.observations.rights import may_view_provisional_in

    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or not may_view_provisional_in(user, agreement.area)
    ):
        return {"agreement": agreement, "standing": None}
    return {"agreement": agreement, "standing": agreement_standing(agreement)}
