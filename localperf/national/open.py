"""Public comparisons (issue 15 item 1): the national picture's own selectors and
statistics, opened to everyone on released figures only (rule M2). No sign-in: each
page reads figures as a reader who may see no provisional figure
(``provisional_areas=frozenset()``: final figures and released ones), so a comparison
here and the government's picture of the same released figures are one answer.

- ``/public/compare/``: one indicator, one period, one tier, every area ranked, with
  England, the regions, quartile bands and significance against England, the method
  stated, as a chart beside its table and as CSV;
- ``/public/compare/areas/<code>/``: an area's profile, a spine chart of every measure
  with a released figure against the range of every area and England, and its table.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from localperf import charts
from localperf.calculations.measures import Polarity
from localperf.charts.ranked import Line, RankedValue, ranked_bars_svg
from localperf.charts.spine import SpineRow, spine_chart_svg
from localperf.national import exports, selectors
from localperf.national.forms import PictureChoice, PictureForm
from localperf.places.models import Area, Tier

RELEASED_ONLY: frozenset[int] = frozenset()  # no area's provisional figures
VERDICT_COLOURS = {
    "better": charts.BLUE,
    "worse": charts.RED,
    "higher": charts.ORANGE,
    "lower": charts.ORANGE,
}


def ranked_chart(picture) -> charts.Markup | None:
    """Every area in rank order, coloured by its comparison with England, with England's
    figure and the median as lines."""
    lines = []
    if picture.england.estimate is not None:
        lines.append(Line("England", picture.england.estimate.value, charts.BLACK))
    if picture.distribution is not None:
        lines.append(Line("Median", picture.distribution.median, charts.GREY, "4 3"))
    return ranked_bars_svg(
        [
            RankedValue(
                a.name,
                a.value,
                VERDICT_COLOURS.get(a.versus_england.value, charts.MID_GREY),
                a.versus_england.label.lower(),
            )
            for a in picture.areas
        ],
        title=f"{picture.measure.code} {picture.period.label}: every {picture.tier.short} area",
        id="compare-chart",
        description=f"{len(picture.areas)} areas, best first where the measure has a "
        "direction. Blue: significantly better than England; red: significantly worse; "
        "orange: significantly higher or lower where there is no better direction; grey: "
        "not significantly different. The same figures are in the table below.",
    )


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    form = PictureForm(request.GET or None, public=True)
    choice = form.choice(None) if request.GET else PictureChoice()
    context = {"form": form, "picture": None, "periods": choice.periods, "matches": choice.matches}
    if not choice.ready:
        return render(request, "national/public_compare.html", context, status=choice.status)
    picture = selectors.indicator_picture(
        choice.measure, choice.period, provisional_areas=RELEASED_ONLY, tier=choice.tier
    )
    if request.GET.get("format") == "csv":
        return exports.picture_csv(picture)
    context.update(picture=picture, chart=ranked_chart(picture), query=request.GET.urlencode())
    return render(request, "national/public_compare.html", context)


def _spine_rows(evidence) -> list[SpineRow]:
    rows = []
    for e in evidence:
        d = e.distribution
        if e.figure is None or d is None:
            continue
        england = e.england.estimate.value if e.england and e.england.estimate else None
        rows.append(
            SpineRow(
                label=f"{e.code} {e.period_label}",
                value=e.figure.value,
                minimum=d.minimum,
                lower_quartile=d.lower_quartile,
                upper_quartile=d.upper_quartile,
                maximum=d.maximum,
                england=england,
                higher_is_better=None
                if e.polarity is None
                else e.polarity is Polarity.HIGHER_IS_BETTER,
                verdict=e.versus_england.value,
            )
        )
    return rows


@require_GET
def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    area = Area.objects.with_code(code).in_tier(Tier.UPPER).first()
    if area is None:
        raise Http404(f"There is no council area holding an LAA with the code '{code}'.")
    evidence = selectors.area_evidence(area, provisional_areas=RELEASED_ONLY)
    if request.GET.get("format") == "csv":
        return exports.area_evidence_csv(area, evidence)
    shown = [e for e in evidence if e.figure is not None]
    chart = spine_chart_svg(
        _spine_rows(shown),
        title=f"{area.name} against every area and England, measure by measure",
        id="spine",
        description="One row per measure with a released figure: the light bar is the range "
        "of every area's figures, the grey bar the middle half, the black line England, the "
        "dot this area (blue better than England, red worse, white not significantly "
        "different). Better is to the right. The same figures are in the table below.",
    )
    context = {"area": area, "evidence": shown, "chart": chart, "methods": selectors.METHODS}
    return render(request, "national/public_profile.html", context)
