from __future__ import annotations

import base64
import datetime

from django import template
from django.utils.html import format_html

from localperf import charts
from localperf.calculations.rag import Rating
from localperf.reports import renderers

register = template.Library()


@register.filter
def figure(value):
    return renderers.figure(value)


@register.filter
def variance(value):
    return renderers.variance(value)


@register.simple_tag
def proforma(content: dict, target: dict) -> dict:
    """A target's proforma block as the page and the PDF print it: its periods, and per
    row (profile, actual, % variance) the texts across them, figures rounded to the
    indicator's precision; ``cells`` for the ratings."""
    columns = renderers.columns(content, target)
    decimals = renderers.decimals_of(target)
    texts = [renderers.cell_texts(cell, decimals) for _, cell in columns]
    return {
        "periods": [period for period, _ in columns],
        "rows": [
            (name, [t[index] for t in texts])
            for index, name in enumerate(renderers.PROFORMA_ROWS[:3])
        ],
        "cells": [cell for _, cell in columns],
    }


@register.simple_tag
def chart(target: dict, as_image: bool = False) -> charts.Markup | str:
    """A target's profile against its actuals, at the printed size: the same drawing on
    the report's page and in its PDF, beside the proforma table of the same figures. A
    year-to-date series (each year's running total a line of its own) says so beneath.
    Snapshots taken before running totals were drawn apart have no "run": one line.

    ``as_image`` (the PDF): the drawing as an image of itself. WeasyPrint then reads the
    SVG as an image, sparing each of its elements the page's HTML parsing and style
    cascade: about a tenth of a 52-target report's printing (``bench/bench_reports.py``)."""
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
    title = f"{target['code']} {target['title']}: profile and actual"
    svg = charts.line_chart_svg(drawn, title=title, id=f"target-{target['id']}-chart", fluid=False)
    if as_image:
        data = base64.b64encode(str(svg).encode()).decode("ascii")
        svg = format_html('<img alt="{}" src="data:image/svg+xml;base64,{}">', title, data)
    note = charts.running_total_note(drawn)
    return format_html('{}<p class="govuk-body-s lp-chart-note">{}</p>', svg, note) if note else svg


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def rating_tag(cell: dict | None) -> str:
    return Rating(cell["rating"]).tag_class if cell else ""


@register.filter
def rating_colour(cell: dict | None) -> str:
    """The rating's colour name, for the PDF's coloured cells (its text says the same)."""
    return Rating(cell["rating"]).colour if cell else ""


@register.simple_tag
def latest_rating(target: dict) -> dict | None:
    """The target's latest column: its rating as the report stands."""
    return renderers.latest_cell(target)


@register.filter
def as_date(text: str) -> datetime.date | None:
    """An ISO date of the content ("2009-11-30") as a date, for the ``date`` filter."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@register.filter
def status_tag(report) -> str:
    """The GOV.UK tag class of a report's status (a returned report stands out)."""
    from localperf.reports.pages import STATUS_TAGS

    return STATUS_TAGS.get(report.status, "govuk-tag--grey")
