from django.http import Http404
from django.shortcuts import redirect, render

from localperf.indicators.forms import IndicatorFilterForm
from localperf.indicators.selectors import indicator_get, indicator_list
from localperf.web.pagination import page_of


def indicator_index(request):
    form = IndicatorFilterForm(request.GET or None)
    paged = page_of(request, indicator_list(form.to_filters()), per_page=50)
    context = {"form": form, "total": paged["page_obj"].paginator.count, **paged}
    return render(request, "indicators/indicator_list.html", context)


def indicator_detail(request, code: str):
    indicator = indicator_get(code)
    if indicator is None:
        raise Http404(f"There is no indicator with the code {code!r}.")
    if code != indicator.slug:
        return redirect("indicators:detail", code=indicator.slug, permanent=True)
    return render(request, "indicators/indicator_detail.html", {"indicator": indicator})
