from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from localperf.reports import renderers
from localperf.reports.renderers.chart import target_chart

register = template.Library()


@register.filter
def figure(value):
    return renderers.figure(value)


@register.filter
def variance(value):
    return renderers.variance(value)


@register.filter
def cell_row(target: dict, row: int) -> list[str]:
    """The texts of one proforma row (0 profile … 3 risk rating) across the periods."""
    return [renderers.cell_texts(cell)[row] for cell in target["cells"]]


@register.simple_tag
def chart(target: dict):
    # The SVG is built from numbers and escaped text only.
    return mark_safe(target_chart(target["series"], title=f"{target['code']} {target['title']}"))  # noqa: S308


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def rating_tag(cell: dict | None) -> str:
    from localperf.monitoring.calculations.rag import Rating

    return Rating(cell["rating"]).tag_class if cell else ""
