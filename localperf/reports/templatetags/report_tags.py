from __future__ import annotations

from django import template

from localperf import charts
from localperf.reports import renderers

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
def chart(target: dict) -> charts.Markup | str:
    """A target's profile against its actuals, at the printed size: the same drawing on
    the report's page and in its PDF, beside the proforma table of the same figures."""
    drawn = charts.line_chart(
        [charts.ChartPeriod(p["period"], p["profile"], p["actual"]) for p in target["series"]],
        frame=charts.PRINT,
    )
    if drawn is None:
        return ""
    return charts.line_chart_svg(
        drawn,
        title=f"{target['code']} {target['title']}: profile and actual",
        id=f"target-{target['id']}-chart",
        fluid=False,
    )


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def rating_tag(cell: dict | None) -> str:
    from localperf.calculations.rag import Rating

    return Rating(cell["rating"]).tag_class if cell else ""
