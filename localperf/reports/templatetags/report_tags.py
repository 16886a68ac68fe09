from __future__ import annotations

from django import template
from django.utils.html import format_html

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
    the report's page and in its PDF, beside the proforma table of the same figures. A
    year-to-date series (each year's running total a line of its own) says so beneath.
    Snapshots taken before running totals were drawn apart have no "run": one line."""
    drawn = charts.line_chart(
        [
            charts.ChartPeriod(
                p["period"],
                p["profile"],
                p["actual"],
                run=p.get("run", ""),
                # Snapshots taken before ratings were kept with the chart draw it blue.
                rating=p.get("rating", ""),
                rating_label=p.get("rating_label", ""),
            )
            for p in target["series"]
        ],
        frame=charts.PRINT,
    )
    if drawn is None:
        return ""
    svg = charts.line_chart_svg(
        drawn,
        title=f"{target['code']} {target['title']}: profile and actual",
        id=f"target-{target['id']}-chart",
        fluid=False,
    )
    note = charts.running_total_note(drawn)
    return format_html('{}<p class="govuk-body-s lp-chart-note">{}</p>', svg, note) if note else svg


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def rating_tag(cell: dict | None) -> str:
    from localperf.calculations.rag import Rating

    return Rating(cell["rating"]).tag_class if cell else ""
