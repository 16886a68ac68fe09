from django.http import Http404
from django.shortcuts import redirect, render

from localperf.indicators.exports import catalogue_download
from localperf.indicators.forms import IndicatorFilterForm
from localperf.indicators.selectors import (
    indicator_counts,
    indicator_get,
    indicator_list,
    measure_get,
    measure_siblings,
)
from localperf.web.pagination import page_of


def indicator_index(request):
    form = IndicatorFilterForm(request.GET or None)
    filters = form.to_filters()
    paged = page_of(request, indicator_list(filters), per_page=50)
    context = {"form": form, "counts": indicator_counts(filters), **paged}
    return render(request, "indicators/indicator_list.html", context)


def indicator_download(request, file_format: str):
    """The catalogue as the page lists it (the same filters), as CSV or Excel."""
    form = IndicatorFilterForm(request.GET or None)
    response = catalogue_download(indicator_list(form.to_filters()), file_format)
    if response is None:
        raise Http404("The catalogue downloads as .csv or .xlsx.")
    return response


def indicator_detail(request, code: str):
    indicator = indicator_get(code)
    if indicator is None:
        return measure_detail(request, code)
    if code != indicator.slug:
        return redirect("indicators:detail", code=indicator.slug, permanent=True)
    return render(request, "indicators/indicator_detail.html", {"indicator": indicator})


def measure_detail(request, code: str):
    """One part of a multi-part indicator, "/indicators/ni-195a/" (rule D4)."""
    measure = measure_get(code)
    if measure is None:
        raise Http404(f"There is no indicator or measure with the code {code!r}.")
    if code != measure.slug:
        return redirect("indicators:detail", code=measure.slug, permanent=True)
    context = {"measure": measure, "parts": measure_siblings(measure)}
    return render(request, "indicators/measure_detail.html", context)
